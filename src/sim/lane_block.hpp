#pragma once
// Storage of one block of lanes in structure-of-arrays form. Slots hold candidates; a slot whose
// candidate stopped is compacted away and refilled with the next candidate waiting.
#include <cstdint>
#include <vector>

#include "aligned.hpp"
#include "neurofit/model/step_arrays.hpp"

namespace neurofit::sim {

inline constexpr int lane_pad = model::lane_width;  // lane loops run over a multiple of this
inline int padded(int n) {
  return (n + lane_pad - 1) / lane_pad * lane_pad;
}

class LaneBlock {
 public:
  LaneBlock(int n_rows, int n_state, int capacity)
      : n_rows_(n_rows),
        n_state_(n_state),
        cap_(padded(capacity)),
        param_(static_cast<std::size_t>(n_rows) * cap_),
        state_(static_cast<std::size_t>(n_state) * cap_),
        current_(cap_),
        done_(cap_, 1.0),
        v_sample_(cap_),
        spiked_(cap_),
        lane_(cap_, -1),
        n_spikes_(cap_),
        sample_(cap_),
        segment_end_(cap_) {
    for (int j = 0; j < n_rows; ++j)
      param_rows_.push_back(&param_[static_cast<std::size_t>(j) * cap_]);
    for (int j = 0; j < n_state; ++j)
      state_rows_.push_back(&state_[static_cast<std::size_t>(j) * cap_]);
  }

  int capacity() const { return cap_; }
  int active() const { return n_; }
  void set_active(int n) { n_ = n; }

  double* param(int row) { return param_rows_[row]; }
  double* state(int row) { return state_rows_[row]; }
  double* const* param_rows() { return param_rows_.data(); }
  double* current() { return current_.data(); }
  double* done() { return done_.data(); }  // bookkeeping only: the kernels never read it
  std::int64_t* spiked() { return spiked_.data(); }
  std::int64_t* lane() { return lane_.data(); }
  std::int64_t* n_spikes() { return n_spikes_.data(); }
  std::int64_t* sample() { return sample_.data(); }            // the slot's current sample index
  std::int64_t* segment_end() { return segment_end_.data(); }  // where its current changes next

  model::StepArrays step_arrays() {
    return {param_rows_.data(), state_rows_.data(), current_.data(), v_sample_.data(),
            spiked_.data()};
  }

  // Moves the slots that are not done to the front, keeping their order.
  void compact() {
    int w = 0;
    for (int r = 0; r < n_; ++r) {
      if (done_[r] != 0.0) continue;
      if (w != r) move_slot(r, w);
      ++w;
    }
    n_ = w;
  }

  // Makes the slots from active() up to the padded width harmless copies of slot 0.
  void pad() {
    for (int r = n_; r < padded(n_); ++r) {
      if (n_ > 0) move_slot(0, r);
      done_[r] = 1.0;
      lane_[r] = -1;
    }
  }

 private:
  void move_slot(int from, int to) {
    for (int j = 0; j < n_rows_; ++j) param_rows_[j][to] = param_rows_[j][from];
    for (int j = 0; j < n_state_; ++j) state_rows_[j][to] = state_rows_[j][from];
    current_[to] = current_[from];
    done_[to] = done_[from];
    lane_[to] = lane_[from];
    n_spikes_[to] = n_spikes_[from];
    sample_[to] = sample_[from];
    segment_end_[to] = segment_end_[from];
  }

  int n_rows_, n_state_, cap_, n_ = 0;
  // Each row starts at a cache line (cap_ is a multiple of 8 doubles).
  AlignedVector<double> param_, state_, current_, done_, v_sample_;
  AlignedVector<std::int64_t> spiked_, lane_, n_spikes_, sample_, segment_end_;
  std::vector<double*> param_rows_, state_rows_;
};

}  // namespace neurofit::sim

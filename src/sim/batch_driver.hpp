#pragma once
// The lock-step time loop shared by all model families, instantiated once per family. A block of
// slots steps together; each slot keeps its own sample index, and a slot whose candidate stopped
// (spike rule, failure, last sample) is refilled with the next candidate, so lanes stay busy.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "current_schedule.hpp"
#include "lane_block.hpp"
#include "neurofit/sim/batch.hpp"
#include "transpose.hpp"

namespace neurofit::sim {

namespace detail {
void check_request(int n_params, int n_state, const Eigen::MatrixXd& params,
                   const Eigen::MatrixXd* initial_state, std::span<const Stimulus> stimuli,
                   const BatchRequest& request);
}

// One step of a block's lanes, kept out of line (the failure replay): inlined into the driver's
// loops, GCC unrolls the fixed-length lane loop before it vectorizes it and then leaves it scalar.
template <class M, bool kRecord>
[[gnu::noinline]] std::int64_t step_lanes(const model::StepArrays& arrays, int n) {
  return M::template step<kRecord>(arrays, n);
}

// Steps t = from, from + 1, ... of a chunk until one of them makes a lane spike; returns that step,
// or `to` when none did. One call for a run of steps rather than one per step; in this loop alone
// GCC still vectorizes the step's lane loop (tests/check_vectorization.sh). kRecord: step t's
// samples go to row t of `rec` (rows of `stride` slots). kCheck false: without the failure test
// (M::cannot_fail proved it idle for these steps).
template <class M, bool kRecord, bool kCheck = true>
[[gnu::noinline]] std::int64_t step_until_spike(const model::StepArrays& arrays, int n,
                                                std::int64_t from, std::int64_t to, double* rec,
                                                int stride) {
  auto a = arrays;
  for (std::int64_t t = from; t < to; ++t) {
    if constexpr (kRecord) a.v_sample = rec + t * stride;
    if (M::template step<kRecord, kCheck>(a, n)) return t;
  }
  return to;
}

// The chunk's steps from `from` on, with or without recording and the failure test.
template <class M>
std::int64_t step_chunk(const model::StepArrays& arrays, int n, std::int64_t from, std::int64_t to,
                        double* rec, int stride, bool check) {
  if (rec)
    return check ? step_until_spike<M, true, true>(arrays, n, from, to, rec, stride)
                 : step_until_spike<M, true, false>(arrays, n, from, to, rec, stride);
  return check ? step_until_spike<M, false, true>(arrays, n, from, to, nullptr, 0)
               : step_until_spike<M, false, false>(arrays, n, from, to, nullptr, 0);
}

template <class M>
class BatchDriver {
 public:
  static constexpr int n_state = static_cast<int>(M::state_names.size());
  static constexpr std::int64_t chunk_steps = 128;  // steps between spike-stop/failure bookkeeping
  static constexpr std::int64_t settle_check_chunks = 2;  // chunks between settle checks
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

  BatchDriver(const Eigen::MatrixXd& params, const Eigen::MatrixXd* initial_state,
              std::span<const Stimulus> stimuli, const BatchRequest& req)
      : params_(params), stimuli_(stimuli), req_(req), n_(static_cast<int>(params.cols())) {
    detail::check_request(M::n_params, n_state, params, initial_state, stimuli, req);
    for (const auto& s : stimuli) schedules_.emplace_back(s, req.dt);
    if (req.continuation && schedules_.size() == 1)  // each lane may get its own stimulus later
      schedules_.assign(static_cast<std::size_t>(n_), schedules_.front());
    res_.spikes.resize(n_);
    res_.status.assign(n_, LaneStatus::ok);
    res_.last_sample.assign(n_, req.first_sample);
    res_.settled.assign(n_, 0);
    res_.state.resize(n_state, n_);
    stop_at_.assign(n_, never);
    for (int l = 0; l < n_; ++l) {
      if (initial_state)
        res_.state.col(l) = initial_state->col(l);
      else
        M::rest_state(params.col(l).data(), res_.state.col(l).data());
      if (!M::check(params.col(l).data()).empty()) res_.status[l] = LaneStatus::invalid;
    }
    if (req.continuation) initial_ = res_.state;
    tracing_ = req.trace_first >= 0;
    if (tracing_) {
      // Written once: each lane's samples as they are simulated, NaN where none was
      // (fill_unrecorded), so that the memory is not written twice.
      res_.trace.resize(req.trace_last - req.trace_first + 1, n_);
      for (int l = 0; l < n_; ++l)
        if (trace_first(l) == req.first_sample && res_.status[l] == LaneStatus::ok)
          res_.trace(0, l) = res_.state(0, l);
    }
  }

  BatchResult run() {
    for (int l = 0; l < n_; ++l)
      if (res_.status[l] == LaneStatus::ok) pending_.push_back(l);
    if (!pending_.empty()) {
      const int capacity =
          std::min(std::max(lane_pad, req_.block_lanes), static_cast<int>(pending_.size()));
      LaneBlock blk(M::n_rows + M::n_settle, n_state, capacity);  // settle values ride along
      refill(blk);
      run_block(blk);
    }
    fill_unrecorded();
    return std::move(res_);
  }

 private:
  std::int64_t trace_first(std::int64_t lane) const {
    return req_.lane_trace_first.empty() ? req_.trace_first
                                         : req_.lane_trace_first[static_cast<std::size_t>(lane)];
  }
  std::int64_t lane_last(std::int64_t lane) const {
    return req_.lane_last_sample.empty() ? req_.last_sample
                                         : req_.lane_last_sample[static_cast<std::size_t>(lane)];
  }
  const CurrentSchedule& schedule(std::int64_t lane) const {
    return schedules_.size() == 1 ? schedules_[0] : schedules_[static_cast<std::size_t>(lane)];
  }

  // The slot's current until the next change of its stimulus or its last sample.
  void begin_segment(LaneBlock& blk, int s) {
    const auto l = blk.lane()[s];
    const auto i = blk.sample()[s];
    blk.current()[s] = schedule(l).current(i);
    blk.segment_end()[s] = std::min(schedule(l).next_change(i), lane_last(l));
    if constexpr (M::n_settle > 0) {
      double p[M::n_rows], aux[M::n_settle] = {};
      if (req_.stop_when_settled && blk.segment_end()[s] == lane_last(l)) {
        for (int j = 0; j < M::n_rows; ++j) p[j] = blk.param(j)[s];
        M::settle_prepare(p, blk.current()[s], aux);
      }
      for (int j = 0; j < M::n_settle; ++j) blk.param(M::n_rows + j)[s] = aux[j];
    }
  }

  // Loads waiting candidates into the free slots behind the active ones.
  void refill(LaneBlock& blk) {
    const int from = blk.active();
    int n = from;
    while (n < blk.capacity() && next_ < pending_.size()) {
      const int l = pending_[next_++];
      if (lane_last(l) == req_.first_sample) {  // nothing to simulate
        res_.last_sample[l] = req_.first_sample;
        stop_at_[l] = req_.first_sample;
        continue;
      }
      if (req_.continuation) {  // a fresh run: from the initial state, with no results yet
        res_.state.col(l) = initial_.col(l);
        res_.spikes[l].clear();
        res_.status[l] = LaneStatus::ok;
        res_.settled[l] = 0;
        stop_at_[l] = never;
      }
      for (int j = 0; j < M::n_params; ++j) blk.param(j)[n] = params_(j, l);
      for (int j = 0; j < n_state; ++j) blk.state(j)[n] = res_.state(j, l);
      blk.done()[n] = 0.0;
      blk.lane()[n] = l;
      blk.n_spikes()[n] = 0;
      blk.sample()[n] = req_.first_sample;
      ++n;
    }
    if (n > from) {
      std::vector<double*> rows(M::n_rows);
      for (int j = 0; j < M::n_rows; ++j) rows[j] = blk.param(j) + from;
      M::derive(req_.dt, rows.data(), rows.data(), n - from);
      for (int s = from; s < n; ++s) begin_segment(blk, s);  // needs the derived rows
    }
    blk.set_active(n);
    blk.pad();
  }

  void finish_lane(LaneBlock& blk, int slot, std::int64_t sample) {
    const auto l = blk.lane()[slot];
    res_.last_sample[l] = sample;
    res_.run_steps += sample - req_.first_sample;
    ++res_.runs;
    for (int j = 0; j < n_state; ++j) res_.state(j, l) = blk.state(j)[slot];
    blk.done()[slot] = 1.0;
    stop_at_[l] = sample;
    if (req_.continuation) finished_.push_back(static_cast<int>(l));
  }

  // Offers every run finished in this chunk to the continuation; queues the lanes to run again.
  void continue_finished() {
    for (int l : finished_) {
      const auto next = req_.continuation(
          LaneRun{l, res_.status[l], res_.settled[l] != 0, res_.spikes[l], res_.last_sample[l]});
      if (!next) continue;
      schedules_[static_cast<std::size_t>(l)] = CurrentSchedule(*next, req_.dt);
      pending_.push_back(l);
    }
    finished_.clear();
  }

  void run_block(LaneBlock& blk) {
    const auto arrays = blk.step_arrays();
    chunk_start_.assign(static_cast<std::size_t>(n_state * blk.capacity()), 0.0);
    AlignedVector<double> rec(tracing_ ? static_cast<std::size_t>(chunk_steps * blk.capacity())
                                       : 0);  // each step's row at a cache line
    while (blk.active() > 0) {
      // Every slot keeps its own time; a chunk ends at the first slot's next event.
      std::int64_t chunk = chunk_steps;
      for (int s = 0; s < blk.active(); ++s)
        chunk = std::min(chunk, blk.segment_end()[s] - blk.sample()[s]);
      const int n_loop = padded(blk.active());
      bool any_done = false;
      for (int j = 0; j < n_state; ++j)  // kept to replay a slot that fails in this chunk
        std::copy_n(blk.state(j), n_loop,
                    &chunk_start_[static_cast<std::size_t>(j * blk.capacity())]);
      const bool record = tracing_ && any_window_in(blk, chunk);
      // The per-step failure test only where some slot (running, finished or pad: a proof over
      // all of them is only stricter) might fail within the chunk.
      const bool check = !M::cannot_fail(arrays, n_loop, chunk);
      // Lanes that stop inside a chunk keep stepping until its end; nothing reads those steps.
      for (std::int64_t t = 0; t < chunk; ++t) {
        // t: the next step on which a lane spiked (chunk: none). Each step's samples straight
        // into the chunk's row t.
        t = step_chunk<M>(arrays, n_loop, t, chunk, record ? rec.data() : nullptr, blk.capacity(),
                          check);
        if (t < chunk)
          any_done |= record_spikes(
              blk, t, record ? &rec[static_cast<std::size_t>(t * blk.capacity())] : nullptr);
      }
      res_.lane_steps += static_cast<std::int64_t>(blk.active()) * chunk;
      res_.vector_steps += static_cast<std::int64_t>(n_loop) * chunk;
      // Failures first, so that the trace of a failed lane ends at its failure.
      for (int s = 0; s < blk.active(); ++s) {
        if (blk.done()[s] == 0.0 && std::isnan(blk.state(0)[s])) {
          fail_lane(blk, s, chunk);
          any_done = true;
        }
      }
      if (record) scatter_trace(blk, rec, chunk);
      for (int s = 0; s < blk.active(); ++s) {
        if (blk.done()[s] != 0.0) continue;
        blk.sample()[s] += chunk;
        if (blk.sample()[s] == blk.segment_end()[s]) {
          if (blk.sample()[s] == lane_last(blk.lane()[s])) {
            ++res_.whole_runs;
            res_.whole_steps += blk.sample()[s] - req_.first_sample;
            finish_lane(blk, s, blk.sample()[s]);
            any_done = true;
          } else {
            begin_segment(blk, s);
          }
        }
      }
      if (req_.stop_when_settled && ++chunks_ % settle_check_chunks == 0)
        any_done |= stop_settled(blk);
      if (any_done) {
        if (req_.continuation) continue_finished();
        blk.compact();
        refill(blk);
      }
    }
  }

  // Whether the next `chunk` samples of a running slot fall into its lane's trace window; the
  // chunk records samples only then (the recording step computes the same state).
  bool any_window_in(LaneBlock& blk, std::int64_t chunk) const {
    const std::int64_t rows = res_.trace.rows();
    for (int s = 0; s < blk.active(); ++s) {
      if (blk.done()[s] != 0.0) continue;
      const std::int64_t first = trace_first(blk.lane()[s]), i = blk.sample()[s];
      if (i + chunk >= first && i + 1 < first + rows) return true;
    }
    return false;
  }

  // Finishes the slots whose state lies in their settle region: they never spike again.
  bool stop_settled(LaneBlock& blk) {
    bool any = false;
    for (int s = 0; s < blk.active(); ++s) {
      if (blk.done()[s] != 0.0 || blk.param(M::n_rows)[s] != 1.0) continue;
      if (tracing_ && blk.sample()[s] < trace_first(blk.lane()[s]) + res_.trace.rows() - 1)
        continue;  // its trace window is not recorded yet
      double aux[M::n_settle], x[n_state];
      for (int j = 0; j < M::n_settle; ++j) aux[j] = blk.param(M::n_rows + j)[s];
      for (int j = 0; j < n_state; ++j) x[j] = blk.state(j)[s];
      if (M::settled(aux, x)) {
        res_.settled[blk.lane()[s]] = 1;
        ++res_.settled_runs;
        res_.settled_steps += blk.sample()[s] - req_.first_sample;
        finish_lane(blk, s, blk.sample()[s]);
        any = true;
      }
    }
    return any;
  }

  // Appends the spikes of step t of the chunk; returns whether a lane reached its stop rule.
  // Recording (rec_row: the step's row of samples), a spike's sample is the model's spike_sample
  // parameter: the kernel records V before its spike rule, since a select there costs more.
  bool record_spikes(LaneBlock& blk, std::int64_t t, double* rec_row) {
    bool stopped = false;
    for (int s = 0; s < blk.active(); ++s) {
      if (!blk.spiked()[s] || blk.done()[s] != 0.0) continue;
      if (rec_row) rec_row[s] = blk.param(M::spike_sample)[s];
      const std::int64_t sample = blk.sample()[s] + t + 1;
      auto& spikes = res_.spikes[blk.lane()[s]];
      const bool too_fast = req_.min_isi_samples > 0 && !spikes.empty() &&
                            sample - spikes.back() < req_.min_isi_samples;
      spikes.push_back(sample);
      if (std::isnan(blk.state(0)[s])) {  // the reset left the finite range: fails at this spike
        res_.status[blk.lane()[s]] = LaneStatus::failed;
        finish_lane(blk, s, sample);
        stopped = true;
      } else if (too_fast) {
        res_.status[blk.lane()[s]] = LaneStatus::too_fast;
        finish_lane(blk, s, sample);
        stopped = true;
      } else if (++blk.n_spikes()[s] == req_.stop_after_spikes) {
        finish_lane(blk, s, sample);
        stopped = true;
      }
    }
    return stopped;
  }

  // Slot s's V is NaN at the end of this chunk: it failed on a step without a spike (a failing
  // spike step is caught in record_spikes). Replays the slot alone from the chunk's start to find
  // that step, and ends the lane there with the state it had then. The kernels treat lanes
  // independently and the slot's current is constant over a chunk, so the replay repeats the
  // batch's arithmetic exactly, and the result does not depend on which other lanes ran.
  void fail_lane(LaneBlock& blk, int s, std::int64_t chunk) {
    LaneBlock one(M::n_rows, n_state, 1);
    for (int r = 0; r < one.capacity(); ++r) {
      for (int j = 0; j < M::n_rows; ++j) one.param(j)[r] = blk.param(j)[s];
      for (int j = 0; j < n_state; ++j)
        one.state(j)[r] = chunk_start_[static_cast<std::size_t>(j * blk.capacity() + s)];
      one.current()[r] = blk.current()[s];
    }
    const auto arrays = one.step_arrays();
    std::int64_t t = 0;  // the step of the chunk after which V is NaN
    for (; t < chunk - 1; ++t) {
      step_lanes<M, false>(arrays, one.capacity());
      if (std::isnan(one.state(0)[0])) break;
    }
    if (t == chunk - 1) step_lanes<M, false>(arrays, one.capacity());
    const auto l = blk.lane()[s];
    res_.status[l] = LaneStatus::failed;
    finish_lane(blk, s, blk.sample()[s] + t + 1);
    for (int j = 0; j < n_state; ++j) res_.state(j, l) = one.state(j)[0];
  }

  // NaN in each lane's trace window where nothing was recorded: after the lane stopped, or all of
  // it for a lane not simulated or stopped before its window. What was recorded is one run of
  // samples from the window's start (written at the start, or by scatter_trace as it passed).
  void fill_unrecorded() {
    if (!tracing_) return;
    const std::int64_t rows = res_.trace.rows();
    for (int l = 0; l < n_; ++l) {
      const std::int64_t first = trace_first(l);
      const bool ran = res_.status[l] != LaneStatus::invalid && stop_at_[l] != never;
      const std::int64_t recorded =
          ran && stop_at_[l] >= first ? std::min(stop_at_[l] - first + 1, rows) : 0;
      double* col = &res_.trace(0, l);
      std::fill(col + recorded, col + rows, std::numeric_limits<double>::quiet_NaN());
    }
  }

  // Copies this chunk's samples (rows of `rec`, one per step) into the lanes' trace columns.
  // Groups of 8 slots that all record the whole chunk go 8 x 8 samples at a time, transposed in
  // registers; the others sample by sample.
  void scatter_trace(LaneBlock& blk, const AlignedVector<double>& rec, std::int64_t chunk) {
    const int cap = blk.capacity();
    int s = 0;
    for (; s + 8 <= blk.active(); s += 8) {
      double* cols[8];
      bool whole = true;
      for (int k = 0; k < 8 && whole; ++k) {
        const auto [t0, t1, col] = chunk_window(blk, s + k, chunk);
        whole = t0 == 0 && t1 == chunk;
        cols[k] = col;
      }
      if (!whole) {
        for (int k = 0; k < 8; ++k) scatter_slot(blk, rec, chunk, s + k);
        continue;
      }
      std::int64_t t = 0;
      for (; t + 8 <= chunk; t += 8)
        transpose_8x8(&rec[static_cast<std::size_t>(t * cap + s)], cap, cols, t);
      for (; t < chunk; ++t)
        for (int k = 0; k < 8; ++k) cols[k][t] = rec[static_cast<std::size_t>(t * cap + s + k)];
    }
    for (; s < blk.active(); ++s) scatter_slot(blk, rec, chunk, s);
  }

  struct ChunkWindow {
    std::int64_t t0, t1;  // the chunk's steps whose samples slot s records: [t0, t1)
    double* col;          // where step t's sample goes: col[t]
  };
  // Samples i+1 .. i+chunk of slot s, limited to its lane's window and to its stop.
  ChunkWindow chunk_window(LaneBlock& blk, int s, std::int64_t chunk) {
    const auto l = blk.lane()[s];
    const std::int64_t first = trace_first(l), i = blk.sample()[s], rows = res_.trace.rows();
    return {std::max<std::int64_t>(0, first - (i + 1)),
            std::min({chunk, first + rows - (i + 1), stop_at_[l] - i}),
            &res_.trace(0, l) + (i + 1 - first)};
  }

  void scatter_slot(LaneBlock& blk, const AlignedVector<double>& rec, std::int64_t chunk, int s) {
    const auto [t0, t1, col] = chunk_window(blk, s, chunk);
    for (std::int64_t t = t0; t < t1; ++t)
      col[t] = rec[static_cast<std::size_t>(t * blk.capacity() + s)];
  }

  const Eigen::MatrixXd& params_;
  std::span<const Stimulus> stimuli_;
  BatchRequest req_;
  int n_;
  bool tracing_ = false;
  std::vector<CurrentSchedule> schedules_;
  std::vector<std::int64_t> stop_at_;  // per lane: the sample it stopped at, `never` while running
  std::vector<double> chunk_start_;    // n_state x capacity: slot states at the chunk's start
  std::vector<int> pending_;           // lanes to simulate, in order
  std::size_t next_ = 0;               // the next of them to load into a free slot
  std::int64_t chunks_ = 0;            // chunks run, for the settle-check interval
  Eigen::MatrixXd initial_;    // with a continuation: each lane's initial state, for its reruns
  std::vector<int> finished_;  // with a continuation: lanes whose run ended in this chunk
  BatchResult res_;
};

template <class M>
BatchResult run_model(const Eigen::MatrixXd& params, const Eigen::MatrixXd* initial_state,
                      std::span<const Stimulus> stimuli, const BatchRequest& request) {
  return BatchDriver<M>(params, initial_state, stimuli, request).run();
}

}  // namespace neurofit::sim

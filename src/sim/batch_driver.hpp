#pragma once
// The lock-step time loop shared by all model families, instantiated once per family.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "current_schedule.hpp"
#include "lane_block.hpp"
#include "neurofit/sim/batch.hpp"

namespace neurofit::sim {

namespace detail {
void check_request(int n_params, int n_state, const Eigen::MatrixXd& params,
                   const Eigen::MatrixXd* initial_state, std::size_t n_stimuli,
                   const BatchRequest& request);
}

template <class M>
class BatchDriver {
 public:
  static constexpr int n_state = static_cast<int>(M::state_names.size());
  static constexpr std::int64_t chunk_steps = 32;  // steps between spike-stop/failure bookkeeping
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

  BatchDriver(const Eigen::MatrixXd& params, const Eigen::MatrixXd* initial_state,
              std::span<const Stimulus> stimuli, const BatchRequest& req)
      : params_(params), stimuli_(stimuli), req_(req), n_(static_cast<int>(params.cols())) {
    detail::check_request(M::n_params, n_state, params, initial_state, stimuli.size(), req);
    for (const auto& s : stimuli) schedules_.emplace_back(s, req.dt);
    res_.spikes.resize(n_);
    res_.status.assign(n_, LaneStatus::ok);
    res_.last_sample.assign(n_, req.first_sample);
    res_.state.resize(n_state, n_);
    stop_at_.assign(n_, never);
    for (int l = 0; l < n_; ++l) {
      if (initial_state)
        res_.state.col(l) = initial_state->col(l);
      else
        M::rest_state(params.col(l).data(), res_.state.col(l).data());
      if (!M::check(params.col(l).data()).empty()) res_.status[l] = LaneStatus::invalid;
    }
    tracing_ = req.trace_first >= 0;
    if (tracing_) {
      res_.trace.setConstant(req.trace_last - req.trace_first + 1, n_,
                             std::numeric_limits<double>::quiet_NaN());
      for (int l = 0; l < n_; ++l)
        if (trace_first(l) == req.first_sample && res_.status[l] == LaneStatus::ok)
          res_.trace(0, l) = res_.state(0, l);
    }
  }

  BatchResult run() {
    std::vector<int> pending;
    for (int l = 0; l < n_; ++l)
      if (res_.status[l] == LaneStatus::ok) pending.push_back(l);
    const int block = std::max(lane_pad, req_.block_lanes);
    for (std::size_t b = 0; b < pending.size(); b += static_cast<std::size_t>(block)) {
      const int count = static_cast<int>(std::min<std::size_t>(block, pending.size() - b));
      LaneBlock blk(M::n_rows, n_state, count);
      load(blk, &pending[b], count);
      run_block(blk);
    }
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

  void load(LaneBlock& blk, const int* lanes, int count) {
    for (int s = 0; s < blk.capacity(); ++s) {
      const int l = lanes[std::min(s, count - 1)];  // padding slots copy the last lane, inert
      for (int j = 0; j < M::n_params; ++j) blk.param(j)[s] = params_(j, l);
      for (int j = 0; j < n_state; ++j) blk.state(j)[s] = res_.state(j, l);
      blk.done()[s] = s < count ? 0.0 : 1.0;
      blk.lane()[s] = s < count ? l : -1;
      blk.failed()[s] = 0;
      blk.n_spikes()[s] = 0;
    }
    blk.set_active(count);
    M::derive(req_.dt, blk.param_rows(), blk.param_rows(), blk.capacity());
  }

  void finish_lane(LaneBlock& blk, int slot, std::int64_t sample) {
    const auto l = blk.lane()[slot];
    res_.last_sample[l] = sample;
    for (int j = 0; j < n_state; ++j) res_.state(j, l) = blk.state(j)[slot];
    blk.done()[slot] = 1.0;
    stop_at_[l] = sample;
  }

  void run_block(LaneBlock& blk) {
    const auto arrays = blk.step_arrays();
    std::vector<double> rec(tracing_ ? static_cast<std::size_t>(chunk_steps * blk.capacity()) : 0);
    std::int64_t i = req_.first_sample;
    if (finish_lanes_ending_at(blk, i)) blk.compact();
    while (i < req_.last_sample && blk.active() > 0) {
      // A segment ends where any lane's current changes or any lane reaches its last sample.
      std::int64_t seg_end = req_.last_sample;
      for (int s = 0; s < blk.active(); ++s) {
        const auto& sch = schedule(blk.lane()[s]);
        blk.current()[s] = sch.current(i);
        seg_end = std::min({seg_end, sch.next_change(i), lane_last(blk.lane()[s])});
      }
      while (i < seg_end && blk.active() > 0) {
        const std::int64_t chunk = std::min(chunk_steps, seg_end - i);
        const int n_loop = padded(blk.active());
        bool any_done = false;
        for (std::int64_t t = 0; t < chunk; ++t) {
          const std::int64_t fired = M::step(arrays, n_loop);
          if (tracing_)
            std::copy_n(blk.v_sample(), n_loop, &rec[static_cast<std::size_t>(t * blk.capacity())]);
          if (fired) any_done |= record_spikes(blk, i + t + 1);
        }
        res_.lane_steps += static_cast<std::int64_t>(blk.active()) * chunk;
        if (tracing_) scatter_trace(blk, rec, i, chunk);
        for (int s = 0; s < blk.active(); ++s) {
          if (blk.failed()[s] && blk.done()[s] == 0.0) {
            res_.status[blk.lane()[s]] = LaneStatus::failed;
            finish_lane(blk, s, i + chunk);
            any_done = true;
          }
        }
        i += chunk;
        any_done |= finish_lanes_ending_at(blk, i);
        if (any_done) blk.compact();
      }
    }
    for (int s = 0; s < blk.active(); ++s)
      if (blk.done()[s] == 0.0) finish_lane(blk, s, i);
  }

  bool finish_lanes_ending_at(LaneBlock& blk, std::int64_t i) {
    if (req_.lane_last_sample.empty()) return false;
    bool any = false;
    for (int s = 0; s < blk.active(); ++s) {
      if (blk.done()[s] == 0.0 && lane_last(blk.lane()[s]) == i) {
        finish_lane(blk, s, i);
        any = true;
      }
    }
    return any;
  }

  // Appends the spikes of this step; returns whether a lane reached its stop rule.
  bool record_spikes(LaneBlock& blk, std::int64_t sample) {
    bool stopped = false;
    for (int s = 0; s < blk.active(); ++s) {
      if (!blk.spiked()[s]) continue;
      res_.spikes[blk.lane()[s]].push_back(sample);
      if (++blk.n_spikes()[s] == req_.stop_after_spikes) {
        finish_lane(blk, s, sample);
        stopped = true;
      }
    }
    return stopped;
  }

  void scatter_trace(LaneBlock& blk, const std::vector<double>& rec, std::int64_t i,
                     std::int64_t chunk) {
    for (std::int64_t t = 0; t < chunk; ++t) {
      const std::int64_t sample = i + t + 1;
      const double* row = &rec[static_cast<std::size_t>(t * blk.capacity())];
      for (int s = 0; s < blk.active(); ++s) {
        const auto l = blk.lane()[s];
        const std::int64_t row_index = sample - trace_first(l);
        if (sample <= stop_at_[l] && row_index >= 0 && row_index < res_.trace.rows())
          res_.trace(row_index, l) = row[s];
      }
    }
  }

  const Eigen::MatrixXd& params_;
  std::span<const Stimulus> stimuli_;
  BatchRequest req_;
  int n_;
  bool tracing_ = false;
  std::vector<CurrentSchedule> schedules_;
  std::vector<std::int64_t> stop_at_;  // per lane: the sample it stopped at, `never` while running
  BatchResult res_;
};

template <class M>
BatchResult run_model(const Eigen::MatrixXd& params, const Eigen::MatrixXd* initial_state,
                      std::span<const Stimulus> stimuli, const BatchRequest& request) {
  return BatchDriver<M>(params, initial_state, stimuli, request).run();
}

}  // namespace neurofit::sim

#pragma once
// A stimulus turned into sample indices: the injected current changes only at these samples.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "neurofit/sim/stimulus.hpp"

namespace neurofit::sim {

class CurrentSchedule {
 public:
  CurrentSchedule(const Stimulus& stimulus, double dt) {
    for (const auto& s : stimulus.steps) {
      at_.push_back(first_sample_at_or_after(s.start, dt));
      at_.push_back(first_sample_at_or_after(s.end, dt));
    }
    std::sort(at_.begin(), at_.end());
    at_.erase(std::unique(at_.begin(), at_.end()), at_.end());
    // Current from change point j on: every step whose index range covers it.
    for (auto i : at_) {
      double sum = 0.0;
      for (const auto& s : stimulus.steps)
        if (first_sample_at_or_after(s.start, dt) <= i && i < first_sample_at_or_after(s.end, dt))
          sum += s.amplitude;
      value_.push_back(sum);
    }
  }
  // Current [pA] used by the Euler step that starts at sample i.
  double current(std::int64_t i) const {
    const auto it = std::upper_bound(at_.begin(), at_.end(), i);
    return it == at_.begin() ? 0.0 : value_[static_cast<std::size_t>(it - at_.begin() - 1)];
  }
  // The first change point after sample i (max int64 when none).
  std::int64_t next_change(std::int64_t i) const {
    const auto it = std::upper_bound(at_.begin(), at_.end(), i);
    return it == at_.end() ? std::numeric_limits<std::int64_t>::max() : *it;
  }

 private:
  std::vector<std::int64_t> at_;
  std::vector<double> value_;
};

}  // namespace neurofit::sim

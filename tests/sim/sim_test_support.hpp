#pragma once
// Helpers shared by the simulator tests: parameter columns by name, one-step stimuli, and
// lane-by-lane comparison of batch results (bit for bit; NaN equals NaN).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neurofit/sim/batch.hpp"
#include "neurofit/sim/family.hpp"
#include "neurofit/sim/stimulus.hpp"

namespace neurofit::sim::testing {

// The family's reference values with some parameters replaced by name.
inline Eigen::VectorXd params_of(const ModelFamily& f,
                                 std::vector<std::pair<std::string_view, double>> set = {}) {
  Eigen::VectorXd p(f.n_params());
  for (int i = 0; i < f.n_params(); ++i) p[i] = f.parameters[static_cast<std::size_t>(i)].value;
  for (const auto& [name, value] : set) {
    const int i = f.parameter_index(name);
    EXPECT_GE(i, 0) << "no parameter " << name;
    if (i >= 0) p[i] = value;
  }
  return p;
}

inline Stimulus step_stimulus(double amplitude, double start, double end) {
  return Stimulus{{CurrentStep{amplitude, start, end}}};
}

// A trace covering every simulated sample.
inline BatchRequest full_trace_request(double dt, double duration_ms) {
  BatchRequest r;
  r.dt = dt;
  r.last_sample = first_sample_at_or_after(duration_ms, dt);
  r.trace_first = 0;
  r.trace_last = r.last_sample;
  return r;
}

inline bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

inline const char* status_name(LaneStatus s) {
  switch (s) {
    case LaneStatus::ok:
      return "ok";
    case LaneStatus::invalid:
      return "invalid";
    case LaneStatus::failed:
      return "failed";
    case LaneStatus::too_fast:
      return "too_fast";
  }
  return "?";
}

// Lane `la` of `a` and lane `lb` of `b` agree in every output, bit for bit.
inline void expect_same_lane(const BatchResult& a, int la, const BatchResult& b, int lb) {
  const auto ua = static_cast<std::size_t>(la), ub = static_cast<std::size_t>(lb);
  EXPECT_EQ(status_name(a.status[ua]), std::string(status_name(b.status[ub])));
  EXPECT_EQ(a.spikes[ua], b.spikes[ub]);
  EXPECT_EQ(a.last_sample[ua], b.last_sample[ub]);
  ASSERT_EQ(a.state.rows(), b.state.rows());
  for (Eigen::Index j = 0; j < a.state.rows(); ++j)
    EXPECT_TRUE(same_bits(a.state(j, la), b.state(j, lb)))
        << "state row " << j << ": " << a.state(j, la) << " vs " << b.state(j, lb);
  ASSERT_EQ(a.trace.rows(), b.trace.rows());
  int mismatches = 0;
  for (Eigen::Index i = 0; i < a.trace.rows() && mismatches < 5; ++i) {
    if (same_bits(a.trace(i, la), b.trace(i, lb))) continue;
    ++mismatches;
    ADD_FAILURE() << "trace row " << i << ": " << a.trace(i, la) << " vs " << b.trace(i, lb);
  }
}

}  // namespace neurofit::sim::testing

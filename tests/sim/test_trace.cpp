// The recorded trace: sample 0 is the initial (rest) state, a spike sample is exactly the peak
// (vpeak, V_peak, or V_th for the LIF), and a lane that stopped leaves NaN behind it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurofit/errors.hpp"
#include "sim_test_support.hpp"

namespace neurofit::sim {
namespace {

using testing::params_of;
using testing::step_stimulus;

struct Setup {
  std::string family;
  std::string peak;  // the parameter a spike sample is recorded as
  double rest_v;     // V of the rest state at the reference values
  double current;    // pA, enough to fire repeatedly
};

const Setup setups[] = {
    {"izhikevich2007", "vpeak", -60, 100},
    {"adex", "V_peak", -70.6, 800},
    {"lif", "V_th", -70, 500},
};

TEST(Trace, SampleZeroIsTheRestState) {
  for (const auto& s : setups) {
    SCOPED_TRACE(s.family);
    const auto& f = find_family(s.family);
    const Eigen::MatrixXd p = params_of(f);
    const Stimulus stim = step_stimulus(s.current, 0, 50);  // on from the very first step
    const auto req = testing::full_trace_request(0.025, 50);
    const auto r = run_batch(f, p, nullptr, std::span(&stim, 1), req);
    double rest[2];
    f.rest_state(p.data(), rest);
    EXPECT_EQ(rest[0], s.rest_v);
    EXPECT_EQ(r.trace(0, 0), rest[0]);
    EXPECT_NE(r.trace(1, 0), rest[0]) << "the current acts from the first step";
  }
}

TEST(Trace, SampleZeroIsAGivenInitialState) {
  for (const auto& s : setups) {
    SCOPED_TRACE(s.family);
    const auto& f = find_family(s.family);
    const Eigen::MatrixXd p = params_of(f);
    Eigen::MatrixXd init(f.n_state(), 1);
    init << s.rest_v + 4.25, 0.0;
    const Stimulus stim;
    BatchRequest req;
    req.first_sample = 120;
    req.last_sample = 200;
    req.trace_first = 120;
    req.trace_last = 200;
    const auto r = run_batch(f, p, &init, std::span(&stim, 1), req);
    EXPECT_EQ(r.trace(0, 0), s.rest_v + 4.25);
    // A window that starts later has no sample 0 of its own: its first row is a computed one.
    req.trace_first = 121;
    const auto later = run_batch(f, p, &init, std::span(&stim, 1), req);
    EXPECT_EQ(later.trace(0, 0), r.trace(1, 0));
  }
}

TEST(Trace, SpikeSamplesAreExactlyThePeak) {
  for (const auto& s : setups) {
    SCOPED_TRACE(s.family);
    const auto& f = find_family(s.family);
    const Eigen::MatrixXd p = params_of(f);
    const double peak = p(f.parameter_index(s.peak), 0);
    const Stimulus stim = step_stimulus(s.current, 20, 480);
    const auto req = testing::full_trace_request(0.025, 500);
    const auto r = run_batch(f, p, nullptr, std::span(&stim, 1), req);
    ASSERT_EQ(r.status[0], LaneStatus::ok);
    ASSERT_GE(r.spikes[0].size(), 3u);
    const std::set<std::int64_t> spikes(r.spikes[0].begin(), r.spikes[0].end());
    for (std::int64_t i = 0; i <= req.last_sample; ++i) {
      if (spikes.count(i))
        ASSERT_EQ(r.trace(i, 0), peak) << "spike sample " << i;
      else
        ASSERT_LT(r.trace(i, 0), peak) << "sample " << i;
    }
  }
}

TEST(Trace, SpikesAtTheEdgesOfAWindow) {
  // A window that begins or ends on a spike sample still records the peak there.
  const auto& f = find_family("izhikevich2007");
  const Eigen::MatrixXd p = params_of(f);
  const Stimulus stim = step_stimulus(100, 20, 480);
  auto req = testing::full_trace_request(0.025, 300);
  const auto full = run_batch(f, p, nullptr, std::span(&stim, 1), req);
  ASSERT_GE(full.spikes[0].size(), 2u);
  const auto a = full.spikes[0][0], b = full.spikes[0][1];
  req.trace_first = a;
  req.trace_last = b;
  const auto win = run_batch(f, p, nullptr, std::span(&stim, 1), req);
  ASSERT_EQ(win.trace.rows(), b - a + 1);
  EXPECT_EQ(win.trace(0, 0), 35.0);
  EXPECT_EQ(win.trace(b - a, 0), 35.0);
  for (std::int64_t i = a; i <= b; ++i) EXPECT_EQ(win.trace(i - a, 0), full.trace(i, 0));
}

TEST(Trace, WindowsAnywhereRecordTheFullTracesSamplesAndChangeNothingElse) {
  // Chunks outside every lane's window run without recording: the windows still hold the full
  // trace's samples, and spikes and final states are those of a run without any trace.
  for (const auto& s : setups) {
    SCOPED_TRACE(s.family);
    const auto& f = find_family(s.family);
    const int lanes = 24;
    Eigen::MatrixXd p(f.n_params(), lanes);
    std::vector<Stimulus> stim;
    for (int l = 0; l < lanes; ++l) {
      p.col(l) = params_of(f);
      stim.push_back(step_stimulus(s.current * (1 + 0.02 * l), 20, 380));
    }
    auto req = testing::full_trace_request(0.025, 500);
    req.block_lanes = 8;
    const auto full = run_batch(f, p, nullptr, stim, req);
    const std::int64_t rows = 301;
    req.trace_last = req.trace_first + rows - 1;
    for (int l = 0; l < lanes; ++l) req.lane_trace_first.push_back(700 * l % 19000);
    const auto win = run_batch(f, p, nullptr, stim, req);
    BatchRequest none = req;
    none.trace_first = none.trace_last = -1;
    none.lane_trace_first.clear();
    const auto plain = run_batch(f, p, nullptr, stim, none);
    for (int l = 0; l < lanes; ++l) {
      const auto first = req.lane_trace_first[static_cast<std::size_t>(l)];
      for (std::int64_t i = 0; i < rows; ++i)
        ASSERT_EQ(win.trace(i, l), full.trace(first + i, l)) << "lane " << l << " sample " << i;
      EXPECT_EQ(win.spikes[static_cast<std::size_t>(l)], plain.spikes[static_cast<std::size_t>(l)]);
      for (int j = 0; j < f.n_state(); ++j) {
        EXPECT_EQ(win.state(j, l), plain.state(j, l));
        EXPECT_EQ(full.state(j, l), plain.state(j, l));
      }
    }
  }
}

TEST(Trace, NaNAfterTheStopRule) {
  for (const auto& s : setups) {
    SCOPED_TRACE(s.family);
    const auto& f = find_family(s.family);
    const Eigen::MatrixXd p = params_of(f);
    const Stimulus stim = step_stimulus(s.current, 20, 480);
    auto req = testing::full_trace_request(0.025, 500);
    req.stop_after_spikes = 2;
    const auto r = run_batch(f, p, nullptr, std::span(&stim, 1), req);
    ASSERT_EQ(r.spikes[0].size(), 2u);
    const auto stop = r.spikes[0][1];
    EXPECT_EQ(r.last_sample[0], stop);
    EXPECT_EQ(r.trace(stop, 0), p(f.parameter_index(s.peak), 0));
    for (std::int64_t i = 0; i <= stop; ++i) ASSERT_TRUE(std::isfinite(r.trace(i, 0)));
    for (std::int64_t i = stop + 1; i <= req.last_sample; ++i)
      ASSERT_TRUE(std::isnan(r.trace(i, 0)));
    // The final state is the state after the reset of the last spike.
    const double reset = p(f.parameter_index(s.family == "izhikevich2007" ? "c" : "V_reset"), 0);
    EXPECT_EQ(r.state(0, 0), reset);
  }
}

TEST(Family, RegistryAndBounds) {
  std::vector<std::string> names;
  for (const auto& f : families()) {
    names.emplace_back(f.name);
    EXPECT_EQ(&find_family(f.name), &f);
    EXPECT_EQ(f.n_state(), 2);
    const auto lo = f.lower_bounds(), hi = f.upper_bounds();
    ASSERT_EQ(lo.size(), f.n_params());
    for (int i = 0; i < f.n_params(); ++i) {
      const auto& spec = f.parameters[static_cast<std::size_t>(i)];
      EXPECT_EQ(f.parameter_index(spec.name), i);
      EXPECT_EQ(lo[i], spec.lower);
      EXPECT_EQ(hi[i], spec.upper);
    }
    EXPECT_EQ(f.parameter_index("no_such_parameter"), -1);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"izhikevich2007", "adex", "lif"}));
  try {
    find_family("hodgkin_huxley");
    ADD_FAILURE() << "unknown family accepted";
  } catch (const InputError& e) {  // a name from a user's command line or config
    const std::string msg = e.what();
    EXPECT_EQ(e.where().key, "model");
    EXPECT_NE(msg.find("hodgkin_huxley"), std::string::npos) << msg;
    EXPECT_NE(msg.find("izhikevich2007, adex, lif"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace neurofit::sim

// Bad parameter sets are rejected (LaneStatus::invalid), states that leave the finite range end
// the lane (LaneStatus::failed) at the sample where they do, and run_batch refuses requests
// whose sizes do not fit together.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurofit/model/step_arrays.hpp"
#include "sim_test_support.hpp"

namespace neurofit::sim {
namespace {

using testing::params_of;
using testing::step_stimulus;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Case {
  std::string family, what;
  Eigen::VectorXd params;
  Stimulus stimulus;
};

BatchResult run(const Case& c, std::int64_t last_sample, bool trace = true) {
  const auto& f = find_family(c.family);
  const Eigen::MatrixXd p = c.params;
  BatchRequest req;
  req.last_sample = last_sample;
  if (trace) req.trace_first = 0, req.trace_last = last_sample;
  return run_batch(f, p, nullptr, std::span(&c.stimulus, 1), req);
}

void expect_spikes_well_formed(const BatchResult& r, std::size_t lane, std::int64_t first) {
  const auto& s = r.spikes[lane];
  for (std::size_t j = 0; j < s.size(); ++j) {
    EXPECT_GT(s[j], first);
    EXPECT_LE(s[j], r.last_sample[lane]);
    EXPECT_TRUE(std::isfinite(static_cast<double>(s[j]) * 0.025));
    if (j > 0) {
      EXPECT_GT(s[j], s[j - 1]) << "spike " << j;
    }
  }
}

std::vector<Case> invalid_cases() {
  const auto& izh = find_family("izhikevich2007");
  const auto& adex = find_family("adex");
  const auto& lif = find_family("lif");
  const auto on = step_stimulus(1000, 10, 90);
  return {
      {"izhikevich2007", "C NaN", params_of(izh, {{"C", nan}}), on},
      {"izhikevich2007", "vr NaN", params_of(izh, {{"vr", nan}}), on},
      {"izhikevich2007", "C = 0", params_of(izh, {{"C", 0}}), on},
      {"izhikevich2007", "C < 0", params_of(izh, {{"C", -100}}), on},
      {"adex", "C NaN", params_of(adex, {{"C", nan}}), on},
      {"adex", "C = 0", params_of(adex, {{"C", 0}}), on},
      {"adex", "C < 0", params_of(adex, {{"C", -1}}), on},
      {"adex", "(V_peak - VT)/DeltaT = 1008 > 663.7", params_of(adex, {{"DeltaT", 0.05}}), on},
      {"adex", "(V_peak - VT)/DeltaT = 700 > 663.7",
       params_of(adex, {{"VT", -50}, {"V_peak", 650}, {"DeltaT", 1}}), on},
      {"lif", "EL NaN", params_of(lif, {{"EL", nan}}), on},
      {"lif", "C = 0", params_of(lif, {{"C", 0}}), on},
      {"lif", "C < 0", params_of(lif, {{"C", -250}}), on},
  };
}

TEST(Invalid, RejectedLanesAreNotSimulated) {
  for (const auto& c : invalid_cases()) {
    SCOPED_TRACE(c.family + ": " + c.what);
    const auto& f = find_family(c.family);
    // The bad lane sits between two good ones that fire.
    Eigen::MatrixXd p(f.n_params(), 3);
    p.col(0) = params_of(f);
    p.col(1) = c.params;
    p.col(2) = params_of(f);
    BatchRequest req;
    req.first_sample = 40;
    req.last_sample = 4000;
    req.trace_first = 40, req.trace_last = 4000;
    const auto r = run_batch(f, p, nullptr, std::span(&c.stimulus, 1), req);
    EXPECT_EQ(r.status[1], LaneStatus::invalid);
    EXPECT_TRUE(r.spikes[1].empty());
    EXPECT_EQ(r.last_sample[1], req.first_sample);
    EXPECT_TRUE(r.trace.col(1).array().isNaN().all()) << "an invalid lane has no trace";
    for (int l : {0, 2}) {
      EXPECT_EQ(r.status[static_cast<std::size_t>(l)], LaneStatus::ok);
      EXPECT_FALSE(r.spikes[static_cast<std::size_t>(l)].empty());
    }
    EXPECT_EQ(r.spikes[0], r.spikes[2]);
  }
}

std::vector<Case> blow_up_cases() {
  const auto& izh = find_family("izhikevich2007");
  const auto& adex = find_family("adex");
  const auto& lif = find_family("lif");
  return {
      {"izhikevich2007", "d = -1e8: u runs away", params_of(izh, {{"d", -1e8}}),
       step_stimulus(100, 10.0125, 90)},
      {"izhikevich2007", "k = 1e8: Euler overshoot", params_of(izh, {{"k", 1e8}}),
       step_stimulus(100, 20.3, 90)},
      {"izhikevich2007", "b = -1e4: u runs away", params_of(izh, {{"b", -1e4}, {"a", 0.2}}),
       step_stimulus(-20, 5.5, 90)},
      {"adex", "-1e12 pA", params_of(adex), step_stimulus(-1e12, 33.3375, 90)},
      {"adex", "-1e9 pA, slowly", params_of(adex), step_stimulus(-1e9, 1.0, 90)},
      {"lif", "-1e12 pA", params_of(lif), step_stimulus(-1e12, 50.0875, 90)},
      {"lif", "1e12 pA", params_of(lif, {{"V_reset", -1e7}}), step_stimulus(1e12, 60, 90)},
  };
}

bool state_in_range(const BatchResult& r, const std::string& family) {
  const double v = r.state(0, 0), u = r.state(1, 0);
  const bool v_ok = std::fabs(v) < model::max_abs_voltage;
  return family == "lif" ? v_ok : v_ok && std::fabs(u) < model::max_abs_recovery;
}

TEST(Failure, BlowUpEndsTheLaneAsFailed) {
  for (const auto& c : blow_up_cases()) {
    SCOPED_TRACE(c.family + ": " + c.what);
    const auto r = run(c, 4000);
    ASSERT_EQ(r.status[0], LaneStatus::failed);
    EXPECT_LT(r.last_sample[0], 4000);
    expect_spikes_well_formed(r, 0, 0);
    EXPECT_FALSE(state_in_range(r, c.family)) << "final state " << r.state.col(0).transpose();
    // The trace runs up to the failure and is NaN after it.
    for (std::int64_t i = 0; i < r.last_sample[0]; ++i)
      ASSERT_TRUE(std::isfinite(r.trace(i, 0))) << "sample " << i;
    for (std::int64_t i = r.last_sample[0] + 1; i <= 4000; ++i)
      ASSERT_TRUE(std::isnan(r.trace(i, 0))) << "sample " << i;
  }
}

// The failure is reported at the first sample whose state is out of range: one sample less
// and the same lane is fine, with the same spikes.
TEST(Failure, ReportedAtTheFirstBadSample) {
  for (const auto& c : blow_up_cases()) {
    SCOPED_TRACE(c.family + ": " + c.what);
    const auto r = run(c, 4000);
    ASSERT_EQ(r.status[0], LaneStatus::failed);
    const std::int64_t at = r.last_sample[0];
    const auto exact = run(c, at);
    EXPECT_EQ(exact.status[0], LaneStatus::failed);
    EXPECT_EQ(exact.last_sample[0], at);
    EXPECT_EQ(exact.spikes[0], r.spikes[0]);
    const auto before = run(c, at - 1);
    EXPECT_EQ(before.status[0], LaneStatus::ok) << "failure reported at sample " << at;
    EXPECT_TRUE(state_in_range(before, c.family));
    auto spikes = r.spikes[0];
    if (!spikes.empty() && spikes.back() == at) spikes.pop_back();
    EXPECT_EQ(before.spikes[0], spikes);
  }
}

TEST(Failure, StopRuleDoesNotHideAFailure) {
  // A lane that keeps spiking after it failed must not end as ok by reaching its spike count.
  const auto& izh = find_family("izhikevich2007");
  const Eigen::MatrixXd p = params_of(izh, {{"d", -1e8}});
  const Stimulus s = step_stimulus(100, 10.0125, 90);
  BatchRequest req;
  req.last_sample = 4000;
  const auto free_run = run_batch(izh, p, nullptr, std::span(&s, 1), req);
  ASSERT_EQ(free_run.status[0], LaneStatus::failed);
  const auto n = free_run.spikes[0].size();
  ASSERT_GE(n, 2u);
  req.stop_after_spikes = static_cast<int>(n) + 1;
  const auto r = run_batch(izh, p, nullptr, std::span(&s, 1), req);
  EXPECT_EQ(r.status[0], LaneStatus::failed);
  EXPECT_EQ(r.spikes[0], free_run.spikes[0]);
  EXPECT_EQ(r.last_sample[0], free_run.last_sample[0]);
}

TEST(Failure, StopRuleDoesNotHideAFailureInTheSameChunk) {
  // LIF resetting to -1e7 mV under 1e12 pA: fires on every step, and every reset is out of
  // range. The first spike is also the failure; the lane must end there, failed.
  const auto& lif = find_family("lif");
  const Eigen::MatrixXd p = params_of(lif, {{"V_reset", -1e7}, {"t_ref", 0}});
  const Stimulus s = step_stimulus(1e12, 10.0125, 90);
  BatchRequest req;
  req.last_sample = 4000;
  for (int stop : {0, 1, 2, 5}) {
    SCOPED_TRACE("stop_after_spikes = " + std::to_string(stop));
    req.stop_after_spikes = stop;
    const auto r = run_batch(lif, p, nullptr, std::span(&s, 1), req);
    EXPECT_EQ(r.status[0], LaneStatus::failed);
    EXPECT_EQ(r.spikes[0],
              (std::vector<std::int64_t>{first_sample_at_or_after(10.0125, 0.025) + 1}));
    EXPECT_EQ(r.last_sample[0], first_sample_at_or_after(10.0125, 0.025) + 1);
  }
}

TEST(Request, MismatchedSizesThrow) {
  const auto& f = find_family("izhikevich2007");
  Eigen::MatrixXd p(f.n_params(), 3);
  for (int l = 0; l < 3; ++l) p.col(l) = params_of(f);
  const std::vector<Stimulus> one{step_stimulus(100, 1, 2)};
  const std::vector<Stimulus> two(2, one[0]), three(3, one[0]), four(4, one[0]), none;
  BatchRequest req;
  req.last_sample = 100;
  EXPECT_NO_THROW(run_batch(f, p, nullptr, one, req));
  EXPECT_NO_THROW(run_batch(f, p, nullptr, three, req));

  const Eigen::MatrixXd more_rows = Eigen::MatrixXd::Zero(f.n_params() + 1, 3);
  const Eigen::MatrixXd fewer_rows = p.topRows(f.n_params() - 1);
  EXPECT_THROW(run_batch(f, more_rows, nullptr, one, req), std::invalid_argument);
  EXPECT_THROW(run_batch(f, fewer_rows, nullptr, one, req), std::invalid_argument);
  EXPECT_THROW(run_batch(find_family("lif"), p, nullptr, one, req), std::invalid_argument);

  EXPECT_THROW(run_batch(f, p, nullptr, none, req), std::invalid_argument);
  EXPECT_THROW(run_batch(f, p, nullptr, two, req), std::invalid_argument);
  EXPECT_THROW(run_batch(f, p, nullptr, four, req), std::invalid_argument);

  const Eigen::MatrixXd bad_init1 = Eigen::MatrixXd::Zero(f.n_state(), 2);
  const Eigen::MatrixXd bad_init2 = Eigen::MatrixXd::Zero(f.n_state() + 1, 3);
  EXPECT_THROW(run_batch(f, p, &bad_init1, one, req), std::invalid_argument);
  EXPECT_THROW(run_batch(f, p, &bad_init2, one, req), std::invalid_argument);

  auto with = [&](auto edit) {
    BatchRequest r = req;
    edit(r);
    return r;
  };
  const BatchRequest bad[] = {
      with([](BatchRequest& r) { r.trace_first = 10, r.trace_last = 5; }),
      with([](BatchRequest& r) { r.trace_first = 0, r.trace_last = 101; }),
      with([](BatchRequest& r) { r.first_sample = 10, r.trace_first = 5, r.trace_last = 50; }),
      with([](BatchRequest& r) { r.trace_first = 0, r.trace_last = -1; }),
      with([](BatchRequest& r) { r.dt = 0; }),
      with([](BatchRequest& r) { r.dt = -0.025; }),
      with([](BatchRequest& r) { r.dt = nan; }),
      with([](BatchRequest& r) { r.first_sample = 101; }),
      with([](BatchRequest& r) { r.stop_after_spikes = -1; }),
  };
  for (std::size_t i = 0; i < std::size(bad); ++i)
    EXPECT_THROW(run_batch(f, p, nullptr, one, bad[i]), std::invalid_argument) << "request " << i;
  const BatchRequest bad_lane[] = {
      with([](BatchRequest& r) {
        r.lane_last_sample = {100, 100};
      }),
      with([](BatchRequest& r) {
        r.lane_last_sample = {100, 100, 101};
      }),
      with([](BatchRequest& r) {
        r.first_sample = 5, r.lane_last_sample = {100, 4, 100};
      }),
      with([](BatchRequest& r) {
        r.lane_trace_first = {0, 0, 0};
      }),  // no trace window
      with([](BatchRequest& r) {
        r.trace_first = 0, r.trace_last = 10, r.lane_trace_first = {0, 0};
      }),
      with([](BatchRequest& r) {
        r.trace_first = 0, r.trace_last = 10, r.lane_trace_first = {0, 90, 91};
      }),
  };
  for (std::size_t i = 0; i < std::size(bad_lane); ++i)
    EXPECT_THROW(run_batch(f, p, nullptr, one, bad_lane[i]), std::invalid_argument)
        << "per-lane request " << i;
  EXPECT_NO_THROW(run_batch(f, p, nullptr, one, with([](BatchRequest& r) {
                              r.trace_first = 0, r.trace_last = 10;
                              r.lane_trace_first = {0, 90, 5};
                              r.lane_last_sample = {0, 100, 50};
                            })));
  // The edges of the trace window are allowed.
  EXPECT_NO_THROW(run_batch(
      f, p, nullptr, one, with([](BatchRequest& r) { r.trace_first = 100, r.trace_last = 100; })));
}

TEST(Request, EmptyBatchAndZeroLengthRun) {
  const auto& f = find_family("adex");
  const Eigen::MatrixXd none(f.n_params(), 0);
  const std::vector<Stimulus> one{step_stimulus(100, 1, 2)};
  BatchRequest req;
  req.last_sample = 100;
  const auto r0 = run_batch(f, none, nullptr, one, req);
  EXPECT_TRUE(r0.status.empty());
  EXPECT_EQ(r0.lane_steps, 0);

  const Eigen::MatrixXd p = params_of(f);
  req.first_sample = req.last_sample = 7;
  req.trace_first = req.trace_last = 7;
  const auto r1 = run_batch(f, p, nullptr, one, req);
  EXPECT_EQ(r1.status[0], LaneStatus::ok);
  EXPECT_EQ(r1.last_sample[0], 7);
  EXPECT_EQ(r1.state(0, 0), p(f.parameter_index("EL"), 0));
  EXPECT_EQ(r1.trace(0, 0), p(f.parameter_index("EL"), 0));
}

}  // namespace
}  // namespace neurofit::sim

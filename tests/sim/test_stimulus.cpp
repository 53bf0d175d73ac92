// Current-clamp stimuli: current_at, check, parse_step, sample indices, and the piecewise current
// a simulation actually receives.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "neurofit/errors.hpp"
#include "sim_test_support.hpp"

namespace neurofit::sim {
namespace {

TEST(Stimulus, CurrentAtIsHalfOpenAndSumsOverlappingSteps) {
  const Stimulus s{{{100, 10, 20}, {-30, 15, 40}, {5, 40, 41}}};
  EXPECT_EQ(s.current_at(-1), 0.0);
  EXPECT_EQ(s.current_at(0), 0.0);
  EXPECT_EQ(s.current_at(std::nextafter(10.0, 0.0)), 0.0);
  EXPECT_EQ(s.current_at(10), 100.0);  // on at t_on
  EXPECT_EQ(s.current_at(14.999), 100.0);
  EXPECT_EQ(s.current_at(15), 70.0);  // overlap
  EXPECT_EQ(s.current_at(std::nextafter(20.0, 0.0)), 70.0);
  EXPECT_EQ(s.current_at(20), -30.0);  // off at t_off
  EXPECT_EQ(s.current_at(40), 5.0);    // abutting steps hand over exactly
  EXPECT_EQ(s.current_at(41), 0.0);
  EXPECT_EQ(Stimulus{}.current_at(3), 0.0);
}

TEST(Stimulus, CheckAcceptsGoodAndNamesBadSteps) {
  EXPECT_EQ((Stimulus{{{100, 10, 20}, {-5, 0, 1}}}).check(), "");
  EXPECT_EQ(Stimulus{}.check(), "");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const CurrentStep bad :
       {CurrentStep{nan, 0, 1}, CurrentStep{1, inf, 2}, CurrentStep{1, 0, nan},
        CurrentStep{1, 2, 2}, CurrentStep{1, 3, 2}}) {
    const Stimulus s{{{100, 10, 20}, bad}};
    const auto msg = s.check();
    EXPECT_NE(msg.find("step 2"), std::string::npos) << msg;
  }
}

TEST(Stimulus, ParseStepGoodForms) {
  const auto a = parse_step("100:10:20");
  EXPECT_EQ(a.amplitude, 100.0);
  EXPECT_EQ(a.start, 10.0);
  EXPECT_EQ(a.end, 20.0);
  const auto b = parse_step("-50.5:0:1e3");
  EXPECT_EQ(b.amplitude, -50.5);
  EXPECT_EQ(b.start, 0.0);
  EXPECT_EQ(b.end, 1000.0);
  const auto c = parse_step("0:-5:0.025");
  EXPECT_EQ(c.start, -5.0);
  EXPECT_EQ(c.end, 0.025);
}

TEST(Stimulus, ParseStepRejectsBadFormsNamingTheText) {
  for (const std::string bad : {"1:2", "a:1:2", "1:2:3:4", "1:3:2", "1:2:x", "", "1::2", "1:2:2",
                                "nan:1:2", "1:inf:2", "1:2:3 ", " 1:2:3x", "1;2;3"}) {
    SCOPED_TRACE("'" + bad + "'");
    try {
      parse_step(bad);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {  // bad input (--step), not a bug
      EXPECT_NE(std::string(e.what()).find("'" + bad + "'"), std::string::npos) << e.what();
      EXPECT_EQ(e.where().key, "--step");
    }
  }
}

TEST(Stimulus, FirstSampleAtOrAfter) {
  EXPECT_EQ(first_sample_at_or_after(100, 0.025), 4000);
  EXPECT_EQ(first_sample_at_or_after(700, 0.025), 28000);
  EXPECT_EQ(first_sample_at_or_after(0, 0.025), 0);
  EXPECT_EQ(first_sample_at_or_after(0.3, 0.1), 3);     // 0.3/0.1 = 2.9999999999999996
  EXPECT_EQ(first_sample_at_or_after(0.7, 0.1), 7);     // 0.7/0.1 = 6.999999999999999
  EXPECT_EQ(first_sample_at_or_after(0.07, 0.01), 7);   // 0.07/0.01 = 7.000000000000001
  EXPECT_EQ(first_sample_at_or_after(0.56, 0.01), 56);  // 56.00000000000001
  EXPECT_EQ(first_sample_at_or_after(100.001, 0.025), 4001);
  EXPECT_EQ(first_sample_at_or_after(99.999, 0.025), 4000);
  EXPECT_EQ(first_sample_at_or_after(0.0125, 0.025), 1);
  EXPECT_EQ(first_sample_at_or_after(-0.05, 0.025), -2);
}

// The current each Euler step of a LIF received, recovered from its trace:
//   I_i = C (V_{i+1} - V_i)/dt + gL (V_i - EL).
TEST(Stimulus, MultiStepStimulusGivesThePiecewiseCurrentInALifTrace) {
  const auto& f = find_family("lif");
  constexpr double C = 200, gL = 10, EL = -65, dt = 0.025;
  const Eigen::MatrixXd p =
      testing::params_of(f, {{"C", C}, {"gL", gL}, {"EL", EL}, {"V_th", 500}, {"V_reset", -80}});
  // Overlapping, abutting and off-grid steps (10.01 ms starts at sample 401, 30.0125 at 1201).
  const Stimulus stim{{{100, 10.01, 30.0125}, {50, 20, 40}, {-80, 40, 45}, {25, 50, 50.025}}};
  ASSERT_EQ(stim.check(), "");
  const auto req = testing::full_trace_request(dt, 60);
  const auto r = run_batch(f, p, nullptr, std::span(&stim, 1), req);
  ASSERT_EQ(r.status[0], LaneStatus::ok);
  auto expected = [](std::int64_t i) {
    double sum = 0;
    if (401 <= i && i < 1201) sum += 100;
    if (800 <= i && i < 1600) sum += 50;
    if (1600 <= i && i < 1800) sum -= 80;
    if (i == 2000) sum += 25;
    return sum;
  };
  for (std::int64_t i = 0; i < req.last_sample; ++i) {
    const double v0 = r.trace(i, 0), v1 = r.trace(i + 1, 0);
    const double current = C * (v1 - v0) / dt + gL * (v0 - EL);
    ASSERT_NEAR(current, expected(i), 1e-6) << "Euler step from sample " << i;
    ASSERT_EQ(stim.current_at(static_cast<double>(i) * dt), expected(i)) << "sample " << i;
  }
}

TEST(Stimulus, TimesBeyondTheSampleRangeAreRefused) {
  EXPECT_THROW(parse_step("500:0:1e300"), InputError);
  const Stimulus far{{{500, 0, 1e13}}};
  EXPECT_NE(far.check().find("1e12"), std::string::npos);
  // run_batch checks every stimulus before it simulates.
  const auto& f = find_family("lif");
  Eigen::MatrixXd p(f.n_params(), 1);
  for (int i = 0; i < f.n_params(); ++i) p(i, 0) = f.parameters[i].value;
  BatchRequest req;
  req.last_sample = 10;
  EXPECT_THROW(run_batch(f, p, nullptr, std::span(&far, 1), req), std::invalid_argument);
  const Stimulus nan_start{{{500, std::nan(""), 10}}};
  EXPECT_THROW(run_batch(f, p, nullptr, std::span(&nan_start, 1), req), std::invalid_argument);
}

}  // namespace
}  // namespace neurofit::sim

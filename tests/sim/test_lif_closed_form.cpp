// LIF below threshold against the closed form of its response to a current step:
//   V(t) = EL + I/gL (1 - exp(-(t - t_on) gL/C))  for t >= t_on.
// Forward Euler gives EL + I/gL (1 - (1 - dt gL/C)^n) exactly, so the error is first order in dt.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim_test_support.hpp"

namespace neurofit::sim {
namespace {

using testing::params_of;
using testing::step_stimulus;

constexpr double C = 250, gL = 25, EL = -70, I = 200, t_on = 50, t_end = 250;

double closed_form(double t) {
  if (t < t_on) return EL;
  return EL + I / gL * (1.0 - std::exp(-(t - t_on) * gL / C));
}

struct Errors {
  double closed_form = 0;  // max |V - continuous solution|
  double discrete = 0;     // max |V - Euler's exact discrete solution|
};

Errors lif_errors(double dt) {
  const auto& f = find_family("lif");
  const Eigen::MatrixXd p =
      params_of(f, {{"C", C}, {"gL", gL}, {"EL", EL}, {"V_th", 1000}, {"V_reset", -80}});
  const Stimulus stim = step_stimulus(I, t_on, 1e6);
  const auto req = testing::full_trace_request(dt, t_end);
  const auto r = run_batch(f, p, nullptr, std::span(&stim, 1), req);
  EXPECT_EQ(r.status[0], LaneStatus::ok);
  EXPECT_TRUE(r.spikes[0].empty());
  EXPECT_EQ(r.last_sample[0], req.last_sample);
  const std::int64_t on = first_sample_at_or_after(t_on, dt);
  Errors e;
  for (std::int64_t i = 0; i <= req.last_sample; ++i) {
    const double v = r.trace(i, 0), t = static_cast<double>(i) * dt;
    if (i <= on) {
      EXPECT_EQ(v, EL) << "the current must not act before t_on, sample " << i;
      continue;
    }
    const double discrete =
        EL + I / gL * (1.0 - std::pow(1.0 - dt * gL / C, static_cast<double>(i - on)));
    e.closed_form = std::fmax(e.closed_form, std::fabs(v - closed_form(t)));
    e.discrete = std::fmax(e.discrete, std::fabs(v - discrete));
  }
  EXPECT_EQ(r.trace(req.last_sample, 0), r.state(0, 0)) << "the last sample is the final state";
  return e;
}

TEST(LifClosedForm, SubthresholdStepResponseIsClose) {
  for (double dt : {0.1, 0.05, 0.025, 0.0125}) {
    SCOPED_TRACE("dt = " + std::to_string(dt));
    const auto e = lif_errors(dt);
    // Euler's global error for this problem peaks at about (I/gL) (dt/tau)/2 e^-1 = 0.147 dt mV.
    EXPECT_LT(e.closed_form, 0.16 * dt);
    EXPECT_GT(e.closed_form, 0.12 * dt) << "suspiciously exact for forward Euler";
    // Against its own discrete solution only rounding differs.
    EXPECT_LT(e.discrete, 1e-9);
  }
}

TEST(LifClosedForm, ErrorHalvesWithTheStep) {
  std::vector<double> err;
  for (double dt : {0.1, 0.05, 0.025, 0.0125}) err.push_back(lif_errors(dt).closed_form);
  for (std::size_t j = 0; j + 1 < err.size(); ++j) {
    const double ratio = err[j] / err[j + 1];
    EXPECT_GE(ratio, 1.8) << "step " << j;
    EXPECT_LE(ratio, 2.2) << "step " << j;
  }
}

TEST(LifClosedForm, SettlesAtTheSteadyState) {
  // Long after the step V = EL + I/gL; after the step ends it decays back to EL.
  const auto& f = find_family("lif");
  const Eigen::MatrixXd p =
      params_of(f, {{"C", C}, {"gL", gL}, {"EL", EL}, {"V_th", 1000}, {"V_reset", -80}});
  const Stimulus stim = step_stimulus(I, 10, 510);
  const auto req = testing::full_trace_request(0.025, 1010);
  const auto r = run_batch(f, p, nullptr, std::span(&stim, 1), req);
  EXPECT_NEAR(r.trace(first_sample_at_or_after(510, 0.025), 0), EL + I / gL, 1e-9);
  EXPECT_NEAR(r.state(0, 0), EL, 1e-9);
}

}  // namespace
}  // namespace neurofit::sim

// The two worked values of the NeuroElectro-8 protocol (reference protocol-ne8.md, "A worked
// value"), reproduced to the digits given there: half a unit in the last digit.
#include <gtest/gtest.h>

#include <cmath>

#include "neurofit/ephys/ne8.hpp"

namespace neurofit::ephys {
namespace {

// Tolerance of a value given with `decimals` decimal places (a hair over half a unit, so that an
// exact tie such as 577.1484375 -> 577.148438 counts as reproduced).
double half_ulp(int decimals) {
  return 0.5000001 * std::pow(10.0, -decimals);
}

struct Expected {
  Ne8Feature feature;
  double value;
  int decimals;
};

void expect_features(const char* model, const Eigen::VectorXd& p,
                     const std::vector<Expected>& want) {
  const auto& family = sim::find_family(model);
  const auto r = evaluate_ne8(family, p);
  ASSERT_TRUE(r.viable[0]) << r.why[0];
  for (const auto& w : want)
    EXPECT_NEAR(r.features(w.feature, 0), w.value, half_ulp(w.decimals))
        << ne8_feature_names[w.feature];
}

TEST(Ne8WorkedValues, IzhikevichRegularSpiking) {
  Eigen::VectorXd p(9);
  p << 100, 0.7, -60, -40, 35, 0.03, -2, -50, 100;
  expect_features("izhikevich2007", p,
                  {{rheobase, 52.734375, 6},
                   {input_resistance, 79.634, 3},
                   {time_constant, 8.7471, 4},
                   {capacitance, 109.84, 2},
                   {resting_potential, -60, 9},
                   {ap_width, 0.67462, 5},
                   {ap_amplitude, 47.335, 3},
                   {ap_threshold, -12.335, 3}});
}

TEST(Ne8WorkedValues, AdexNestDefaults) {
  Eigen::VectorXd p(10);
  p << 281, 30, -70.6, -50.4, 2, 4, 144, 80.5, -60, 0;
  expect_features("adex", p,
                  {{rheobase, 577.148438, 6},
                   {input_resistance, 29.5189, 4},
                   {time_constant, 7.68604, 5},
                   {capacitance, 260.377, 3},
                   {resting_potential, -70.59992, 5},
                   {ap_width, 0.0397016, 7},
                   {ap_amplitude, 42.4638, 4},
                   {ap_threshold, -42.4638, 4}});
}

}  // namespace
}  // namespace neurofit::ephys

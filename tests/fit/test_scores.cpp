// Objectives from a cell type and z-scores |x - mean| / sd, computed by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "neurofit/errors.hpp"
#include "neurofit/fit/scores.hpp"

namespace neurofit::fit {
namespace {

using namespace neurofit::ephys;

// Observations in an order other than ne8's, to check that objectives follow ne8's order.
CellType sample_cell() {
  CellType ct;
  ct.name = "sample";
  ct.observations = {{"ap_width", 0.5, 0.25, 2, "ms"},
                     {"input_resistance", 100, 20, 5, "MOhm"},
                     {"resting_potential", -65, 4, 3, "mV"}};
  return ct;
}

TEST(Objectives, AllFeaturesOfTheCellInNe8Order) {
  const auto o = Objectives::from(sample_cell());
  ASSERT_EQ(o.size(), 3);
  EXPECT_EQ(o.feature, (std::vector<int>{input_resistance, resting_potential, ap_width}));
  EXPECT_EQ(o.names,
            (std::vector<std::string>{"input_resistance", "resting_potential", "ap_width"}));
  EXPECT_EQ(o.mean, (std::vector<double>{100, -65, 0.5}));
  EXPECT_EQ(o.sd, (std::vector<double>{20, 4, 0.25}));
}

TEST(Objectives, SelectionLimitsThemKeepingNe8Order) {
  const auto o = Objectives::from(sample_cell(), {"ap_width", "input_resistance"});
  EXPECT_EQ(o.feature, (std::vector<int>{input_resistance, ap_width}));
  EXPECT_EQ(o.names, (std::vector<std::string>{"input_resistance", "ap_width"}));
  EXPECT_EQ(o.mean, (std::vector<double>{100, 0.5}));
  const auto one = Objectives::from(sample_cell(), {"resting_potential"});
  EXPECT_EQ(one.feature, (std::vector<int>{resting_potential}));
}

TEST(Objectives, SelectingAFeatureTheCellLacksOrAnUnknownOneIsAnInputError) {
  EXPECT_THROW(Objectives::from(sample_cell(), {"rheobase"}), InputError);
  EXPECT_THROW(Objectives::from(sample_cell(), {"ap_width", "capacitance"}), InputError);
  EXPECT_THROW(Objectives::from(sample_cell(), {"spike_count"}), InputError);
  try {
    Objectives::from(sample_cell(), {"rheobase"});
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("sample"), std::string::npos) << msg;
    EXPECT_NE(msg.find("rheobase"), std::string::npos) << msg;
  }
}

// A result with the given features for one candidate per column (others NaN).
Ne8Result result_with(const std::vector<std::vector<double>>& columns) {
  Ne8Result r;
  r.features.setConstant(n_ne8_features, static_cast<Eigen::Index>(columns.size()),
                         std::numeric_limits<double>::quiet_NaN());
  for (std::size_t c = 0; c < columns.size(); ++c)
    for (int f = 0; f < n_ne8_features; ++f)
      r.features(f, static_cast<Eigen::Index>(c)) = columns[c][static_cast<std::size_t>(f)];
  r.viable.assign(columns.size(), 1);
  r.why.assign(columns.size(), "");
  return r;
}

TEST(Zscores, AbsoluteDistanceInStandardDeviations) {
  const auto o = Objectives::from(sample_cell());  // Rin 100/20, rest -65/4, width 0.5/0.25
  // ne8 order: rheobase, Rin, tau, C, rest, width, amplitude, threshold.
  const double x = std::numeric_limits<double>::quiet_NaN();     // unscored features
  const auto r = result_with({{x, 130, x, x, -69, 0.5, x, x},    // 1.5, 1, 0
                              {x, 70, x, x, -60, 1.25, x, x},    // 1.5, 1.25, 3
                              {x, 100, x, x, -65, 0.0, x, x}});  // 0, 0, 2
  const Eigen::MatrixXd z = zscores(o, r);
  ASSERT_EQ(z.rows(), 3);
  ASSERT_EQ(z.cols(), 3);
  EXPECT_EQ(z(0, 0), 1.5);
  EXPECT_EQ(z(1, 0), 1.0);
  EXPECT_EQ(z(2, 0), 0.0);
  EXPECT_EQ(z(0, 1), 1.5);
  EXPECT_EQ(z(1, 1), 1.25);
  EXPECT_EQ(z(2, 1), 3.0);
  EXPECT_EQ(z(0, 2), 0.0);
  EXPECT_EQ(z(1, 2), 0.0);
  EXPECT_EQ(z(2, 2), 2.0);
}

TEST(Zscores, NotViableOrNonFiniteScoredFeatureGivesThePenaltyEverywhere) {
  const auto o = Objectives::from(sample_cell());
  const double x = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto r = result_with({{x, 130, x, x, -69, 0.5, x, x},
                        {x, 130, x, x, -69, 0.5, x, x},
                        {x, 130, x, x, x, 0.5, x, x},
                        {x, 130, x, x, -69, inf, x, x}});
  r.viable[1] = 0;  // features present but not viable: still the penalty
  r.why[1] = "test";
  const Eigen::MatrixXd z = zscores(o, r);
  EXPECT_EQ(z(0, 0), 1.5);  // the viable one is untouched
  for (int c = 1; c < 4; ++c)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(z(j, c), not_viable_score) << c << "," << j;
  EXPECT_EQ(not_viable_score, 1000.0);
}

TEST(Zscores, SelectedObjectivesOnly) {
  const auto o = Objectives::from(sample_cell(), {"ap_width"});
  const double x = std::numeric_limits<double>::quiet_NaN();
  const auto r = result_with({{x, 130, x, x, -69, 0.75, x, x}});
  const Eigen::MatrixXd z = zscores(o, r);
  ASSERT_EQ(z.rows(), 1);
  EXPECT_EQ(z(0, 0), 1.0);  // |0.75 - 0.5| / 0.25
}

}  // namespace
}  // namespace neurofit::fit

// The identifiability report on a model whose features have closed forms: the leaky
// integrate-and-fire cell under ne8's passive features, where R_in = 1000/gL (MOhm, gL in nS),
// the resting potential is EL, and neither depends on V_th, V_reset or t_ref.
// GCC 12 warns falsely (-Wmaybe-uninitialized inside avx512fintrin.h) on Eigen's small matrices
// built for AVX-512; the state that counts is the one where Eigen's headers are first included.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <gtest/gtest.h>

#include <cmath>

#include <algorithm>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/fit/feature_selection.hpp"
#include "neurofit/fit/fit_problem.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::fit {
namespace {

// Scored: input resistance, time constant and resting potential.
Objectives passive_objectives() {
  Objectives o;
  o.feature = {ephys::input_resistance, ephys::time_constant, ephys::resting_potential};
  o.names = {"input_resistance", "time_constant", "resting_potential"};
  o.mean = {100, 10, -70};
  o.sd = {50, 5, 5};
  return o;
}

struct LifCase {
  const sim::ModelFamily& family = sim::find_family("lif");
  FitProblem problem{family, passive_objectives(), family.lower_bounds(), family.upper_bounds()};
  Eigen::VectorXd reference() const {
    Eigen::VectorXd p(family.n_params());
    for (int i = 0; i < family.n_params(); ++i)
      p[i] = family.parameters[static_cast<std::size_t>(i)].value;  // gL 25 nS, EL -70 mV
    return p;
  }
  int index(const char* name) const { return family.parameter_index(name); }
};

TEST(Identifiability, SensitivityMatchesTheClosedForms) {
  const LifCase c;
  const Eigen::VectorXd x = c.reference();
  const Identifiability r = identifiability(c.problem, x, Eigen::MatrixXd::Zero(3, 1));
  ASSERT_EQ(r.best, 0);
  const Eigen::VectorXd range = c.family.upper_bounds() - c.family.lower_bounds();
  const int gL = c.index("gL"), EL = c.index("EL"), C = c.index("C");
  // d z(R_in) / d u(gL): the central difference of 1000/gL over gL +- h is -1000/(gL^2 - h^2).
  const double h = sensitivity_step * range[gL], g = x[gL];
  EXPECT_NEAR(r.sensitivity(0, gL) / (-1000 / (g * g - h * h) * range[gL] / 50), 1, 1e-6);
  EXPECT_NEAR(r.sensitivity(0, C), 0, 1e-6);               // R_in does not depend on C
  EXPECT_NEAR(r.sensitivity(2, EL), range[EL] / 5, 1e-9);  // rest = EL exactly
  EXPECT_NEAR(r.sensitivity(2, gL), 0, 1e-9);
  // Only EL moves the rest, which nothing else moves: its local sd is that of one Gaussian
  // measurement of slope range/sd on a prior of variance 1/12: (S^2 + 12)^-1/2.
  EXPECT_NEAR(r.local_sd[EL], 1 / std::sqrt(std::pow(range[EL] / 5, 2) + 12), 1e-9);
  EXPECT_EQ(r.verdict[static_cast<std::size_t>(EL)], Determination::weakly_determined);
  EXPECT_TRUE(std::isfinite(r.local_sd[C]) && std::isfinite(r.local_sd[gL]));
}

TEST(Identifiability, ParametersNoFeatureSeesAreUndeterminedAndSpanTheWeakestDirection) {
  const LifCase c;
  const Identifiability r = identifiability(c.problem, c.reference(), Eigen::MatrixXd::Zero(3, 1));
  double unseen = 0;
  for (const char* name : {"V_th", "V_reset", "t_ref"}) {
    const int j = c.index(name);
    EXPECT_EQ(r.sensitivity.col(j).norm(), 0) << name;
    EXPECT_NEAR(r.local_sd[j], 1 / std::sqrt(12.0), 1e-12) << name;  // the prior's
    EXPECT_EQ(r.verdict[static_cast<std::size_t>(j)], Determination::undetermined) << name;
    unseen += r.weakest[j] * r.weakest[j];
  }
  EXPECT_NEAR(unseen, 1, 1e-12);  // the least-seen direction lies in their span
  ASSERT_EQ(r.singular_values.size(), 6);
  EXPECT_GT(r.singular_values[2], 0);
  EXPECT_EQ(r.singular_values[3], 0);  // three features see three directions
}

TEST(Identifiability, SpreadsOverTheArchiveModelsWithin1And2Sd) {
  const LifCase c;
  Eigen::MatrixXd x = c.reference().replicate(1, 3);
  const int EL = c.index("EL");
  x(EL, 0) = -72;
  x(EL, 1) = -60;
  x(EL, 2) = -71;
  Eigen::MatrixXd z(3, 3);
  z << 0.5, 1.5, 0.9,  //
      1.0, 0.2, 0.1,   //
      0.3, 1.9, 0.8;   // member 1 is within 2 sd only
  const Identifiability r = identifiability(c.problem, x, z);
  const double range = c.family.upper_bounds()[EL] - c.family.lower_bounds()[EL];
  EXPECT_EQ(r.within_1sd, 2);
  EXPECT_EQ(r.within_2sd, 3);
  EXPECT_NEAR(r.spread_1sd[EL], 1 / range, 1e-12);
  EXPECT_NEAR(r.spread_2sd[EL], 12 / range, 1e-12);
  EXPECT_EQ(r.spread_1sd[c.index("C")], 0);
  EXPECT_EQ(r.best, 2);  // the smallest largest z
  z.setConstant(3);
  EXPECT_TRUE(std::isnan(identifiability(c.problem, x, z).spread_1sd[EL]));
}

TEST(Identifiability, VerdictThresholds) {
  EXPECT_EQ(determination(0.05), Determination::determined);
  EXPECT_EQ(determination(0.0501), Determination::weakly_determined);
  EXPECT_EQ(determination(0.25), Determination::weakly_determined);
  EXPECT_EQ(determination(0.26), Determination::undetermined);
  EXPECT_EQ(determination(INFINITY), Determination::undetermined);
  EXPECT_EQ(determination(NAN), Determination::not_assessed);
}

// Greedy selection over ne8's features for LIF: every feature once, the mean local sd never rises
// as features are added, and t_ref, which no ne8 feature sees, keeps the prior's sd throughout.
TEST(FeatureSelection, GreedyOrderOverRandomViableSets) {
  const auto& lif = sim::find_family("lif");
  const FeatureSelection r = select_features(lif, ephys::ne8_protocol(), 4, 7);
  EXPECT_EQ(r.samples, 4);
  auto names = ephys::ne8_protocol().feature_names(), order = r.order;
  std::sort(names.begin(), names.end());
  std::sort(order.begin(), order.end());
  EXPECT_EQ(order, names);
  for (std::size_t k = 1; k < r.mean_sd.size(); ++k)
    EXPECT_LE(r.mean_sd[k], r.mean_sd[k - 1] + 1e-15) << k;
  EXPECT_LT(r.mean_sd.back(), r.mean_sd.front());
  for (double sd : r.largest_sd) EXPECT_NEAR(sd, 1 / std::sqrt(12.0), 1e-9);
  const FeatureSelection again = select_features(lif, ephys::ne8_protocol(), 4, 7);
  EXPECT_EQ(again.order, r.order);
  EXPECT_EQ(again.mean_sd, r.mean_sd);
}

}  // namespace
}  // namespace neurofit::fit

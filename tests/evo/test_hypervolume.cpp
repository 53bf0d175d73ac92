#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "neurofit/evo/hypervolume.hpp"
#include "neurofit/evo/rng.hpp"

using namespace neurofit::evo;

namespace {

Eigen::MatrixXd random_front(Eigen::Index m, Eigen::Index n, std::uint64_t seed) {
  // Points on the positive unit sphere (a DTLZ2-like front) plus some dominated ones.
  Rng rng(seed);
  Eigen::MatrixXd p(m, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index k = 0; k < m; ++k) p(k, j) = rng.uniform() + 1e-3;
    double norm2 = 0;  // a plain loop: Eigen's AVX-512 norm() trips a GCC 12 false positive
    for (Eigen::Index k = 0; k < m; ++k) norm2 += p(k, j) * p(k, j);
    p.col(j) /= std::sqrt(norm2);
    if (j % 5 == 4) p.col(j) *= 1.2;
  }
  return p;
}

}  // namespace

TEST(Hypervolume, HandComputed2d) {
  Eigen::MatrixXd p(2, 4);
  p << 1, 2, 3, 2.5,  //
      3, 2, 1, 2.5;   // the last point is dominated by (2, 2)
  const Eigen::Vector2d ref(4, 4);
  // Staircase: (4-1)*(4-3) + (4-2)*(3-2) + (4-3)*(2-1) = 3 + 2 + 1.
  EXPECT_DOUBLE_EQ(hypervolume_2d(p, ref), 6.0);
  EXPECT_DOUBLE_EQ(hypervolume(p, ref), 6.0);
  EXPECT_DOUBLE_EQ(hypervolume_wfg(p, ref), 6.0);
  // Points on or beyond the reference point add nothing.
  Eigen::MatrixXd q(2, 3);
  q << 4, 5, 1, 0, 0, 4;
  EXPECT_EQ(hypervolume_2d(q, ref), 0.0);
  EXPECT_EQ(hypervolume_2d(Eigen::MatrixXd(2, 0), ref), 0.0);
}

TEST(Hypervolume, HandComputed3d) {
  Eigen::MatrixXd p(3, 3);
  p << 0, 1, 2,  //
      2, 0, 1,   //
      1, 2, 0;
  const Eigen::Vector3d ref(3, 3, 3);
  // Inclusion-exclusion over the boxes [p, ref]: three boxes of 6, pairwise overlaps of 2, a
  // triple overlap of 1.
  double boxes = 0;
  for (int j = 0; j < 3; ++j) boxes += (ref - p.col(j)).prod();
  auto meet = [&](std::initializer_list<int> cols) {
    Eigen::Vector3d lo = Eigen::Vector3d::Zero();
    for (int c : cols) lo = lo.cwiseMax(p.col(c));
    return (ref - lo).prod();
  };
  const double expected = boxes - meet({0, 1}) - meet({0, 2}) - meet({1, 2}) + meet({0, 1, 2});
  EXPECT_DOUBLE_EQ(expected, 18 - 3 * 2 + 1);
  EXPECT_DOUBLE_EQ(hypervolume_3d(p, ref), expected);
  EXPECT_DOUBLE_EQ(hypervolume_wfg(p, ref), expected);
  // One point: its box.
  EXPECT_DOUBLE_EQ(hypervolume_3d(p.col(0), ref), 6.0);
}

TEST(Hypervolume, ExtremesAndCentreOfTheDtlz2Front) {
  const double c = 1 / std::sqrt(3.0), r = 1.1;
  Eigen::MatrixXd p(3, 4);
  p << 1, 0, 0, c,  //
      0, 1, 0, c,   //
      0, 0, 1, c;
  const Eigen::Vector3d ref = Eigen::Vector3d::Constant(r);
  const double extremes = 3 * 0.1 * r * r - 3 * 0.1 * 0.1 * r + 0.1 * 0.1 * 0.1;  // 0.331
  const double a = r - c;
  const double overlap = 3 * 0.1 * a * a - 3 * 0.1 * 0.1 * a + 0.001;  // centre box ∩ extremes
  EXPECT_NEAR(hypervolume_3d(p.leftCols(3), ref), 0.331, 1e-12);
  EXPECT_NEAR(hypervolume_3d(p, ref), extremes + a * a * a - overlap, 1e-12);
  EXPECT_NEAR(hypervolume_wfg(p, ref), extremes + a * a * a - overlap, 1e-12);
}

TEST(Hypervolume, DenseDtlz2FrontApproachesTheTrueValue) {
  // A grid on the octant of the unit sphere: hypervolume just below 1.1^3 - pi/6.
  const int n = 60;
  Eigen::MatrixXd p(3, (n + 1) * (n + 1));
  Eigen::Index j = 0;
  for (int a = 0; a <= n; ++a)
    for (int b = 0; b <= n; ++b) {
      const double t = 0.5 * std::numbers::pi * a / n, u = 0.5 * std::numbers::pi * b / n;
      p.col(j++) << std::cos(t) * std::cos(u), std::cos(t) * std::sin(u), std::sin(t);
    }
  const double truth = 1.331 - std::numbers::pi / 6;
  const double hv = hypervolume_3d(p, Eigen::Vector3d::Constant(1.1));
  EXPECT_LT(hv, truth);
  EXPECT_GT(hv, truth - 0.02);
}

TEST(Hypervolume, WfgEqualsExact3dOnRandomSets) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Eigen::MatrixXd p = random_front(3, 5 + static_cast<Eigen::Index>(seed) * 3, seed);
    Eigen::Vector3d ref(1.1, 1.2, 1.0);  // some points lie beyond the reference
    const double exact = hypervolume_3d(p, ref);
    EXPECT_GT(exact, 0.0);
    EXPECT_NEAR(hypervolume_wfg(p, ref), exact, 1e-12 * (1 + exact)) << "seed " << seed;
  }
}

TEST(Hypervolume, Wfg2dEqualsTheSweep) {
  const Eigen::MatrixXd p = random_front(2, 40, 3);
  EXPECT_NEAR(hypervolume_wfg(p, Eigen::Vector2d(1.1, 1.1)),
              hypervolume_2d(p, Eigen::Vector2d(1.1, 1.1)), 1e-14);
}

TEST(Hypervolume, FourObjectiveWfgAgreesWithMonteCarlo) {
  const Eigen::MatrixXd p = random_front(4, 30, 9);
  const Eigen::Vector4d ref = Eigen::Vector4d::Constant(1.1);
  const double exact = hypervolume(p, ref);
  const HvResult mc = hypervolume_monte_carlo(p, ref, 123, 200000);
  EXPECT_EQ(mc.method, HvMethod::monte_carlo);
  EXPECT_GT(mc.std_error, 0.0);
  EXPECT_LT(mc.std_error, 0.01 * exact);
  EXPECT_NEAR(mc.value, exact, 4 * mc.std_error);
  // Seeded: the same seed gives the same estimate.
  EXPECT_EQ(hypervolume_monte_carlo(p, ref, 123, 1000).value,
            hypervolume_monte_carlo(p, ref, 123, 1000).value);
}

TEST(Hypervolume, MonteCarloAgreesIn2d) {
  const Eigen::MatrixXd p = random_front(2, 10, 4);
  const HvResult mc = hypervolume_monte_carlo(p, Eigen::Vector2d(1.1, 1.1), 5, 100000);
  EXPECT_NEAR(mc.value, hypervolume_2d(p, Eigen::Vector2d(1.1, 1.1)), 4 * mc.std_error);
}

TEST(Hypervolume, AutoPicksTheMethod) {
  EXPECT_EQ(hypervolume_auto(random_front(2, 10, 1), Eigen::Vector2d::Constant(1.1), 1).method,
            HvMethod::exact_2d);
  EXPECT_EQ(hypervolume_auto(random_front(3, 200, 1), Eigen::Vector3d::Constant(1.1), 1).method,
            HvMethod::exact_3d);
  const Eigen::Vector4d ref = Eigen::Vector4d::Constant(1.1);
  const HvResult small = hypervolume_auto(random_front(4, 20, 1), ref, 1);
  EXPECT_EQ(small.method, HvMethod::wfg);
  EXPECT_EQ(small.std_error, 0.0);
  const HvResult big = hypervolume_auto(random_front(4, 200, 1), ref, 1, {.samples = 20000});
  EXPECT_EQ(big.method, HvMethod::monte_carlo);
  EXPECT_EQ(big.samples, 20000u);
  EXPECT_EQ(to_string(big.method), "monte_carlo");
}

TEST(Hypervolume, RejectsMismatchedShapes) {
  EXPECT_THROW(hypervolume(Eigen::MatrixXd::Zero(3, 2), Eigen::Vector2d(1, 1)),
               std::invalid_argument);
  EXPECT_THROW(hypervolume_2d(Eigen::MatrixXd::Zero(3, 2), Eigen::Vector3d(1, 1, 1)),
               std::invalid_argument);
  EXPECT_THROW(hypervolume(Eigen::MatrixXd::Zero(2, 1), Eigen::Vector2d(1, std::nan(""))),
               std::invalid_argument);
}

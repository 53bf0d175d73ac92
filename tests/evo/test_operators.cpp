#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "neurofit/evo/operators.hpp"

using namespace neurofit::evo;

namespace {
Eigen::VectorXd random_vector(Eigen::Index n, Rng& rng) {
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) v[i] = rng.uniform();
  return v;
}
}  // namespace

TEST(Sbx, ChildrenStayInBoundsIncludingAtTheEdges) {
  Rng rng(1);
  for (int trial = 0; trial < 2000; ++trial) {
    Eigen::VectorXd p1 = random_vector(8, rng), p2 = random_vector(8, rng);
    p1[0] = 0.0;  // parents on the bounds
    p2[1] = 1.0;
    Eigen::VectorXd c1(8), c2(8);
    sbx_crossover(p1, p2, c1, c2, trial % 2 ? 1.0 : 20.0, 1.0, rng);
    ASSERT_TRUE((c1.array() >= 0).all() && (c1.array() <= 1).all());
    ASSERT_TRUE((c2.array() >= 0).all() && (c2.array() <= 1).all());
  }
}

TEST(Sbx, ProbabilityZeroIsTheIdentityAndOneChanges) {
  Rng rng(2);
  const Eigen::VectorXd p1 = random_vector(10, rng), p2 = random_vector(10, rng);
  Eigen::VectorXd c1(10), c2(10);
  for (int i = 0; i < 100; ++i) {
    sbx_crossover(p1, p2, c1, c2, 20.0, 0.0, rng);
    ASSERT_EQ(c1, p1);
    ASSERT_EQ(c2, p2);
  }
  sbx_crossover(p1, p2, c1, c2, 20.0, 1.0, rng);
  EXPECT_NE(c1, p1);
}

TEST(Sbx, PreservesTheMeanOfEachVariableAwayFromBounds) {
  // Unclamped SBX children are symmetric about the parents' mean.
  Rng rng(3);
  Eigen::VectorXd p1 = Eigen::VectorXd::Constant(5, 0.4), p2 = Eigen::VectorXd::Constant(5, 0.6);
  Eigen::VectorXd c1(5), c2(5);
  for (int i = 0; i < 100; ++i) {
    sbx_crossover(p1, p2, c1, c2, 20.0, 1.0, rng);
    for (int k = 0; k < 5; ++k) ASSERT_NEAR(c1[k] + c2[k], 1.0, 1e-12);
  }
}

TEST(Sbx, WorksInPlace) {
  Rng a(4), b(4);
  Eigen::MatrixXd pop(6, 2);
  pop << 0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5, 0.0, 1.0;
  Eigen::VectorXd c1(6), c2(6);
  sbx_crossover(pop.col(0), pop.col(1), c1, c2, 15.0, 1.0, a);
  sbx_crossover(pop.col(0), pop.col(1), pop.col(0), pop.col(1), 15.0, 1.0, b);
  EXPECT_EQ(pop.col(0), c1);
  EXPECT_EQ(pop.col(1), c2);
}

TEST(PolynomialMutation, StaysInBoundsAndIsIdentityAtZero) {
  Rng rng(5);
  for (int trial = 0; trial < 2000; ++trial) {
    Eigen::VectorXd x = random_vector(6, rng);
    x[0] = 0.0;
    x[1] = 1.0;
    const Eigen::VectorXd before = x;
    polynomial_mutation(x, 0.5 + trial % 30, 0.0, rng);
    ASSERT_EQ(x, before);
    polynomial_mutation(x, 0.5 + trial % 30, 1.0, rng);
    ASSERT_TRUE((x.array() >= 0).all() && (x.array() <= 1).all());
  }
}

TEST(PolynomialMutation, MutatesAboutTheExpectedShareOfVariables) {
  Rng rng(6);
  int changed = 0;
  const int n = 20000;
  for (int trial = 0; trial < n / 10; ++trial) {
    Eigen::VectorXd x = Eigen::VectorXd::Constant(10, 0.5);
    polynomial_mutation(x, 20.0, 0.1, rng);
    changed += static_cast<int>((x.array() != 0.5).count());
  }
  EXPECT_NEAR(changed, n / 10, 150);
}

TEST(Tournament, PrefersLowerRankThenLargerCrowding) {
  Rng rng(7);
  // Candidate 0 beats everyone: rank 0 and infinite crowding.
  const std::vector<int> rank{0, 1, 1, 0};
  Eigen::VectorXd crowd(4);
  crowd << std::numeric_limits<double>::infinity(), 5.0, 9.0, 0.5;
  std::vector<int> wins(4, 0);
  for (int i = 0; i < 6000; ++i) ++wins[binary_tournament(rank, crowd, rng)];
  // Expected: 0 wins all 3 of its pairs, 3 wins 2 of 3, 2 wins 1 (over 1), 1 never.
  EXPECT_EQ(wins[1], 0);
  EXPECT_NEAR(wins[0], 3000, 200);
  EXPECT_NEAR(wins[3], 2000, 200);
  EXPECT_NEAR(wins[2], 1000, 200);
  EXPECT_THROW(binary_tournament({0}, Eigen::VectorXd::Zero(1), rng), std::invalid_argument);
}

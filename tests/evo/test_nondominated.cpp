#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "neurofit/evo/nondominated.hpp"

using namespace neurofit::evo;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

Eigen::MatrixXd columns(std::initializer_list<std::initializer_list<double>> cols) {
  Eigen::MatrixXd f(static_cast<Eigen::Index>(cols.begin()->size()),
                    static_cast<Eigen::Index>(cols.size()));
  Eigen::Index j = 0;
  for (const auto& c : cols) {
    Eigen::Index i = 0;
    for (double v : c) f(i++, j) = v;
    ++j;
  }
  return f;
}
}  // namespace

TEST(Dominance, CompareCases) {
  const double a[] = {1, 2}, b[] = {2, 3}, c[] = {1, 3}, d[] = {2, 1};
  EXPECT_EQ(compare_dominance(a, b, 2), Dominance::first);
  EXPECT_EQ(compare_dominance(b, a, 2), Dominance::second);
  EXPECT_EQ(compare_dominance(a, c, 2), Dominance::first);  // equal in one, better in the other
  EXPECT_EQ(compare_dominance(a, d, 2), Dominance::neither);
  EXPECT_EQ(compare_dominance(a, a, 2), Dominance::equal);
  EXPECT_FALSE(dominates(a, a, 2));
  Eigen::VectorXd u(3), v(3);
  u << 0, 0, 1;
  v << 0, 0, 2;
  EXPECT_TRUE(dominates(u, v));
  EXPECT_FALSE(dominates(v, u));
}

TEST(NonDominatedSort, HandMadeFronts) {
  // Three layers of a 2-objective staircase, shuffled, plus a duplicate and a dominated point.
  const Eigen::MatrixXd f = columns({{3, 3},    // 0: front 1
                                     {1, 4},    // 1: front 0
                                     {4, 1},    // 2: front 0
                                     {2, 2},    // 3: front 0
                                     {5, 5},    // 4: front 2 (dominated by 3,3)
                                     {2, 2},    // 5: duplicate of 3: front 0
                                     {2, 5},    // 6: front 1 (dominated by 1,4 and 2,2)
                                     {6, 6}});  // 7: front 3
  const std::vector<int> rank = non_dominated_sort(f);
  EXPECT_EQ(rank, (std::vector<int>{1, 0, 0, 0, 2, 0, 1, 3}));
  const auto fronts = fronts_from_ranks(rank);
  ASSERT_EQ(fronts.size(), 4u);
  EXPECT_EQ(fronts[0], (std::vector<Eigen::Index>{1, 2, 3, 5}));
  EXPECT_EQ(fronts[1], (std::vector<Eigen::Index>{0, 6}));
  EXPECT_EQ(non_dominated_indices(f), fronts[0]);
}

TEST(NonDominatedSort, ThreeObjectivesAndEmpty) {
  const Eigen::MatrixXd f = columns({{1, 2, 3}, {3, 2, 1}, {2, 3, 4}, {1, 2, 3}});
  EXPECT_EQ(non_dominated_sort(f), (std::vector<int>{0, 0, 1, 0}));
  EXPECT_TRUE(non_dominated_sort(Eigen::MatrixXd(2, 0)).empty());
}

TEST(NonDominatedSort, ChainGivesOneFrontPerPoint) {
  Eigen::MatrixXd f(2, 6);
  for (int j = 0; j < 6; ++j) f.col(j).setConstant(5 - j);
  EXPECT_EQ(non_dominated_sort(f), (std::vector<int>{5, 4, 3, 2, 1, 0}));
}

TEST(Crowding, KnownSmallFront) {
  // Front on f2 = 4 - f1 with f1 = 0, 1, 3, 4 (listed out of order); ranges 4 and 4.
  const Eigen::MatrixXd f = columns({{3, 1}, {0, 4}, {4, 0}, {1, 3}, {9, 9}});
  const std::vector<double> d = crowding_distance(f, {0, 1, 2, 3});
  EXPECT_DOUBLE_EQ(d[0], (4.0 - 1.0) / 4 * 2);  // neighbours f1 = 1 and 4, in both objectives
  EXPECT_EQ(d[1], inf);
  EXPECT_EQ(d[2], inf);
  EXPECT_DOUBLE_EQ(d[3], (3.0 - 0.0) / 4 * 2);

  const Eigen::VectorXd all = crowding_distances(f, {0, 0, 0, 0, 1});
  EXPECT_DOUBLE_EQ(all[0], 1.5);
  EXPECT_EQ(all[4], inf);  // a front of one
}

TEST(Crowding, SmallFrontsAndFlatObjectives) {
  const Eigen::MatrixXd f = columns({{1, 5}, {2, 5}, {3, 5}});
  const std::vector<double> d = crowding_distance(f, {0, 1, 2});
  EXPECT_EQ(d[0], inf);
  EXPECT_DOUBLE_EQ(d[1], 1.0);  // the flat objective adds nothing
  EXPECT_EQ(d[2], inf);
  EXPECT_EQ(crowding_distance(f, {0, 2}), (std::vector<double>{inf, inf}));
}

// Choosing emigrants (the first of an order from best to worst) and placing immigrants (the last
// of it replaced).
#include <gtest/gtest.h>

#include "neurofit/evo/nondominated.hpp"
#include "neurofit/island/migration.hpp"
#include "neurofit/island/settings.hpp"

using namespace neurofit::island;

namespace {

// Two objectives; columns: 0 and 1 on the first front (extremes), 2 in the middle of it,
// 3 dominated by 2, 4 dominated by everything.
Eigen::MatrixXd example_f() {
  Eigen::MatrixXd f(2, 5);
  f << 0.0, 1.0, 0.5, 0.6, 2.0,  //
      1.0, 0.0, 0.5, 0.6, 2.0;
  return f;
}

}  // namespace

std::vector<Eigen::Index> order_of(const Eigen::MatrixXd& f) {
  return neurofit::evo::pareto_order(f);
}

TEST(Migration, ParetoOrderIsByFrontThenCrowding) {
  const auto order = order_of(example_f());
  // Front 0: the extremes 0 and 1 (infinite crowding, by index), then 2; then 3, then 4.
  EXPECT_EQ(order, (std::vector<Eigen::Index>{0, 1, 2, 3, 4}));
  EXPECT_EQ(select_emigrants(order, 2), (std::vector<Eigen::Index>{0, 1}));
  EXPECT_EQ(select_emigrants(order, 99).size(), 5u);
}

Eigen::MatrixXd none;  // no extra data

TEST(Migration, ImmigrantsReplaceTheWorst) {
  Eigen::MatrixXd f = example_f();
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(1, 5, 0.5);
  for (int j = 0; j < 5; ++j) x(0, j) = 0.1 * j;
  Eigen::MatrixXd imm_x(1, 2), imm_f(2, 2);
  imm_x << 0.91, 0.92;
  imm_f << 5.0, 6.0,  //
      5.0, 6.0;       // worse than everything: `worst` still takes them in
  EXPECT_EQ(place_immigrants(x, f, none, imm_x, imm_f, none, Replacement::worst, order_of(f)), 2);
  EXPECT_DOUBLE_EQ(x(0, 4), 0.91);  // the worst member went first
  EXPECT_DOUBLE_EQ(x(0, 3), 0.92);  // then the next worst
  EXPECT_DOUBLE_EQ(x(0, 2), 0.2);
}

TEST(Migration, DominatedReplacementTakesOnlyWhatAnImmigrantDominates) {
  Eigen::MatrixXd f = example_f();
  Eigen::MatrixXd x(1, 5);
  x << 0.0, 0.1, 0.2, 0.3, 0.4;
  Eigen::MatrixXd imm_x(1, 2), imm_f(2, 2);
  imm_x << 0.91, 0.92;
  imm_f << 5.0, 0.55,  // the first dominates nothing; the second dominates 3 and 4
      5.0, 0.55;
  EXPECT_EQ(place_immigrants(x, f, none, imm_x, imm_f, none, Replacement::dominated, order_of(f)),
            1);
  EXPECT_DOUBLE_EQ(x(0, 4), 0.92);  // the worst member it dominates
  EXPECT_DOUBLE_EQ(x(0, 3), 0.3);
  EXPECT_DOUBLE_EQ(f(0, 4), 0.55);
}

TEST(Migration, ExtraDataTravelsWithTheImmigrant) {
  Eigen::MatrixXd f = example_f();
  Eigen::MatrixXd x(1, 5), e(2, 5);
  x << 0.0, 0.1, 0.2, 0.3, 0.4;
  e.setZero();
  Eigen::MatrixXd imm_x(1, 1), imm_f(2, 1), imm_e(2, 1);
  imm_x << 0.9;
  imm_f << 0.1, 0.1;
  imm_e << 7.0, 8.0;
  EXPECT_EQ(place_immigrants(x, f, e, imm_x, imm_f, imm_e, Replacement::worst, order_of(f)), 1);
  EXPECT_EQ(e.col(4), imm_e.col(0));
  EXPECT_TRUE(e.leftCols(4).isZero());
}

TEST(Migration, ClonesAreSkipped) {
  Eigen::MatrixXd f = example_f();
  Eigen::MatrixXd x(1, 5);
  x << 0.0, 0.1, 0.2, 0.3, 0.4;
  Eigen::MatrixXd imm_x(1, 2), imm_f(2, 2);
  imm_x << 0.2, 0.2;  // equal to member 2, and to each other
  imm_f << 0.5, 0.5, 0.5, 0.5;
  EXPECT_EQ(place_immigrants(x, f, none, imm_x, imm_f, none, Replacement::worst, order_of(f)), 0);
  EXPECT_DOUBLE_EQ(x(0, 4), 0.4);
}

TEST(Migration, SettingsAreValidated) {
  ArchipelagoSettings s;
  EXPECT_THROW(s.validate(), std::invalid_argument);  // no island
  s.islands.resize(3);
  EXPECT_NO_THROW(s.validate());
  s.migration.emigrants = s.islands[0].ga.population + 1;
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s.migration.emigrants = 2;
  s.migration.topology = Topology::random;
  s.migration.degree = 3;
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s.migration.degree = 2;
  EXPECT_NO_THROW(s.validate());
  s.gather_every = 0;
  EXPECT_THROW(s.validate(), std::invalid_argument);
  EXPECT_THROW(topology_from("star"), std::invalid_argument);
  EXPECT_EQ(replacement_from("dominated"), Replacement::dominated);
}

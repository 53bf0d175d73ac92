// SHADE on the minimax order: it finds the minimax point of problems whose answer is known in
// closed form, is deterministic, and restarts bit-identically from its saved state.
#include <gtest/gtest.h>

#include <cmath>

#include "neurofit/evo/algorithms.hpp"
#include "neurofit/evo/minimax.hpp"
#include "neurofit/evo/shade.hpp"
#include "neurofit/evo/test_problems.hpp"

using namespace neurofit::evo;

namespace {

// A fit in miniature: objective i is |x_i - t_i| / s_i (a z-score), so the minimax point is
// x = t with every objective 0. Targets off the centre and scales far apart.
class Targets : public Problem {
 public:
  Eigen::Index n_var() const override { return 6; }
  Eigen::Index n_obj() const override { return 6; }
  Eigen::VectorXd lower() const override { return Eigen::VectorXd::Constant(6, -10); }
  Eigen::VectorXd upper() const override { return Eigen::VectorXd::Constant(6, 30); }
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override {
    const Eigen::VectorXd t = (Eigen::VectorXd(6) << 1, -7, 25, 3.5, 0, 12).finished();
    const Eigen::VectorXd s = (Eigen::VectorXd(6) << 0.1, 1, 10, 0.5, 2, 0.01).finished();
    f.resize(6, x.cols());
    for (Eigen::Index c = 0; c < x.cols(); ++c)
      f.col(c) = ((x.col(c) - t).array().abs() / s.array()).matrix();
  }
};

Shade run_shade(const Problem& p, std::uint64_t seed, int generations,
                Eigen::Index population = 40) {
  ShadeSettings s;
  s.population = population;
  Shade algo(s);
  Rng rng(seed);
  algo.initialize(p, rng);
  for (int g = 0; g < generations; ++g) algo.step(p, rng);
  return algo;
}

double best_largest(const Algorithm& a) {
  return minimax_of(a.f(), minimax_best(a.f())).largest;
}

}  // namespace

TEST(ShadeSettings, ValidateNamesTheBadField) {
  EXPECT_NO_THROW(ShadeSettings{}.validate());
  ShadeSettings s;
  s.population = 3;
  EXPECT_THROW(Shade{s}, std::invalid_argument);
  s = {};
  s.memory = 0;
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s = {};
  s.p_max = 0;
  EXPECT_THROW(s.validate(), std::invalid_argument);
}

TEST(Minimax, OrdersByLargestThenSum) {
  Eigen::MatrixXd f(2, 4);
  f << 0.1, 2.0, 0.9, 0.8,  //
      3.0, 0.1, 0.9, 1.0;
  EXPECT_EQ(minimax_best(f), 2);  // largest 0.9 (column 3's is 1.0)
  EXPECT_EQ(minimax_order(f), (std::vector<Eigen::Index>{2, 3, 1, 0}));
  f(0, 3) = 0.9;
  f(1, 3) = 0.8;  // largest 0.9 too, sum 1.7 < 1.8
  EXPECT_EQ(minimax_best(f), 3);
}

// Every objective of the targets problem is brought to 0 (x = t, within 2e-6 of the scale),
// though the scales differ by a factor of 1000.
TEST(Shade, FindsTheMinimaxPointOfATargetsProblem) {
  const Targets p;
  const Shade algo = run_shade(p, 1, 400);
  EXPECT_LT(best_largest(algo), 2e-6);
  EXPECT_EQ(algo.best_first().front(), minimax_best(algo.f()));
}

// DTLZ2's front is the positive part of the unit sphere; its minimax point has every objective
// equal to 1/sqrt(3).
TEST(Shade, Dtlz2MinimaxPointIsTheSphereDiagonal) {
  const Dtlz p(2, 12, 3);
  const Shade algo = run_shade(p, 2, 300);
  EXPECT_NEAR(best_largest(algo), 1.0 / std::sqrt(3.0), 1e-4);
}

TEST(Shade, AdaptsItsMemoryAndBoundsItsArchive) {
  const Targets p;
  const Shade algo = run_shade(p, 3, 50);
  EXPECT_NE(algo.memory_f(), Eigen::VectorXd::Constant(6, 0.5));
  EXPECT_NE(algo.memory_cr(), Eigen::VectorXd::Constant(6, 0.5));
  EXPECT_GT(algo.archive().cols(), 0);
  EXPECT_LE(algo.archive().cols(), algo.population_size());
  EXPECT_TRUE((algo.x().array() >= 0).all() && (algo.x().array() <= 1).all());
  EXPECT_EQ(algo.evaluations(), 40u * 51u);
}

TEST(Shade, SameSeedIsBitIdenticalOtherSeedDiffers) {
  const Dtlz p(2, 7, 3);
  const Shade a = run_shade(p, 3, 10), b = run_shade(p, 3, 10), c = run_shade(p, 4, 10);
  EXPECT_EQ(a.x(), b.x());
  EXPECT_EQ(a.f(), b.f());
  EXPECT_NE(a.x(), c.x());
}

TEST(Shade, RestartFromPopulationStateAndRngIsBitIdentical) {
  const Targets p;
  const Shade straight = run_shade(p, 9, 30);
  ShadeSettings s;
  s.population = 40;
  Shade first(s);
  Rng rng(9);
  first.initialize(p, rng);
  for (int g = 0; g < 15; ++g) first.step(p, rng);
  const std::string saved = rng.save_state();
  Shade second(s);
  second.set_population(first.x(), first.f());
  second.set_state(first.state());  // memory and archive
  Rng rng2;
  rng2.load_state(saved);
  for (int g = 0; g < 15; ++g) second.step(p, rng2);
  EXPECT_EQ(second.x(), straight.x());
  EXPECT_EQ(second.f(), straight.f());
  EXPECT_EQ(second.state(), straight.state());
  // Without the saved state the memory starts afresh, and the run differs.
  Shade third(s);
  third.set_population(first.x(), first.f());
  Rng rng3;
  rng3.load_state(saved);
  for (int g = 0; g < 15; ++g) third.step(p, rng3);
  EXPECT_NE(third.x(), straight.x());
  EXPECT_THROW(third.set_state({1.0, 2.0}), std::invalid_argument);
  std::vector<double> bad = first.state();
  bad.pop_back();  // an archive column cut short
  EXPECT_THROW(third.set_state(bad), std::invalid_argument);
}

TEST(Shade, MadeByName) {
  AlgorithmSettings s;
  s.name = "shade";
  s.ga.population = 12;
  const auto a = make_algorithm(s);
  EXPECT_EQ(a->name(), "shade");
  s.memory = 0;
  EXPECT_THROW(make_algorithm(s), std::invalid_argument);
}

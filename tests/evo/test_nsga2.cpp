#include <gtest/gtest.h>

#include <string>

#include "neurofit/evo/nondominated.hpp"
#include "neurofit/evo/nsga2.hpp"
#include "neurofit/evo/test_problems.hpp"

using namespace neurofit::evo;

namespace {

// Counts evaluate() calls, to check that a generation evaluates its offspring in one batch.
class Counting : public Problem {
 public:
  explicit Counting(const Problem& inner) : inner_(inner) {}
  Eigen::Index n_var() const override { return inner_.n_var(); }
  Eigen::Index n_obj() const override { return inner_.n_obj(); }
  Eigen::VectorXd lower() const override { return inner_.lower(); }
  Eigen::VectorXd upper() const override { return inner_.upper(); }
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override {
    ++calls;
    last_batch = x.cols();
    inner_.evaluate(x, f);
  }
  mutable int calls = 0;
  mutable Eigen::Index last_batch = 0;

 private:
  const Problem& inner_;
};

void expect_rejects(Nsga2Settings s, const std::string& field) {
  try {
    s.validate();
    FAIL() << field << " accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

Nsga2 run_nsga2(const Problem& p, std::uint64_t seed, int generations,
                Eigen::Index population = 40) {
  Nsga2 algo({.population = population});
  Rng rng(seed);
  algo.initialize(p, rng);
  for (int g = 0; g < generations; ++g) algo.step(p, rng);
  return algo;
}

}  // namespace

TEST(Nsga2Settings, ValidateNamesEachBadField) {
  EXPECT_NO_THROW(Nsga2Settings{}.validate());
  expect_rejects({.population = 1}, "population");
  expect_rejects({.eta_c = -1}, "eta_c");
  expect_rejects({.eta_c = std::nan("")}, "eta_c");
  expect_rejects({.eta_m = -0.5}, "eta_m");
  expect_rejects({.p_crossover = 1.5}, "p_crossover");
  expect_rejects({.p_crossover = -0.1}, "p_crossover");
  expect_rejects({.p_mutation = 2}, "p_mutation");
  expect_rejects({.p_mutation = -0.5}, "p_mutation");
  EXPECT_NO_THROW((Nsga2Settings{.p_mutation = 0.0}.validate()));
  EXPECT_THROW(Nsga2({.population = 0}), std::invalid_argument);
  EXPECT_DOUBLE_EQ(Nsga2Settings{}.mutation_probability(4), 0.25);
  EXPECT_DOUBLE_EQ(Nsga2Settings{.p_mutation = 0.3}.mutation_probability(4), 0.3);
}

TEST(Nsga2, OneBatchPerGenerationAndCounters) {
  const Zdt zdt(1, 10);
  const Counting p(zdt);
  Nsga2 algo({.population = 21});  // odd: the last child of the last pair is dropped
  Rng rng(1);
  algo.initialize(p, rng);
  EXPECT_EQ(p.calls, 1);
  EXPECT_EQ(algo.evaluations(), 21u);
  algo.step(p, rng);
  algo.step(p, rng);
  EXPECT_EQ(p.calls, 3);
  EXPECT_EQ(p.last_batch, 21);
  EXPECT_EQ(algo.evaluations(), 63u);
  EXPECT_EQ(algo.generation(), 2u);
  EXPECT_EQ(algo.population_size(), 21);
  EXPECT_TRUE((algo.x().array() >= 0).all() && (algo.x().array() <= 1).all());
}

TEST(Nsga2, RanksAndCrowdingDescribeTheCurrentPopulation) {
  const Zdt p(2, 10);
  const Nsga2 algo = run_nsga2(p, 3, 10);
  EXPECT_EQ(algo.ranks(), non_dominated_sort(algo.f()));
  EXPECT_EQ(algo.crowding(), crowding_distances(algo.f(), algo.ranks()));
  const auto front = algo.first_front();
  EXPECT_FALSE(front.empty());
  for (Eigen::Index j : front) EXPECT_EQ(algo.ranks()[static_cast<std::size_t>(j)], 0);
}

TEST(Nsga2, ElitistSurvivalNeverLosesTheBestOfAnObjective) {
  const Zdt p(1, 10);
  Nsga2 algo({.population = 30});
  Rng rng(4);
  algo.initialize(p, rng);
  double best = algo.f().row(1).minCoeff();
  for (int g = 0; g < 30; ++g) {
    algo.step(p, rng);
    const double now = algo.f().row(1).minCoeff();
    ASSERT_LE(now, best);  // an extreme of the first front has infinite crowding
    best = now;
  }
}

TEST(Nsga2, SameSeedIsBitIdenticalOtherSeedDiffers) {
  const Dtlz p(2, 7, 3);
  const Nsga2 a = run_nsga2(p, 17, 15), b = run_nsga2(p, 17, 15), c = run_nsga2(p, 18, 15);
  EXPECT_EQ(a.x(), b.x());
  EXPECT_EQ(a.f(), b.f());
  EXPECT_NE(a.x(), c.x());
}

TEST(Nsga2, RestartFromPopulationAndRngStateIsBitIdentical) {
  const Zdt p(3, 12);
  const Nsga2 straight = run_nsga2(p, 5, 20);

  Nsga2 first({.population = 40});
  Rng rng(5);
  first.initialize(p, rng);
  for (int g = 0; g < 8; ++g) first.step(p, rng);
  const std::string state = rng.save_state();

  Nsga2 resumed({.population = 40});
  resumed.set_population(first.x(), first.f());
  resumed.set_counters(first.generation(), first.evaluations());
  Rng rng2;
  rng2.load_state(state);
  for (int g = 0; g < 12; ++g) resumed.step(p, rng2);
  EXPECT_EQ(resumed.x(), straight.x());
  EXPECT_EQ(resumed.f(), straight.f());
  EXPECT_EQ(resumed.evaluations(), straight.evaluations());
}

TEST(Nsga2, SetPopulationAndStepValidate) {
  const Zdt p(1, 5);
  Nsga2 algo({.population = 10});
  Rng rng(1);
  EXPECT_THROW(algo.step(p, rng), std::invalid_argument);  // no population yet
  EXPECT_THROW(
      algo.set_population(Eigen::MatrixXd::Constant(5, 10, 0.5), Eigen::MatrixXd::Zero(2, 9)),
      std::invalid_argument);
  EXPECT_THROW(
      algo.set_population(Eigen::MatrixXd::Constant(5, 10, 1.5), Eigen::MatrixXd::Zero(2, 10)),
      std::invalid_argument);
  algo.set_population(Eigen::MatrixXd::Constant(4, 10, 0.5), Eigen::MatrixXd::Zero(2, 10));
  EXPECT_THROW(algo.step(p, rng), std::invalid_argument);  // 4 variables, problem has 5
}

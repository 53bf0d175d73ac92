#include <gtest/gtest.h>

#include <cmath>

#include "neurofit/evo/algorithms.hpp"
#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/hypervolume.hpp"
#include "neurofit/evo/ibea.hpp"
#include "neurofit/evo/test_problems.hpp"

using namespace neurofit::evo;

namespace {

Ibea run_ibea(const Problem& p, std::uint64_t seed, int generations, Eigen::Index population = 40,
              Archive* archive = nullptr) {
  IbeaSettings s;
  s.ga.population = population;
  Ibea algo(s);
  Rng rng(seed);
  algo.initialize(p, rng);
  if (archive) archive->insert(algo.x(), algo.f());
  for (int g = 0; g < generations; ++g) {
    algo.step(p, rng);
    if (archive) archive->insert(algo.x(), algo.f());
  }
  return algo;
}

}  // namespace

TEST(IbeaSettings, ValidateNamesTheBadField) {
  EXPECT_NO_THROW(IbeaSettings{}.validate());
  IbeaSettings s;
  s.kappa = 0;
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s = {};
  s.ga.population = 1;
  EXPECT_THROW(Ibea{s}, std::invalid_argument);
}

TEST(IbeaSelect, RemovesTheDominatedPointFirst) {
  // Four points of a 2-objective front and one dominated by all but the last.
  Eigen::MatrixXd f(2, 5);
  f << 0.0, 0.3, 0.6, 1.0, 0.7,  //
      1.0, 0.6, 0.3, 0.0, 0.7;
  const auto kept = ibea_select(f, 4, 0.05);
  EXPECT_EQ(kept, (std::vector<Eigen::Index>{0, 1, 2, 3}));
}

TEST(IbeaSelect, FitnessRanksDominationAndKeepsAll) {
  Eigen::MatrixXd f(2, 3);
  f << 0.0, 1.0, 1.0,  //
      0.0, 1.0, 2.0;   // column 0 dominates 1, which dominates 2
  Eigen::VectorXd fit;
  const auto kept = ibea_select(f, 3, 0.05, &fit);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_GT(fit[0], fit[1]);
  EXPECT_GT(fit[1], fit[2]);
}

TEST(Ibea, SameSeedIsBitIdenticalOtherSeedDiffers) {
  const Dtlz p(2, 7, 3);
  const Ibea a = run_ibea(p, 3, 10), b = run_ibea(p, 3, 10), c = run_ibea(p, 4, 10);
  EXPECT_EQ(a.x(), b.x());
  EXPECT_EQ(a.f(), b.f());
  EXPECT_NE(a.x(), c.x());
}

TEST(Ibea, RestartFromPopulationStateAndRngIsBitIdentical) {
  const Zdt p(1, 12);
  const Ibea straight = run_ibea(p, 9, 20);
  IbeaSettings s;
  s.ga.population = 40;
  Ibea first(s);
  Rng rng(9);
  first.initialize(p, rng);
  for (int g = 0; g < 10; ++g) first.step(p, rng);
  const std::string saved = rng.save_state();
  Ibea second(s);
  second.set_population(first.x(), first.f());
  second.set_state(first.state());  // the mating fitness selection left
  Rng rng2;
  rng2.load_state(saved);
  for (int g = 0; g < 10; ++g) second.step(p, rng2);
  EXPECT_EQ(second.x(), straight.x());
  EXPECT_EQ(second.f(), straight.f());
  // Without the saved state the fitness is recomputed from the population alone, and differs.
  Ibea third(s);
  third.set_population(first.x(), first.f());
  EXPECT_NE(third.fitness(), first.fitness());
  EXPECT_THROW(third.set_state({1.0, 2.0}), std::invalid_argument);
  Nsga2 nsga2;
  EXPECT_TRUE(nsga2.state().empty());
  EXPECT_THROW(nsga2.set_state({1.0}), std::invalid_argument);
}

TEST(Ibea, Zdt1ReachesTheTrueFront) {
  const Zdt p(1, 30);
  Archive archive(0);
  const Ibea algo = run_ibea(p, 1, 250, 100, &archive);
  Eigen::Vector2d ref(1.1, 1.1);
  // The true front's hypervolume is 0.8767; NSGA-II's test asks 0.86 of the same budget.
  EXPECT_GE(hypervolume(algo.f(), ref), 0.86);
  EXPECT_GE(hypervolume(archive.f(), ref), 0.86);
}

TEST(Ibea, Dtlz2ThreeObjectives) {
  const Dtlz p(2, 12, 3);
  Archive archive(0);
  run_ibea(p, 2, 250, 92, &archive);
  // True front: 1.331 - pi/6 = 0.8074 for reference (1.1, 1.1, 1.1).
  EXPECT_GE(hypervolume(archive.f(), Eigen::Vector3d(1.1, 1.1, 1.1)), 0.77);
}

TEST(MakeAlgorithm, ByName) {
  AlgorithmSettings s;
  EXPECT_EQ(make_algorithm(s)->name(), "ibea");  // the default
  s.name = "nsga2";
  EXPECT_EQ(make_algorithm(s)->name(), "nsga2");
  s.name = "cmaes";
  EXPECT_THROW(make_algorithm(s), std::invalid_argument);
  s.name = "ibea";
  s.kappa = -1;
  EXPECT_THROW(make_algorithm(s), std::invalid_argument);
}

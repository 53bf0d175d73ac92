// The optimizer on standard problems: the driver's records, and the quality a correct NSGA-II
// reaches (Deb et al. 2002 settings: SBX eta 20, PM eta 20, p_c 0.9, p_m 1/n).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/nsga2.hpp"
#include "neurofit/evo/test_problems.hpp"

using namespace neurofit::evo;

namespace {

struct Outcome {
  double archive_hv;
  double front_hv;
  History history;
};

Outcome solve(const char* name, Eigen::Index n_var, Eigen::Index n_obj, Eigen::Index population,
              std::uint64_t generations, std::uint64_t seed) {
  auto problem = make_test_problem(name, n_var, n_obj);
  Nsga2 algo({.population = population});
  Rng rng(stream_seed(seed, 0, 0));
  Archive archive(0);
  RecordSettings settings;
  Outcome out;
  out.history = optimize(*problem, algo, rng, generations, archive, settings);
  const Eigen::VectorXd ref = Eigen::VectorXd::Constant(n_obj, 1.1);
  out.archive_hv = hypervolume(archive.f(), ref);
  Eigen::MatrixXd front(n_obj, 0);
  for (Eigen::Index j : algo.first_front()) {
    front.conservativeResize(Eigen::NoChange, front.cols() + 1);
    front.col(front.cols() - 1) = algo.f().col(j);
  }
  out.front_hv = hypervolume(front, ref);
  return out;
}

}  // namespace

TEST(Optimize, RecordsEveryGenerationAndCallsBack) {
  auto problem = make_test_problem("zdt1", 10);
  Nsga2 algo({.population = 20});
  Rng rng(1);
  Archive archive;
  int calls = 0;
  const History h =
      optimize(*problem, algo, rng, 5, archive, {}, [&](const GenerationRecord&) { ++calls; });
  ASSERT_EQ(h.size(), 6u);  // the initial population, then 5 generations
  EXPECT_EQ(calls, 6);
  for (std::size_t g = 0; g < h.size(); ++g) {
    EXPECT_EQ(h[g].generation, g);
    EXPECT_EQ(h[g].evaluations, 20 * (g + 1));
    EXPECT_GT(h[g].archive_size, 0);
    ASSERT_EQ(h[g].best.size(), 2);
    if (g > 0) {
      EXPECT_GE(h[g].hypervolume, h[g - 1].hypervolume);  // an unbounded archive never loses
      EXPECT_LE(h[g].best[0], h[g - 1].best[0]);
    }
  }
  EXPECT_EQ(h.back().archive_size, archive.size());
  EXPECT_EQ(h.back().best[0], archive.f().row(0).minCoeff());
  EXPECT_DOUBLE_EQ(h.back().hypervolume, hypervolume(archive.f(), Eigen::Vector2d(1.1, 1.1)));
  // Archived parameters are in problem units and reproduce the archived objectives.
  Eigen::MatrixXd f;
  problem->evaluate(archive.x(), f);
  EXPECT_EQ(f, archive.f());

  // Continuing the same algorithm does not re-initialize it.
  const History more = optimize(*problem, algo, rng, 2, archive);
  ASSERT_EQ(more.size(), 2u);
  EXPECT_EQ(more[0].generation, 6u);
}

TEST(Optimize, ScaleAndReferenceDefineTheRecordedHypervolume) {
  auto problem = make_test_problem("zdt2", 8);
  Nsga2 algo({.population = 16});
  Rng rng(2);
  Archive archive;
  RecordSettings settings;
  settings.scale = Eigen::Vector2d(2, 4);
  settings.reference = Eigen::Vector2d(3, 3);
  const History h = optimize(*problem, algo, rng, 3, archive, settings);
  Eigen::MatrixXd scaled = archive.f();
  scaled.row(0) /= 2;
  scaled.row(1) /= 4;
  EXPECT_DOUBLE_EQ(h.back().hypervolume, hypervolume(scaled, Eigen::Vector2d(3, 3)));
  RecordSettings bad;
  bad.scale = Eigen::Vector3d(1, 1, 1);
  EXPECT_THROW(optimize(*problem, algo, rng, 1, archive, bad), std::invalid_argument);
}

TEST(Optimize, HypervolumeCanBeLeftOutWithoutChangingTheRun) {
  auto problem = make_test_problem("zdt1", 8);
  Nsga2 a({.population = 16}), b({.population = 16});
  Rng ra(4), rb(4);
  Archive archive_a, archive_b;
  RecordSettings on;
  on.reference = Eigen::Vector2d(11, 11);  // far out: early fronts lie beyond (1.1, 1.1)
  RecordSettings off = on;
  off.hypervolume = false;
  const History with = optimize(*problem, a, ra, 5, archive_a, on);
  const History without = optimize(*problem, b, rb, 5, archive_b, off);
  EXPECT_GT(with.back().hypervolume, 0.0);
  EXPECT_EQ(without.back().hypervolume, 0.0);
  EXPECT_EQ(without.back().best, with.back().best);
  EXPECT_EQ(archive_a.f(), archive_b.f());
}

TEST(Optimize, Zdt1ReachesTheTrueFront) {
  const Outcome out = solve("zdt1", 30, 2, 100, 250, 1);
  RecordProperty("front_hv", std::to_string(out.front_hv));
  EXPECT_GE(out.front_hv, 0.86);  // true front: 2/3 + 0.21 = 0.8767
  EXPECT_GE(out.archive_hv, out.front_hv);
  EXPECT_LE(out.archive_hv, 0.8767);
  EXPECT_EQ(out.history.back().evaluations, 25100u);
}

TEST(Optimize, Zdt2ReachesTheTrueFront) {
  const Outcome out = solve("zdt2", 30, 2, 100, 250, 2);
  RecordProperty("front_hv", std::to_string(out.front_hv));
  EXPECT_GE(out.front_hv, 0.52);  // true front: 1/3 + 0.21 = 0.5434
  EXPECT_LE(out.archive_hv, 0.5434);
}

TEST(Optimize, Dtlz2ThreeObjectivesApproachesTheTrueFront) {
  const Outcome out = solve("dtlz2", 12, 3, 92, 250, 3);
  RecordProperty("front_hv", std::to_string(out.front_hv));
  RecordProperty("archive_hv", std::to_string(out.archive_hv));
  const double truth = 1.331 - std::numbers::pi / 6;  // 0.8074
  EXPECT_GE(out.front_hv, 0.66);                      // 0.683-0.711 over 10 seeds
  EXPECT_GE(out.archive_hv, 0.775);                   // 0.784-0.787 over 10 seeds
  EXPECT_LT(out.archive_hv, truth);
}

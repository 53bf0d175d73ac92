// The island-model keys of the run config: islands (count and per-island algorithm changes),
// migration and gather_every, with their defaults and their errors at file:line:col.
#include <gtest/gtest.h>

#include <string>

#include "neurofit/errors.hpp"
#include "neurofit/io/run_config.hpp"
#include "run_config_test_support.hpp"

namespace neurofit::io {
namespace {

const std::string zdt = "problem: {name: zdt1}\ngenerations: 3\n";

using testing::run_config_error;

TEST(RunConfigIslands, DefaultsAreOneIslandPerRankRingEvery10) {
  const RunConfig c = parse_run_config(zdt, "run.yaml");
  EXPECT_EQ(c.islands, 0);
  EXPECT_EQ(c.island_count(6), 6);
  EXPECT_EQ(c.migration.interval, 10u);
  EXPECT_EQ(c.migration.emigrants, 2);
  EXPECT_EQ(c.migration.topology, island::Topology::ring);
  EXPECT_EQ(c.migration.replacement, island::Replacement::worst);
  EXPECT_EQ(c.gather_every, 10u);  // the migration interval
  EXPECT_EQ(parse_run_config(zdt + "migration: {interval: 25}\n", "run.yaml").gather_every, 25u);
  EXPECT_EQ(parse_run_config(zdt + "migration: {interval: 0}\n", "run.yaml").gather_every, 10u);
  const auto s = c.archipelago(3);
  ASSERT_EQ(s.n_islands(), 3);
  EXPECT_EQ(s.islands[2].name, "ibea");
}

TEST(RunConfigIslands, PerIslandAlgorithmsChangeTheSharedOneAndCycle) {
  const RunConfig c = parse_run_config(
      zdt +
          "algorithm: {name: nsga2, population: 20, eta_c: 15}\n"
          "islands: {count: 5, algorithms: [{eta_m: 5}, {eta_m: 40, name: ibea, kappa: 0.1}]}\n"
          "migration: {interval: 4, emigrants: 3, topology: random, degree: 2, replace: "
          "dominated}\n"
          "gather_every: 5\n",
      "run.yaml");
  EXPECT_EQ(c.islands, 5);
  const auto s = c.archipelago(2);
  ASSERT_EQ(s.n_islands(), 5);
  for (int i = 0; i < 5; ++i) {
    const auto& a = s.islands[static_cast<std::size_t>(i)];
    EXPECT_EQ(a.ga.population, 20);  // from `algorithm`
    EXPECT_EQ(a.ga.eta_c, 15);
    EXPECT_EQ(a.ga.eta_m, i % 2 ? 40 : 5) << i;
    EXPECT_EQ(a.name, i % 2 ? "ibea" : "nsga2") << i;
  }
  EXPECT_EQ(s.islands[1].kappa, 0.1);
  EXPECT_EQ(s.migration.interval, 4u);
  EXPECT_EQ(s.migration.emigrants, 3);
  EXPECT_EQ(s.migration.topology, island::Topology::random);
  EXPECT_EQ(s.migration.degree, 2);
  EXPECT_EQ(s.migration.replacement, island::Replacement::dominated);
  EXPECT_EQ(s.gather_every, 5u);
  EXPECT_NO_THROW(s.validate());
}

TEST(RunConfigIslands, ScalarIslandsAndMigrationOff) {
  const RunConfig c = parse_run_config(zdt + "islands: 3\nmigration: {interval: 0}\n", "run.yaml");
  EXPECT_EQ(c.archipelago(1).n_islands(), 3);
  EXPECT_FALSE(c.migration.enabled());
}

TEST(RunConfigIslands, ErrorsNameTheNode) {
  EXPECT_EQ(run_config_error(zdt + "islands: 0\n").rfind("run.yaml:3:10: islands", 0), 0u)
      << run_config_error(zdt + "islands: 0\n");
  EXPECT_EQ(run_config_error(zdt + "migration: {topology: star}\n").rfind("run.yaml:3:23: ", 0), 0u)
      << run_config_error(zdt + "migration: {topology: star}\n");
  EXPECT_NE(
      run_config_error(zdt + "migration: {topology: star}\n").find("known: ring, full, random"),
      std::string::npos);
  EXPECT_NE(run_config_error(zdt + "migration: {degree: 2}\n").find("random topology only"),
            std::string::npos);
  EXPECT_NE(run_config_error(zdt + "migration: {replace: best}\n").find("known: worst, dominated"),
            std::string::npos);
  EXPECT_NE(run_config_error(zdt + "migration: {every: 2}\n").find("every"), std::string::npos);
  EXPECT_NE(run_config_error(zdt + "algorithm: {population: 4}\nmigration: {emigrants: 5}\n")
                .find("emigrants (5) exceed an island's population (4)"),
            std::string::npos);
  EXPECT_NE(run_config_error(zdt + "islands: 3\nmigration: {topology: random, degree: 3}\n")
                .find("degree (3) must be between 1 and the number of islands less one (2)"),
            std::string::npos);
  EXPECT_NE(run_config_error(zdt + "islands: {algorithms: []}\n").find("per-island changes"),
            std::string::npos);
  EXPECT_NE(run_config_error(zdt + "islands: {algorithms: [{eta: 3}]}\n").find("eta"),
            std::string::npos);
  EXPECT_NE(run_config_error(zdt + "gather_every: 0\n").find("gather_every"), std::string::npos);
}

}  // namespace
}  // namespace neurofit::io

// The run config: good configs parse to the right values (and every example parses), protocols
// among them; each kind of bad config is one InputError, one line, naming file:line:col of the
// offending node and the key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "neurofit/errors.hpp"
#include "neurofit/io/run_config.hpp"
#include "run_config_test_support.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;

using testing::run_config_error;

// An InputError at run.yaml:<where> whose single-line message mentions `names`.
void expect_error(const std::string& text, const std::string& where, const std::string& names) {
  const std::string msg = run_config_error(text);
  EXPECT_EQ(msg.rfind("run.yaml:" + where + ": ", 0), 0u) << "message: " << msg;
  EXPECT_NE(msg.find(names), std::string::npos) << "message: " << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "message: " << msg;
}

const std::string minimal_fit =
    "model: izhikevich2007\n"
    "cell_type: neocortex_l56_pyramidal\n"
    "generations: 5\n";

TEST(RunConfig, FullFitConfigParsesToItsValues) {
  const std::string text =
      "model: izhikevich2007\n"
      "cell_type: neocortex_l56_pyramidal\n"
      "features: [rheobase, ap_width]\n"
      "bounds: {C: [30, 250], k: [0.3, 1.2]}\n"
      "fixed: {vpeak: 30}\n"
      "algorithm: {name: nsga2, population: 24, eta_c: 15, eta_m: 7.5, p_crossover: 0.8, "
      "p_mutation: 0.25}\n"
      "generations: 12\n"
      "archive_size: 0\n"
      "seed: 42\n"
      "output: out/fit\n";
  const RunConfig c = parse_run_config(text, "dir/run.yaml");
  EXPECT_TRUE(c.is_fit());
  EXPECT_FALSE(c.problem);
  EXPECT_EQ(c.file, "dir/run.yaml");
  EXPECT_EQ(c.text, text);
  EXPECT_EQ(c.model, "izhikevich2007");
  EXPECT_EQ(c.cell_type, "neocortex_l56_pyramidal");
  ASSERT_NE(c.cell.find("rheobase"), nullptr);
  EXPECT_NEAR(c.cell.find("rheobase")->mean, 213.85, 0.01);
  EXPECT_EQ(c.features, (std::vector<std::string>{"rheobase", "ap_width"}));
  ASSERT_EQ(c.bounds.size(), 2u);
  EXPECT_EQ(c.bounds[0].parameter, "C");
  EXPECT_EQ(c.bounds[0].lower, 30);
  EXPECT_EQ(c.bounds[0].upper, 250);
  EXPECT_EQ(c.bounds[1].parameter, "k");
  EXPECT_EQ(c.bounds[1].upper, 1.2);
  ASSERT_EQ(c.fixed.size(), 1u);
  EXPECT_EQ(c.fixed[0].parameter, "vpeak");
  EXPECT_EQ(c.fixed[0].value, 30);
  EXPECT_EQ(c.algorithm.name, "nsga2");
  EXPECT_EQ(c.algorithm.ga.population, 24);
  EXPECT_EQ(c.algorithm.ga.eta_c, 15);
  EXPECT_EQ(c.algorithm.ga.eta_m, 7.5);
  EXPECT_EQ(c.algorithm.ga.p_crossover, 0.8);
  EXPECT_EQ(c.algorithm.ga.p_mutation, 0.25);
  EXPECT_EQ(c.generations, 12u);
  EXPECT_EQ(c.archive_size, 0);
  EXPECT_EQ(c.seed, 42u);
  EXPECT_EQ(c.output, fs::path("out/fit"));

  Eigen::VectorXd lo, hi;
  c.model_bounds(lo, hi);
  ASSERT_EQ(lo.size(), 9);  // C k vr vt vpeak a b c d
  EXPECT_EQ(lo[0], 30);     // C overridden
  EXPECT_EQ(hi[0], 250);
  EXPECT_EQ(hi[1], 1.2);  // k overridden
  EXPECT_EQ(lo[2], -75);  // vr: the model's default
  EXPECT_EQ(hi[2], -55);
  EXPECT_EQ(lo[4], 30);  // vpeak fixed
  EXPECT_EQ(hi[4], 30);
}

TEST(RunConfig, DefaultsOfOptionalKeys) {
  const RunConfig c = parse_run_config(minimal_fit, "configs/my-fit.yaml");
  EXPECT_TRUE(c.features.empty());
  EXPECT_TRUE(c.bounds.empty());
  EXPECT_TRUE(c.fixed.empty());
  EXPECT_EQ(c.algorithm.ga.population, 100);
  EXPECT_EQ(c.algorithm.ga.eta_c, 20);
  EXPECT_EQ(c.algorithm.ga.p_crossover, 0.9);
  EXPECT_EQ(c.algorithm.ga.p_mutation, -1);  // auto
  EXPECT_EQ(c.archive_size, 500);
  EXPECT_EQ(c.seed, 1u);
  EXPECT_EQ(c.generations, 5u);
  EXPECT_EQ(c.output, fs::path("results/my-fit"));
}

TEST(RunConfig, TestProblemAndAutoMutation) {
  const RunConfig c = parse_run_config(
      "problem: {name: DTLZ2, variables: 12, objectives: 4}\n"
      "algorithm: {p_mutation: auto}\n"
      "generations: 0\n",
      "run.yaml");
  EXPECT_FALSE(c.is_fit());
  ASSERT_TRUE(c.problem);
  EXPECT_EQ(c.problem->name, "dtlz2");
  EXPECT_EQ(c.problem->variables, 12);
  EXPECT_EQ(c.problem->objectives, 4);
  EXPECT_EQ(c.algorithm.ga.p_mutation, -1);
  EXPECT_EQ(c.generations, 0u);
}

TEST(RunConfig, ShadeAndItsSettings) {
  const RunConfig c =
      parse_run_config(minimal_fit +
                           "algorithm: {name: shade, population: 60, memory: 8, p_max: 0.1}\n"
                           "islands: {count: 2, algorithms: [{name: ibea, kappa: 0.1}, {}]}\n",
                       "run.yaml");
  EXPECT_EQ(c.algorithm.name, "shade");
  EXPECT_EQ(c.algorithm.ga.population, 60);
  EXPECT_EQ(c.algorithm.memory, 8);
  EXPECT_EQ(c.algorithm.p_max, 0.1);
  ASSERT_EQ(c.island_algorithms.size(), 2u);
  EXPECT_EQ(c.island_algorithms[0].name, "ibea");
  EXPECT_EQ(c.island_algorithms[0].kappa, 0.1);
  EXPECT_EQ(c.island_algorithms[1], c.algorithm);
}

TEST(RunConfigErrors, AlgorithmSettingsOfAnotherAlgorithm) {
  expect_error(minimal_fit + "algorithm: {name: ibea, memory: 3}\n", "4:33",
               "memory applies to shade only");
  expect_error(minimal_fit + "algorithm: {name: shade, eta_c: 10}\n", "4:33",
               "eta_c applies to ibea and nsga2 only");
  expect_error(minimal_fit + "algorithm: {name: nsga2, kappa: 0.1}\n", "4:33",
               "kappa applies to ibea only");
  expect_error(minimal_fit + "algorithm: {name: cmaes}\n", "4:19",
               "unknown algorithm 'cmaes' (known: ibea, nsga2, shade)");
}

TEST(RunConfig, InlineObservations) {
  const RunConfig c = parse_run_config(
      "model: lif\n"
      "observations:\n"
      "  properties:\n"
      "    rheobase: {mean: 100, sd: 20}\n"
      "    input_resistance: {mean: 150, sd: 30}\n"
      "generations: 3\n",
      "run.yaml");
  EXPECT_EQ(c.cell_type, "inline observations");
  ASSERT_EQ(c.cell.observations.size(), 2u);
  EXPECT_EQ(c.cell.observations[1].feature, "input_resistance");
  EXPECT_EQ(c.cell.observations[1].sd, 30);
}

TEST(RunConfig, ObservationsFileRelativeToTheConfig) {
  std::random_device rd;
  const fs::path dir = fs::temp_directory_path() / ("neurofit-run-config-" + std::to_string(rd()));
  fs::create_directories(dir);
  std::ofstream(dir / "cell.yaml") << "name: my_cell\nproperties:\n  rheobase: {mean: 50, sd: 5}\n";
  const std::string text = "model: adex\nobservations: cell.yaml\ngenerations: 1\n";
  std::ofstream(dir / "run.yaml") << text;
  const RunConfig c = load_run_config((dir / "run.yaml").string());
  EXPECT_EQ(c.text, text);
  EXPECT_EQ(c.cell_type, "my_cell");
  ASSERT_NE(c.cell.find("rheobase"), nullptr);
  EXPECT_EQ(c.cell.find("rheobase")->mean, 50);
  fs::remove_all(dir);
}

TEST(RunConfig, EveryExampleParses) {
  const fs::path dir = fs::path(NEUROFIT_SOURCE_DIR) / "config" / "examples";
  for (const char* name : {"izhikevich2007-l56", "adex-l56", "lif-l56", "zdt1"}) {
    SCOPED_TRACE(name);
    const RunConfig c = load_run_config((dir / (std::string(name) + ".yaml")).string());
    EXPECT_GT(c.generations, 0u);
    if (c.is_fit()) {
      EXPECT_EQ(c.cell_type, "neocortex_l56_pyramidal");
    }
  }
  const RunConfig z = load_run_config((dir / "zdt1.yaml").string());
  ASSERT_TRUE(z.problem);
  EXPECT_EQ(z.problem->name, "zdt1");
  EXPECT_EQ(z.problem->variables, 30);
  EXPECT_EQ(z.algorithm.ga.population, 100);
  EXPECT_EQ(z.generations, 250u);
}

// ---- bad configs: one case per check ----

TEST(RunConfigErrors, UnknownKeyAtTheTop) {
  expect_error(minimal_fit + "seeds: 3\n", "4:1", "'seeds'");
}

TEST(RunConfigErrors, UnknownKeyInAlgorithm) {
  expect_error(minimal_fit + "algorithm: {population: 10, popsize: 10}\n", "4:29", "'popsize'");
}

TEST(RunConfigErrors, UnknownKeyInProblem) {
  expect_error("problem:\n  name: zdt1\n  dims: 3\ngenerations: 1\n", "3:3", "'dims'");
}

TEST(RunConfigErrors, UnknownKeyInInlineObservations) {
  expect_error(
      "model: lif\nobservations:\n  properties:\n    rheobase: {mean: 1, sd: 1, se: 2}\n"
      "generations: 1\n",
      "4:32", "'se'");
}

TEST(RunConfigErrors, KeyGivenTwice) {
  expect_error(minimal_fit + "generations: 6\n", "4:1", "'generations' given twice");
}

TEST(RunConfigErrors, WrongTypes) {
  expect_error("model: izhikevich2007\ncell_type: neocortex_l56_pyramidal\ngenerations: ten\n",
               "3:14", "generations");
  expect_error(minimal_fit + "seed: -4\n", "4:7", "seed");
  expect_error(minimal_fit + "archive_size: 1.5\n", "4:15", "archive_size");
  expect_error(minimal_fit + "algorithm: {population: [10]}\n", "4:25", "population");
  expect_error(minimal_fit + "algorithm: {p_mutation: often}\n", "4:25", "p_mutation");
  expect_error(minimal_fit + "algorithm: {p_crossover: 1.5}\n", "4:26", "p_crossover");
  expect_error(minimal_fit + "algorithm: nsga2\n", "4:12", "algorithm");
  expect_error(minimal_fit + "features: rheobase\n", "4:11", "features");
  expect_error(minimal_fit + "bounds: {C: 20}\n", "4:13", "bounds of 'C'");
  expect_error(minimal_fit + "bounds: {C: [20, high]}\n", "4:18", "bounds of 'C' high");
  expect_error(minimal_fit + "fixed: {vpeak: [1, 2]}\n", "4:16", "'vpeak'");
  expect_error(minimal_fit + "output: [a, b]\n", "4:9", "output");
  expect_error("model: [izhikevich2007]\ncell_type: neocortex_l56_pyramidal\ngenerations: 1\n",
               "1:8", "model");
  expect_error("- a list\n- not a mapping\n", "1:1", "run config");
}

TEST(RunConfigErrors, BoundsWithLowNotBelowHighAreReportedAtTheEntry) {
  expect_error(minimal_fit + "bounds:\n  k: [0.3, 1.0]\n  C: [200, 20]\n", "6:3", "'C'");
  expect_error(minimal_fit + "bounds:\n  C: [50, 50]\n", "5:3", "'C'");
}

TEST(RunConfigErrors, UnknownModelListsTheKnown) {
  expect_error("model: hodgkin_huxley\ncell_type: neocortex_l56_pyramidal\ngenerations: 1\n", "1:8",
               "'hodgkin_huxley' (known: izhikevich2007, adex, lif)");
}

TEST(RunConfigErrors, UnknownCellTypeListsTheKnown) {
  const std::string text = "model: lif\ncell_type: neocortex_l7_pyramidal\ngenerations: 1\n";
  expect_error(text, "2:12", "'neocortex_l7_pyramidal'");
  EXPECT_NE(run_config_error(text).find("neocortex_l56_pyramidal"), std::string::npos)
      << run_config_error(text);
}

TEST(RunConfigErrors, UnknownParameterInBoundsOrFixed) {
  expect_error(minimal_fit + "bounds:\n  C: [20, 100]\n  gL: [1, 2]\n", "6:3", "'gL'");
  expect_error(minimal_fit + "fixed: {vpeak: 30, V_peak: 30}\n", "4:20", "'V_peak'");
  // The message lists the model's parameters.
  EXPECT_NE(run_config_error(minimal_fit + "fixed: {x: 1}\n").find("C, k, vr"), std::string::npos);
}

TEST(RunConfigErrors, ParameterBothFixedAndBounded) {
  expect_error(minimal_fit + "bounds: {vpeak: [0, 40]}\nfixed: {vpeak: 30}\n", "5:9", "'vpeak'");
}

TEST(RunConfigErrors, EveryParameterFixed) {
  expect_error(
      "model: lif\ncell_type: neocortex_l56_pyramidal\ngenerations: 1\n"
      "fixed: {C: 1, gL: 1, EL: 1, V_th: 1, V_reset: 1, t_ref: 1}\n",
      "4:8", "fixed");
}

TEST(RunConfigErrors, UnknownFeature) {
  expect_error(minimal_fit + "features: [rheobase,\n           spike_count]\n", "5:12",
               "'spike_count'");
}

TEST(RunConfigErrors, FeatureTheCellTypeLacks) {
  expect_error(
      "model: lif\nobservations:\n  properties:\n    rheobase: {mean: 100, sd: 20}\n"
      "features: [rheobase, ap_width]\ngenerations: 1\n",
      "5:22", "'ap_width'");
}

TEST(RunConfigErrors, FeatureListedTwice) {
  expect_error(minimal_fit + "features: [rheobase, rheobase]\n", "4:22", "'rheobase'");
}

TEST(RunConfigErrors, MissingRequiredKeys) {
  expect_error("model: lif\ncell_type: neocortex_l56_pyramidal\n", "1:1", "'generations'");
  expect_error("cell_type: neocortex_l56_pyramidal\ngenerations: 1\n", "1:1", "'model'");
  expect_error("model: lif\ngenerations: 1\n", "1:1", "'cell_type'");
  expect_error("generations: 1\nproblem: {variables: 3}\n", "2:10", "'name'");
}

TEST(RunConfigErrors, ConflictingKeys) {
  expect_error(minimal_fit + "problem: {name: zdt1}\n", "4:1", "'problem'");
  expect_error(minimal_fit + "observations: {properties: {rheobase: {mean: 1, sd: 1}}}\n", "4:1",
               "'observations'");
  expect_error("problem: {name: zdt1}\ngenerations: 1\nbounds: {x1: [0, 1]}\n", "3:1", "'bounds'");
}

TEST(RunConfigErrors, UnknownTestProblemOrAlgorithm) {
  expect_error("problem: {name: zdt5}\ngenerations: 1\n", "1:17", "'zdt5'");
  expect_error("problem: {name: zdt1, objectives: 3}\ngenerations: 1\n", "1:10", "objectives");
  expect_error(minimal_fit + "algorithm: {name: cmaes}\n", "4:19", "'cmaes'");
  expect_error(minimal_fit + "algorithm: {name: nsga2, kappa: 0.1}\n", "4:33", "kappa");
}

TEST(RunConfigErrors, MissingFiles) {
  const std::string missing = "/nonexistent-neurofit-dir/run.yaml";
  try {
    load_run_config(missing);
    ADD_FAILURE() << "no error for a missing file";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(missing + ": ", 0), 0u) << e.what();
  }
  expect_error("model: lif\nobservations: no-such-cell.yaml\ngenerations: 1\n", "2:15",
               "no-such-cell.yaml");
}

TEST(RunConfigErrors, YamlSyntaxError) {
  expect_error(minimal_fit + "bounds: {C: [20, 100}\n", "4:21", "YAML syntax error");
}

// `protocol:` by name, by file (relative to the config) or inline; the observations and
// `features` are the protocol's; bad protocols are one line naming where.
const std::string allen_observations =
    "observations:\n"
    "  properties:\n"
    "    rheobase: {mean: 100, sd: 20}\n"
    "    fi_slope: {mean: 0.2, sd: 0.05, unit: Hz/pA}\n"
    "    long_square.mean_frequency: {mean: 12, sd: 3}\n";

TEST(RunConfigProtocol, Ne8IsTheDefault) {
  const auto c =
      parse_run_config("model: lif\ncell_type: neocortex_basket\ngenerations: 1\n", "run.yaml");
  EXPECT_EQ(c.protocol.name, "ne8");
  EXPECT_EQ(c.protocol.n_features(), 8);
}

TEST(RunConfigProtocol, ByNameWithItsObservationsAndFeatures) {
  const auto c = parse_run_config("model: izhikevich2007\nprotocol: allen\n" + allen_observations +
                                      "features: [fi_slope, long_square.mean_frequency]\n"
                                      "generations: 1\n",
                                  "run.yaml");
  EXPECT_EQ(c.protocol.name, "allen");
  ASSERT_EQ(c.cell.observations.size(), 3u);
  EXPECT_EQ(c.cell.observations[2].unit, "Hz");
  EXPECT_EQ(c.features, (std::vector<std::string>{"fi_slope", "long_square.mean_frequency"}));
}

TEST(RunConfigProtocol, InlineAndFromAFileBesideTheConfig) {
  const auto inline_config = parse_run_config(
      "model: adex\nprotocol:\n  sweeps:\n    - {name: s, duration: 300, steps: [{amplitude: 200, "
      "start: 50, end: 250}], features: [spike_count]}\n"
      "observations: {properties: {s.spike_count: {mean: 5, sd: 1}}}\ngenerations: 1\n",
      "run.yaml");
  EXPECT_EQ(inline_config.protocol.name, "inline");
  EXPECT_EQ(inline_config.protocol.feature_names(), std::vector<std::string>{"s.spike_count"});

  std::random_device rd;
  const fs::path dir = fs::temp_directory_path() / ("neurofit-protocol-" + std::to_string(rd()));
  fs::create_directories(dir);
  std::ofstream(dir / "mine.yaml") << "whole_cell: [rheobase]\n";
  std::ofstream(dir / "run.yaml")
      << "model: lif\nprotocol: mine.yaml\nobservations: {properties: {rheobase: {mean: 50, sd: "
         "5}}}\ngenerations: 1\n";
  const auto c = load_run_config((dir / "run.yaml").string());
  EXPECT_EQ(c.protocol.name, "mine");
  fs::remove_all(dir);
}

TEST(RunConfigProtocol, BadProtocolsAndObservationsOfOtherFeatures) {
  // "protocol: nonesuch": the value at 2:11.
  std::string msg = run_config_error(
      "model: lif\nprotocol: nonesuch\ncell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_EQ(msg.rfind("run.yaml:2:11: unknown protocol 'nonesuch' (known: allen, firing, "
                      "long_square_160pA, ne8",
                      0),
            0u)
      << msg;
  msg = run_config_error(
      "model: lif\nprotocol: absent.yaml\ncell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_EQ(msg.rfind("run.yaml:2:11: protocol: cannot read file", 0), 0u) << msg;
  // An inline protocol's own error, where it stands: in "  sweeps: [{name: s, duration: 0, ..."
  // the duration's value is at 3:32 (2 + 8 + 1 + 1 + 9 + 10 characters before it).
  msg = run_config_error(
      "model: lif\nprotocol:\n  sweeps: [{name: s, duration: 0, steps: []}]\n"
      "cell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_EQ(msg.rfind("run.yaml:3:32: sweep 's' duration: expected > 0", 0), 0u) << msg;
  // The NeuroElectro cell types observe ne8's features, not allen's.
  msg = run_config_error(
      "model: lif\nprotocol: allen\ncell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_NE(msg.find("unknown property 'capacitance' (known in protocol allen: "),
            std::string::npos)
      << msg;
  msg = run_config_error("model: lif\nprotocol: allen\n" + allen_observations +
                         "features: [ap_width]\ngenerations: 1\n");
  EXPECT_NE(msg.find("unknown feature 'ap_width' (known in protocol allen: "), std::string::npos)
      << msg;
  msg = run_config_error("problem: {name: zdt1}\nprotocol: allen\ngenerations: 1\n");
  EXPECT_NE(msg.find("'protocol' belongs to a model fit, not to a test problem"), std::string::npos)
      << msg;
}

}  // namespace
}  // namespace neurofit::io

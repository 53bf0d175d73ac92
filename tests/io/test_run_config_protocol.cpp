// `protocol:` in a run config: by name, by file (relative to the config), or inline; the
// observations and `features` are the protocol's; bad protocols are one line naming where.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "neurofit/errors.hpp"
#include "neurofit/io/run_config.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::string& text) {
  try {
    parse_run_config(text, "run.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

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
  std::string msg =
      error_of("model: lif\nprotocol: nonesuch\ncell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_EQ(
      msg.rfind("run.yaml:2:11: unknown protocol 'nonesuch' (known: allen, long_square_160pA, ne8",
                0),
      0u)
      << msg;
  msg =
      error_of("model: lif\nprotocol: absent.yaml\ncell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_EQ(msg.rfind("run.yaml:2:11: protocol: cannot read file", 0), 0u) << msg;
  // An inline protocol's own error, where it stands: in "  sweeps: [{name: s, duration: 0, ..."
  // the duration's value is at 3:32 (2 + 8 + 1 + 1 + 9 + 10 characters before it).
  msg = error_of(
      "model: lif\nprotocol:\n  sweeps: [{name: s, duration: 0, steps: []}]\n"
      "cell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_EQ(msg.rfind("run.yaml:3:32: sweep 's' duration: expected > 0", 0), 0u) << msg;
  // The NeuroElectro cell types observe ne8's features, not allen's.
  msg = error_of("model: lif\nprotocol: allen\ncell_type: neocortex_basket\ngenerations: 1\n");
  EXPECT_NE(msg.find("unknown property 'capacitance' (known in protocol allen: "),
            std::string::npos)
      << msg;
  msg = error_of("model: lif\nprotocol: allen\n" + allen_observations +
                 "features: [ap_width]\ngenerations: 1\n");
  EXPECT_NE(msg.find("unknown feature 'ap_width' (known in protocol allen: "), std::string::npos)
      << msg;
  msg = error_of("problem: {name: zdt1}\nprotocol: allen\ngenerations: 1\n");
  EXPECT_NE(msg.find("'protocol' belongs to a model fit, not to a test problem"), std::string::npos)
      << msg;
}

}  // namespace
}  // namespace neurofit::io

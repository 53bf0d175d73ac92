// Protocol files: parsing (statistics, relative amplitudes, default stimulus windows), errors that
// point at the offending YAML node (file:line:col, 1-based, counted by hand in the comments), the
// shipped config/protocols, observations of protocol features, and the search path.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "fit_test_support.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/cell_type.hpp"
#include "neurofit/fit/feature_selection.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "neurofit/fit/scores.hpp"

namespace neurofit::fit {
namespace {

using ephys::Statistic;
using testing::ScopedEnv;
using testing::TempDir;

const char* good = R"(name: test
whole_cell: [rheobase, resting_potential, fi_slope]
efel: {threshold: -10, interp_step: 0.05}
sweeps:
  - name: long
    duration: 1200
    steps: [{amplitude: {rheobase: 1.5}, start: 100, end: 1100}]
    features:
      - spike_count
      - {feature: AP_amplitude, statistic: mean}
      - {feature: ISI_values, statistic: 3}
      - {feature: peak_time, statistic: last}
  - name: hi
    duration: 900
    steps: [{amplitude: 200, start: 100, end: 300}, {amplitude: -50, start: 400, end: 800}]
    stim_end: 500
fi_sweeps: [long, hi]
)";

TEST(ParseProtocol, GoodFile) {
  const auto p = parse_protocol(YAML::Load(good), "p.yaml");
  EXPECT_EQ(p.name, "test");
  EXPECT_EQ(p.whole_cell,
            (std::vector<ephys::Ne8Feature>{ephys::rheobase, ephys::resting_potential}));
  EXPECT_TRUE(p.fi_slope);
  EXPECT_EQ(p.efel.threshold, -10.0);
  EXPECT_EQ(p.efel.interp_step, 0.05);
  EXPECT_EQ(p.efel.derivative_threshold, 10.0);  // eFEL's default where not given
  ASSERT_EQ(p.sweeps.size(), 2u);
  const auto& l = p.sweeps[0];
  EXPECT_EQ(l.duration, 1200.0);
  ASSERT_EQ(l.steps.size(), 1u);
  EXPECT_TRUE(l.steps[0].of_rheobase);
  EXPECT_EQ(l.steps[0].amplitude, 1.5);
  EXPECT_EQ(l.stim_start, 100.0);  // the steps' span when not given
  EXPECT_EQ(l.stim_end, 1100.0);
  ASSERT_EQ(l.features.size(), 4u);
  EXPECT_EQ(l.features[1].statistic, Statistic::mean);
  EXPECT_EQ(l.features[2].statistic, Statistic::nth);
  EXPECT_EQ(l.features[2].nth, 3);
  EXPECT_EQ(l.features[3].statistic, Statistic::last);
  EXPECT_EQ(p.sweeps[1].stim_start, 100.0);
  EXPECT_EQ(p.sweeps[1].stim_end, 500.0);  // given
  EXPECT_FALSE(p.sweeps[1].steps[1].of_rheobase);
  EXPECT_EQ(p.sweeps[1].steps[1].amplitude, -50.0);
  EXPECT_EQ(p.fi_sweeps, (std::vector<int>{0, 1}));
  EXPECT_EQ(p.feature_names(),
            (std::vector<std::string>{"rheobase", "resting_potential", "fi_slope",
                                      "long.spike_count", "long.AP_amplitude.mean",
                                      "long.ISI_values.3", "long.peak_time.last"}));
}

void expect_protocol_error(const std::string& text, const std::string& where,
                           const std::string& what) {
  SCOPED_TRACE(text);
  try {
    parse_protocol(YAML::Load(text), "p.yaml");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(where + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
  }
}

// A protocol of one sweep "s" whose features list is `features` (a flow sequence on line 5,
// starting at column 15: "    features: [").
std::string with_features(const std::string& features) {
  return "sweeps:\n  - name: s\n    duration: 500\n    steps: [{amplitude: 100, start: 100, end: "
         "400}]\n    features: [" +
         features + "]\n";
}

TEST(ParseProtocol, UnknownFeatureOrStatistic) {
  expect_protocol_error(with_features("spike_rate"), "p.yaml:5:16",
                        "unknown feature 'spike_rate' (known: ");
  // "{feature: AP_amplitude, statistic: median}": the value "median" at column 16 + 35 = 51.
  expect_protocol_error(
      with_features("{feature: AP_amplitude, statistic: median}"), "p.yaml:5:51",
      "unknown statistic 'median' (expected first, last, mean or a spike number >= 1)");
  expect_protocol_error(with_features("{feature: AP_amplitude, statistic: 0}"), "p.yaml:5:51",
                        "unknown statistic '0'");
  expect_protocol_error("whole_cell: [rheobase, sag]\n", "p.yaml:1:24",
                        "unknown whole-cell feature 'sag' (known: rheobase, ");
}

TEST(ParseProtocol, StatisticsMatchTheFeature) {
  expect_protocol_error(
      with_features("AP_amplitude"), "p.yaml:5:16",
      "'AP_amplitude' has a value per spike: give {feature: AP_amplitude, statistic: "
      "first|last|mean|N}");
  expect_protocol_error(with_features("{feature: spike_count, statistic: first}"), "p.yaml:5:16",
                        "'spike_count' has one value per sweep: no statistic");
  expect_protocol_error(with_features("spike_count, spike_count"), "p.yaml:5:29",
                        "feature 's.spike_count' given twice");
}

TEST(ParseProtocol, SweepTimes) {
  // "    duration: 0": the value at line 3, column 15.
  expect_protocol_error(
      "sweeps:\n  - name: s\n    duration: 0\n    steps: [{amplitude: 1, start: 1, end: "
      "2}]\n",
      "p.yaml:3:15", "sweep 's' duration: expected > 0");
  // A step that ends before it starts: the step's mapping at line 4, column 13.
  expect_protocol_error(
      "sweeps:\n  - name: s\n    duration: 10\n    steps: [{amplitude: 1, start: 5, end: "
      "2}]\n",
      "p.yaml:4:13", "sweep 's' step: expected 0 <= start < end");
  // A stimulus window beyond the sweep: the sweep's mapping at line 2, column 5.
  expect_protocol_error(
      "sweeps:\n  - name: s\n    duration: 300\n    steps: [{amplitude: 1, start: 100, "
      "end: 400}]\n",
      "p.yaml:2:5", "the stimulus window must lie within the sweep");
  expect_protocol_error("sweeps:\n  - name: s\n    duration: 300\n    steps: []\n", "p.yaml:4:12",
                        "sweep 's': expected 'steps', a list of current steps");
  expect_protocol_error("sweeps:\n  - name: a.b\n    duration: 300\n", "p.yaml:2:11",
                        "sweep name: expected a name without dots");
}

TEST(ParseProtocol, RulesAcrossSections) {
  // An amplitude relative to rheobase without the rheobase search: the whole protocol, 1:1.
  expect_protocol_error(
      "sweeps:\n  - name: s\n    duration: 500\n    steps: [{amplitude: {rheobase: 2}, "
      "start: 100, end: 400}]\n    features: [spike_count]\n",
      "p.yaml:1:1", "an amplitude relative to rheobase needs the rheobase search");
  expect_protocol_error(
      "whole_cell: [rheobase, fi_slope]\n", "p.yaml:1:1",
      "the f-I slope needs 'fi_slope' in whole_cell and at least two 'fi_sweeps'");
  expect_protocol_error(with_features("spike_count") + "fi_sweeps: [s, t]\n", "p.yaml:6:16",
                        "fi_sweeps: no sweep named 't'");
  expect_protocol_error("name: empty\n", "p.yaml:1:1", "protocol: no feature to score");
  expect_protocol_error("name: x\nsweep: []\n", "p.yaml:2:1", "unknown key 'sweep' in a protocol");
}

TEST(ShippedProtocols, Ne8FileIsTheNe8Protocol) {
  const auto p = find_protocol("ne8");
  const auto want = ephys::ne8_protocol();
  EXPECT_EQ(p.name, "ne8");
  EXPECT_EQ(p.whole_cell, want.whole_cell);
  EXPECT_TRUE(p.sweeps.empty());
  EXPECT_EQ(p.feature_names(), want.feature_names());
}

TEST(ShippedProtocols, AllenHasTheIssuesFeatures) {
  const auto p = find_protocol("allen");
  EXPECT_EQ(
      p.feature_names(),
      (std::vector<std::string>{
          "resting_potential", "input_resistance", "time_constant", "rheobase", "fi_slope",
          "long_square.mean_frequency", "long_square.time_to_first_spike", "long_square.ISI_CV",
          "long_square.adaptation_index2", "long_square.AP_amplitude.mean",
          "long_square.AHP_depth_abs.mean", "long_square.spike_half_width.mean"}));
  EXPECT_EQ(p.sweeps[0].steps[0].amplitude, 1.5);
  EXPECT_TRUE(p.sweeps[0].steps[0].of_rheobase);
  for (const auto& name : known_protocols()) EXPECT_NO_THROW(find_protocol(name)) << name;
}

// The designed protocol's claim (README "Identifiability"), on parameter sets it was not chosen
// on (seed 3; the design used seeds 1 and 2): over 20 random viable sets, every parameter of
// Izhikevich and AdEx has a median local sd of at most 5% of its range with firing's features.
TEST(ShippedProtocols, FiringDeterminesEveryParameter) {
  const auto firing = find_protocol("firing");
  EXPECT_EQ(firing.n_features(), 26);
  for (const char* model : {"izhikevich2007", "adex"}) {
    const auto& family = sim::find_family(model);
    const auto r = select_features(family, firing, 20, 3);
    ASSERT_EQ(r.parameter_sd.size(), static_cast<std::size_t>(family.n_params()));
    for (std::size_t i = 0; i < r.parameter_sd.size(); ++i)
      EXPECT_LE(r.parameter_sd[i], determined_sd) << model << " " << r.parameters[i];
  }
}

TEST(ProtocolSearch, EnvironmentFirstAndFilesByPath) {
  TempDir dir;
  dir.write("mine.yaml", "whole_cell: [rheobase]\n");
  const ScopedEnv env("NEUROFIT_PROTOCOLS", dir.path().string());
  EXPECT_EQ(find_protocol("mine").feature_names(), std::vector<std::string>{"rheobase"});
  EXPECT_EQ(find_protocol((dir.path() / "mine.yaml").string()).name, "mine");
  try {
    find_protocol("absent");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown protocol 'absent' (known: "), std::string::npos);
  }
}

TEST(ProtocolObservations, CellTypeFeaturesAreTheProtocols) {
  const auto allen = find_protocol("allen");
  const auto cell = parse_cell_type(YAML::Load(R"(properties:
  rheobase: {mean: 100, sd: 10, unit: pA}
  long_square.mean_frequency: {mean: 10, sd: 2, unit: Hz}
  long_square.ISI_CV: {mean: 0.4, sd: 0.1}
)"),
                                    "cell.yaml", allen);
  const auto o = Objectives::from(cell, {}, allen);
  // In the protocol's order: rheobase (row 3), mean_frequency (5), ISI_CV (7).
  EXPECT_EQ(o.feature, (std::vector<int>{3, 5, 7}));
  EXPECT_EQ(o.names[1], "long_square.mean_frequency");
  // An observation of a feature the protocol does not produce, or in another unit.
  try {
    parse_cell_type(YAML::Load("properties:\n  ap_width: {mean: 1, sd: 1}\n"), "cell.yaml", allen);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cell.yaml:2:3: unknown property 'ap_width' (known in "
                                          "protocol allen: resting_potential, ",
                                          0),
              0u)
        << e.what();
  }
  EXPECT_THROW(
      parse_cell_type(YAML::Load("properties:\n  long_square.ISI_CV: {mean: 1, sd: 1, unit: ms}\n"),
                      "cell.yaml", allen),
      InputError);
}

}  // namespace
}  // namespace neurofit::fit

namespace neurofit::fit {
namespace {

// protocol_yaml spells out a protocol so that parsing it gives the same protocol (and the same
// text again).
TEST(ProtocolYaml, RoundTrips) {
  for (const auto& p :
       {parse_protocol(YAML::Load(good), "p.yaml"), find_protocol("allen"), find_protocol("ne8")}) {
    const std::string text = protocol_yaml(p);
    const auto back = parse_protocol(YAML::Load(text), "stored");
    EXPECT_EQ(back.feature_names(), p.feature_names()) << text;
    EXPECT_EQ(back.fi_sweeps, p.fi_sweeps);
    EXPECT_EQ(back.efel.threshold, p.efel.threshold);
    EXPECT_EQ(protocol_yaml(back), text);
  }
  auto changed = find_protocol("allen");
  changed.sweeps[0].steps[0].amplitude = 1.6;
  EXPECT_NE(protocol_yaml(changed), protocol_yaml(find_protocol("allen")));
}

}  // namespace
}  // namespace neurofit::fit

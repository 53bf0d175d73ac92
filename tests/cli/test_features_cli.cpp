// `neurofit features`, run as a program: eFEL's values on eFEL's recording as JSON and as a table,
// a trace written by `neurofit simulate --trace`, the settings on the command line, and bad input
// (status 2, one line naming the file and line).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace neurofit::cli {
namespace {

using testing::lines_of;

class Features : public testing::CliTest {};

const std::string efel_data = std::string(NEUROFIT_TEST_DATA) + "/efel/";

TEST_F(Features, JsonEqualsEfelOnItsRecording) {
  const auto r = run({"features", efel_data + "testdata.txt", "--stim-start", "700", "--stim-end",
                      "2700", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const YAML::Node got = YAML::Load(r.out);
  const YAML::Node want = YAML::LoadFile(efel_data + "testdata_efel.json")["values"];
  ASSERT_TRUE(got.IsMap()) << r.out;
  EXPECT_EQ(got.size(), 21u);
  for (const auto& kv : want) {
    const std::string name = kv.first.as<std::string>();
    ASSERT_TRUE(got[name]) << name;
    ASSERT_EQ(got[name].size(), kv.second.size()) << name;
    for (std::size_t i = 0; i < kv.second.size(); ++i) {
      const double w = kv.second[i].as<double>();
      EXPECT_NEAR(got[name][i].as<double>(), w, 1e-6 * std::abs(w)) << name;
    }
  }
}

TEST_F(Features, TableAndASelectionOfFeatures) {
  const auto r = run({"features", efel_data + "testdata.txt", "--stim-start", "700", "--stim-end",
                      "2700", "--features", "spike_count,ISI_values,time_to_second_spike"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0], "  spike_count                   6");
  EXPECT_EQ(lines[1], "  ISI_values                    494.7 306 675.5 250.3  ms");
  EXPECT_EQ(lines[2], "  time_to_second_spike          211.3  ms");
  // A threshold above every peak: no spike, and none of the spike features.
  const auto none =
      run({"features", efel_data + "testdata.txt", "--stim-start", "700", "--stim-end", "2700",
           "--threshold", "30", "--json", "--features", "spike_count,peak_time,voltage_base"});
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_EQ(none.out,
            "{\"spike_count\": [0], \"peak_time\": [], \"voltage_base\": "
            "[-74.7144880046517]}\n");
}

// A model's trace as `neurofit simulate --trace` writes it (a header, commas, 0.025 ms steps):
// resampled on its own step, eFEL finds the simulator's spikes.
TEST_F(Features, ReadsASimulatedTrace) {
  const auto sim = run({"simulate", "--model", "izhikevich2007", "--step", "100:100:600",
                        "--duration", "700", "--trace", "rs.csv"});
  ASSERT_EQ(sim.status, 0) << sim.err;
  const auto spikes = lines_of(sim.out);
  ASSERT_GE(spikes.size(), 3u);
  const auto r = run({"features", "rs.csv", "--stim-start", "100", "--stim-end", "600",
                      "--interp-step", "0.025", "--json", "--features", "spike_count,peak_time"});
  ASSERT_EQ(r.status, 0) << r.err;
  const YAML::Node got = YAML::Load(r.out);
  EXPECT_EQ(got["spike_count"][0].as<double>(), static_cast<double>(spikes.size()));
  ASSERT_EQ(got["peak_time"].size(), spikes.size());
  for (std::size_t i = 0; i < spikes.size(); ++i)
    EXPECT_NEAR(got["peak_time"][i].as<double>(), std::stod(spikes[i]), 1e-9);
}

TEST_F(Features, BadInputIsOneLineNamingTheFile) {
  write("short.txt", "0 -70\n1 -70\n");
  write("backwards.txt", "t V\n0 -70\n1 -70\n0.5 -70\n2 -70\n");
  write("nan.txt", "0 -70\n1 nan\n2 -70\n");
  write("three.txt", "0 -70\n1 -70 5\n2 -70\n");
  write("ok.txt", "0,-70\n1,-70\n2,-70\n3,-70\n");
  struct Bad {
    std::vector<std::string> args;
    std::string what;
  };
  const std::vector<Bad> bad{
      {{"short.txt", "--stim-start", "0", "--stim-end", "1"},
       "short.txt: a trace needs at least 3"},
      {{"backwards.txt", "--stim-start", "0", "--stim-end", "1"}, "backwards.txt:4: time must"},
      {{"nan.txt", "--stim-start", "0", "--stim-end", "1"}, "nan.txt:2: t and V must be finite"},
      {{"three.txt", "--stim-start", "0", "--stim-end", "1"}, "three.txt:2: expected two numbers"},
      {{"ok.txt", "--stim-start", "1", "--stim-end", "5"}, "ok.txt: the stimulus (1 to 5 ms) lies"},
      {{"ok.txt", "--stim-start", "2", "--stim-end", "1"}, "the stimulus must end after it starts"},
      {{"ok.txt", "--stim-start", "0", "--stim-end", "1", "--features", "Spikecount"},
       "unknown feature 'Spikecount'"},
      {{"ok.txt", "--stim-start", "0", "--stim-end", "1", "--interp-step", "0"}, "--interp-step"},
      {{"ok.txt", "--stim-start", "0", "--stim-end", "1", "--interp-step", "1e-12"},
       "exceed 1e8 samples"},
      {{"missing.txt", "--stim-start", "0", "--stim-end", "1"}, "missing.txt: cannot read"},
  };
  for (const auto& b : bad) {
    std::vector<std::string> args{"features"};
    args.insert(args.end(), b.args.begin(), b.args.end());
    SCOPED_TRACE(b.what);
    const auto r = run(args);
    expect_bad_input(r, b.what);
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_EQ(run({"features", "ok.txt", "--stim-start", "0", "--stim-end", "1"}).status, 0);
}

}  // namespace
}  // namespace neurofit::cli

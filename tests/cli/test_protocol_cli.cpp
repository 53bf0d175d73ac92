// Protocols through the program: `neurofit evaluate --protocol` reads a sweep's features from the
// same extraction as `neurofit features` does from that sweep's trace written by `neurofit
// simulate --trace` (one code path for models and recordings), with absolute and relative
// amplitudes; bad protocol files are one line and status 2.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "neurofit/io/result_reader.hpp"

namespace neurofit::cli {
namespace {

using testing::lines_of;
using testing::split_commas;

class ProtocolCli : public testing::CliTest {
 protected:
  // `neurofit features` on the trace that `neurofit simulate` writes with these options, as JSON.
  YAML::Node trace_features(const std::vector<std::string>& sim_args) const {
    std::vector<std::string> args{"simulate", "--model", "izhikevich2007", "--duration",
                                  "800",      "--trace", "trace.csv"};
    args.insert(args.end(), sim_args.begin(), sim_args.end());
    const auto s = run(args);
    EXPECT_EQ(s.status, 0) << s.err;
    const auto f =
        run({"features", "trace.csv", "--stim-start", "100", "--stim-end", "700", "--json"});
    EXPECT_EQ(f.status, 0) << f.err;
    return YAML::Load(f.out);
  }
};

// Izhikevich's RS cell and one with a higher rheobase.
const std::string params =
    "C,k,vr,vt,vpeak,a,b,c,d\n"
    "100,0.7,-60,-40,35,0.03,-2,-50,100\n"
    "100,0.5,-60,-40,35,0.03,-2,-50,100\n";

const std::vector<std::string> features{"spike_count",       "mean_frequency",      "ISI_CV",
                                        "adaptation_index2", "time_to_first_spike", "voltage_base"};

std::string protocol_text(const std::string& amplitude) {
  return "whole_cell: [rheobase]\nsweeps:\n  - name: step\n    duration: 800\n    steps: "
         "[{amplitude: " +
         amplitude +
         ", start: 100, end: 700}]\n    features: [spike_count, mean_frequency, ISI_CV, "
         "adaptation_index2, time_to_first_spike, voltage_base, {feature: AP_amplitude, "
         "statistic: mean}, {feature: AHP_depth_abs, statistic: 2}]\n";
}

// The table's row for model `row` (1-based): column name -> text.
std::string cell(const std::vector<std::string>& lines, int row, const std::string& column) {
  const auto head = split_commas(lines[0]),
             values = split_commas(lines[static_cast<std::size_t>(row)]);
  for (std::size_t i = 0; i < head.size(); ++i)
    if (head[i] == column) return values[i];
  ADD_FAILURE() << "no column " << column;
  return "";
}

void expect_same_features(const std::vector<std::string>& table, int row, const YAML::Node& f) {
  for (const auto& name : features) {
    ASSERT_EQ(f[name].size(), 1u) << name;
    EXPECT_EQ(cell(table, row, "step." + name), f[name][0].as<std::string>()) << name;
  }
  double mean = 0;
  for (const auto& a : f["AP_amplitude"]) mean += a.as<double>() / f["AP_amplitude"].size();
  EXPECT_NEAR(std::strtod(cell(table, row, "step.AP_amplitude.mean").c_str(), nullptr), mean,
              1e-12 * std::abs(mean));
  EXPECT_EQ(cell(table, row, "step.AHP_depth_abs.2"), f["AHP_depth_abs"][1].as<std::string>());
}

TEST_F(ProtocolCli, ModelPathEqualsTracePath) {
  write("params.csv", params);
  write("abs.yaml", protocol_text("250"));
  const auto r = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--protocol", "abs.yaml"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto table = lines_of(r.out);
  ASSERT_EQ(table.size(), 3u) << r.out;
  EXPECT_EQ(table[0].find(",z_"), std::string::npos);  // no observations: features only
  const auto rs = trace_features({"--step", "250:100:700"});
  ASSERT_GE(rs["spike_count"][0].as<double>(), 3.0);
  expect_same_features(table, 1, rs);
  const auto slow = trace_features({"--step", "250:100:700", "--set", "k=0.5"});
  expect_same_features(table, 2, slow);
}

TEST_F(ProtocolCli, RelativeAmplitudeUsesEachModelsRheobase) {
  write("params.csv", params);
  write("rel.yaml", protocol_text("{rheobase: 1.5}"));
  const auto r = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--protocol", "rel.yaml"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto table = lines_of(r.out);
  for (int row : {1, 2}) {
    const double rheobase = std::strtod(cell(table, row, "rheobase").c_str(), nullptr);
    ASSERT_GT(rheobase, 0);
    char step[64];
    std::snprintf(step, sizeof step, "%.17g:100:700", 1.5 * rheobase);
    const auto f = trace_features({"--step", step, "--set", row == 1 ? "k=0.7" : "k=0.5"});
    expect_same_features(table, row, f);
  }
  EXPECT_NE(cell(table, 1, "rheobase"), cell(table, 2, "rheobase"));
}

TEST_F(ProtocolCli, BadProtocolIsOneLineAndStatus2) {
  write("params.csv", params);
  write("bad.yaml", "sweeps:\n  - name: s\n    duration: 0\n");
  const auto r = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--protocol", "bad.yaml", "--out", "out.csv"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("bad.yaml:3:15: sweep 's' duration: expected > 0"), std::string::npos)
      << r.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"bad.yaml", "params.csv"}));
  const auto unknown = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                            "--protocol", "nonesuch"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(
      unknown.err.find("unknown protocol 'nonesuch' (known: allen, firing, long_square_160pA, ne8"),
      std::string::npos)
      << unknown.err;
}

TEST_F(ProtocolCli, Ne8ProtocolByNameEqualsTheDefault) {
  write("params.csv", params);
  const auto a = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--cell-type", "neocortex_basket"});
  const auto b = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--cell-type", "neocortex_basket", "--protocol", "ne8"});
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

}  // namespace
}  // namespace neurofit::cli

namespace neurofit::cli {
namespace {

// A short fit under the allen protocol: the result file names the protocol and its features, and
// inspect shows them with the observations.
TEST_F(ProtocolCli, RunAndInspectAFitUnderAnotherProtocol) {
  write("run.yaml",
        "model: izhikevich2007\nprotocol: allen\nobservations:\n  properties:\n"
        "    rheobase: {mean: 100, sd: 20}\n    fi_slope: {mean: 0.2, sd: 0.05}\n"
        "    long_square.mean_frequency: {mean: 12, sd: 3}\n"
        "    long_square.time_to_first_spike: {mean: 40, sd: 10}\n"
        "algorithm: {name: ibea, population: 12}\ngenerations: 3\noutput: out\n");
  const auto r = run({"run", "run.yaml"});
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const auto stored = io::read_result_file(path("out/result.h5"), {io::result_format});
  EXPECT_EQ(stored.data.protocol, "allen");
  EXPECT_EQ(stored.data.problem, "izhikevich2007 allen");
  ASSERT_EQ(stored.data.feature_names.size(), 12u);
  EXPECT_EQ(stored.data.feature_names[4], "fi_slope");
  EXPECT_EQ(stored.data.feature_units[4], "Hz/pA");
  EXPECT_EQ(stored.data.feature_names[11], "long_square.spike_half_width.mean");
  EXPECT_EQ(stored.data.objective_names,
            (std::vector<std::string>{"rheobase", "fi_slope", "long_square.mean_frequency",
                                      "long_square.time_to_first_spike"}));
  const auto inspect = run({"inspect", "out/result.h5"});
  ASSERT_EQ(inspect.status, 0) << inspect.err;
  EXPECT_NE(inspect.out.find("  long_square.time_to_first_spike"), std::string::npos)
      << inspect.out;
  EXPECT_NE(inspect.out.find("Hz/pA"), std::string::npos) << inspect.out;
}

}  // namespace
}  // namespace neurofit::cli

namespace neurofit::cli {
namespace {

// The result file keeps the protocol as it was run: a resume after its file changed is refused,
// naming "protocol", and an unchanged one continues.
TEST_F(ProtocolCli, ResumeRefusesAChangedProtocolFile) {
  const std::string protocol =
      "whole_cell: [rheobase]\nsweeps:\n  - {name: s, duration: 400, steps: [{amplitude: "
      "{rheobase: AMP}, start: 100, end: 300}], features: [spike_count]}\n";
  auto with = [&](const std::string& amp) {
    std::string p = protocol;
    p.replace(p.find("AMP"), 3, amp);
    return p;
  };
  write("mine.yaml", with("2"));
  const std::string config =
      "model: izhikevich2007\nprotocol: mine.yaml\nobservations: {properties: {rheobase: {mean: "
      "100, sd: 20}, s.spike_count: {mean: 4, sd: 1}}}\nalgorithm: {population: 8}\n"
      "output: out\ngenerations: ";
  write("run.yaml", config + "2\n");
  ASSERT_EQ(run({"run", "run.yaml", "--quiet"}).status, 0);
  write("run.yaml", config + "4\n");
  write("mine.yaml", with("3"));
  expect_bad_input(run({"run", "run.yaml", "--resume", "--quiet"}), "protocol");
  write("mine.yaml", with("2"));
  const auto resumed = run({"run", "run.yaml", "--resume", "--quiet"});
  EXPECT_EQ(resumed.status, 0) << resumed.err;
}

}  // namespace
}  // namespace neurofit::cli

namespace neurofit::cli {
namespace {

// Observations read from a recording of a model score that model at z = 0 on every feature: the
// recording (here `neurofit simulate --trace` of Izhikevich's RS cell) and the model's sweep go
// through the same extraction.
TEST_F(ProtocolCli, ObservationsFromARecordingOfTheModelScoreZero) {
  write("params.csv", params);
  write("abs.yaml", protocol_text("250"));
  ASSERT_EQ(run({"simulate", "--model", "izhikevich2007", "--duration", "800", "--step",
                 "250:100:700", "--trace", "rec.csv"})
                .status,
            0);
  write("obs.yaml", "traces: [{file: rec.csv}]\n");
  const auto r = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--protocol", "abs.yaml", "--observations", "obs.yaml"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto table = lines_of(r.out);
  const auto head = split_commas(table[0]), rs = split_commas(table[1]),
             other = split_commas(table[2]);
  int scored = 0;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i].rfind("z_", 0) != 0) continue;
    ++scored;
    EXPECT_EQ(rs[i], "0") << head[i];
  }
  EXPECT_EQ(scored, 8);                    // every feature of the sweep
  EXPECT_NE(other[head.size() - 5], "0");  // the other model differs somewhere
}

}  // namespace
}  // namespace neurofit::cli

namespace neurofit::cli {
namespace {

// Ground-truth recovery under a protocol: the truth's own sweep features are the observations.
TEST_F(ProtocolCli, RecoverUnderAProtocol) {
  write("abs.yaml", protocol_text("250"));
  const auto r = run({"recover", "--model", "izhikevich2007", "--protocol", "abs.yaml",
                      "--population", "12", "--generations", "3"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("izhikevich2007: protocol abs, ibea, 12 x 3 generations"), std::string::npos)
      << r.out;
  // rheobase and the sweep's 8 features, every one with a value and a mean other than 0.
  EXPECT_NE(r.out.find("  step.AHP_depth_abs.2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/9 |"), std::string::npos) << r.out;
  const auto bad = run({"recover", "--model", "izhikevich2007", "--protocol", "nonesuch"});
  EXPECT_EQ(bad.status, 2);
}

// Random targets: one summary row each, named by their draw, the same on a second run and when
// the run is split with --skip; the row has the largest and the median parameter error.
TEST_F(ProtocolCli, RecoverRandomTargets) {
  const std::vector<std::string> args{
      "recover", "--model",     "adex",  "--random",    "2", "--population", "8", "--generations",
      "2",       "--algorithm", "shade", "--draw-seed", "5"};
  const auto r = run(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("summary: | adex-random-1 | adex | "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("summary: | adex-random-2 | adex | "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("adex-random-3"), std::string::npos) << r.out;
  const auto rows = [](const std::string& out) {  // the rows without their wall time
    std::string kept;
    for (std::size_t at = out.find("summary: "); at != std::string::npos;
         at = out.find("summary: ", at + 1)) {
      const std::string line = out.substr(at, out.find('\n', at) - at);
      kept += line.substr(0, line.rfind(" | ")) + "\n";
    }
    return kept;
  };
  EXPECT_EQ(rows(run(args).out), rows(r.out));
  // --skip 1: the second target alone, the same as in the whole run.
  auto skip = args;
  skip.insert(skip.end(), {"--skip", "1"});
  const std::string second = rows(run(skip).out);
  EXPECT_NE(second.find("adex-random-2"), std::string::npos) << second;
  EXPECT_EQ(second.find("adex-random-1"), std::string::npos) << second;
  EXPECT_NE(rows(r.out).find(second), std::string::npos) << second << rows(r.out);
  EXPECT_EQ(run({"recover", "--model", "adex", "--skip", "1"}).status, 2);
  const auto both = run({"recover", "--model", "adex", "--random", "2", "--set", "C=100"});
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("--set excludes --random"), std::string::npos) << both.err;
}

}  // namespace
}  // namespace neurofit::cli

namespace neurofit::cli {
namespace {

// A campaign under protocol allen, its cell types the Allen specimens' observation files: every
// task scores allen, and the summary's feature columns are allen's.
TEST_F(ProtocolCli, CampaignUnderAProtocol) {
  write("c.yaml",
        "cell_types: [allen_623960880, allen_482493761]\nmodels: [izhikevich2007]\n"
        "settings: {protocol: allen, algorithm: {population: 8}, generations: 2}\noutput: c\n");
  const auto r =
      run_shell("NEUROFIT_CELLTYPES=" +
                testing::quote(std::string(NEUROFIT_SOURCE_DIR) + "/config/observations") + " " +
                testing::quote(NEUROFIT_BINARY) + " campaign c.yaml");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const auto csv = lines_of(testing::read_text(path("c/summary.csv")));
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_NE(csv[0].find(",z_fi_slope,z_long_square.mean_frequency,"), std::string::npos) << csv[0];
  EXPECT_NE(csv[1].find("allen_623960880,izhikevich2007,1,finished"), std::string::npos) << csv[1];
  const auto stored = io::read_result_file(path("c/allen_482493761-izhikevich2007-s1/result.h5"),
                                           {io::result_format});
  EXPECT_EQ(stored.data.protocol, "allen");
  EXPECT_EQ(stored.data.objective_names,
            (std::vector<std::string>{"resting_potential", "input_resistance", "time_constant",
                                      "rheobase", "fi_slope"}));
}

}  // namespace
}  // namespace neurofit::cli

// `neurofit evaluate`, run as a program: the output table (one row per input row, in order),
// z-scores against the cell type, and bad inputs (status 2, one line on standard error, no
// --out file, an existing one left as it was).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace neurofit::cli {
namespace {

using testing::lines_of;
using testing::read_text;
using testing::split_commas;

class Evaluate : public testing::CliTest {};

// Izhikevich parameter sets, columns not in the model's order (C is second):
//   row 1: the book's RS cell (reference protocol-ne8.md, "A worked value");
//   row 2: C = -1, not viable (invalid parameters);
//   row 3: RS with vr = -65: rest is the exact fixed point v = vr, so resting_potential = -65.
const std::string izh_params =
    "k,C,vr,vt,vpeak,a,b,c,d\n"
    "0.7,100,-60,-40,35,0.03,-2,-50,100\n"
    "0.7,-1,-60,-40,35,0.03,-2,-50,100\n"
    "0.7,100,-65,-40,35,0.03,-2,-50,100\n";
const std::string ne8_header =
    "C,k,vr,vt,vpeak,a,b,c,d,rheobase,input_resistance,time_constant,capacitance,"
    "resting_potential,ap_width,ap_amplitude,ap_threshold";

const std::string firing_header = ",spikes_at_rheobase,min_isi_at_rheobase,viable,verdict";

double num(const std::string& s) {
  return std::strtod(s.c_str(), nullptr);
}

TEST_F(Evaluate, OneRowPerInputRowWithZscoresOfTheCellTypesFeatures) {
  write("params.csv", izh_params);
  const auto r = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--cell-type", "hippocampus_ca1_basket"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  // hippocampus_ca1_basket has input_resistance, time_constant, resting_potential, ap_width.
  EXPECT_EQ(lines[0], ne8_header +
                          ",z_input_resistance,z_time_constant,z_resting_potential,z_ap_width,"
                          "spikes_at_rheobase,min_isi_at_rheobase,viable,verdict");
  const auto rs = split_commas(lines[1]), bad = split_commas(lines[2]),
             low = split_commas(lines[3]);
  ASSERT_EQ(rs.size(), 9u + 8u + 4u + 4u);
  ASSERT_EQ(bad.size(), rs.size());
  ASSERT_EQ(low.size(), rs.size());
  // Parameters in the model's order, as given.
  EXPECT_EQ(
      std::vector<std::string>(rs.begin(), rs.begin() + 9),
      (std::vector<std::string>{"100", "0.7", "-60", "-40", "35", "0.03", "-2", "-50", "100"}));
  EXPECT_EQ(bad[0], "-1");
  EXPECT_EQ(low[2], "-65");
  // RS features: the worked values, to the digits given there.
  EXPECT_NEAR(num(rs[9]), 52.734375, 5e-7);
  EXPECT_NEAR(num(rs[10]), 79.634, 5e-4);
  EXPECT_NEAR(num(rs[11]), 8.7471, 5e-5);
  EXPECT_NEAR(num(rs[12]), 109.84, 5e-3);
  EXPECT_EQ(num(rs[13]), -60.0);
  EXPECT_NEAR(num(rs[14]), 0.67462, 5e-6);
  EXPECT_NEAR(num(rs[15]), 47.335, 5e-4);
  EXPECT_NEAR(num(rs[16]), -12.335, 5e-4);
  // z = |x - mean| / sd with the reference's hippocampus_ca1_basket numbers.
  EXPECT_NEAR(num(rs[17]), std::abs(num(rs[10]) - 140.8) / 75.3, 1e-12);
  EXPECT_NEAR(num(rs[18]), std::abs(num(rs[11]) - 11.88) / 1.21, 1e-12);
  EXPECT_NEAR(num(rs[19]), 2.25 / 2.61, 1e-12);  // |-60 + 62.25| / 2.61
  EXPECT_NEAR(num(rs[20]), std::abs(num(rs[14]) - 0.535) / 0.135, 1e-12);
  // RS fires once at rheobase (`neurofit simulate` at 52.734375 pA from 100 to 1100 ms: one spike
  // at 620.15 ms), so there is no interval.
  EXPECT_EQ(rs[21], "1");
  EXPECT_EQ(rs[22], "nan");
  EXPECT_EQ(rs[23], "1");
  EXPECT_EQ(rs[24], "viable");
  // Not viable: NaN features, the penalty on every objective.
  for (int i = 9; i < 17; ++i) EXPECT_EQ(bad[static_cast<std::size_t>(i)], "nan") << i;
  for (int i = 17; i < 21; ++i) EXPECT_EQ(bad[static_cast<std::size_t>(i)], "1000") << i;
  EXPECT_EQ(bad[21], "0");
  EXPECT_EQ(bad[22], "nan");
  EXPECT_EQ(bad[23], "0");
  EXPECT_EQ(bad[24], "invalid_parameters");
  EXPECT_EQ(low[13], "-65");
  EXPECT_EQ(low[23], "1");
  EXPECT_NE(r.err.find("2 viable"), std::string::npos) << r.err;
}

// A model that fires every two Euler steps at rheobase (reset above threshold, small DeltaT) is
// not viable, with its own verdict in the table and its reason on standard error.
TEST_F(Evaluate, DegenerateFiringIsNotViable) {
  write("adex.csv",
        "C,gL,EL,VT,DeltaT,a,tau_w,b,V_reset,V_peak\n"
        "144.1,10.19,-68.52,-45.67,0.503,-0.83,104.8,113.3,-40.30,37.71\n");
  const auto r = run({"evaluate", "--model", "adex", "--params", "adex.csv", "--cell-type",
                      "neocortex_l56_pyramidal"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto row = split_commas(lines_of(r.out).at(1));
  ASSERT_EQ(row.size(), 10u + 8u + 8u + 4u);
  EXPECT_EQ(row[10], "nan");                           // no rheobase feature
  EXPECT_EQ(row[27], "0.05");                          // shortest interval, ms
  EXPECT_EQ(row[28], "0");                             // viable
  EXPECT_EQ(row[29], "faster_than_refractory_floor");  // verdict
  EXPECT_NE(r.err.find("not viable (1): fires faster than the refractory floor at rheobase: "
                       "spikes 0.05 ms apart (floor 1 ms)"),
            std::string::npos)
      << r.err;
}

TEST_F(Evaluate, FeatureSelectionAndObservationsFile) {
  write("params.csv", izh_params);
  // neocortex_l56_pyramidal has all eight; the selection keeps ne8 order.
  const auto sel =
      run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv", "--cell-type",
           "neocortex_l56_pyramidal", "--features", "ap_width,rheobase"});
  ASSERT_EQ(sel.status, 0) << sel.err;
  const auto lines = lines_of(sel.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], ne8_header + ",z_rheobase,z_ap_width" + firing_header);
  const auto rs = split_commas(lines[1]);
  // Reference: rheobase 213.849583333333 / 170.452454715608.
  EXPECT_NEAR(num(rs[17]), std::abs(52.734375 - 213.849583333333) / 170.452454715608, 1e-12);

  write("obs.yaml",
        "name: my_cell\nproperties:\n  resting_potential: {mean: -61, sd: 2}\n"
        "  capacitance: {mean: 100, sd: 10}\n");
  const auto obs = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                        "--observations", "obs.yaml"});
  ASSERT_EQ(obs.status, 0) << obs.err;
  const auto ol = lines_of(obs.out);
  ASSERT_EQ(ol.size(), 4u);
  EXPECT_EQ(ol[0], ne8_header + ",z_capacitance,z_resting_potential" + firing_header);
  EXPECT_EQ(split_commas(ol[1])[18], "0.5");  // |-60 + 61| / 2
  EXPECT_EQ(split_commas(ol[3])[18], "2");    // |-65 + 61| / 2
  EXPECT_NE(obs.err.find("my_cell"), std::string::npos) << obs.err;
}

TEST_F(Evaluate, OutFileIsWrittenAtomicallyAndMatchesStandardOutput) {
  write("params.csv", izh_params);
  const std::vector<std::string> base{"evaluate",   "--model",     "izhikevich2007",  "--params",
                                      "params.csv", "--cell-type", "neocortex_basket"};
  const auto to_stdout = run(base);
  ASSERT_EQ(to_stdout.status, 0) << to_stdout.err;
  write("out.csv", "an older file\n");  // replaced as a whole
  auto args = base;
  args.insert(args.end(), {"--out", "out.csv"});
  const auto to_file = run(args);
  ASSERT_EQ(to_file.status, 0) << to_file.err;
  EXPECT_TRUE(to_file.out.empty()) << to_file.out;
  EXPECT_EQ(read_text(path("out.csv")), to_stdout.out);
  EXPECT_EQ(files(), (std::vector<std::string>{"out.csv", "params.csv"}));  // no *.tmp-*
}

TEST_F(Evaluate, BadInputsExitWithStatus2AndLeaveTheOutFileAlone) {
  write("params.csv", izh_params);
  write("no_d.csv", "k,C,vr,vt,vpeak,a,b,c\n0.7,100,-60,-40,35,0.03,-2,-50\n");
  // The bad cell is on line 3 (a comment on line 2), column 2.
  write("text.csv", "k,C,vr,vt,vpeak,a,b,c,d\n# RS\n0.7,abc,-60,-40,35,0.03,-2,-50,100\n");
  write("empty.csv", "");
  write("bad.yaml", "name: x\nproperties:\n  rheobase: {mean: 1, sd: 0}\n");
  struct Bad {
    std::vector<std::string> args;
    std::string what;
  };
  const std::vector<Bad> bad{
      {{"--params", "no_d.csv", "--cell-type", "neocortex_basket"}, "missing column 'd'"},
      {{"--params", "text.csv", "--cell-type", "neocortex_basket"},
       "text.csv:3:2: 'abc' in column 'C' is not a finite number"},
      {{"--params", "empty.csv", "--cell-type", "neocortex_basket"}, "empty file"},
      {{"--params", "absent.csv", "--cell-type", "neocortex_basket"}, "cannot read the file"},
      {{"--params", "params.csv", "--cell-type", "no_such_cell"},
       "unknown cell type 'no_such_cell'"},
      {{"--params", "params.csv", "--cell-type", "neocortex_basket", "--observations", "bad.yaml"},
       "excludes"},
      {{"--params", "params.csv", "--features", "rheobase"},
       "--features: scores need --cell-type or --observations"},
      {{"--params", "params.csv", "--observations", "bad.yaml"},
       "bad.yaml:3:27: property 'rheobase' sd: expected a number > 0"},
      {{"--params", "params.csv", "--cell-type", "hippocampus_ca1_basket", "--features",
        "rheobase"},
       "rheobase"},
  };
  for (const bool existing : {false, true}) {
    for (const auto& b : bad) {
      std::vector<std::string> args{"evaluate", "--model", "izhikevich2007"};
      args.insert(args.end(), b.args.begin(), b.args.end());
      args.insert(args.end(), {"--out", "out.csv"});
      std::string shown;
      for (const auto& a : args) shown += a + " ";
      SCOPED_TRACE(shown + (existing ? "(existing out.csv)" : ""));
      std::error_code ec;
      std::filesystem::remove(path("out.csv"), ec);
      if (existing) write("out.csv", "precious\n");
      const auto r = run(args);
      expect_bad_input(r, b.what);
      EXPECT_TRUE(r.out.empty()) << r.out;
      if (existing)
        EXPECT_EQ(read_text(path("out.csv")), "precious\n");
      else
        EXPECT_FALSE(std::filesystem::exists(path("out.csv")));
      for (const auto& f : files()) EXPECT_EQ(f.find(".tmp-"), std::string::npos) << f;
    }
  }
  // An unknown model is bad input too.
  const auto r = run(
      {"evaluate", "--model", "hh", "--params", "params.csv", "--cell-type", "neocortex_basket"});
  expect_bad_input(r, "unknown model 'hh'");
}

TEST_F(Evaluate, ObservationsWithANonScalarKeyAreBadInput) {
  write("params.csv", izh_params);
  write("obs.yaml", "properties:\n  [a, b]: {mean: 1, sd: 1}\n");
  const auto r = run({"evaluate", "--model", "izhikevich2007", "--params", "params.csv",
                      "--observations", "obs.yaml"});
  expect_bad_input(r, "obs.yaml:2:3");
}

}  // namespace
}  // namespace neurofit::cli

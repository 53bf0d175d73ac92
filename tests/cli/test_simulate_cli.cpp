// `neurofit simulate`, run as a program: spike times against Brian2
// (tests/data/brian2_spikes.yaml), the trace file, and bad inputs (status 2, one line on standard
// error, no trace file).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

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

class Simulate : public testing::CliTest {};

std::vector<double> numbers_of(const std::string& text) {
  std::vector<double> out;
  for (const auto& l : lines_of(text)) out.push_back(std::strtod(l.c_str(), nullptr));
  return out;
}

// The book's RS cell under the four currents of the Brian2 file: the same spikes, each one
// Euler step later (Brian2 stamps the start of the step; ne8 the sample after it), to within
// one step of rounding in the threshold crossing.
TEST_F(Simulate, IzhikevichSpikeTimesMatchBrian2) {
  const auto doc = YAML::LoadFile(std::string(NEUROFIT_TEST_DATA) + "/brian2_spikes.yaml");
  int cases = 0;
  for (const auto& c : doc["cases"]) {
    if (c["model"].as<std::string>() != "izhikevich2007") continue;
    const double dt = c["dt_ms"].as<double>(), current = c["I_pA"].as<double>();
    std::vector<std::string> args{
        "simulate",         "--model", "izhikevich2007",
        "--duration",       "700",     "--dt",
        std::to_string(dt), "--step",  std::to_string(current) + ":100:600"};
    for (const auto& kv : c["params"]) {
      args.push_back("--set");
      args.push_back(kv.first.as<std::string>() + "=" + kv.second.as<std::string>());
    }
    const auto r = run(args);
    SCOPED_TRACE("I = " + std::to_string(current));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto got = numbers_of(r.out);
    const auto want = c["spikes_ms"].as<std::vector<double>>();
    ASSERT_EQ(got.size(), want.size()) << r.out;
    for (std::size_t k = 0; k < want.size(); ++k)
      EXPECT_NEAR(got[k], want[k] + dt, dt + 1e-9) << "spike " << k;
    // Standard error: one summary line with the count.
    EXPECT_EQ(r.err, "izhikevich2007: " + std::to_string(want.size()) + " spikes in 700 ms\n");
    ++cases;
  }
  EXPECT_EQ(cases, 4);
}

TEST_F(Simulate, TraceStartsAtRestAndHoldsThePeakAtEachSpike) {
  // RS (the default parameters) with vr moved to -65.5: sample 0 is the rest state v = vr.
  const auto r = run({"simulate", "--model", "izhikevich2007", "--set", "vr=-65.5", "--step",
                      "200:20:80", "--duration", "100", "--trace", "trace.csv"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = lines_of(read_text(path("trace.csv")));
  ASSERT_EQ(lines.size(), 1u + 4001u);  // header, samples 0..4000 (100 ms / 0.025 ms)
  EXPECT_EQ(lines[0], "t_ms,V_mV");
  EXPECT_EQ(lines[1], "0,-65.5");
  for (std::size_t i = 1; i < lines.size(); i += 997) {
    const auto cells = split_commas(lines[i]);
    ASSERT_EQ(cells.size(), 2u) << lines[i];
    EXPECT_NEAR(std::strtod(cells[0].c_str(), nullptr), static_cast<double>(i - 1) * 0.025, 1e-9);
  }
  // Before the step (t < 20 ms) the state sits on its fixed point.
  EXPECT_EQ(lines[800], "19.975,-65.5");
  // Each printed spike time t is a sample recorded exactly at vpeak (35 mV).
  const auto spikes = numbers_of(r.out);
  ASSERT_FALSE(spikes.empty());
  for (double t : spikes) {
    const auto i = static_cast<std::size_t>(std::lround(t / 0.025));
    ASSERT_LT(i + 1, lines.size());
    EXPECT_EQ(std::strtod(split_commas(lines[i + 1])[1].c_str(), nullptr), 35.0) << t;
  }
  EXPECT_EQ(files(), (std::vector<std::string>{"trace.csv"}));  // no temporary left behind
}

TEST_F(Simulate, BadInputsExitWithStatus2AndOneLine) {
  struct Bad {
    std::vector<std::string> args;
    std::string what;
  };
  const std::vector<Bad> bad{
      {{"--model", "hodgkin_huxley", "--duration", "10"}, "unknown model 'hodgkin_huxley'"},
      {{"--model", "izhikevich2007", "--set", "tau=3", "--duration", "10"},
       "has no parameter 'tau'"},
      {{"--model", "izhikevich2007", "--set", "C=abc", "--duration", "10"}, "'abc'"},
      {{"--model", "izhikevich2007", "--set", "C", "--duration", "10"}, "expected NAME=VALUE"},
      {{"--model", "izhikevich2007"}, "--duration"},
      {{"--model", "izhikevich2007", "--duration", "-5"}, "--duration must be > 0"},
      {{"--model", "izhikevich2007", "--duration", "10", "--step", "60:100"},
       "malformed step '60:100'"},
      {{"--model", "izhikevich2007", "--duration", "10", "--step", "60:x:200"},
       "malformed step '60:x:200'"},
      {{"--model", "izhikevich2007", "--duration", "10", "--step", "60:600:100"},
       "START must be before END"},
      {{"--model", "izhikevich2007", "--set", "C=0", "--duration", "10"}, "C must be > 0 pF"},
      {{"--model", "lif", "--set", "gL=-1", "--duration", "10"}, "gL must be > 0 nS"},
      {{"--model", "izhikevich2007", "--duration", "10", "--bogus"}, "--bogus"},
      // Checked here, not left to the simulator's own preconditions (an internal error).
      {{"--model", "izhikevich2007", "--duration", "10", "--dt", "1e-9"}, "--dt >= 1e-6"},
      {{"--model", "izhikevich2007", "--duration", "1e20"}, "at most 1e12 ms"},
  };
  for (const auto& b : bad) {
    auto args = b.args;
    args.insert(args.begin(), "simulate");
    args.push_back("--trace");
    args.push_back("trace.csv");
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    SCOPED_TRACE(shown);
    const auto r = run(args);
    expect_bad_input(r, b.what);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_TRUE(files().empty()) << "a trace file was created";
  }
}

TEST_F(Simulate, BlowUpIsARunTimeFailureNotBadInput) {
  // d = 2e9 pA: the first spike's jump takes u past 1e9 (a valid parameter set that fails).
  const auto r = run({"simulate", "--model", "izhikevich2007", "--set", "d=2e9", "--step",
                      "1000:10:50", "--duration", "50"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("left the finite range"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace neurofit::cli

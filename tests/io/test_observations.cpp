// Observations from recorded traces (observations.hpp): a sweep's features read from eFEL's own
// recording equal eFEL's values; several recordings give mean and sample sd, one takes the sd
// rule; summaries and traces combine; bad traces and entries are one InputError naming where.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>

#include "neurofit/errors.hpp"
#include "neurofit/io/observations.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;
using ephys::Statistic;

const std::string efel_trace = std::string(NEUROFIT_TEST_DATA) + "/efel/testdata.txt";

// One sweep "step" (the recording's step, 700-2700 ms) read with five features.
ephys::Protocol step_protocol() {
  ephys::Protocol p;
  p.name = "test";
  p.whole_cell = {ephys::rheobase};
  ephys::Sweep s{"step", 3000, {{100, false, 700, 2700}}, 700, 2700, {}};
  s.features = {{"spike_count"},
                {"mean_frequency"},
                {"time_to_first_spike"},
                {"AP_amplitude", Statistic::mean},
                {"ISI_values", Statistic::first}};
  p.sweeps.push_back(s);
  return p;
}

class Observations : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("neurofit-observations-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A trace of 1 s at 0.1 ms: rest at -70 mV and, from each of `spikes` ms, a spike rising
  // linearly to +20 mV in 1 ms and falling back in 1 ms (its peak 1 ms after the time given).
  std::string synthetic(const std::string& name, const std::vector<double>& spikes) const {
    std::ofstream out(dir_ / name);
    for (int i = 0; i <= 10000; ++i) {
      const double t = i * 0.1;
      double v = -70;
      for (double s : spikes) {
        if (t >= s && t < s + 1) v = -70 + 90 * (t - s);
        if (t >= s + 1 && t < s + 2) v = 20 - 90 * (t - s - 1);
      }
      out << t << ' ' << v << '\n';
    }
    return (dir_ / name).string();
  }
  fit::CellType parse(const std::string& text) const {
    return parse_observations(YAML::Load(text), (dir_ / "obs.yaml").string(), step_protocol());
  }
  fs::path dir_;
};

TEST_F(Observations, OneRecordingGivesEfelsValuesAndTheRelativeSd) {
  const auto ct = parse("name: rec\ntraces: [{file: " + efel_trace + "}]\n");
  EXPECT_EQ(ct.name, "rec");
  ASSERT_EQ(ct.observations.size(), 5u);
  // eFEL 5.7 on this recording (tests/data/efel/testdata_efel.json).
  const double amplitude_mean = (72.57824412616736 + 46.36725526181844 + 41.154667915823914 +
                                 39.76317509528857 + 36.161465303116316 + 37.848929573728334) /
                                6;
  const double want[] = {6, 3.096294767263926, 8.000000000092427, amplitude_mean,
                         494.6999999996781};
  const char* names[] = {"step.spike_count", "step.mean_frequency", "step.time_to_first_spike",
                         "step.AP_amplitude.mean", "step.ISI_values.first"};
  for (int k = 0; k < 5; ++k) {
    const auto& o = ct.observations[static_cast<std::size_t>(k)];
    EXPECT_EQ(o.feature, names[k]);
    EXPECT_NEAR(o.mean, want[k], 1e-6 * std::abs(want[k])) << names[k];
    EXPECT_DOUBLE_EQ(o.sd, 0.1 * std::abs(o.mean)) << names[k];
    EXPECT_EQ(o.n, 1);
  }
  EXPECT_EQ(ct.observations[1].unit, "Hz");
}

TEST_F(Observations, SeveralRecordingsGiveMeanAndSampleSd) {
  synthetic("a.txt", {100, 300, 500});
  synthetic("b.txt", {100, 250, 400, 550, 700});
  const auto ct = parse(
      "traces:\n  - {file: a.txt, stim_start: 50, stim_end: 900}\n"
      "  - {file: b.txt, sweep: step, stim_start: 50, stim_end: 900}\n"
      "sd: {relative: 0.2, step.ISI_values.first: 7}\n"
      "properties: {rheobase: {mean: 120, sd: 30}}\n");
  ASSERT_EQ(ct.observations.size(), 6u);
  EXPECT_EQ(ct.observations[0].feature, "rheobase");  // the summaries first
  const auto* count = ct.find("step.spike_count");
  ASSERT_NE(count, nullptr);
  EXPECT_DOUBLE_EQ(count->mean, 4);
  EXPECT_DOUBLE_EQ(count->sd, std::sqrt(2.0));  // (3 - 4)^2 + (5 - 4)^2 over n - 1
  EXPECT_EQ(count->n, 2);
  // Time to the first spike is the same in both (its peak at 101 ms): sd from the rule.
  const auto* first = ct.find("step.time_to_first_spike");
  ASSERT_NE(first, nullptr);
  EXPECT_NEAR(first->mean, 51, 1e-9);
  EXPECT_DOUBLE_EQ(first->sd, 0.2 * first->mean);
  // ISI_values (first interval ignored, eFEL's default): 200 and 150 ms, sd of the two.
  const auto* isi = ct.find("step.ISI_values.first");
  ASSERT_NE(isi, nullptr);
  EXPECT_NEAR(isi->mean, 175, 1e-6);
  EXPECT_NEAR(isi->sd, std::sqrt(2 * 25.0 * 25.0), 1e-6);
}

// The message of the InputError that parsing `text` throws, "" when none.
std::string error_of(const Observations& t, const std::function<void()>& f) {
  (void)t;
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_F(Observations, BadEntriesAndTraces) {
  synthetic("flat.txt", {});
  auto msg = error_of(*this, [&] { parse("traces: [{file: absent.txt}]\n"); });
  EXPECT_NE(msg.find("absent.txt"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cannot read"), std::string::npos) << msg;
  msg = error_of(*this,
                 [&] { parse("traces: [{file: flat.txt, stim_start: 50, stim_end: 900}]\n"); });
  EXPECT_NE(msg.find("obs.yaml:1:10: trace "), std::string::npos) << msg;
  EXPECT_NE(msg.find("no value of step.mean_frequency"), std::string::npos) << msg;
  msg = error_of(*this, [&] { parse("traces: [{file: flat.txt, sweep: ramp}]\n"); });
  EXPECT_NE(msg.find("obs.yaml:1:34: protocol test has no sweep 'ramp'"), std::string::npos) << msg;
  msg = error_of(*this, [&] { parse("traces: [{file: flat.txt, stim_end: 5000}]\n"); });
  EXPECT_NE(msg.find("flat.txt"), std::string::npos) << msg;
  msg = error_of(*this, [&] {
    parse("traces: [{file: flat.txt, stim_start: 50, stim_end: 900}]\nsd: {spike_count: 1}\n");
  });
  EXPECT_NE(msg.find("obs.yaml:2:6: sd: 'spike_count' is neither 'relative' nor a sweep feature"),
            std::string::npos)
      << msg;
  std::ofstream(dir_ / "short.txt") << "0 -70\n0.1 -70\n";
  msg = error_of(*this, [&] { parse("traces: [{file: short.txt}]\n"); });
  EXPECT_NE(msg.find("short.txt"), std::string::npos) << msg;
}

}  // namespace
}  // namespace neurofit::io

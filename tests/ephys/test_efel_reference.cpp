// eFEL's own test recording (tests/data/efel): every feature equals eFEL 5.7's value to 1e-6
// relative, per spike, with eFEL's default settings.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {
namespace {

const std::string data = std::string(NEUROFIT_TEST_DATA) + "/efel/";

struct Recording {
  std::vector<double> t, v;
};

Recording read_recording() {
  std::ifstream in(data + "testdata.txt");
  Recording r;
  double t = 0, v = 0;
  while (in >> t >> v) {
    r.t.push_back(t);
    r.v.push_back(v);
  }
  return r;
}

TEST(EfelReference, EveryFeatureEqualsEfel57OnItsTestRecording) {
  const Recording rec = read_recording();
  ASSERT_EQ(rec.t.size(), 12000u);
  const YAML::Node ref = YAML::LoadFile(data + "testdata_efel.json");
  const TraceFeatures f(rec.t, rec.v, ref["stim_start_ms"].as<double>(),
                        ref["stim_end_ms"].as<double>());
  EXPECT_EQ(f.t().size(), 29999u);  // 0 to 2999.8 ms on eFEL's accumulated 0.1 ms grid
  int checked = 0;
  for (const auto& info : features) {
    SCOPED_TRACE(std::string(info.name));
    const YAML::Node expected = ref["values"][std::string(info.name)];
    ASSERT_TRUE(expected.IsSequence());
    const std::vector<double> got = f.get(info.name);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      const double want = expected[i].as<double>();
      EXPECT_NEAR(got[i], want, 1e-6 * std::abs(want)) << "value " << i;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 21);
}

// The indices behind the shape features, as eFEL finds them on this recording.
TEST(EfelReference, SpikesAhpsAndBeginningsAreEfelsSamples) {
  const Recording rec = read_recording();
  const TraceFeatures f(rec.t, rec.v, 700, 2700);
  const std::vector<double> peaks = f.get("peak_time");
  const std::vector<double> expected{708.0, 911.3, 1406.0, 1712.0, 2387.5, 2637.8};
  ASSERT_EQ(peaks.size(), expected.size());
  for (std::size_t i = 0; i < peaks.size(); ++i) EXPECT_NEAR(peaks[i], expected[i], 1e-8);
  // The AHP is the first local minimum after a peak, not the lowest point before the next:
  // after the last spike it lies 6 ms later at -41.12 mV, far above the -80 mV after the step.
  EXPECT_EQ(f.get("AHP_depth_abs").back(), f.get("AHP_depth_abs")[4]);
}

}  // namespace
}  // namespace neurofit::ephys::efel

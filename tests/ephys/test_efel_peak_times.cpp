// efel::PeakTimes, which resamples only near the threshold and the peaks, gives
// TraceFeatures::get("peak_time") bit for bit: on simulated sweeps of random models read at their
// own step (as a protocol reads them), on traces made to test its shortcuts (samples exactly at
// or within rounding of the threshold, a trace that starts above it, spikes at the ends), and on
// traces whose grid is not their step (where it resamples everything).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "../common/random_params.hpp"
#include "neurofit/ephys/efel.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::ephys::efel {
namespace {

void expect_same(std::span<const double> t, std::span<const double> v, double start, double end,
                 const Settings& s, const std::string& what) {
  const std::vector<double> want = TraceFeatures(t, v, start, end, s).get("peak_time");
  const std::vector<double> got = PeakTimes(t, start, end, s)(v);
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], want[i]) << what << " peak " << i;
}

std::vector<double> sample_times(std::size_t n, double dt) {
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = sim::sample_time(static_cast<std::int64_t>(i), dt);
  return t;
}

TEST(EfelPeakTimes, SimulatedSweepsOfRandomModels) {
  const double dt = 0.025;
  Settings s;
  s.interp_step = dt;
  int with_peaks = 0;
  for (const char* model : {"izhikevich2007", "adex", "lif"}) {
    const auto& f = sim::find_family(model);
    const int n = 48;
    const Eigen::MatrixXd p = test_support::random_params(f, n, 5);
    std::vector<sim::Stimulus> stim;
    std::mt19937_64 rng(9);
    std::uniform_real_distribution<double> amp(0, 800);
    for (int l = 0; l < n; ++l) stim.push_back(sim::Stimulus{{{amp(rng), 100, 400}}});
    sim::BatchRequest req;
    req.dt = dt;
    req.last_sample = sim::first_sample_at_or_after(450, dt);
    req.trace_first = 0;
    req.trace_last = req.last_sample;
    const auto r = f.run(p, nullptr, stim, req);
    const std::vector<double> t = sample_times(static_cast<std::size_t>(r.trace.rows()), dt);
    const PeakTimes peaks(t, 100, 400, s);  // one for every lane, as a protocol uses it
    for (int l = 0; l < n; ++l) {
      if (r.status[static_cast<std::size_t>(l)] != sim::LaneStatus::ok) continue;
      const auto col = r.trace.col(l);
      const std::span<const double> v(col.data(), t.size());
      expect_same(t, v, 100, 400, s, std::string(model) + " lane " + std::to_string(l));
      EXPECT_EQ(peaks(v), TraceFeatures(t, v, 100, 400, s).get("peak_time")) << "lane " << l;
      with_peaks += !TraceFeatures(t, v, 100, 400, s).get("peak_time").empty();
      for (double thr : {-40.0, 0.0}) {  // other thresholds cut the spikes elsewhere
        Settings other = s;
        other.threshold = thr;
        other.strict_stiminterval = thr == 0.0;
        expect_same(t, v, 100, 400, other, std::string(model) + " thr " + std::to_string(thr));
      }
    }
  }
  EXPECT_GT(with_peaks, 40);  // the comparison saw spikes
}

TEST(EfelPeakTimes, SamplesAtAndNearTheThreshold) {
  const double dt = 0.025, thr = -20;
  const std::size_t n = 4001;
  const std::vector<double> t = sample_times(n, dt);
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::size_t> at(1, n - 2);
  for (int trial = 0; trial < 200; ++trial) {
    // A spike train of triangles; some samples put exactly on the threshold, or a few ulps off it,
    // inside the spikes and around them; some traces start above the threshold.
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double phase = std::fmod(static_cast<double>(i) * (0.5 + trial % 7), 400.0);
      v[i] = phase < 20 ? -60 + 5 * phase : -60;
    }
    if (trial % 5 == 0) v[0] = v[1] = 10;
    const double near[] = {thr, std::nextafter(thr, 0.0), std::nextafter(thr, -100.0), thr + 1e-10};
    for (int k = 0; k < 30; ++k) v[at(rng)] = near[k % 4];
    Settings s;
    s.interp_step = dt;
    expect_same(t, v, 10, 90, s, "trial " + std::to_string(trial));
    s.strict_stiminterval = true;
    expect_same(t, v, 10, 90, s, "strict, trial " + std::to_string(trial));
  }
}

TEST(EfelPeakTimes, GridsOtherThanTheSamplingStep) {
  // eFEL's own test recording (0.25 ms samples) on its default 0.1 ms grid and on a grid of its
  // own step; then a trace with uneven steps.
  std::ifstream in(std::string(NEUROFIT_TEST_DATA) + "/efel/testdata.txt");
  std::vector<double> t, v;
  for (double a = 0, b = 0; in >> a >> b;) {
    t.push_back(a);
    v.push_back(b);
  }
  ASSERT_EQ(t.size(), 12000u);
  Settings s;
  expect_same(t, v, 700, 2700, s, "0.1 ms grid");
  // eFEL 5.7's peak_time of this recording (tests/data/efel/testdata_efel.json).
  const std::vector<double> efel{708.0000000000924,  911.3000000001387, 1405.9999999998167,
                                 1711.9999999995384, 2387.499999998924, 2637.7999999986964};
  const std::vector<double> got = PeakTimes(t, 700, 2700, s)(v);
  ASSERT_EQ(got.size(), efel.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], efel[i], 1e-9 * efel[i]);
  s.interp_step = t[1] - t[0];
  expect_same(t, v, 700, 2700, s, "its own step");
  EXPECT_EQ(PeakTimes(t, 700, 2700, s)(v).size(), 6u);
  std::vector<double> tu(t.size());
  double x = 0;
  for (std::size_t i = 0; i < tu.size(); ++i, x += i % 3 == 0 ? 0.1 : 0.325) tu[i] = x;
  expect_same(tu, v, 700, 2700, Settings{}, "uneven steps");
}

TEST(EfelPeakTimes, BadInputIsRefusedAsTraceFeaturesRefusesIt) {
  const std::vector<double> t{0, 0.1, 0.2, 0.3}, v{-70, std::nan(""), -70, -70};
  EXPECT_THROW(PeakTimes(t, 0.1, 0.2)(v), std::invalid_argument);
  EXPECT_THROW(PeakTimes(std::span(t.data(), 2), 0.1, 0.2), std::invalid_argument);
}

}  // namespace
}  // namespace neurofit::ephys::efel

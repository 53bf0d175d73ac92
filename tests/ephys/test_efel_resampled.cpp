// TraceFeatures read value by value (from SampleTimes, as protocols read their sweeps: resampled
// only where a feature reads the trace) gives every feature bit for bit as TraceFeatures that
// resamples the whole trace: on simulated sweeps of random models read at their own step, on
// traces made to test the blocks' shortcut (samples exactly at or within rounding of a level, a
// trace that starts above it, spikes at the ends), and on traces whose grid is not their step
// (where it resamples the whole trace).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "../common/random_params.hpp"
#include "neurofit/ephys/efel.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::ephys::efel {
namespace {

// Every feature of both readings, compared bit for bit (NaN and -0.0 included).
void expect_same(std::span<const double> t, std::span<const double> v, double start, double end,
                 const Settings& s, const std::string& what) {
  const TraceFeatures whole(t, v, start, end, s);
  const SampleTimes times(t, s.interp_step);
  const TraceFeatures by_value(times, v, start, end, s);
  for (const auto& f : features) {
    const std::vector<double> want = whole.get(f.name), got = by_value.get(f.name);
    ASSERT_EQ(got.size(), want.size()) << what << ", " << f.name;
    for (std::size_t i = 0; i < got.size(); ++i)
      ASSERT_EQ(std::bit_cast<std::uint64_t>(got[i]), std::bit_cast<std::uint64_t>(want[i]))
          << what << ", " << f.name << "[" << i << "]: " << got[i] << " vs " << want[i];
  }
}

std::vector<double> sample_times(std::size_t n, double dt) {
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = sim::sample_time(static_cast<std::int64_t>(i), dt);
  return t;
}

// Sweeps of random models from rest, a step from 100 to 400 ms of 0-800 pA, sampled at 0.025 ms.
struct Sweeps {
  std::vector<double> t;
  Eigen::MatrixXd v;  // one column per lane that simulated to its end
};
Sweeps simulated_sweeps(const char* model, int n) {
  const double dt = 0.025;
  const auto& f = sim::find_family(model);
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
  Sweeps out{sample_times(static_cast<std::size_t>(r.trace.rows()), dt), {}};
  out.v.resize(r.trace.rows(), 0);
  for (int l = 0; l < n; ++l)
    if (r.status[static_cast<std::size_t>(l)] == sim::LaneStatus::ok) {
      out.v.conservativeResize(Eigen::NoChange, out.v.cols() + 1);
      out.v.col(out.v.cols() - 1) = r.trace.col(l);
    }
  return out;
}

TEST(EfelResampled, SimulatedSweepsOfRandomModels) {
  Settings s;
  s.interp_step = 0.025;
  int with_spikes = 0;
  for (const char* model : {"izhikevich2007", "adex", "lif"}) {
    const Sweeps sw = simulated_sweeps(model, 48);
    const SampleTimes times(sw.t, s.interp_step);
    ASSERT_TRUE(times.aligned());
    for (Eigen::Index l = 0; l < sw.v.cols(); ++l) {
      const std::span<const double> v(sw.v.col(l).data(), sw.t.size());
      EXPECT_TRUE(detail::Resampled(times, v).by_value()) << model << " lane " << l;
      const std::string what = std::string(model) + " lane " + std::to_string(l);
      expect_same(sw.t, v, 100, 400, s, what);
      with_spikes += TraceFeatures(times, v, 100, 400, s).get("peak_time").size() > 3;
      for (double thr : {-40.0, 0.0}) {  // other thresholds cut the spikes elsewhere
        Settings other = s;
        other.threshold = thr;
        other.strict_stiminterval = thr == 0.0;
        other.derivative_threshold = thr == 0.0 ? 40.0 : 2.0;
        expect_same(sw.t, v, 100, 400, other, what + " thr " + std::to_string(thr));
      }
    }
  }
  EXPECT_GT(with_spikes, 40);  // the comparison saw spike trains
}

TEST(EfelResampled, ValuesScansAndCrossingsAsTheWholeTrace) {
  const Sweeps sw = simulated_sweeps("izhikevich2007", 16);
  const SampleTimes times(sw.t, 0.025);
  std::mt19937_64 rng(4);
  std::uniform_int_distribution<std::size_t> at(0, sw.t.size() - 1);
  std::uniform_real_distribution<double> level(-80, 40);
  for (Eigen::Index l = 0; l < sw.v.cols(); ++l) {
    const std::span<const double> v(sw.v.col(l).data(), sw.t.size());
    const detail::Resampled whole(sw.t, v, 0.025), by_value(times, v);
    ASSERT_TRUE(by_value.by_value());
    ASSERT_EQ(by_value.size(), whole.size());
    for (std::size_t k = 0; k < whole.size(); ++k)
      ASSERT_EQ(std::bit_cast<std::uint64_t>(by_value[k]), std::bit_cast<std::uint64_t>(whole[k]))
          << "lane " << l << " value " << k;
    for (int trial = 0; trial < 50; ++trial) {
      std::size_t from = at(rng), to = at(rng);
      if (from > to) std::swap(from, to);
      const double x = trial % 5 == 0 ? whole[at(rng)] : level(rng);  // some levels hit exactly
      if (trial % 7 == 0) std::swap(from, to);                        // from > to: `from`
      for (bool rising : {true, false})
        ASSERT_EQ(by_value.first_reaching(from, to, x, rising),
                  whole.first_reaching(from, to, x, rising))
            << "lane " << l << " level " << x << " from " << from << " to " << to;
      std::vector<std::int64_t> up_w, down_w, up_v, down_v;
      whole.crossings(x, up_w, down_w);
      by_value.crossings(x, up_v, down_v);
      ASSERT_EQ(up_v, up_w) << "lane " << l << " level " << x;
      ASSERT_EQ(down_v, down_w) << "lane " << l << " level " << x;
    }
  }
}

TEST(EfelResampled, SamplesAtAndNearTheThreshold) {
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
    if (trial % 7 == 0) v[n - 1] = v[n - 2] = 10;  // a spike at the end
    const double near[] = {thr, std::nextafter(thr, 0.0), std::nextafter(thr, -100.0), thr + 1e-10};
    for (int k = 0; k < 30; ++k) v[at(rng)] = near[k % 4];
    Settings s;
    s.interp_step = dt;
    expect_same(t, v, 10, 90, s, "trial " + std::to_string(trial));
    s.strict_stiminterval = true;
    expect_same(t, v, 10, 90, s, "strict, trial " + std::to_string(trial));
  }
}

TEST(EfelResampled, LargeVoltagesAreResampledWhole) {
  // |V| >= 1e6 lies beyond the bound the blocks' margin holds for: the whole trace is resampled.
  const Sweeps sw = simulated_sweeps("izhikevich2007", 4);
  const SampleTimes times(sw.t, 0.025);
  std::vector<double> v(sw.v.col(0).data(), sw.v.col(0).data() + sw.t.size());
  v[100] = 2e6;
  EXPECT_FALSE(detail::Resampled(times, v).by_value());
  Settings s;
  s.interp_step = 0.025;
  expect_same(sw.t, v, 100, 400, s, "a sample at 2e6 mV");
}

TEST(EfelResampled, GridsOtherThanTheSamplingStep) {
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
  EXPECT_FALSE(SampleTimes(t, s.interp_step).aligned());
  expect_same(t, v, 700, 2700, s, "0.1 ms grid");
  // eFEL 5.7's peak_time of this recording (tests/data/efel/testdata_efel.json).
  const std::vector<double> efel{708.0000000000924,  911.3000000001387, 1405.9999999998167,
                                 1711.9999999995384, 2387.499999998924, 2637.7999999986964};
  const SampleTimes grid(t, s.interp_step);
  const std::vector<double> got = TraceFeatures(grid, v, 700, 2700, s).get("peak_time");
  ASSERT_EQ(got.size(), efel.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], efel[i], 1e-9 * efel[i]);
  s.interp_step = t[1] - t[0];
  const SampleTimes own(t, s.interp_step);  // not aligned to 1e-9: the times are rounded text
  expect_same(t, v, 700, 2700, s, "its own step");
  EXPECT_EQ(TraceFeatures(own, v, 700, 2700, s).get("peak_time").size(), 6u);
  std::vector<double> tu(t.size());
  double x = 0;
  for (std::size_t i = 0; i < tu.size(); ++i, x += i % 3 == 0 ? 0.1 : 0.325) tu[i] = x;
  expect_same(tu, v, 700, 2700, Settings{}, "uneven steps");
}

TEST(EfelResampled, BadInputIsRefusedAsTraceFeaturesRefusesIt) {
  const std::vector<double> t{0, 0.1, 0.2, 0.3}, v{-70, std::nan(""), -70, -70};
  Settings s;
  const SampleTimes times(t, s.interp_step);
  EXPECT_THROW(TraceFeatures(times, v, 0.1, 0.2, s), std::invalid_argument);
  EXPECT_THROW(TraceFeatures(times, std::span(v.data(), 3), 0.1, 0.2, s), std::invalid_argument);
  EXPECT_THROW(SampleTimes(std::span(t.data(), 2), 0.1), std::invalid_argument);
  EXPECT_THROW(SampleTimes(t, 0.0), std::invalid_argument);
  s.interp_step = 0.05;  // not the grid the sample times were read for
  const std::vector<double> flat{-70, -70, -70, -70};
  EXPECT_THROW(TraceFeatures(times, flat, 0.1, 0.2, s), std::invalid_argument);
}

}  // namespace
}  // namespace neurofit::ephys::efel

// eFEL's features on hand-built traces whose values are worked out by hand below: every feature,
// and the edge cases (no spike, one spike, two spikes, a spike cut off by the trace's end, a
// spike before the stimulus, variable time steps).
//
// The traces are piecewise linear on a 0.1 ms grid (t = k / 10 ms): -70 mV at rest, a step to
// -60 mV during the stimulus (100 to 600 ms; the ramps take one sample), and spikes of one shape,
// at a peak sample p: V[p-3..p+6] = -50, -40, -10, 30, 0, -30, -55, -65, -62, -60 (then -60).
// For each such spike, by eFEL's definitions (tests/data/efel/README.md):
//   threshold -20 mV: crossed upwards at p-1 (-10) and downwards at p+2 (-30); peak p, 30 mV;
//   AHP: the first local minimum after the peak, -65 mV at p+4 (-62, -60 do not go below it);
//   AP begin: dV/dt (central differences) is 0 at p-5 and 50, 100, 200 mV/ms at p-4..p-2, so the
//     AP begins at p-4, at -60 mV; AP amplitude 30 - (-60) = 90 mV;
//   half width: half height (30 + (-65)) / 2 = -17.5 mV is crossed going up 0.75 of the way from
//     p-2 to p-1 (0.025 ms before p-1) and going down 17.5/30 of the way from p+1 to p+2
//     (0.041667 ms before p+2): 0.3 + 0.025 - 0.041667 = 0.283333 ms.
// The values hold to rounding: eFEL resamples on a grid whose times are added up 0.1 ms at a time
// and drift from k / 10 by up to about 1e-11 ms here, which slopes of up to 400 mV/ms turn into
// 4e-9 mV (1e-8 allowed).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {
namespace {

constexpr double stim_start = 100, stim_end = 600, tol = 1e-8;

struct Built {
  std::vector<double> t, v;
};

// The trace described above, 0 to `duration` ms, with spikes peaking at the given times [ms].
Built build(const std::vector<double>& peaks, double duration = 700) {
  Built b;
  const auto n = static_cast<long>(std::lround(duration * 10));
  for (long k = 0; k <= n; ++k) {
    b.t.push_back(static_cast<double>(k) / 10);
    b.v.push_back(k > 1000 && k <= 6000 ? -60.0 : -70.0);
  }
  const double shape[] = {-50, -40, -10, 30, 0, -30, -55, -65, -62};
  for (double peak : peaks) {
    const long p = std::lround(peak * 10);
    for (long j = -3; j <= 5; ++j)
      if (p + j <= n) b.v[static_cast<std::size_t>(p + j)] = shape[j + 3];
  }
  return b;
}

TraceFeatures features_of(const Built& b) {
  return TraceFeatures(b.t, b.v, stim_start, stim_end);
}

void expect_values(const TraceFeatures& f, const std::string& name,
                   const std::vector<double>& want) {
  const std::vector<double> got = f.get(name);
  ASSERT_EQ(got.size(), want.size()) << name;
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], tol) << name << " " << i;
}

void expect_none(const TraceFeatures& f, const std::string& name) {
  EXPECT_TRUE(f.get(name).empty()) << name << " has a value";
}

// Five spikes, at 110, 150, 200, 260 and 330 ms: intervals 40, 50, 60, 70 ms.
TEST(EfelSynthetic, EveryFeatureOfAFiveSpikeTrain) {
  const auto f = features_of(build({110, 150, 200, 260, 330}));
  expect_values(f, "spike_count", {5});
  expect_values(f, "peak_time", {110, 150, 200, 260, 330});
  expect_values(f, "peak_voltage", {30, 30, 30, 30, 30});
  expect_values(f, "time_to_first_spike", {10});
  expect_values(f, "time_to_second_spike", {50});
  expect_values(f, "time_to_last_spike", {230});
  expect_values(f, "mean_frequency", {5 * 1000.0 / 230});  // 5 spikes over 100..330 ms
  expect_values(f, "inv_first_ISI", {1000.0 / 40});        // the first interval counts here
  expect_values(f, "inv_last_ISI", {1000.0 / 70});
  expect_values(f, "ISI_values", {50, 60, 70});  // ignore_first_ISI
  expect_values(f, "ISI_CV", {10.0 / 60});       // sample sd 10, mean 60
  // Least squares of ln(50, 60, 70) against ln(1, 2, 3).
  expect_values(f, "ISI_log_slope", {0.3016145070341662});
  // Without the first spike: intervals 50, 60, 70; ((60-50)/110 + (70-60)/130) / 2.
  expect_values(f, "adaptation_index2", {(10.0 / 110 + 10.0 / 130) / 2});
  expect_values(f, "AP_begin_voltage", {-60, -60, -60, -60, -60});
  expect_values(f, "AP_amplitude", {90, 90, 90, 90, 90});
  const double w = 0.3 + 0.1 * 7.5 / 30 - 0.1 * 12.5 / 30;
  expect_values(f, "spike_half_width", {w, w, w, w, w});
  expect_values(f, "AHP_depth_abs", {-65, -65, -65, -65, -65});
  expect_values(f, "AHP_depth", {5, 5, 5, 5, 5});           // above voltage_base, -70
  expect_values(f, "voltage_base", {-70});                  // 90 to 100 ms
  expect_values(f, "steady_state_voltage_stimend", {-60});  // 550 to 600 ms
  expect_values(f, "voltage_deflection", {10});             // -60 before the end, -70 before
}

TEST(EfelSynthetic, NoSpike) {
  const auto f = features_of(build({}));
  expect_values(f, "spike_count", {0});
  for (const char* name : {"peak_time", "peak_voltage", "mean_frequency", "time_to_first_spike",
                           "time_to_last_spike", "inv_first_ISI", "ISI_values", "AP_amplitude",
                           "AP_begin_voltage", "spike_half_width", "AHP_depth_abs", "AHP_depth"})
    expect_none(f, name);
  expect_values(f, "voltage_base", {-70});
  expect_values(f, "steady_state_voltage_stimend", {-60});
  expect_values(f, "voltage_deflection", {10});
}

TEST(EfelSynthetic, OneSpike) {
  const auto f = features_of(build({200}));
  expect_values(f, "spike_count", {1});
  expect_values(f, "mean_frequency", {10});  // 1 spike over 100 ms
  expect_values(f, "time_to_first_spike", {100});
  expect_values(f, "time_to_last_spike", {100});
  for (const char* name : {"time_to_second_spike", "inv_first_ISI", "inv_last_ISI", "ISI_values",
                           "ISI_CV", "ISI_log_slope", "adaptation_index2"})
    expect_none(f, name);
  expect_values(f, "AP_amplitude", {90});
  expect_values(f, "AHP_depth_abs", {-65});
}

// Two spikes: the one interval is the first, which ISI_values leaves out (an empty list, as
// eFEL's), while the inverse intervals use it.
TEST(EfelSynthetic, TwoSpikes) {
  const auto f = features_of(build({150, 200}));
  expect_none(f, "ISI_values");
  expect_none(f, "ISI_CV");
  expect_none(f, "ISI_log_slope");
  expect_values(f, "inv_first_ISI", {20});
  expect_values(f, "inv_last_ISI", {20});
}

// A spike that the trace's end cuts off above the threshold is not a spike; one before the
// stimulus is, but not for the features of the stimulus (mean frequency, AP begin and amplitude).
TEST(EfelSynthetic, SpikesAtTheEdgesOfTheWindows) {
  // The trace ends at 650.1 ms, one sample after a peak at 650 ms: still above -20 mV.
  const auto cut = features_of(build({200, 650}, 650.1));
  expect_values(cut, "spike_count", {1});
  expect_values(cut, "peak_time", {200});
  // A spike at 50 ms, before the stimulus, and one at 200 ms. The first spike's AP begin search
  // starts at the stimulus onset, so only the second has one.
  const auto early = features_of(build({50, 200}));
  expect_values(early, "spike_count", {2});
  expect_values(early, "time_to_first_spike", {-50});
  expect_values(early, "mean_frequency", {10});  // the one spike in the stimulus
  expect_values(early, "AP_begin_voltage", {-60});
  expect_values(early, "AP_amplitude", {90});
  expect_values(early, "ISI_values", {});
}

// The same trace sampled at other, varying steps: 0.05 ms within the spikes (points on the same
// lines) and 0.2 ms where V is flat. eFEL's resampling gives back the same 0.1 ms trace.
TEST(EfelSynthetic, VariableTimeStepsGiveTheSameFeatures) {
  const Built uniform = build({110, 150, 200, 260, 330});
  Built varied;
  for (std::size_t k = 0; k < uniform.t.size(); ++k) {
    const bool flat = k > 0 && k + 1 < uniform.t.size() && uniform.v[k - 1] == uniform.v[k] &&
                      uniform.v[k + 1] == uniform.v[k];
    if (flat && k % 2 == 1) continue;  // every other sample of a flat stretch
    varied.t.push_back(uniform.t[k]);
    varied.v.push_back(uniform.v[k]);
    if (!flat && k + 1 < uniform.t.size()) {  // a midpoint on the line to the next sample
      varied.t.push_back(uniform.t[k] + 0.05);
      varied.v.push_back((uniform.v[k] + uniform.v[k + 1]) / 2);
    }
  }
  ASSERT_NE(varied.t.size(), uniform.t.size());
  const auto a = features_of(uniform), b = features_of(varied);
  for (const auto& info : features) {
    const std::vector<double> x = a.get(info.name), y = b.get(info.name);
    ASSERT_EQ(x.size(), y.size()) << info.name;
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], y[i], tol) << info.name;
  }
}

TEST(EfelSynthetic, SettingsChangeWhatTheyShould) {
  const Built b = build({110, 150, 200, 260, 330});
  Settings s;
  s.threshold = 10;  // above 0 mV, the sample after each peak: the crossings move, not the peaks
  expect_values(TraceFeatures(b.t, b.v, stim_start, stim_end, s), "peak_time",
                {110, 150, 200, 260, 330});
  s.threshold = 40;  // above every peak
  expect_values(TraceFeatures(b.t, b.v, stim_start, stim_end, s), "spike_count", {0});
  s = {};
  s.ignore_first_isi = false;
  expect_values(TraceFeatures(b.t, b.v, stim_start, stim_end, s), "ISI_values", {40, 50, 60, 70});
  s = {};
  s.derivative_threshold = 120;  // dV/dt 200 at p-2 only: too short a run for a window of 3
  expect_none(TraceFeatures(b.t, b.v, stim_start, stim_end, s), "AP_begin_voltage");
  s.derivative_window = 1;  // one sample above 120 mV/ms is enough: the AP begins at p-2
  expect_values(TraceFeatures(b.t, b.v, stim_start, stim_end, s), "AP_begin_voltage",
                {-40, -40, -40, -40, -40});
  s = {};
  s.interp_step = 0.05;  // a finer grid of the same lines: the same peaks
  expect_values(TraceFeatures(b.t, b.v, stim_start, stim_end, s), "peak_time",
                {110, 150, 200, 260, 330});
}

TEST(EfelSynthetic, BadTracesAreRefused) {
  const std::vector<double> t{0, 1, 2}, v{-70, -70, -70};
  EXPECT_THROW(TraceFeatures(std::vector<double>{0, 1}, std::vector<double>{1, 2}, 0, 1),
               std::invalid_argument);
  EXPECT_THROW(TraceFeatures(std::vector<double>{0, 2, 1}, v, 0, 1), std::invalid_argument);
  EXPECT_THROW(TraceFeatures(t, std::vector<double>{-70, NAN, -70}, 0, 1), std::invalid_argument);
  EXPECT_THROW(TraceFeatures(t, v, 1, 1), std::invalid_argument);
  EXPECT_THROW(TraceFeatures(t, v, 0, 1).get("Spikecount"), std::invalid_argument);
}

TEST(EfelResampling, FirstLocalMinimumIsNotTheLowest) {
  const std::vector<double> v{5, 3, 4, 4, 1, 0, 2};
  EXPECT_EQ(detail::first_local_minimum(v, 0, 7), 1);  // 3, then two samples not below it
  EXPECT_EQ(detail::first_local_minimum(v, 2, 7), 5);  // no such run: the lowest, 0
  EXPECT_EQ(detail::first_local_minimum(v, 3, 3), 3);  // empty: the end
}

TEST(EfelResampling, GridTimesAreAddedUpAndTheLastValueIsHeld) {
  const std::vector<double> t{0, 0.25, 0.5}, v{0, 1, 3};
  std::vector<double> ti, vi;
  detail::interpolate(t, v, 0.1, ti, vi);
  // ceil(0.5 / 0.1) = 5 points from 0 by 0.1 (0.30000000000000004 as added up), and one past the
  // end since the fifth falls short of 0.5.
  ASSERT_EQ(ti.size(), 6u);
  EXPECT_EQ(ti[3], 0.1 + 0.1 + 0.1);
  EXPECT_NEAR(vi[1], 0.4, 1e-15);
  EXPECT_NEAR(vi[3], 1 + (3.0 - 1) / 0.25 * (ti[3] - 0.25), 1e-15);
  EXPECT_EQ(vi[5], 3.0);
}

}  // namespace
}  // namespace neurofit::ephys::efel

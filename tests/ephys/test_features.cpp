// Feature extraction (features.hpp) on hand-built traces whose answers are worked out by hand
// in the comments, or follow from a closed form (an exponential decay).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "neurofit/ephys/features.hpp"

namespace neurofit::ephys {
namespace {

Trace trace_of(const std::vector<double>& v, std::int64_t first, double dt) {
  return Trace{std::span(v.data(), v.size()), first, dt};
}

TEST(MeanBetween, AveragesTheHalfOpenRangeOfAbsoluteIndices) {
  const std::vector<double> v{1, 2, 3, 4, 5};
  const auto tr = trace_of(v, 10, 0.025);    // samples 10..14
  EXPECT_EQ(mean_between(tr, 11, 14), 3.0);  // (2 + 3 + 4) / 3
  EXPECT_EQ(mean_between(tr, 10, 15), 3.0);  // all five
  EXPECT_EQ(mean_between(tr, 14, 15), 5.0);  // the last one alone
  EXPECT_EQ(mean_between(tr, 10, 12), 1.5);  // (1 + 2) / 2
}

TEST(SpikeSamples, ListsEverySampleAtOrAbovePeakInOrder) {
  const std::vector<double> v{-70, 0, 35, -50, 34.999, 35, 36, 10};
  const auto tr = trace_of(v, 100, 0.025);
  EXPECT_EQ(spike_samples(tr, 35), (std::vector<std::int64_t>{102, 105, 106}));
  EXPECT_TRUE(spike_samples(tr, 36.5).empty());
  EXPECT_EQ(spike_samples(tr, 36), (std::vector<std::int64_t>{106}));
}

// V(t) = rest + deflection (1 - exp(-t/tau)) reaches rest + (1 - 1/e) deflection at t = tau
// exactly. The curve is convex in t (deflection < 0), so the chord between two samples lies above
// it and the interpolated crossing comes at or after tau, by at most dt^2/(8 tau) x max|V''|/|V'|
// over the interval = dt^2/(8 tau) x exp(dt/tau). (1e-10 ms more for rounding of the samples.)
TEST(FallTime, ExponentialDecayCrossesAtTauWithinTheInterpolationError) {
  for (const double tau : {0.3, 2.0, 8.7471, 25.0}) {
    const double dt = 0.025, rest = -65.0, deflection = -0.8;
    const std::int64_t onset = 300, first = 250;
    std::vector<double> v;
    for (std::int64_t i = first; i < onset + static_cast<std::int64_t>(5 * tau / dt); ++i) {
      const double t = static_cast<double>(std::max<std::int64_t>(i - onset, 0)) * dt;
      v.push_back(rest + deflection * (1 - std::exp(-t / tau)));
    }
    const auto tr = trace_of(v, first, dt);
    const auto c = fall_time(tr, onset, rest + (1 - std::exp(-1.0)) * deflection);
    ASSERT_EQ(c.found, Found::yes) << "tau " << tau;
    const double bound = dt * dt / (8 * tau) * std::exp(dt / tau);
    EXPECT_GE(c.time, tau - 1e-10) << "tau " << tau;
    EXPECT_LE(c.time, tau + bound + 1e-10) << "tau " << tau;
  }
}

// Piecewise-linear: samples 20..24 = 0, 0, -2, -6, -10 with dt 0.5 ms, onset 21, level -5.
// First i >= 21 with V[i+1] <= -5 is i = 22 (V[23] = -6); f = (-2 - -5)/(-2 - -6) = 3/4;
// time = (22 - 21 + 3/4) x 0.5 = 0.875 ms (exact in binary).
TEST(FallTime, PiecewiseLinearCrossingIsInterpolatedExactly) {
  const std::vector<double> v{0, 0, -2, -6, -10};
  const auto tr = trace_of(v, 20, 0.5);
  const auto c = fall_time(tr, 21, -5);
  ASSERT_EQ(c.found, Found::yes);
  EXPECT_EQ(c.time, 0.875);
  // A sample exactly on the level counts (V[i+1] <= level): level -6 -> i = 22, f = 1, 1.0 ms.
  const auto on = fall_time(tr, 21, -6);
  ASSERT_EQ(on.found, Found::yes);
  EXPECT_EQ(on.time, 1.0);
  // From onset 23 the first step already ends at or below -8: i = 23, f = (-6+8)/4, 0.25 ms.
  const auto late = fall_time(tr, 23, -8);
  ASSERT_EQ(late.found, Found::yes);
  EXPECT_EQ(late.time, 0.25);
}

TEST(FallTime, NoCrossingBeforeTheTraceEndsIsBeyondTrace) {
  const std::vector<double> v{0, -1, -2, -3};
  const auto tr = trace_of(v, 0, 0.5);
  EXPECT_EQ(fall_time(tr, 0, -3.5).found, Found::beyond_trace);  // never reaches -3.5
  EXPECT_EQ(fall_time(tr, 3, -3).found, Found::beyond_trace);    // onset is the last sample
  EXPECT_EQ(fall_time(tr, 7, -1).found, Found::beyond_trace);    // onset after the trace
  EXPECT_EQ(fall_time(tr, -1, -1).found, Found::beyond_trace);   // onset before the trace
}

// A piecewise-linear spike, dt 0.25 ms, peak at sample 8:
//   i:    0    1    2    3    4    5    6    7   8    9    10   11
//   V:  -70  -70  -70  -69  -68  -60  -35   -3  30  -68  -69  -70
//   dV (mV/ms) of step i -> i+1: 0, 0, 4, 4, 32, 100, 128, 132, -392, -4, -4
// Threshold from j = 7 back while j > onset and dV[j-1] >= 10: dV[6], dV[5], dV[4] >= 10 take j to
// 4; dV[3] = 4 stops: threshold = V[4] = -68, amplitude = 30 + 68 = 98, half height h = -19.
// Rising: last i in [onset, 8) with V[i] < -19 <= V[i+1]: i = 6, f = (-19+35)/(-3+35) = 1/2,
// 6.5 dt. Falling: first i >= 8 with V[i] >= -19 > V[i+1]: i = 8, f = (30+19)/(30+68) = 1/2,
// 8.5 dt. Width = 2 dt = 0.5 ms.
const std::vector<double> spike{-70, -70, -70, -69, -68, -60, -35, -3, 30, -68, -69, -70};

TEST(SpikeShape, HandBuiltSpikeGivesThresholdAmplitudeAndHalfWidth) {
  const auto s = spike_shape(trace_of(spike, 0, 0.25), 8, 2);
  ASSERT_EQ(s.found, Found::yes);
  EXPECT_EQ(s.threshold, -68.0);
  EXPECT_EQ(s.amplitude, 98.0);
  EXPECT_EQ(s.width, 0.5);
}

TEST(SpikeShape, ThresholdSearchStopsAtTheOnsetBound) {
  // Onset 5: j goes 7 -> 6 -> 5 and stops there (j > onset fails) although dV[4] = 32 >= 10.
  // threshold -60, amplitude 90, h = -15; rising at i = 6, f = 20/32; falling at i = 8,
  // f = 45/98: width = (8 + 45/98 - 6 - 20/32) x 0.25.
  const auto s = spike_shape(trace_of(spike, 0, 0.25), 8, 5);
  ASSERT_EQ(s.found, Found::yes);
  EXPECT_EQ(s.threshold, -60.0);
  EXPECT_EQ(s.amplitude, 90.0);
  EXPECT_NEAR(s.width, (2 + 45.0 / 98 - 20.0 / 32) * 0.25, 1e-12);
}

TEST(SpikeShape, ThresholdSearchStopsBelowTheSlopeLimit) {
  // slope limit 50: dV[6] = 128, dV[5] = 100 pass, dV[4] = 32 stops at j = 5: threshold -60.
  const auto s = spike_shape(trace_of(spike, 0, 0.25), 8, 2, 50.0);
  ASSERT_EQ(s.found, Found::yes);
  EXPECT_EQ(s.threshold, -60.0);
  // A slope of exactly 10 mV/ms continues the search (>=): V[3] = -70.5 makes dV[3] = 2.5/0.25
  // = 10, so j reaches 3; dV[2] = -2 stops it: threshold -70.5.
  auto edge = spike;
  edge[3] = -70.5;
  const auto e = spike_shape(trace_of(edge, 0, 0.25), 8, 0);
  ASSERT_EQ(e.found, Found::yes);
  EXPECT_EQ(e.threshold, -70.5);
  EXPECT_EQ(e.amplitude, 100.5);
  // Just above 10 mV/ms the same step stops the search at j = 4.
  EXPECT_EQ(spike_shape(trace_of(edge, 0, 0.25), 8, 0, 10.000001).threshold, -68.0);
}

TEST(SpikeShape, ResultDoesNotDependOnWhereTheTraceStarts) {
  // The same samples recorded as indices 1000..1011: same threshold, amplitude, width.
  const auto s = spike_shape(trace_of(spike, 1000, 0.25), 1008, 1002);
  ASSERT_EQ(s.found, Found::yes);
  EXPECT_EQ(s.threshold, -68.0);
  EXPECT_EQ(s.amplitude, 98.0);
  EXPECT_NEAR(s.width, 0.5, 1e-12);
}

TEST(SpikeShape, NoRisingCrossingIsNo) {
  // Flat at 10 then a "spike" sample at 5: threshold = V[2] = 10 (dV[1] = 0 < 10), amplitude -5,
  // h = 7.5; no i in [0, 3) has V[i] < 7.5.
  const std::vector<double> v{10, 10, 10, 5, 0};
  EXPECT_EQ(spike_shape(trace_of(v, 0, 0.25), 3, 0).found, Found::no);
}

TEST(SpikeShape, TraceStartingAfterTheNeededSamplesIsBeyondTrace) {
  // Samples 5..11 only: the threshold search needs dV[4], i.e. sample 4.
  const std::vector<double> cut(spike.begin() + 5, spike.end());
  EXPECT_EQ(spike_shape(trace_of(cut, 5, 0.25), 8, 2).found, Found::beyond_trace);
  // With the onset at 5 the search stops there and sample 4 is not needed.
  EXPECT_EQ(spike_shape(trace_of(cut, 5, 0.25), 8, 5).found, Found::yes);
  // The spike itself or the sample before it outside the trace.
  const std::vector<double> from8(spike.begin() + 8, spike.end());
  EXPECT_EQ(spike_shape(trace_of(from8, 8, 0.25), 8, 2).found, Found::beyond_trace);
  EXPECT_EQ(spike_shape(trace_of(spike, 0, 0.25), 12, 2).found, Found::beyond_trace);
}

TEST(SpikeShape, NoFallingCrossingBeforeTheTraceEndsIsBeyondTrace) {
  // Trace ending at the peak (sample 8).
  const std::vector<double> to_peak(spike.begin(), spike.begin() + 9);
  EXPECT_EQ(spike_shape(trace_of(to_peak, 0, 0.25), 8, 2).found, Found::beyond_trace);
  // Trace that stays above h = -19 after the peak.
  auto high = spike;
  high[9] = -10;
  high[10] = -15;
  high[11] = -19;  // equal to h: not below it
  EXPECT_EQ(spike_shape(trace_of(high, 0, 0.25), 8, 2).found, Found::beyond_trace);
  // One more sample below h completes it: falling at i = 11 with f = (V[11] - h)/(V[11] - V[12])
  // = 0, at 11 dt; rising is still at 6.5 dt.
  high.push_back(-23);
  const auto s = spike_shape(trace_of(high, 0, 0.25), 8, 2);
  ASSERT_EQ(s.found, Found::yes);
  EXPECT_EQ(s.width, (11 - 6.5) * 0.25);
}

}  // namespace
}  // namespace neurofit::ephys

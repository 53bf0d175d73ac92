// Protocols (protocol.hpp): ne8 as a protocol gives evaluate_ne8's results bit for bit; a sweep's
// features equal eFEL's extraction (TraceFeatures) on that sweep simulated on its own; amplitudes
// relative to rheobase give each candidate its own current; statistics reduce per-spike values;
// the f-I slope is a least-squares slope; every sweep is held to the refractory floor.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../common/random_params.hpp"
#include "neurofit/ephys/protocol.hpp"

namespace neurofit::ephys {
namespace {

const sim::ModelFamily& izh() {
  return sim::find_family("izhikevich2007");
}

Eigen::MatrixXd defaults(const sim::ModelFamily& f, int copies = 1) {
  Eigen::MatrixXd p(f.n_params(), copies);
  for (int c = 0; c < copies; ++c)
    for (int i = 0; i < f.n_params(); ++i)
      p(i, c) = f.parameters[static_cast<std::size_t>(i)].value;
  return p;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

TEST(Ne8Protocol, EqualsEvaluateNe8BitForBit) {
  for (const char* model : {"izhikevich2007", "adex", "lif"}) {
    SCOPED_TRACE(model);
    const auto& f = sim::find_family(model);
    const Eigen::MatrixXd p = test_support::random_params(f, 96, 11);
    const auto a = evaluate_ne8(f, p);
    const auto b = evaluate_protocol(f, p, ne8_protocol());
    ASSERT_EQ(b.features.rows(), n_ne8_features);
    for (Eigen::Index c = 0; c < p.cols(); ++c)
      for (int r = 0; r < n_ne8_features; ++r)
        EXPECT_TRUE(same(a.features(r, c), b.features(r, c)));
    EXPECT_EQ(a.verdict, b.verdict);
    EXPECT_EQ(a.why, b.why);
    EXPECT_EQ(a.lane_steps, b.lane_steps);
  }
}

TEST(Protocol, NamesUnitsAndStages) {
  Protocol p;
  p.whole_cell = {resting_potential, rheobase};
  p.fi_slope = true;
  p.sweeps.push_back({"a", 500, {{1.5, true, 100, 400}}, 100, 400, {}});
  p.sweeps[0].features = {{"spike_count"},
                          {"AP_amplitude", Statistic::mean},
                          {"ISI_values", Statistic::nth, 2},
                          {"peak_time", Statistic::last}};
  p.sweeps.push_back({"b", 500, {{2, true, 100, 400}}, 100, 400, {}});
  p.fi_sweeps = {0, 1};
  EXPECT_EQ(p.feature_names(), (std::vector<std::string>{
                                   "resting_potential", "rheobase", "fi_slope", "a.spike_count",
                                   "a.AP_amplitude.mean", "a.ISI_values.2", "a.peak_time.last"}));
  EXPECT_EQ(p.feature_units(),
            (std::vector<std::string>{"mV", "pA", "Hz/pA", "", "mV", "ms", "ms"}));
  EXPECT_EQ(p.n_features(), 7);
  EXPECT_TRUE(p.needs_passive());
  EXPECT_TRUE(p.needs_rheobase());
  EXPECT_FALSE(p.needs_spike_shape());
  p.whole_cell = {};
  p.sweeps[0].steps[0].of_rheobase = p.sweeps[1].steps[0].of_rheobase = false;
  EXPECT_FALSE(p.needs_passive());
  EXPECT_FALSE(p.needs_rheobase());
}

TEST(FiSlope, LeastSquaresOverTheSweepsThatSpike) {
  // (200, 10) and (300, 30): 0.2 Hz/pA; the silent sweep at 100 pA is left out.
  EXPECT_DOUBLE_EQ(fi_slope({100, 200, 300}, {0, 10, 30}), 0.2);
  // Three points: x 0, 1, 2 (+100), y 1, 2, 4: slope sum((x-1)(y-7/3)) / sum((x-1)^2) = 3/2.
  EXPECT_DOUBLE_EQ(fi_slope({100, 101, 102}, {1, 2, 4}), 1.5);
  EXPECT_TRUE(std::isnan(fi_slope({100, 200}, {0, 5})));  // one suprathreshold sweep
  EXPECT_TRUE(std::isnan(fi_slope({150, 150}, {4, 5})));  // one current
  EXPECT_TRUE(std::isnan(fi_slope({100, 200}, {std::numeric_limits<double>::quiet_NaN(), 5})));
}

// A sweep simulated on its own (from rest at 0 ms) and read by TraceFeatures at the times a trace
// file gives.
efel::TraceFeatures features_alone(const sim::ModelFamily& f, const Eigen::MatrixXd& p, int col,
                                   const Sweep& sweep, double current) {
  sim::BatchRequest req;
  req.last_sample = sim::first_sample_at_or_after(sweep.duration, req.dt);
  req.trace_first = 0;
  req.trace_last = req.last_sample;
  const sim::Stimulus stim{{{current, sweep.steps[0].start, sweep.steps[0].end}}};
  const Eigen::MatrixXd one = p.col(col);
  const auto r = sim::run_batch(f, one, nullptr, std::span(&stim, 1), req);
  static std::vector<double> t, v;
  t.clear();
  v.clear();
  for (std::int64_t i = 0; i <= req.last_sample; ++i) {
    t.push_back(sim::sample_time(i, req.dt));
    v.push_back(r.trace(i, 0));
  }
  return efel::TraceFeatures(t, v, sweep.stim_start, sweep.stim_end);
}

TEST(Protocol, SweepFeaturesAreEfelsOnTheSweepAndRelativeAmplitudesUseEachRheobase) {
  // Izhikevich's RS cell with k scaled, so that the candidates differ in rheobase.
  Eigen::MatrixXd p = defaults(izh(), 3);
  const int k = izh().parameter_index("k");
  p(k, 1) *= 1.3;
  p(k, 2) *= 0.8;
  Protocol proto;
  proto.whole_cell = {rheobase};
  proto.sweeps.push_back({"step", 700, {{1.5, true, 100, 600}}, 100, 600, {}});
  proto.sweeps[0].features = {{"spike_count"},
                              {"mean_frequency"},
                              {"AP_amplitude", Statistic::first},
                              {"AP_amplitude", Statistic::last},
                              {"AP_amplitude", Statistic::mean},
                              {"ISI_values", Statistic::nth, 2},
                              {"ISI_values", Statistic::nth, 500}};
  const auto r = evaluate_protocol(izh(), p, proto);
  ASSERT_EQ(r.features.rows(), 8);
  for (int c = 0; c < 3; ++c) {
    SCOPED_TRACE(c);
    ASSERT_TRUE(r.viable[static_cast<std::size_t>(c)]) << r.why[static_cast<std::size_t>(c)];
    const double rheo = r.features(0, c);
    EXPECT_EQ(rheo, evaluate_ne8(izh(), p.col(c)).features(rheobase, 0));
    const auto f = features_alone(izh(), p, c, proto.sweeps[0], 1.5 * rheo);
    const auto amp = f.get("AP_amplitude");
    ASSERT_GE(amp.size(), 3u);
    double mean = 0;
    for (double a : amp) mean += a / static_cast<double>(amp.size());
    EXPECT_EQ(r.features(1, c), f.get("spike_count")[0]);
    EXPECT_EQ(r.features(2, c), f.get("mean_frequency")[0]);
    EXPECT_EQ(r.features(3, c), amp.front());
    EXPECT_EQ(r.features(4, c), amp.back());
    EXPECT_NEAR(r.features(5, c), mean, 1e-12 * std::abs(mean));
    const auto isi = f.get("ISI_values");
    if (isi.size() >= 2)
      EXPECT_EQ(r.features(6, c), isi[1]);
    else
      EXPECT_TRUE(std::isnan(r.features(6, c)));
    EXPECT_TRUE(std::isnan(r.features(7, c)));  // no 500th interval: no value
  }
  EXPECT_NE(r.features(1, 1), r.features(1, 2));  // different currents, different trains
}

TEST(Protocol, FiSlopeOverTwoSweeps) {
  const Eigen::MatrixXd p = defaults(izh());
  Protocol proto;
  proto.whole_cell = {rheobase};
  proto.fi_slope = true;
  proto.sweeps.push_back({"lo", 700, {{150, false, 100, 600}}, 100, 600, {}});
  proto.sweeps.push_back({"hi", 700, {{300, false, 100, 600}}, 100, 600, {}});
  proto.fi_sweeps = {0, 1};
  const auto r = evaluate_protocol(izh(), p, proto);
  ASSERT_TRUE(r.viable[0]) << r.why[0];
  auto rate = [&](int s, double current) {
    int n = 0;
    for (double t : features_alone(izh(), p, 0, proto.sweeps[static_cast<std::size_t>(s)], current)
                        .get("peak_time"))
      n += t >= 100 && t <= 600;
    return n / 0.5;
  };
  const double lo = rate(0, 150), hi = rate(1, 300);
  ASSERT_GT(lo, 0);
  EXPECT_DOUBLE_EQ(r.features(1, 0), (hi - lo) / 150);
}

TEST(Protocol, EverySweepIsHeldToTheRefractoryFloor) {
  // Izhikevich with its reset 1 mV below the peak and d < 0 fires every few steps once it spikes.
  Eigen::MatrixXd p = defaults(izh(), 2);
  p(izh().parameter_index("vpeak"), 1) = 0;
  p(izh().parameter_index("c"), 1) = -1;
  p(izh().parameter_index("d"), 1) = -5;
  Protocol proto;
  proto.sweeps.push_back({"strong", 400, {{400, false, 100, 300}}, 100, 300, {{"spike_count"}}});
  const auto r = evaluate_protocol(izh(), p, proto);
  EXPECT_TRUE(r.viable[0]) << r.why[0];
  EXPECT_EQ(int(r.viable[1]), 0);
  EXPECT_EQ(r.verdict[1], Verdict::faster_than_refractory_floor);
  EXPECT_EQ(r.why[1].rfind("fires faster than the refractory floor in sweep 'strong': spikes ", 0),
            0u)
      << r.why[1];
  EXPECT_TRUE(std::isnan(r.features(0, 1)));
}

}  // namespace
}  // namespace neurofit::ephys

namespace neurofit::ephys::efel {
namespace {

// eFEL's resampling as its C++ core writes it (Utils.cpp LinearInterpolation): a forward scan of
// the samples for each grid time, the grid's times added up step by step.
void reference_interpolation(const std::vector<double>& t, const std::vector<double>& v,
                             double step, std::vector<double>& t_out, std::vector<double>& v_out) {
  const std::size_t n = t.size();
  const auto count = static_cast<std::size_t>(std::ceil((t[n - 1] - t[0]) / step));
  t_out.clear();
  v_out.clear();
  double x = t[0];
  for (std::size_t k = 0; k < count; ++k, x += step) t_out.push_back(x);
  if (t_out.empty() || t_out.back() < t[n - 1]) t_out.push_back(x);
  std::size_t j = 0;
  for (const double xi : t_out) {
    while (j + 1 < n && t[j + 1] < xi) ++j;
    if (j + 1 == n) {
      v_out.push_back(v[j]);
      break;
    }
    v_out.push_back(v[j] + (v[j + 1] - v[j]) / (t[j + 1] - t[j]) * (xi - t[j]));
  }
  t_out.resize(v_out.size());
}

// The vectorized resampling (on a grid of the sampling step, and with gathers on any other)
// equals that scan bit for bit: simulated traces read at their own step and at 0.1 ms, and
// unevenly sampled ones.
TEST(EfelResampling, EqualsTheForwardScanBitForBit) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  struct Case {
    double dt, step;
    bool uneven;
  };
  for (const Case c : {Case{0.025, 0.025, false}, Case{0.025, 0.1, false}, Case{0.1, 0.1, false},
                       Case{0.02, 0.025, false}, Case{0.025, 0.025, true}, Case{0.25, 0.1, true}}) {
    SCOPED_TRACE(testing::Message()
                 << "dt " << c.dt << " step " << c.step << " uneven " << c.uneven);
    std::vector<double> t, v;
    double time = 0;
    for (int i = 0; i <= 20000; ++i) {
      t.push_back(c.uneven ? time : sim::sample_time(i, c.dt));
      v.push_back(-65 + 40 * std::sin(i * 0.013) + (i % 97 == 0 ? 90 : 0));
      time += c.dt * (0.5 + u(rng));
    }
    std::vector<double> want_t, want_v, got_t, got_v;
    reference_interpolation(t, v, c.step, want_t, want_v);
    detail::interpolate(t, v, c.step, got_t, got_v);
    ASSERT_EQ(got_v.size(), want_v.size());
    for (std::size_t k = 0; k < want_v.size(); ++k) {
      ASSERT_EQ(got_t[k], want_t[k]) << k;
      ASSERT_EQ(got_v[k], want_v[k]) << k;
    }
  }
}

}  // namespace
}  // namespace neurofit::ephys::efel

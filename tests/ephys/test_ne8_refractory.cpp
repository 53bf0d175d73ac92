// The refractory floor (refractory.hpp): a model that fires two spikes closer than 1 ms during
// ne8's step at rheobase is not viable, and the AP shape is measured on an isolated spike. The
// published cells (Izhikevich's book, Naud et al.'s AdEx patterns, NEST's AdEx and LIF) stay
// viable, with the same features as with the rule switched off; LIF, whose reset lies below its
// threshold by construction, cannot fire faster than its own rate at rheobase even without a
// refractory period.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "neurofit/ephys/ne8.hpp"

namespace neurofit::ephys {
namespace {

using Set = std::vector<std::pair<const char*, double>>;

Eigen::MatrixXd params_of(const sim::ModelFamily& f, const Set& set) {
  Eigen::MatrixXd p(f.n_params(), 1);
  for (int i = 0; i < f.n_params(); ++i) p(i, 0) = f.parameters[static_cast<std::size_t>(i)].value;
  for (const auto& [name, value] : set) {
    const int i = f.parameter_index(name);
    EXPECT_GE(i, 0) << name;
    if (i >= 0) p(i, 0) = value;
  }
  return p;
}

Ne8Result evaluate(const char* model, const Set& set, double floor = refractory_floor_ms) {
  Ne8Settings s;
  s.refractory_floor = floor;
  return evaluate_ne8(sim::find_family(model), params_of(sim::find_family(model), set), s);
}

TEST(RefractorySamples, CountsTheSamplesOfTheFloorRoundedUp) {
  EXPECT_EQ(refractory_samples(1.0, 0.025), 40);  // 1 / 0.025 is 40 up to rounding
  EXPECT_EQ(refractory_samples(1.0, 0.03), 34);   // 33 x 0.03 = 0.99 < 1 <= 34 x 0.03
  EXPECT_EQ(refractory_samples(0.5, 0.1), 5);
  EXPECT_EQ(refractory_samples(2.0, 0.01), 200);
  EXPECT_EQ(refractory_samples(0.0, 0.025), 0);  // no floor
}

// The example: neurofit's best AdEx model of L5/6 pyramidal cells before the rule. Its
// reset (-40.3 mV) lies above VT (-45.67 mV) and DeltaT is small, so after every spike V runs
// away again within two Euler steps: it fires every 0.05 ms at rheobase.
const Set degenerate_adex{{"C", 144.1},        {"gL", 10.19},    {"EL", -68.52},   {"VT", -45.67},
                          {"DeltaT", 0.503},   {"a", -0.83},     {"tau_w", 104.8}, {"b", 113.3},
                          {"V_reset", -40.30}, {"V_peak", 37.71}};
// Izhikevich with its reset 1 mV below the peak, far above vt, and a jump of u that does not
// hold v back (d < 0).
const Set degenerate_izhikevich{{"vpeak", 0}, {"c", -1}, {"d", -5}};

void expect_too_fast(const Ne8Result& r, const std::string& why) {
  ASSERT_EQ(r.viable.size(), 1u);
  EXPECT_EQ(int(r.viable[0]), 0);
  EXPECT_EQ(r.verdict[0], Verdict::faster_than_refractory_floor);
  EXPECT_EQ(r.why[0], why);
  for (int f = 0; f < n_ne8_features; ++f) EXPECT_TRUE(std::isnan(r.features(f, 0)));
  EXPECT_LT(r.rheobase_min_isi[0], 1.0);
}

TEST(Ne8Refractory, DegenerateAdexIsNotViable) {
  expect_too_fast(evaluate("adex", degenerate_adex),
                  "fires faster than the refractory floor at rheobase: spikes 0.05 ms apart "
                  "(floor 1 ms)");
}

TEST(Ne8Refractory, DegenerateIzhikevichIsNotViable) {
  const auto r = evaluate("izhikevich2007", degenerate_izhikevich);
  expect_too_fast(r, r.why[0]);
  EXPECT_EQ(r.why[0].rfind("fires faster than the refractory floor at rheobase: spikes ", 0), 0u);
}

// Without the floor, the run-away spikes merge with the first one: the next spike comes before
// the first falls to half height, so its shape is not that of one isolated spike either.
TEST(Ne8Refractory, AShapeThatRunsIntoTheNextSpikeIsNotViable) {
  const auto r = evaluate("adex", degenerate_adex, 0.0);
  ASSERT_EQ(int(r.viable[0]), 0);
  EXPECT_EQ(r.verdict[0], Verdict::no_spike_shape);
  EXPECT_EQ(r.why[0],
            "the rheobase spike is not isolated: the next spike comes before it falls to half "
            "height");
  EXPECT_GT(r.rheobase_spikes[0], 1000);  // the whole step simulated: it never stops firing
}

struct Published {
  const char* name;
  const char* model;
  Set set;
};

const std::vector<Published> published{
    {"RS", "izhikevich2007", {}},
    {"IB",
     "izhikevich2007",
     {{"C", 150},
      {"k", 1.2},
      {"vr", -75},
      {"vt", -45},
      {"vpeak", 50},
      {"a", 0.01},
      {"b", 5},
      {"c", -56},
      {"d", 130}}},
    {"CH",
     "izhikevich2007",
     {{"C", 50},
      {"k", 1.5},
      {"vr", -60},
      {"vt", -40},
      {"vpeak", 25},
      {"a", 0.03},
      {"b", 1},
      {"c", -40},
      {"d", 150}}},
    {"NEST default", "adex", {}},
    {"NEST iaf_psc_alpha", "lif", {}},
    {"LIF without refractory period", "lif", {{"t_ref", 0}}},
};

// Naud et al. (2008) as in Brian2's example: C gL EL a tau_w b V_reset (VT -50, DeltaT 2,
// V_peak 0).
Set naud(double C, double gL, double EL, double a, double tau_w, double b, double Vr) {
  return {{"C", C}, {"gL", gL},       {"EL", EL}, {"VT", -50},     {"DeltaT", 2},
          {"a", a}, {"tau_w", tau_w}, {"b", b},   {"V_reset", Vr}, {"V_peak", 0}};
}

std::vector<Published> all_published() {
  auto all = published;
  all.push_back({"tonic", "adex", naud(200, 10, -70, 2, 30, 0, -58)});
  all.push_back({"adapting", "adex", naud(200, 12, -70, 2, 300, 60, -58)});
  all.push_back({"initial_burst", "adex", naud(130, 18, -58, 4, 150, 120, -50)});
  all.push_back({"regular_bursting", "adex", naud(200, 10, -58, 2, 120, 100, -46)});
  all.push_back({"delayed_accelerating", "adex", naud(200, 12, -70, -10, 300, 0, -58)});
  all.push_back({"delayed_regular_bursting", "adex", naud(100, 10, -65, -10, 90, 30, -47)});
  all.push_back({"transient", "adex", naud(100, 10, -65, 10, 90, 100, -47)});
  all.push_back({"irregular", "adex", naud(100, 12, -60, -11, 130, 30, -48)});
  return all;
}

TEST(Ne8Refractory, PublishedCellsStayViableWithTheSameFeatures) {
  for (const auto& c : all_published()) {
    SCOPED_TRACE(c.name);
    const auto with = evaluate(c.model, c.set);
    const auto without = evaluate(c.model, c.set, 0.0);
    ASSERT_TRUE(with.viable[0]) << with.why[0];
    EXPECT_EQ(with.verdict[0], Verdict::viable);
    for (int f = 0; f < n_ne8_features; ++f)
      EXPECT_EQ(with.features(f, 0), without.features(f, 0)) << ne8_feature_names[f];
    EXPECT_GE(with.rheobase_spikes[0], 1);
    if (with.rheobase_spikes[0] > 1) {
      EXPECT_GE(with.rheobase_min_isi[0], refractory_floor_ms);
    }
  }
}

// The floor is a strict bound: a model whose shortest interval equals the floor is viable, one
// sample less is not. CH bursts at rheobase, so its shortest interval is short but physiological.
TEST(Ne8Refractory, AnIntervalEqualToTheFloorIsAllowed) {
  const Set ch = published[2].set;
  const auto free_run = evaluate("izhikevich2007", ch, 0.0);
  ASSERT_TRUE(free_run.viable[0]) << free_run.why[0];
  ASSERT_GE(free_run.rheobase_spikes[0], 2);
  const double isi = free_run.rheobase_min_isi[0];
  EXPECT_TRUE(evaluate("izhikevich2007", ch, isi).viable[0]);
  const auto above = evaluate("izhikevich2007", ch, isi + 0.025);
  EXPECT_EQ(above.verdict[0], Verdict::faster_than_refractory_floor);
  EXPECT_EQ(above.rheobase_min_isi[0], isi);
}

TEST(Ne8Refractory, VerdictsAreCounted) {
  const auto& f = sim::find_family("adex");
  Eigen::MatrixXd p(f.n_params(), 3);
  p.col(0) = params_of(f, {});
  p.col(1) = params_of(f, degenerate_adex);
  p.col(2) = params_of(f, {{"C", -1}});
  const auto counts = count_verdicts(evaluate_ne8(f, p));
  EXPECT_EQ(counts[static_cast<std::size_t>(Verdict::viable)], 1u);
  EXPECT_EQ(counts[static_cast<std::size_t>(Verdict::faster_than_refractory_floor)], 1u);
  EXPECT_EQ(counts[static_cast<std::size_t>(Verdict::invalid_parameters)], 1u);
  EXPECT_EQ(counts[static_cast<std::size_t>(Verdict::no_spike_shape)], 0u);
}

}  // namespace
}  // namespace neurofit::ephys

// The models' Euler step on a raw block of lanes: fixed points, spike rule, refractoriness and
// the failure flag.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "neurofit/model/adex.hpp"
#include "neurofit/model/izhikevich2007.hpp"
#include "neurofit/model/lif.hpp"

namespace nm = neurofit::model;

namespace {

constexpr int lanes = 8;
constexpr double dt = 0.025;

// Structure-of-arrays storage for `lanes` lanes of model M, every lane at M's reference values.
template <class M>
struct Block {
  std::vector<std::array<double, lanes>> param{static_cast<std::size_t>(M::n_rows)};
  std::vector<std::array<double, lanes>> state{2};
  std::array<double, lanes> current{}, v_sample{};
  std::array<std::int64_t, lanes> spiked{};
  std::vector<double*> param_rows, state_rows;

  Block() {
    for (int j = 0; j < M::n_params; ++j) param[j].fill(M::parameters[j].value);
    for (auto& r : param) param_rows.push_back(r.data());
    for (auto& r : state) state_rows.push_back(r.data());
    rest();
  }
  void rest() {
    for (int l = 0; l < lanes; ++l) {
      double p[M::n_params], s[2];
      for (int j = 0; j < M::n_params; ++j) p[j] = param[j][l];
      M::rest_state(p, s);
      state[0][l] = s[0];
      state[1][l] = s[1];
    }
  }
  std::int64_t step() {
    M::derive(dt, param_rows.data(), param_rows.data(), lanes);
    const nm::StepArrays a{param_rows.data(), state_rows.data(), current.data(), v_sample.data(),
                           spiked.data()};
    return M::template step<true>(a, lanes);
  }
};

TEST(Step, IzhikevichRestIsAnExactFixedPoint) {
  Block<nm::Izhikevich2007> b;
  for (int l = 0; l < lanes; ++l) b.param[nm::Izhikevich2007::vr][l] = -70 + l;
  b.rest();
  for (int i = 0; i < 4000; ++i) ASSERT_EQ(b.step(), 0);
  for (int l = 0; l < lanes; ++l) {
    EXPECT_EQ(b.state[0][l], -70.0 + l);
    EXPECT_EQ(b.state[1][l], 0.0);
    EXPECT_EQ(b.v_sample[l], -70.0 + l);
    EXPECT_FALSE(std::isnan(b.state[0][l]));
  }
}

TEST(Step, LifRestIsAnExactFixedPoint) {
  Block<nm::Lif> b;
  for (int i = 0; i < 4000; ++i) ASSERT_EQ(b.step(), 0);
  for (int l = 0; l < lanes; ++l) EXPECT_EQ(b.state[0][l], -70.0);
}

TEST(Step, AdexRestDriftsOnlySlightly) {
  // Not an exact fixed point (the exponential term is small, not zero): V settles just above EL.
  Block<nm::Adex> b;
  for (int i = 0; i < 40000; ++i) ASSERT_EQ(b.step(), 0);
  for (int l = 0; l < lanes; ++l) {
    EXPECT_GT(b.state[0][l], -70.6);
    EXPECT_LT(b.state[0][l], -70.5);
  }
}

TEST(Step, IzhikevichSpikeRecordsVBeforeTheRuleAndResets) {
  using M = nm::Izhikevich2007;
  Block<M> b;
  auto p = [](int j) { return M::parameters[static_cast<std::size_t>(j)].value; };
  // The Euler update from V = 34.9, u = 10 at zero current, written out as the step computes it.
  const double euler = std::fma(
      dt / p(M::C), std::fma(p(M::k) * (34.9 - p(M::vr)), 34.9 - p(M::vt), 0.0 - 10.0), 34.9);
  // The next step crosses vpeak = 35 from 34.9; lane 3 stays below it.
  for (int l = 0; l < lanes; ++l) b.state[0][l] = l == 3 ? 30.0 : 34.9;
  b.state[1].fill(10.0);
  EXPECT_EQ(b.step(), lanes - 1);
  for (int l = 0; l < lanes; ++l) {
    if (l == 3) {
      EXPECT_EQ(b.spiked[l], 0);
      EXPECT_LT(b.state[0][l], 35.0);
      EXPECT_EQ(b.v_sample[l], b.state[0][l]);
      continue;
    }
    EXPECT_EQ(b.spiked[l], 1);
    // V before the spike rule (the batch driver records vpeak:
    // Trace.SpikeSamplesAreExactlyThePeak).
    EXPECT_EQ(b.v_sample[l], euler);
    EXPECT_GE(b.v_sample[l], 35.0);
    EXPECT_EQ(b.state[0][l], -50.0);  // c
    EXPECT_GT(b.state[1][l], 100.0);  // u + d
  }
}

TEST(Step, LifRefractoryHoldsAtReset) {
  using M = nm::Lif;
  Block<M> b;
  b.current.fill(1e6);  // +100 mV per step: fires on every step it is not held
  std::vector<int> fired;
  for (int i = 0; i < 400; ++i)
    if (b.step()) fired.push_back(i);
  ASSERT_GE(fired.size(), 3u);
  // t_ref = 2 ms = 80 steps held at V_reset, then the first free step fires again.
  for (std::size_t j = 1; j < fired.size(); ++j) EXPECT_EQ(fired[j] - fired[j - 1], 81);
}

// A step that leaves the finite range marks the lane failed by a NaN V, which then persists.
TEST(Step, StateOutOfRangeBecomesStickyNaN) {
  Block<nm::Adex> adex;
  adex.current.fill(-1e12);
  adex.step();
  for (int l = 0; l < lanes; ++l) EXPECT_TRUE(std::isnan(adex.state[0][l]));
  adex.current.fill(0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(adex.step(), 0);
  for (int l = 0; l < lanes; ++l) EXPECT_TRUE(std::isnan(adex.state[0][l]));

  Block<nm::Izhikevich2007> izh;  // u beyond 1e9 fails even though v is fine
  izh.state[1].fill(2e9);
  izh.state[1][5] = 0;
  izh.step();
  for (int l = 0; l < lanes; ++l) EXPECT_EQ(std::isnan(izh.state[0][l]), l != 5);

  Block<nm::Lif> lif;
  lif.current.fill(1e12);
  for (int l = 0; l < lanes; ++l) lif.param[nm::Lif::V_reset][l] = l == 2 ? -80 : -2e6;
  EXPECT_EQ(lif.step(), lanes);  // a spike whose reset is out of range is a spike and a failure
  for (int l = 0; l < lanes; ++l) EXPECT_EQ(std::isnan(lif.state[0][l]), l != 2);
}

}  // namespace

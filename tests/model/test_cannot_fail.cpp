// The models' cannot_fail proofs: where one says a block of lanes stays simulable for N steps,
// the checked step never fails in those steps, and the step without the failure test gives the
// same states, bit for bit. States are drawn far beyond the usual, so that many lanes do fail.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "neurofit/model/adex.hpp"
#include "neurofit/model/izhikevich2007.hpp"
#include "neurofit/model/lif.hpp"

namespace nm = neurofit::model;

namespace {

constexpr int proof_lanes = nm::lane_width;

// One random candidate in every lane, with a random, often extreme, state and current.
template <class M>
struct ProofLanes {
  std::vector<std::array<double, proof_lanes>> param{static_cast<std::size_t>(M::n_rows)};
  std::vector<std::array<double, proof_lanes>> state{2};
  std::array<double, proof_lanes> current{}, v_sample{};
  std::array<std::int64_t, proof_lanes> spiked{};
  std::vector<double*> param_rows, state_rows;

  // typical: a state and current as in a simulation (V from -100 mV up to the spike cut-off,
  // where a step leaves it, |w| and |I| up to 500 pA); else magnitudes from 1 to 1e10 on a log
  // scale, either sign (V mostly negative).
  ProofLanes(std::mt19937_64& rng, bool typical) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int j = 0; j < M::n_params; ++j) {
      const auto& spec = M::parameters[static_cast<std::size_t>(j)];
      param[j].fill(spec.lower + u(rng) * (spec.upper - spec.lower));
    }
    bind();
    M::derive(0.025, param_rows.data(), param_rows.data(), proof_lanes);
    const auto wild = [&](double sign_up) {
      return (u(rng) < sign_up ? 1 : -1) * std::pow(10.0, 10 * u(rng));
    };
    const auto near = [&](double lo, double hi) { return lo + (hi - lo) * u(rng); };
    state[0].fill(typical ? near(-100, param[M::spike_sample][0]) : wild(0.1));
    if (M::name == "lif")
      state[1].fill(std::floor(3 * u(rng)));  // steps still held at reset
    else
      state[1].fill(typical ? near(-500, 500) : wild(0.5));
    current.fill(typical ? near(-500, 500) : wild(0.5));
  }
  // The row pointers, after construction or a copy.
  void bind() {
    param_rows.clear();
    state_rows.clear();
    for (auto& r : param) param_rows.push_back(r.data());
    for (auto& r : state) state_rows.push_back(r.data());
  }
  nm::StepArrays arrays() {
    return {param_rows.data(), state_rows.data(), current.data(), v_sample.data(), spiked.data()};
  }
};

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

template <class M>
class CannotFailOf : public ::testing::Test {};
using ProofModels = ::testing::Types<nm::Izhikevich2007, nm::Adex, nm::Lif>;
TYPED_TEST_SUITE(CannotFailOf, ProofModels);

TYPED_TEST(CannotFailOf, ProvenLanesDoNotFailAndNeedNoTest) {
  using M = TypeParam;
  constexpr std::int64_t steps = 128;
  std::mt19937_64 rng(31);
  int proven = 0, failed = 0, typical_proven = 0;
  for (int c = 0; c < 3000; ++c) {
    const bool typical = c % 3 == 0;
    ProofLanes<M> checked(rng, typical);
    ProofLanes<M> plain = checked;
    plain.bind();
    const bool proof = M::cannot_fail(checked.arrays(), proof_lanes, steps);
    bool fails = false;
    for (std::int64_t i = 0; i < steps && !fails; ++i) {
      const auto n_checked = M::template step<true, true>(checked.arrays(), proof_lanes);
      fails = std::isnan(checked.state[0][0]);
      if (!proof) continue;
      ASSERT_FALSE(fails) << "candidate " << c << " failed at step " << i << " though proven";
      const auto n_plain = M::template step<true, false>(plain.arrays(), proof_lanes);
      ASSERT_EQ(n_plain, n_checked);
      for (int j = 0; j < 2; ++j)
        ASSERT_TRUE(same_bits(plain.state[j][0], checked.state[j][0]))
            << "candidate " << c << ", state " << j << ", step " << i;
      ASSERT_TRUE(same_bits(plain.v_sample[0], checked.v_sample[0]));
    }
    proven += proof ? 1 : 0;
    typical_proven += proof && typical ? 1 : 0;
    failed += fails ? 1 : 0;
  }
  // The proof holds for every lane in a typical state (it is what makes the kernels cheaper),
  // and the draw makes many lanes fail (or the test would prove nothing).
  EXPECT_EQ(typical_proven, 1000);
  EXPECT_GT(proven, typical_proven);
  EXPECT_GT(failed, 100) << "failed: " << failed;
}

// AdEx's step without the test also leaves out the clamp at V_peak, which is exact only for V
// below it: a lane at or above V_peak is never proven, nor one that resets to V_peak or above.
TEST(CannotFailOf, AdexNeedsVAndResetBelowPeak) {
  std::mt19937_64 rng(7);
  for (int c = 0; c < 100; ++c) {
    ProofLanes<nm::Adex> lanes(rng, true);
    ASSERT_TRUE(nm::Adex::cannot_fail(lanes.arrays(), proof_lanes, 128)) << "candidate " << c;
    const double peak = lanes.param[nm::Adex::V_peak][0];
    auto at_peak = lanes;
    at_peak.bind();
    at_peak.state[0][3] = peak;
    EXPECT_FALSE(nm::Adex::cannot_fail(at_peak.arrays(), proof_lanes, 128)) << "candidate " << c;
    auto reset_high = lanes;
    reset_high.bind();
    reset_high.param[nm::Adex::V_reset][5] = peak;
    EXPECT_FALSE(nm::Adex::cannot_fail(reset_high.arrays(), proof_lanes, 128)) << "candidate " << c;
  }
}

}  // namespace

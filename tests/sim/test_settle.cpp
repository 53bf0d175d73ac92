// Stopping settled lanes early (BatchRequest::stop_when_settled) must not change which lanes
// spike, nor when: it only skips steps that provably produce no spike.
#include <gtest/gtest.h>

#include <random>

#include "../common/random_params.hpp"
#include "neurofit/model/stability.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::sim {
namespace {

using test_support::random_params;

class Settle : public ::testing::TestWithParam<const char*> {};

// Steps from 100 to 1100 ms with currents spread around typical rheobases, so that many lanes
// stay below threshold.
std::vector<Stimulus> steps_around_rheobase(int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> amp(0.0, 600.0);
  std::vector<Stimulus> stim(static_cast<std::size_t>(n));
  for (auto& s : stim) s.steps = {{amp(rng), 100, 1100}};
  return stim;
}

TEST_P(Settle, SameSpikesWithAndWithoutEarlyStop) {
  const auto& f = find_family(GetParam());
  const int n = 400;
  const Eigen::MatrixXd p = random_params(f, n, 7);
  const std::vector<Stimulus> stim = steps_around_rheobase(n, 11);
  BatchRequest req;
  req.last_sample = 44000;
  const auto plain = run_batch(f, p, nullptr, stim, req);
  req.stop_when_settled = true;
  const auto early = run_batch(f, p, nullptr, stim, req);
  int settled = 0;
  for (int l = 0; l < n; ++l) {
    EXPECT_EQ(plain.status[l], early.status[l]) << "lane " << l;
    EXPECT_EQ(plain.spikes[l], early.spikes[l]) << "lane " << l;
    if (early.settled[l]) {
      ++settled;
      EXPECT_LT(early.last_sample[l], plain.last_sample[l]);
    } else {
      EXPECT_EQ(early.last_sample[l], plain.last_sample[l]);
    }
  }
  // The early stop must actually happen for a fair share of these lanes, or it is dead code.
  EXPECT_GT(settled, n / 10) << "lanes settled early: " << settled;
  EXPECT_LT(early.lane_steps, plain.lane_steps);
  // The cost counters tell the same story as the lanes.
  std::int64_t settled_steps = 0, whole_runs = 0, whole_steps = 0, run_steps = 0, runs = 0;
  for (int l = 0; l < n; ++l) {
    if (early.status[l] == LaneStatus::invalid) continue;
    const std::int64_t steps = early.last_sample[l] - req.first_sample;
    ++runs;
    run_steps += steps;
    if (early.settled[l]) settled_steps += steps;
    if (early.last_sample[l] == req.last_sample && early.status[l] == LaneStatus::ok) {
      ++whole_runs;
      whole_steps += steps;
    }
  }
  EXPECT_EQ(early.runs, runs);
  EXPECT_EQ(early.run_steps, run_steps);
  EXPECT_EQ(early.settled_runs, settled);
  EXPECT_EQ(early.settled_steps, settled_steps);
  EXPECT_EQ(early.whole_runs, whole_runs);
  EXPECT_EQ(early.whole_steps, whole_steps);
  EXPECT_LE(early.run_steps, early.lane_steps);
  EXPECT_LE(early.lane_steps, early.vector_steps);
  EXPECT_EQ(plain.settled_runs, 0);
}

// With a trace window, a lane stops as settled only after its window: the trace is the same, and
// lanes still stop early after it.
TEST_P(Settle, TraceWindowIsRecordedWholeBeforeALaneStops) {
  const auto& f = find_family(GetParam());
  const int n = 200;
  const Eigen::MatrixXd p = random_params(f, n, 8);
  const std::vector<Stimulus> stim = steps_around_rheobase(n, 12);
  BatchRequest req;
  req.last_sample = 44000;
  req.trace_first = 4000;
  req.trace_last = 5999;
  for (int l = 0; l < n; ++l) req.lane_trace_first.push_back(4000 + 97 * l);
  const auto plain = run_batch(f, p, nullptr, stim, req);
  req.stop_when_settled = true;
  const auto early = run_batch(f, p, nullptr, stim, req);
  int settled = 0;
  for (int l = 0; l < n; ++l) {
    EXPECT_EQ(plain.spikes[l], early.spikes[l]) << "lane " << l;
    for (Eigen::Index i = 0; i < plain.trace.rows(); ++i)
      ASSERT_EQ(std::isnan(plain.trace(i, l)) ? 0.0 : plain.trace(i, l),
                std::isnan(early.trace(i, l)) ? 0.0 : early.trace(i, l))
          << "lane " << l << " sample " << i;
    if (early.settled[l]) {
      ++settled;
      EXPECT_GE(early.last_sample[l], req.lane_trace_first[l] + 1999) << "lane " << l;
    }
  }
  EXPECT_GT(settled, n / 10) << "lanes settled early: " << settled;
}

INSTANTIATE_TEST_SUITE_P(Families, Settle, ::testing::Values("izhikevich2007", "adex", "lif"));

TEST(Settle, LyapunovFormSolvesTheEquation) {
  const model::Matrix2 A{0.95, -0.01, 0.002, 0.99};
  model::Form2 X;
  ASSERT_TRUE(model::discrete_lyapunov(A, X));
  // A'XA - X = -I, entry by entry.
  const double p = A.a11, q = A.a12, s = A.a21, t = A.a22;
  const double b11 = p * (X.xx * p + X.xy * s) + s * (X.xy * p + X.yy * s);
  const double b12 = p * (X.xx * q + X.xy * t) + s * (X.xy * q + X.yy * t);
  const double b22 = q * (X.xx * q + X.xy * t) + t * (X.xy * q + X.yy * t);
  EXPECT_NEAR(b11 - X.xx, -1.0, 1e-9);
  EXPECT_NEAR(b12 - X.xy, 0.0, 1e-9);
  EXPECT_NEAR(b22 - X.yy, -1.0, 1e-9);
  const double gamma = model::contraction2(A, X);
  EXPECT_LT(gamma, 1.0);
  // gamma bounds the contraction of every direction, and is reached by one.
  double worst = 0;
  for (int k = 0; k < 3600; ++k) {
    const double e1 = std::cos(k * 0.1 * M_PI / 180), e2 = std::sin(k * 0.1 * M_PI / 180);
    const double a1 = p * e1 + q * e2, a2 = s * e1 + t * e2;
    worst = std::max(worst, X.norm2(a1, a2) / X.norm2(e1, e2));
  }
  EXPECT_LE(worst, gamma * (1 + 1e-12));
  EXPECT_GT(worst, gamma * (1 - 1e-5));
}

TEST(Settle, UnstableMapHasNoForm) {
  model::Form2 X;
  EXPECT_FALSE(model::discrete_lyapunov({1.01, 0.0, 0.0, 0.5}, X));
}

}  // namespace
}  // namespace neurofit::sim

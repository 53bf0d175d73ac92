// A continuation reruns lanes with new stimuli as soon as their run ends; every run must give
// exactly what the same simulation gives on its own.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "../common/random_params.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::sim {
namespace {

TEST(Continuation, EachRunEqualsTheSameRunAlone) {
  const auto& f = find_family("izhikevich2007");
  const int n = 30;
  const Eigen::MatrixXd p = test_support::random_params(f, n, 3);
  const double currents[3] = {400, 50, 150};  // each lane runs these three in turn
  auto step = [](double amp) { return Stimulus{{{amp, 10, 300}}}; };
  BatchRequest req;
  req.last_sample = 12000;
  req.stop_after_spikes = 2;
  req.block_lanes = 8;  // fewer slots than lanes: refills and reruns interleave
  std::vector<int> runs(n, 0);
  std::map<std::pair<int, int>, std::pair<std::vector<std::int64_t>, std::int64_t>> seen;
  req.continuation = [&](const LaneRun& run) -> std::optional<Stimulus> {
    seen[{run.lane, runs[run.lane]}] = {run.spikes, run.last_sample};
    if (++runs[run.lane] == 3) return std::nullopt;
    return step(currents[runs[run.lane]]);
  };
  const std::vector<Stimulus> first(n, step(currents[0]));
  const auto batched = run_batch(f, p, nullptr, first, req);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(3 * n));

  BatchRequest alone = req;
  alone.continuation = nullptr;
  for (int c = 0; c < n; ++c) {
    const Eigen::MatrixXd one = p.col(c);
    for (int k = 0; k < 3; ++k) {
      const Stimulus s = step(currents[k]);
      const auto r = run_batch(f, one, nullptr, std::span(&s, 1), alone);
      const auto& got = seen[std::make_pair(c, k)];
      EXPECT_EQ(got.first, r.spikes[0]) << "lane " << c << " run " << k;
      EXPECT_EQ(got.second, r.last_sample[0]) << "lane " << c << " run " << k;
      if (k == 2) {  // the result holds the last run
        EXPECT_EQ(batched.spikes[c], r.spikes[0]);
        EXPECT_EQ(batched.state.col(c), r.state.col(0));
      }
    }
  }
}

TEST(Continuation, NotWithATrace) {
  const auto& f = find_family("lif");
  Eigen::MatrixXd p(f.n_params(), 1);
  for (int i = 0; i < f.n_params(); ++i) p(i, 0) = f.parameters[i].value;
  const Stimulus s;
  BatchRequest req;
  req.last_sample = 10;
  req.trace_first = 0;
  req.trace_last = 10;
  req.continuation = [](const LaneRun&) -> std::optional<Stimulus> { return std::nullopt; };
  EXPECT_THROW(run_batch(f, p, nullptr, std::span(&s, 1), req), std::invalid_argument);
}

}  // namespace
}  // namespace neurofit::sim

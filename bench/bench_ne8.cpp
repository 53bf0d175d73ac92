// ne8 evaluations per second per core: random candidates within each model's default bounds.
#include <benchmark/benchmark.h>

#include <random>

#include "neurofit/ephys/ne8.hpp"

namespace {

Eigen::MatrixXd random_candidates(const neurofit::sim::ModelFamily& f, int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Eigen::VectorXd lo = f.lower_bounds(), hi = f.upper_bounds();
  Eigen::MatrixXd p(f.n_params(), n);
  for (int c = 0; c < n; ++c)
    for (int i = 0; i < f.n_params(); ++i) p(i, c) = lo[i] + u(rng) * (hi[i] - lo[i]);
  return p;
}

void bm_ne8(benchmark::State& state, const char* model) {
  const auto& family = neurofit::sim::find_family(model);
  const int n = static_cast<int>(state.range(0));
  const Eigen::MatrixXd p = random_candidates(family, n, 42);
  std::int64_t viable = 0, steps = 0;
  for (auto _ : state) {
    const auto r = neurofit::ephys::evaluate_ne8(family, p);
    viable = 0;
    for (auto v : r.viable) viable += v;
    steps = r.lane_steps;
    benchmark::DoNotOptimize(r.features.data());
  }
  state.counters["evals_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["viable_fraction"] = static_cast<double>(viable) / n;
  state.counters["steps_per_eval"] = static_cast<double>(steps) / n;
}

}  // namespace

BENCHMARK_CAPTURE(bm_ne8, izhikevich2007, "izhikevich2007")->Arg(10000)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_ne8, adex, "adex")->Arg(10000)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_ne8, lif, "lif")->Arg(10000)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();

// ne8 evaluations per second per core: random candidates within each model's default bounds.
#include <benchmark/benchmark.h>

#include <random>

#include "../tests/common/random_params.hpp"
#include "neurofit/ephys/ne8.hpp"
#include "stage_counters.hpp"

namespace {

// range(0) candidates; range(1) S1's passive_window [samples] (-1: the default).
void bm_ne8(benchmark::State& state, const char* model) {
  const auto& family = neurofit::sim::find_family(model);
  const int n = static_cast<int>(state.range(0));
  const Eigen::MatrixXd p = neurofit::test_support::random_params(family, n, 42);
  neurofit::ephys::Ne8Settings settings;
  if (state.range(1) >= 0) settings.passive_window = static_cast<int>(state.range(1));
  std::int64_t viable = 0, steps = 0;
  decltype(neurofit::ephys::Ne8Result::stages) stages{};
  for (auto _ : state) {
    const auto r = neurofit::ephys::evaluate_ne8(family, p, settings);
    viable = 0;
    for (auto v : r.viable) viable += v;
    steps = r.lane_steps;
    benchmark::DoNotOptimize(r.features.data());
    stages = r.stages;
  }
  neurofit::bench::stage_counters(state, stages, n);
  state.counters["evals_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["viable_fraction"] = static_cast<double>(viable) / n;
  state.counters["steps_per_eval"] = static_cast<double>(steps) / n;
}

}  // namespace

BENCHMARK_CAPTURE(bm_ne8, izhikevich2007, "izhikevich2007")
    ->Args({10000, -1})
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_ne8, izhikevich2007, "izhikevich2007")  // S1 as one traced simulation
    ->Args({10000, 0})
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_ne8, adex, "adex")->Args({10000, -1})->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_ne8, lif, "lif")->Args({10000, -1})->Unit(benchmark::kSecond);
BENCHMARK_MAIN();

// Protocol evaluations per second per core (the shipped `allen` protocol and ne8 through the
// protocol path), random candidates within each model's default bounds, with the simulated steps
// per evaluation, the viable fraction, the trace memory a lane holds while its sweep is read, and
// the process's peak resident memory.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>

#include "../tests/common/random_params.hpp"
#include "neurofit/ephys/protocol.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "stage_counters.hpp"

namespace {

// range(0) candidates; range(1) candidates per traced sweep simulation (0: the default).
void bm_protocol(benchmark::State& state, const char* model, const char* protocol_name) {
  const auto& family = neurofit::sim::find_family(model);
  const auto protocol = neurofit::fit::find_protocol(protocol_name);
  const int n = static_cast<int>(state.range(0));
  const Eigen::MatrixXd p = neurofit::test_support::random_params(family, n, 42);
  neurofit::ephys::ProtocolSettings settings;
  if (state.range(1) > 0) settings.sweep_tile = static_cast<int>(state.range(1));
  std::int64_t viable = 0, steps = 0;
  decltype(neurofit::ephys::Ne8Result::stages) stages{};
  for (auto _ : state) {
    const auto r = neurofit::ephys::evaluate_protocol(family, p, protocol, settings);
    viable = 0;
    for (auto v : r.viable) viable += v;
    steps = r.lane_steps;
    benchmark::DoNotOptimize(r.features.data());
    stages = r.stages;
  }
  neurofit::bench::stage_counters(state, stages, n);
  double longest = 0;
  for (const auto& s : protocol.sweeps) longest = std::max(longest, s.duration);
  state.counters["evals_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps_per_eval"] = static_cast<double>(steps) / n;
  state.counters["viable_fraction"] = static_cast<double>(viable) / n;
  // The sampled trace of the longest sweep, and eFEL's resampled t and V of it.
  state.counters["trace_kB_per_lane"] =
      (longest / settings.ne8.dt + longest / protocol.efel.interp_step * 2) * 8 / 1024;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024;
}

}  // namespace

BENCHMARK_CAPTURE(bm_protocol, izhikevich2007_allen, "izhikevich2007", "allen")
    ->Args({10000, 0})
    ->Args({10000, 16})
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_protocol, adex_allen, "adex", "allen")
    ->Args({10000, 0})
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_protocol, lif_allen, "lif", "allen")
    ->Args({10000, 0})
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(bm_protocol, izhikevich2007_ne8, "izhikevich2007", "ne8")
    ->Args({10000, 0})
    ->Unit(benchmark::kSecond);
BENCHMARK_MAIN();

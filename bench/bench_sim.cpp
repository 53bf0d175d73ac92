// Simulator throughput: neuron-steps per second (lane_steps / time) of sim::run_batch for each
// model family at batch sizes 1, 8, 64 and 512; 1000 ms at dt = 0.025 ms (40000 steps), no trace.
// Every lane fires regularly:
//   izhikevich2007  the book's RS cell at 100 pA (about 13 spikes/s)
//   adex            NEST's aeif defaults (the reference values) at 800 pA
//   lif             NEST's iaf defaults (the reference values) at 500 pA
// Lanes differ slightly in their current (spread over +0..5 %) so that they do not spike in
// unison; every batch size sees the same spread.
//
//   build-sim/bench/bench_sim --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "neurofit/sim/batch.hpp"
#include "neurofit/sim/family.hpp"
#include "neurofit/sim/stimulus.hpp"

namespace {

using neurofit::sim::BatchRequest;
using neurofit::sim::BatchResult;
using neurofit::sim::LaneStatus;
using neurofit::sim::ModelFamily;
using neurofit::sim::Stimulus;

constexpr double dt = 0.025;
constexpr double duration_ms = 1000;

struct Workload {
  const ModelFamily* family;
  Eigen::MatrixXd params;
  std::vector<Stimulus> stimuli;
  BatchRequest request;
};

Workload make_workload(const std::string& model, double current_pA, int lanes) {
  Workload w;
  w.family = &neurofit::sim::find_family(model);
  const auto& f = *w.family;
  w.params.resize(f.n_params(), lanes);
  for (int l = 0; l < lanes; ++l) {
    for (int i = 0; i < f.n_params(); ++i)
      w.params(i, l) = f.parameters[static_cast<std::size_t>(i)].value;
    const double amp = current_pA * (1.0 + 0.05 * l / lanes);
    w.stimuli.push_back(Stimulus{{{amp, 0.0, duration_ms}}});
  }
  w.request.dt = dt;
  w.request.last_sample = neurofit::sim::first_sample_at_or_after(duration_ms, dt);
  return w;
}

void bench_model(benchmark::State& state, const std::string& model, double current_pA) {
  const int lanes = static_cast<int>(state.range(0));
  const Workload w = make_workload(model, current_pA, lanes);
  std::int64_t lane_steps = 0, spikes = 0;
  for (auto _ : state) {
    BatchResult r = neurofit::sim::run_batch(*w.family, w.params, nullptr, w.stimuli, w.request);
    benchmark::DoNotOptimize(r.state.data());
    lane_steps += r.lane_steps;
    for (std::size_t l = 0; l < r.spikes.size(); ++l) {
      spikes += static_cast<std::int64_t>(r.spikes[l].size());
      if (r.status[l] != LaneStatus::ok) state.SkipWithError("a lane did not finish ok");
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(lane_steps);
  state.counters["steps/s"] =
      benchmark::Counter(static_cast<double>(lane_steps), benchmark::Counter::kIsRate);
  state.counters["lanes"] = lanes;
  state.counters["spikes/lane"] = static_cast<double>(spikes) /
                                  static_cast<double>(state.iterations()) /
                                  static_cast<double>(lanes);
}

void BM_izhikevich2007(benchmark::State& s) {
  bench_model(s, "izhikevich2007", 100);
}
void BM_adex(benchmark::State& s) {
  bench_model(s, "adex", 800);
}
void BM_lif(benchmark::State& s) {
  bench_model(s, "lif", 500);
}

BENCHMARK(BM_izhikevich2007)->Arg(1)->Arg(8)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_adex)->Arg(1)->Arg(8)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lif)->Arg(1)->Arg(8)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// Simulator throughput: neuron-steps per second (lane_steps / time) of sim::run_batch for each
// model family at batch sizes 1, 8, 64 and 512; 1000 ms at dt = 0.025 ms (40000 steps), no trace.
// Every lane fires regularly:
//   izhikevich2007  the book's RS cell at 100 pA (about 13 spikes/s)
//   adex            NEST's aeif defaults (the reference values) at 800 pA
//   lif             NEST's iaf defaults (the reference values) at 500 pA
// Lanes differ slightly in their current (spread over +0..5 %) so that they do not spike in
// unison; every batch size sees the same spread.
// BM_plain_<model>: the same lanes through the plainest lock-step loop of the model
// (plain_loops.hpp), the reference the kernels are measured against (README "Kernels against the
// plainest loop"); BM_step_<model>: the model's own step function (with its failure test and
// spike flags) called in a loop, without the batch driver around it.
//
//   build-sim/bench/bench_sim --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "neurofit/model/adex.hpp"
#include "neurofit/model/izhikevich2007.hpp"
#include "neurofit/model/lif.hpp"
#include "neurofit/sim/batch.hpp"
#include "neurofit/sim/family.hpp"
#include "neurofit/sim/stimulus.hpp"
#include "plain_loops.hpp"

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

// The counters of every benchmark here: steps/s, lanes, spikes per lane and run.
void report(benchmark::State& state, std::int64_t lane_steps, std::int64_t spikes, int lanes) {
  state.SetItemsProcessed(lane_steps);
  state.counters["steps/s"] =
      benchmark::Counter(static_cast<double>(lane_steps), benchmark::Counter::kIsRate);
  state.counters["lanes"] = lanes;
  state.counters["spikes/lane"] = static_cast<double>(spikes) /
                                  static_cast<double>(state.iterations()) /
                                  static_cast<double>(lanes);
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
  report(state, lane_steps, spikes, lanes);
}

// The same with V recorded at every sample (the traced runs of ne8's S1 and S3 and of protocol
// sweeps); lanes: range(0), samples per lane kept: all of the 1000 ms.
void bench_traced(benchmark::State& state, const std::string& model, double current_pA) {
  const int lanes = static_cast<int>(state.range(0));
  Workload w = make_workload(model, current_pA, lanes);
  w.request.trace_first = 0;
  w.request.trace_last = w.request.last_sample;
  std::int64_t lane_steps = 0, spikes = 0;
  for (auto _ : state) {
    BatchResult r = neurofit::sim::run_batch(*w.family, w.params, nullptr, w.stimuli, w.request);
    benchmark::DoNotOptimize(r.trace.data());
    lane_steps += r.lane_steps;
    for (const auto& s : r.spikes) spikes += static_cast<std::int64_t>(s.size());
    benchmark::ClobberMemory();
  }
  report(state, lane_steps, spikes, lanes);
}

using PlainLoop = std::int64_t (*)(neurofit::bench::PlainLanes&, double, std::int64_t);

void bench_plain(benchmark::State& state, const std::string& model, double current_pA,
                 PlainLoop loop) {
  const int lanes = static_cast<int>(state.range(0));
  const Workload w = make_workload(model, current_pA, lanes);
  const auto steps = static_cast<std::int64_t>(w.request.last_sample);
  neurofit::bench::PlainLanes start;
  start.p.assign(static_cast<std::size_t>(w.params.rows()), neurofit::bench::Row(lanes));
  for (Eigen::Index i = 0; i < w.params.rows(); ++i)
    for (int l = 0; l < lanes; ++l) start.p[static_cast<std::size_t>(i)][l] = w.params(i, l);
  Eigen::VectorXd rest(w.family->n_state());
  for (int l = 0; l < lanes; ++l) {
    w.family->rest_state(w.params.col(l).data(), rest.data());
    start.x.push_back(rest[0]);
    start.y.push_back(rest[1]);
    start.current.push_back(w.stimuli[static_cast<std::size_t>(l)].steps[0].amplitude);
  }
  std::int64_t lane_steps = 0, spikes = 0;
  for (auto _ : state) {
    neurofit::bench::PlainLanes s = start;
    spikes += loop(s, dt, steps);
    benchmark::DoNotOptimize(s.x.data());
    lane_steps += steps * lanes;
    benchmark::ClobberMemory();
  }
  report(state, lane_steps, spikes, lanes);
}

template <class M>
void bench_step(benchmark::State& state, double current_pA) {
  const int lanes = static_cast<int>(state.range(0));
  const Workload w = make_workload(std::string(M::name), current_pA, lanes);
  const auto steps = static_cast<std::int64_t>(w.request.last_sample);
  std::vector<neurofit::bench::Row> rows(M::n_rows, neurofit::bench::Row(lanes));
  for (int i = 0; i < M::n_params; ++i)
    for (int l = 0; l < lanes; ++l) rows[static_cast<std::size_t>(i)][l] = w.params(i, l);
  std::vector<const double*> param;
  std::vector<double*> writable;
  for (auto& r : rows) {
    param.push_back(r.data());
    writable.push_back(r.data());
  }
  M::derive(dt, param.data(), writable.data(), lanes);
  neurofit::bench::Row current;
  for (const auto& s : w.stimuli) current.push_back(s.steps[0].amplitude);
  neurofit::sim::AlignedVector<std::int64_t> spiked(static_cast<std::size_t>(lanes));
  std::int64_t lane_steps = 0, spikes = 0;
  for (auto _ : state) {
    std::vector<neurofit::bench::Row> x(2, neurofit::bench::Row(lanes));
    double rest[2];
    for (int l = 0; l < lanes; ++l) {
      M::rest_state(w.params.col(l).data(), rest);
      x[0][l] = rest[0];
      x[1][l] = rest[1];
    }
    double* state_rows[2] = {x[0].data(), x[1].data()};
    const neurofit::model::StepArrays a{param.data(), state_rows, current.data(), nullptr,
                                        spiked.data()};
    for (std::int64_t t = 0; t < steps; ++t) spikes += M::template step<false>(a, lanes);
    benchmark::DoNotOptimize(x[0].data());
    lane_steps += steps * lanes;
    benchmark::ClobberMemory();
  }
  report(state, lane_steps, spikes, lanes);
}

void BM_step_izhikevich2007(benchmark::State& s) {
  bench_step<neurofit::model::Izhikevich2007>(s, 100);
}
void BM_step_adex(benchmark::State& s) {
  bench_step<neurofit::model::Adex>(s, 800);
}
void BM_step_lif(benchmark::State& s) {
  bench_step<neurofit::model::Lif>(s, 500);
}

void BM_plain_izhikevich2007(benchmark::State& s) {
  bench_plain(s, "izhikevich2007", 100, neurofit::bench::plain_izhikevich);
}
void BM_plain_adex(benchmark::State& s) {
  bench_plain(s, "adex", 800, neurofit::bench::plain_adex);
}
void BM_plain_lif(benchmark::State& s) {
  bench_plain(s, "lif", 500, neurofit::bench::plain_lif);
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
BENCHMARK_CAPTURE(bench_traced, izhikevich2007, "izhikevich2007", 100.0)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bench_traced, adex, "adex", 800.0)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bench_traced, lif, "lif", 500.0)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_step_izhikevich2007)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_step_adex)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_step_lif)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_plain_izhikevich2007)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_plain_adex)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_plain_lif)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// Time of the optimizer's own work per generation (tournament, variation, sorting, crowding,
// survival, archive insertion) on a trivially cheap problem (DTLZ2), so that this work dominates.
// Run: build/bench/bench_evo --benchmark_filter=Evo
#include <benchmark/benchmark.h>

#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/nondominated.hpp"
#include "neurofit/evo/nsga2.hpp"
#include "neurofit/evo/test_problems.hpp"

using namespace neurofit::evo;

namespace {

constexpr Eigen::Index population = 256;
constexpr Eigen::Index archive_capacity = 512;

// A population that has evolved for a while, so that fronts look like those of a real run.
struct Warm {
  explicit Warm(Eigen::Index m)
      : problem(2, m + 9, m), algo({.population = population}), rng(1), archive(archive_capacity) {
    algo.initialize(problem, rng);
    for (int g = 0; g < 50; ++g) {
      algo.step(problem, rng);
      archive.insert(algo.x(), algo.f());
    }
  }
  Dtlz problem;
  Nsga2 algo;
  Rng rng;
  Archive archive;
};

// One full generation: step (variation, one batch evaluation, survival) plus archive insertion.
void EvoGeneration(benchmark::State& state) {
  Warm w(state.range(0));
  for (auto _ : state) {
    w.algo.step(w.problem, w.rng);
    w.archive.insert(w.algo.x(), w.algo.f());
    benchmark::DoNotOptimize(w.archive.f().data());
  }
  state.counters["archive"] = static_cast<double>(w.archive.size());
  state.counters["front0"] = static_cast<double>(w.algo.first_front().size());
}

// NSGA-II step alone.
void EvoStep(benchmark::State& state) {
  Warm w(state.range(0));
  for (auto _ : state) {
    w.algo.step(w.problem, w.rng);
    benchmark::DoNotOptimize(w.algo.f().data());
  }
}

// Non-dominated sorting plus crowding of the merged 2 x 256 population.
void EvoSortAndCrowding(benchmark::State& state) {
  Warm w(state.range(0));
  Eigen::MatrixXd f(w.algo.f().rows(), 2 * population);
  f << w.algo.f(), w.algo.f().array() + 0.01;
  for (auto _ : state) {
    const std::vector<int> rank = non_dominated_sort(f);
    benchmark::DoNotOptimize(crowding_distances(f, rank).data());
  }
}

// Evaluating one offspring batch, for comparison with the optimizer's work.
void EvoEvaluateOnly(benchmark::State& state) {
  Warm w(state.range(0));
  const Eigen::MatrixXd x = w.algo.x();
  Eigen::MatrixXd f;
  for (auto _ : state) {
    w.problem.evaluate(x, f);
    benchmark::DoNotOptimize(f.data());
  }
}

}  // namespace

BENCHMARK(EvoGeneration)->Arg(2)->Arg(8)->Unit(benchmark::kMicrosecond);
BENCHMARK(EvoStep)->Arg(2)->Arg(8)->Unit(benchmark::kMicrosecond);
BENCHMARK(EvoSortAndCrowding)->Arg(2)->Arg(8)->Unit(benchmark::kMicrosecond);
BENCHMARK(EvoEvaluateOnly)->Arg(2)->Arg(8)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();

// Where a generation of a real fit spends its time: the Izhikevich model fitted to L5/6
// pyramidal cells (8 objectives), population 256, IBEA or NSGA-II. The optimizer's own work
// (selection, variation, survival, archive insertion) is the generation's time less the time
// spent in the batch evaluation; the hypervolume estimate of the progress line is reported apart.
//   build/bench/bench_fit
#include <benchmark/benchmark.h>

#include <chrono>

#include "neurofit/evo/algorithms.hpp"
#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/hypervolume.hpp"
#include "neurofit/evo/rng.hpp"
#include "neurofit/fit/fit_problem.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// The fitting problem, timing its evaluate() calls.
class TimedProblem : public neurofit::evo::Problem {
 public:
  explicit TimedProblem(const neurofit::evo::Problem& inner) : inner_(inner) {}
  Eigen::Index n_var() const override { return inner_.n_var(); }
  Eigen::Index n_obj() const override { return inner_.n_obj(); }
  Eigen::VectorXd lower() const override { return inner_.lower(); }
  Eigen::VectorXd upper() const override { return inner_.upper(); }
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override {
    const auto t0 = Clock::now();
    inner_.evaluate(x, f);
    seconds += std::chrono::duration<double>(Clock::now() - t0).count();
  }
  mutable double seconds = 0;

 private:
  const neurofit::evo::Problem& inner_;
};

void generation_split(benchmark::State& state, const char* algorithm) {
  using namespace neurofit;
  const auto& family = sim::find_family("izhikevich2007");
  const auto cell = fit::find_cell_type("neocortex_l56_pyramidal");
  const fit::FitProblem fit_problem(family, fit::Objectives::from(cell), family.lower_bounds(),
                                    family.upper_bounds());
  const TimedProblem problem(fit_problem);
  evo::AlgorithmSettings settings;
  settings.name = algorithm;
  settings.ga.population = 256;
  auto algo = evo::make_algorithm(settings);
  evo::Rng rng(evo::stream_seed(1, 0, 0));
  evo::Archive archive(500);
  algo->initialize(problem, rng);
  for (int g = 0; g < 5; ++g) {  // warm up: fronts and archive like those of a real run
    algo->step(problem, rng);
    archive.insert(evo::to_problem_units(problem, algo->x()), algo->f());
  }
  double step_s = 0, eval_s = 0, archive_s = 0, hv_s = 0;
  const Eigen::VectorXd ref = Eigen::VectorXd::Constant(problem.n_obj(), 1.1);
  for (auto _ : state) {
    problem.seconds = 0;
    const auto t0 = Clock::now();
    algo->step(problem, rng);
    const auto t1 = Clock::now();
    archive.insert(evo::to_problem_units(problem, algo->x()), algo->f());
    const auto t2 = Clock::now();
    const Eigen::MatrixXd scaled = archive.f() / 5.0;  // as `neurofit run` does for fits
    evo::HvAutoOptions hv;
    hv.samples = 2000;  // as src/cli/run_command.cpp
    benchmark::DoNotOptimize(evo::hypervolume_auto(scaled, ref, 1, hv).value);
    const auto t3 = Clock::now();
    step_s += std::chrono::duration<double>(t1 - t0).count();
    archive_s += std::chrono::duration<double>(t2 - t1).count();
    hv_s += std::chrono::duration<double>(t3 - t2).count();
    eval_s += problem.seconds;
  }
  const double total = step_s + archive_s + hv_s;
  state.counters["evaluation_%"] = 100 * eval_s / total;
  state.counters["optimizer_%"] = 100 * (step_s - eval_s + archive_s) / total;
  state.counters["hypervolume_%"] = 100 * hv_s / total;
  state.counters["archive"] = static_cast<double>(archive.size());
}

}  // namespace

BENCHMARK_CAPTURE(generation_split, ibea, "ibea")->Iterations(20)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(generation_split, nsga2, "nsga2")->Iterations(20)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();

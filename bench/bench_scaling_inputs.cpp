// The inputs of the scaling model (bench/scaling_model.py), measured on one core for the fit of
// config/examples/scaling.yaml (izhikevich2007 to L5/6 pyramidal, 8 features, IBEA, 64 per
// island, archive 500):
//   - each island's generation time: mean, and the spread between islands of the sum over a
//     migration interval of 10 and of 50 generations (what ranks that meet every k generations
//     wait for);
//   - rank 0's work per gather: inserting n islands' first fronts into the archive, for n up to
//     1,024 (real fronts of this run, cycled), and the hypervolume record it makes every
//     hypervolume_every generations.
//   build/bench/bench_scaling_inputs [--islands I] [--generations G]
// Prints "key value" lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "neurofit/evo/algorithms.hpp"
#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/rng.hpp"
#include "neurofit/fit/fit_problem.hpp"

namespace {

using namespace neurofit;
using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Fronts {  // first fronts of every island at every interval: the gathers' raw material
  std::vector<Eigen::MatrixXd> x, f, e;
};

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sd(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double a : v) s += (a - m) * (a - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

// Seconds to merge the fronts of `n` islands (cycled through `fronts`) into a copy of `full`.
double merge_seconds(const evo::Archive& full, const Fronts& fronts, long n) {
  Eigen::Index cols = 0;
  for (long i = 0; i < n; ++i)
    cols += fronts.f[static_cast<std::size_t>(i) % fronts.f.size()].cols();
  const auto& f0 = fronts.f.front();
  Eigen::MatrixXd x(fronts.x.front().rows(), cols), f(f0.rows(), cols),
      e(fronts.e.front().rows(), cols);
  Eigen::Index at = 0;
  for (long i = 0; i < n; ++i) {
    const std::size_t k = static_cast<std::size_t>(i) % fronts.f.size();
    x.middleCols(at, fronts.f[k].cols()) = fronts.x[k];
    f.middleCols(at, fronts.f[k].cols()) = fronts.f[k];
    e.middleCols(at, fronts.f[k].cols()) = fronts.e[k];
    at += fronts.f[k].cols();
  }
  std::vector<double> times;
  for (int r = 0; r < 3; ++r) {
    evo::Archive archive = full;
    const auto start = Clock::now();
    archive.insert(x, f, e);
    times.push_back(seconds(start));
  }
  std::sort(times.begin(), times.end());
  return times[1];
}

}  // namespace

int main(int argc, char** argv) {
  long n_islands = 16, generations = 100;
  const long interval = 10;  // gathers (the default: at each migration)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const long value = std::strtol(argv[i + 1], nullptr, 10);
    if (key == "--islands")
      n_islands = value;
    else if (key == "--generations")
      generations = value;
    else {
      std::fprintf(stderr, "bench_scaling_inputs: unknown option %s\n", key.c_str());
      return 2;
    }
  }
  const auto& family = sim::find_family("izhikevich2007");
  const fit::FitProblem problem(
      family, fit::Objectives::from(fit::find_cell_type("neocortex_l56_pyramidal")),
      family.lower_bounds(), family.upper_bounds());
  evo::AlgorithmSettings settings;
  settings.name = "ibea";
  settings.ga.population = 64;
  std::vector<std::unique_ptr<evo::Algorithm>> islands;
  std::vector<evo::Rng> rngs;
  for (long i = 0; i < n_islands; ++i) {
    islands.push_back(evo::make_algorithm(settings));
    rngs.emplace_back(evo::stream_seed(1, 0, static_cast<std::uint64_t>(i)));
    islands.back()->initialize(problem, rngs.back());
  }
  std::vector<double> step_s;
  Fronts fronts;
  evo::Archive archive(500);
  // Per migration interval k: each island's sum over the current window, and the sums of finished
  // windows relative to their mean over islands.
  const std::vector<long> intervals{10, 50};
  std::vector<std::vector<double>> window(intervals.size(),
                                          std::vector<double>(static_cast<std::size_t>(n_islands)));
  std::vector<std::vector<double>> relative(intervals.size());
  for (long g = 1; g <= generations; ++g) {
    for (long i = 0; i < n_islands; ++i) {
      const auto start = Clock::now();
      islands[static_cast<std::size_t>(i)]->step(problem, rngs[static_cast<std::size_t>(i)]);
      const double s = seconds(start);
      step_s.push_back(s);
      for (auto& w : window) w[static_cast<std::size_t>(i)] += s;
    }
    for (std::size_t k = 0; k < intervals.size(); ++k) {
      if (g % intervals[k] != 0) continue;
      const double m = mean(window[k]);
      for (double& w : window[k]) {
        relative[k].push_back(w / m);
        w = 0.0;
      }
    }
    if (g % interval != 0) continue;
    for (const auto& a : islands) {
      const auto cols = a->first_front();
      Eigen::MatrixXd x(problem.n_var(), static_cast<Eigen::Index>(cols.size())),
          f(problem.n_obj(), x.cols()), e(problem.n_extra(), x.cols());
      for (std::size_t j = 0; j < cols.size(); ++j) {
        x.col(static_cast<Eigen::Index>(j)) = a->x().col(cols[j]);
        f.col(static_cast<Eigen::Index>(j)) = a->f().col(cols[j]);
        e.col(static_cast<Eigen::Index>(j)) = a->extra().col(cols[j]);
      }
      x = evo::to_problem_units(problem, x);
      archive.insert(x, f, e);
      fronts.x.push_back(std::move(x));
      fronts.f.push_back(std::move(f));
      fronts.e.push_back(std::move(e));
    }
  }
  std::vector<double> front_sizes;
  for (const auto& f : fronts.f) front_sizes.push_back(static_cast<double>(f.cols()));
  std::printf("islands %ld\ngenerations %ld\n", n_islands, generations);
  std::printf("generation_seconds_mean %.6g\ngeneration_seconds_sd %.6g\n", mean(step_s),
              sd(step_s));
  for (std::size_t k = 0; k < intervals.size(); ++k)
    std::printf("interval_sum_relative_sd_%ld %.6g\n", intervals[k], sd(relative[k]));
  std::printf("front_size_mean %.4g\narchive_size %ld\n", mean(front_sizes),
              static_cast<long>(archive.size()));
  for (long n : {1L, 4L, 16L, 64L, 256L, 1024L})
    std::printf("merge_seconds_%ld %.6g\n", n, merge_seconds(archive, fronts, n));
  evo::RecordSettings record;
  record.scale = Eigen::VectorXd::Constant(problem.n_obj(), 5.0);
  record.reference = Eigen::VectorXd::Constant(problem.n_obj(), 1.1);
  record.hv.samples = 2000;  // as a fit's records (src/run/fit_setup.cpp)
  const auto start = Clock::now();
  evo::make_record(0, 0, archive, record);
  std::printf("hypervolume_record_seconds %.6g\n", seconds(start));
  return 0;
}

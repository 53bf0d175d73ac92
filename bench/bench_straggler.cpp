// Weak scaling when ranks straggle: one island per rank, and each generation's evaluation on a
// rank takes a base time plus a random 0-`spread` of it (a sleep drawn per rank and generation,
// injected in this benchmark only; the islands' arithmetic is ZDT1's and negligible). Ranks that
// wait for each other every generation pay the slowest rank's delay every generation; ranks that
// meet only at migrations (every 10 generations) pay it once per 10, where the delays average out.
//   mpirun -n R build/bench/bench_straggler [--gather-every G] [--generations N] [--base-ms B]
//                                           [--spread S]
// Prints one line on rank 0: ranks, gather_every, generations, wall seconds, seconds/generation.
// bench/straggler.sh runs it for 1, 2 and 4 ranks and both settings and gives the efficiency.
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include "neurofit/evo/test_problems.hpp"
#include "neurofit/island/evolve.hpp"

namespace {

using namespace neurofit;

class StragglingProblem : public evo::Problem {
 public:
  StragglingProblem(const evo::Problem& inner, double base_ms, double spread, int rank)
      : inner_(inner), base_ms_(base_ms), spread_(spread), rng_(1000003u * (rank + 1)) {}
  Eigen::Index n_var() const override { return inner_.n_var(); }
  Eigen::Index n_obj() const override { return inner_.n_obj(); }
  Eigen::VectorXd lower() const override { return inner_.lower(); }
  Eigen::VectorXd upper() const override { return inner_.upper(); }
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override {
    std::uniform_real_distribution<double> extra(0.0, spread_);
    const double ms = base_ms_ * (1.0 + extra(rng_));
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
    inner_.evaluate(x, f);
  }

 private:
  const evo::Problem& inner_;
  double base_ms_, spread_;
  mutable std::mt19937_64 rng_;
};

struct Options {
  std::uint64_t gather_every = 10, generations = 200;
  double base_ms = 20, spread = 0.5;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* value = argv[i + 1];
    if (key == "--gather-every")
      o.gather_every = std::strtoull(value, nullptr, 10);
    else if (key == "--generations")
      o.generations = std::strtoull(value, nullptr, 10);
    else if (key == "--base-ms")
      o.base_ms = std::strtod(value, nullptr);
    else if (key == "--spread")
      o.spread = std::strtod(value, nullptr);
    else {
      std::fprintf(stderr, "bench_straggler: unknown option %s\n", key.c_str());
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  boost::mpi::environment env(argc, argv);
  boost::mpi::communicator world;
  const Options o = parse(argc, argv);
  const auto zdt1 = evo::make_test_problem("zdt1", 10);
  const StragglingProblem problem(*zdt1, o.base_ms, o.spread, world.rank());
  island::ArchipelagoSettings settings;
  for (int i = 0; i < world.size(); ++i) {
    evo::AlgorithmSettings a;
    a.name = "nsga2";
    a.ga.population = 32;
    settings.islands.push_back(a);
  }
  settings.migration.interval = 10;  // the defaults of a run config
  settings.gather_every = o.gather_every;
  island::Archipelago archipelago(world, problem, settings, 1);
  evo::Archive archive(500);
  island::EvolveOptions options;
  options.last_generation = o.generations;
  options.hypervolume_every = 10;
  options.stop_requested = [] { return false; };  // polled as a run polls its stop signals
  const auto start = std::chrono::steady_clock::now();
  island::evolve(archipelago, archive, {}, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (world.rank() == 0)
    std::printf("ranks %d gather_every %llu generations %llu seconds %.4f per_generation_ms %.3f\n",
                world.size(), static_cast<unsigned long long>(o.gather_every),
                static_cast<unsigned long long>(o.generations), seconds,
                1e3 * seconds / static_cast<double>(o.generations));
  return 0;
}

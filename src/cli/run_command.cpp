// `[mpirun -n N] neurofit run CONFIG.yaml [--out DIR] [--quiet]`: one optimization from a run
// config, as an island model over the MPI ranks (one rank needs no mpirun). Rank 0 prints the
// progress, one line per gathered generation, and writes the archive, its features and the
// history to <out>/result.h5 (atomically, at the end).
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/progress.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/evo/algorithms.hpp"
#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/test_problems.hpp"
#include "neurofit/fit/ne8_problem.hpp"
#include "neurofit/io/result_file.hpp"
#include "neurofit/io/run_config.hpp"
#include "neurofit/island/evolve.hpp"

namespace neurofit::cli {

namespace fs = std::filesystem;
namespace mpi = boost::mpi;

namespace {

// Hypervolume of a fit: each z-score divided by this scale, reference point 1.1 per objective, so
// models with every z below 5.5 count. Test problems use scale 1, reference 1.1.
constexpr double fit_hv_scale = 5.0;
constexpr double hv_reference = 1.1;
// Monte Carlo samples for more than 3 objectives with a large archive: a standard error of about
// 1% of the box, enough for a progress signal, at about 2 ms per generation with an archive of
// 500 (20,000 samples took 29% of a 100-generation Izhikevich fit; see bench/bench_fit.cpp).
constexpr std::uint64_t hv_samples = 2000;

struct RunOptions {
  std::string config;
  std::string out;
  bool quiet = false;
};

struct Setup {
  std::unique_ptr<evo::Problem> problem;
  const fit::Ne8Problem* fit = nullptr;  // the same problem when it is a model fit
  evo::RecordSettings record;
};

Setup make_setup(const io::RunConfig& c) {
  Setup s;
  double scale = 1.0;
  if (c.is_fit()) {
    Eigen::VectorXd lower, upper;
    c.model_bounds(lower, upper);
    auto p = std::make_unique<fit::Ne8Problem>(sim::find_family(c.model),
                                               fit::Objectives::from(c.cell, c.features),
                                               std::move(lower), std::move(upper));
    s.fit = p.get();
    s.problem = std::move(p);
    scale = fit_hv_scale;
  } else {
    s.problem =
        evo::make_test_problem(c.problem->name, c.problem->variables, c.problem->objectives);
  }
  const Eigen::Index m = s.problem->n_obj();
  s.record.scale = Eigen::VectorXd::Constant(m, scale);
  s.record.reference = Eigen::VectorXd::Constant(m, hv_reference);
  s.record.hv.samples = hv_samples;
  s.record.hv_seed = c.seed;
  return s;
}

// Creates the output folder (and its parents); InputError naming it when that fails.
void prepare_output(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw InputError("", "cannot create the output folder '" + dir.string() + "'" +
                             (ec ? ": " + ec.message() : ": a file of that name is in the way"));
}

void print_intro(std::ostream& out, const io::RunConfig& c, const Setup& s, const fs::path& dir,
                 const island::ArchipelagoSettings& islands, int ranks) {
  const auto& a = c.algorithm.ga;
  if (s.fit) {
    const int fixed = s.fit->family().n_params() - static_cast<int>(s.problem->n_var());
    out << "neurofit run: fitting " << c.model << " (" << s.problem->n_var() << " free, " << fixed
        << " fixed parameters) to " << c.cell_type << " (" << s.problem->n_obj() << " features)\n";
  } else {
    out << "neurofit run: " << s.problem->name() << " (" << s.problem->n_var() << " variables, "
        << s.problem->n_obj() << " objectives)\n";
  }
  out << "  " << c.algorithm.name << (c.island_algorithms.empty() ? "" : " (varied per island)")
      << ", population " << a.population << ", " << c.generations << " generations, archive "
      << (c.archive_size ? std::to_string(c.archive_size) : "unbounded") << ", seed " << c.seed
      << "; output " << (dir / "result.h5").string() << '\n';
  const auto& m = islands.migration;
  out << "  islands: " << islands.n_islands() << " on " << ranks
      << (ranks == 1 ? " rank" : " ranks") << "; migration ";
  if (m.enabled() && islands.n_islands() > 1)
    out << "of " << m.emigrants << " every " << m.interval << " generations, "
        << island::topology_name(m.topology)
        << (m.topology == island::Topology::random ? " degree " + std::to_string(m.degree) : "")
        << ", replacing the " << island::replacement_name(m.replacement);
  else
    out << "off";
  out << "; fronts gathered every " << islands.gather_every << '\n'
      << "  hypervolume of the archive's " << (s.fit ? "z / 5" : "f")
      << " per objective w.r.t. 1.1 each"
      << (s.problem->n_obj() > 3 ? " (Monte Carlo beyond 64 points)" : "") << '\n';
}

io::ResultData result_data(const io::RunConfig& c, const Setup& s, const evo::Archive& archive,
                           const ephys::Ne8Result* features, const evo::History& history) {
  io::ResultData d;
  d.config_text = c.text;
  d.seed = c.seed;
  d.generations = c.generations;
  d.problem = s.problem->name();
  d.model = c.model;
  d.cell_type = c.is_fit() ? c.cell_type : "";
  if (s.fit) {
    for (const auto& spec : s.fit->family().parameters) {
      d.parameter_names.emplace_back(spec.name);
      d.parameter_units.emplace_back(spec.unit);
    }
    d.parameters = s.fit->full_parameters(archive.x());
    d.features = features->features;
  } else {
    d.parameter_names = s.problem->variable_names();
    d.parameter_units.assign(d.parameter_names.size(), "");
    d.parameters = archive.x();
  }
  d.objective_names = s.problem->objective_names();
  d.objectives = archive.f();
  d.history = history;
  d.hypervolume_scale = s.record.scale;
  d.hypervolume_reference = s.record.reference;
  return d;
}

// Evolves the islands and, on rank 0, reports and writes the result.
int run_islands(const mpi::communicator& world, const io::RunConfig& c, const Setup& s,
                const island::ArchipelagoSettings& settings, const fs::path& dir, bool quiet) {
  const bool root = world.rank() == 0;
  island::Archipelago archipelago(world, *s.problem, settings, c.seed);
  evo::Archive archive(c.archive_size);
  ProgressLines printer(std::cout, s.problem->objective_names(), s.fit ? "best z" : "best f",
                        c.generations);
  island::EvolveOptions options;
  options.last_generation = c.generations;
  if (root && !quiet)
    options.on_record = [&printer](const evo::GenerationRecord& r) { printer(r); };
  const auto start = std::chrono::steady_clock::now();
  const island::EvolveOutcome outcome = island::evolve(archipelago, archive, s.record, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double exchange =
      mpi::all_reduce(world, archipelago.exchange_seconds(), mpi::maximum<double>());
  if (!root) return exit_ok;

  const auto& last = outcome.history.back();
  std::cout << "done: " << last.generation << " generations, " << last.evaluations
            << " evaluations in " << short_number(seconds, 3) << " s ("
            << short_number(static_cast<double>(last.evaluations) / seconds, 3)
            << " evaluations/s); " << last.migrations << " migrations; migration and gathering "
            << short_number(100.0 * exchange / seconds, 2) << "% of wall time (most on a rank)\n"
            << "archive of " << archive.size() << ", hypervolume " << short_number(last.hypervolume)
            << '\n';
  ephys::Ne8Result features;
  if (s.fit) {
    features = s.fit->features(archive.x());
    print_fit_summary(std::cout, *s.fit, c.cell, archive, features);
  } else {
    print_test_summary(std::cout, archive, s.problem->objective_names());
  }
  const fs::path file = dir / "result.h5";
  io::write_result_file(file,
                        result_data(c, s, archive, s.fit ? &features : nullptr, outcome.history));
  std::cout << "wrote " << file.string() << std::endl;
  return exit_ok;
}

// True on every rank when `ok` is true on every rank.
bool all_ok(const mpi::communicator& world, bool ok) {
  return mpi::all_reduce(world, ok, std::logical_and<bool>());
}

int run(const RunOptions& o) {
  mpi::environment env(false);  // errors are handled below, not by aborting
  mpi::communicator world;
  const bool root = world.rank() == 0;
  // Config errors are the same on every rank: rank 0 reports them, the others just stop.
  io::RunConfig c;
  Setup s;
  island::ArchipelagoSettings settings;
  try {
    c = io::load_run_config(o.config);
    s = make_setup(c);
    settings = c.archipelago(world.size());
    try {
      settings.validate();
      island::block_of(settings.n_islands(), world.rank(), world.size());
    } catch (const std::invalid_argument& e) {
      throw InputError(o.config, e.what());
    }
  } catch (const std::invalid_argument&) {
    if (root) throw;
    return exit_bad_input;
  }
  const fs::path dir = o.out.empty() ? c.output : fs::path(o.out);
  std::string folder_error;
  if (root) {
    try {
      prepare_output(dir);
    } catch (const InputError& e) {
      folder_error = e.what();
    }
  }
  if (!all_ok(world, folder_error.empty())) {
    if (root) throw InputError("", folder_error);
    return exit_bad_input;
  }
  if (root) print_intro(std::cout, c, s, dir, settings, world.size());
  try {
    return run_islands(world, c, s, settings, dir, o.quiet);
  } catch (const std::exception& e) {
    if (world.size() == 1) throw;
    // The other ranks may wait in a collective: report here and end them all.
    std::cerr << "neurofit: failed on rank " << world.rank() << ": " << e.what() << std::endl;
    env.abort(exit_failure);
  }
  return exit_failure;
}

}  // namespace

void add_run_command(CLI::App& app, int& status) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run", "optimize a model fit (or a test problem) from a run config; see config/examples");
  cmd->add_option("config", o->config, "run config (YAML)")->required();
  cmd->add_option("--out", o->out, "output folder (default: the config's 'output')");
  cmd->add_flag("--quiet", o->quiet, "no per-generation progress lines");
  cmd->callback([o, &status] { status = run(*o); });
}

}  // namespace neurofit::cli

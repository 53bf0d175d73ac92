// `neurofit run CONFIG.yaml [--out DIR] [--quiet]`: one optimization from a run config. Progress
// goes to standard output, one line per generation; the archive, its features and the history go
// to <out>/result.h5 (written atomically at the end).
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/evo/algorithms.hpp"
#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/test_problems.hpp"
#include "neurofit/fit/ne8_problem.hpp"
#include "neurofit/io/result_file.hpp"
#include "neurofit/io/run_config.hpp"

namespace neurofit::cli {

namespace fs = std::filesystem;

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

void print_intro(std::ostream& out, const io::RunConfig& c, const Setup& s, const fs::path& dir) {
  const auto& a = c.algorithm.ga;
  if (s.fit) {
    const int fixed = s.fit->family().n_params() - static_cast<int>(s.problem->n_var());
    out << "neurofit run: fitting " << c.model << " (" << s.problem->n_var() << " free, " << fixed
        << " fixed parameters) to " << c.cell_type << " (" << s.problem->n_obj() << " features)\n";
  } else {
    out << "neurofit run: " << s.problem->name() << " (" << s.problem->n_var() << " variables, "
        << s.problem->n_obj() << " objectives)\n";
  }
  out << "  " << c.algorithm.name << ", population " << a.population << ", " << c.generations
      << " generations, archive " << (c.archive_size ? std::to_string(c.archive_size) : "unbounded")
      << ", seed " << c.seed << "; output " << (dir / "result.h5").string() << '\n'
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

int run(const RunOptions& o) {
  const io::RunConfig c = io::load_run_config(o.config);
  const Setup s = make_setup(c);
  const fs::path dir = o.out.empty() ? c.output : fs::path(o.out);
  prepare_output(dir);
  print_intro(std::cout, c, s, dir);

  const auto algorithm_ptr = evo::make_algorithm(c.algorithm);
  evo::Algorithm& algorithm = *algorithm_ptr;
  evo::Rng rng(evo::stream_seed(c.seed, 0, 0));
  evo::Archive archive(c.archive_size);
  ProgressPrinter printer(std::cout, s.problem->objective_names(), s.fit ? "best z" : "best f");
  evo::GenerationCallback callback;
  if (!o.quiet) callback = [&printer](const evo::GenerationRecord& r) { printer(r); };
  const auto start = std::chrono::steady_clock::now();
  const evo::History history =
      evo::optimize(*s.problem, algorithm, rng, c.generations, archive, s.record, callback);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto& last = history.back();
  std::cout << "done: " << last.generation << " generations, " << last.evaluations
            << " evaluations in " << short_number(seconds, 3) << " s; archive of " << archive.size()
            << ", hypervolume " << short_number(last.hypervolume) << '\n';
  ephys::Ne8Result features;
  if (s.fit) {
    features = s.fit->features(archive.x());
    print_fit_summary(std::cout, *s.fit, c.cell, archive, features);
  } else {
    print_test_summary(std::cout, archive, s.problem->objective_names());
  }
  const fs::path file = dir / "result.h5";
  io::write_result_file(file, result_data(c, s, archive, s.fit ? &features : nullptr, history));
  std::cout << "wrote " << file.string() << std::endl;
  return exit_ok;
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

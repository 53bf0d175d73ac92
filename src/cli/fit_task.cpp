#include "neurofit/cli/fit_task.hpp"

#include <sys/resource.h>
#include <boost/mpi/collectives.hpp>
#include <boost/serialization/string.hpp>

#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/fault_injection.hpp"
#include "neurofit/cli/progress.hpp"
#include "neurofit/cli/run_folder.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/cli/stop_signals.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/test_problems.hpp"
#include "neurofit/fit/fit_problem.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "neurofit/io/checkpoint.hpp"
#include "neurofit/io/config_diff.hpp"
#include "neurofit/io/sha256.hpp"
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

struct Setup {
  std::unique_ptr<evo::Problem> problem;
  const fit::FitProblem* fit = nullptr;  // the same problem when it is a model fit
  evo::RecordSettings record;
};

Setup make_setup(const io::RunConfig& c) {
  Setup s;
  double scale = 1.0;
  if (c.is_fit()) {
    Eigen::VectorXd lower, upper;
    c.model_bounds(lower, upper);
    auto p = std::make_unique<fit::FitProblem>(
        sim::find_family(c.model), fit::Objectives::from(c.cell, c.features, c.protocol),
        std::move(lower), std::move(upper), c.protocol);
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
    out << "neurofit: fitting " << c.model << " (" << s.problem->n_var() << " free, " << fixed
        << " fixed parameters) to " << c.cell_type << " (" << s.problem->n_obj() << " features)\n";
  } else {
    out << "neurofit: " << s.problem->name() << " (" << s.problem->n_var() << " variables, "
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
                           const evo::History& history) {
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
    d.features = archive.extra();
    d.protocol = c.protocol.name;
    d.protocol_definition = fit::protocol_yaml(c.protocol);
    d.feature_names = c.protocol.feature_names();
    d.feature_units = c.protocol.feature_units();
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

// The counts of a stored run, by name (zero for verdicts it does not have: an older file).
ephys::VerdictCounts verdict_counts_of(const io::ResultData& d) {
  ephys::VerdictCounts counts{};
  for (std::size_t k = 0; k < d.verdict_names.size(); ++k)
    for (std::size_t v = 0; v < counts.size(); ++v)
      if (d.verdict_names[k] == ephys::verdict_names[v])
        counts[v] = static_cast<std::uint64_t>(d.verdict_counts[static_cast<Eigen::Index>(k)]);
  return counts;
}

void set_verdict_counts(io::ResultData& d, const ephys::VerdictCounts& counts) {
  d.verdict_names.assign(ephys::verdict_names.begin(), ephys::verdict_names.end());
  d.verdict_counts.resize(static_cast<Eigen::Index>(counts.size()));
  for (std::size_t v = 0; v < counts.size(); ++v)
    d.verdict_counts[static_cast<Eigen::Index>(v)] = static_cast<double>(counts[v]);
}

// Collective: the run's evaluations by verdict on rank 0 (every rank's, plus those of the run it
// resumed); sums of counts, so the same on any number of ranks.
ephys::VerdictCounts run_verdict_counts(const mpi::communicator& comm, const Setup& s,
                                        const ephys::VerdictCounts& before) {
  ephys::VerdictCounts total{};
  if (!s.fit) return total;
  const ephys::VerdictCounts& mine = s.fit->verdict_counts();
  mpi::reduce(comm, mine.data(), static_cast<int>(mine.size()), total.data(),
              std::plus<std::uint64_t>(), 0);
  for (std::size_t v = 0; v < total.size(); ++v) total[v] += before[v];
  return total;
}

// This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KiB).
double peak_resident_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0 / 1e6;
}

// Bad input found on rank 0 only (the folder, the checkpoint) becomes the same InputError on
// every rank: `error` is rank 0's message, "" when all is well.
void agree_on(const mpi::communicator& comm, std::string error) {
  mpi::broadcast(comm, error, 0);
  if (!error.empty()) throw InputError("", error);
}

// The settings deciding results whose values differ between the config `saved` (read from
// `file`) was made with and `c`.
std::vector<std::string> changed_keys(const io::CheckpointData& saved, const fs::path& file,
                                      const io::RunConfig& c, long islands) {
  io::RunConfig old;
  try {
    old = io::parse_run_config(saved.result.config_text, c.file);
  } catch (const InputError& e) {
    throw InputError(file.string(), std::string("its config no longer parses: ") + e.what());
  }
  auto keys =
      io::result_changing_differences(old, static_cast<long>(saved.islands.size()), c, islands);
  // The protocol as it was run (a protocol file may have changed since); ne8 before it was stored.
  const std::string& was = saved.result.protocol_definition;
  if (c.is_fit() &&
      (was.empty() ? c.protocol.name != "ne8" : was != fit::protocol_yaml(c.protocol)))
    keys.emplace_back("protocol");
  return keys;
}

// Rank 0's checks before anything is written: the output folder, and for a resume the state to
// continue from (returned, with what it holds and its changed keys; checked to be readable and
// of the same settings unless forced).
fs::path check_folder(const io::RunConfig& c, long islands, const FitOptions& o,
                      io::CheckpointData& saved, std::vector<std::string>& keys) {
  prepare_output(o.out);
  const std::string holder = RunLock::live_holder(o.out);
  if (!holder.empty())
    throw InputError(o.out.string(),
                     "a fit is running in this folder (" + holder + "); wait for it or stop it");
  if (!o.resume) {
    if (holds_a_fit(o.out) && !o.overwrite)
      throw InputError(o.out.string(),
                       "the folder already holds a fit (result.h5 or checkpoints): --resume to "
                       "continue it, --overwrite to start again");
    return {};
  }
  const fs::path file = o.resume_file.empty() ? newest_state(o.out) : o.resume_file;
  if (file.empty())
    throw InputError(o.out.string(), "nothing to resume: no checkpoint or result.h5 in it");
  saved = io::read_checkpoint(file);
  keys = changed_keys(saved, file, c, islands);
  if (!keys.empty() && !o.force) {
    throw InputError(file.string(), "made with other settings (" + join(keys) +
                                        "); resuming would not continue the same run (--force "
                                        "to resume anyway)");
  }
  if (saved.generation > c.generations)
    throw InputError(c.file, "generations (" + std::to_string(c.generations) +
                                 ") is below the checkpoint's generation (" +
                                 std::to_string(saved.generation) + ")");
  return file;
}

}  // namespace

int run_fit(const mpi::communicator& comm, const io::RunConfig& c, const FitOptions& o) {
  const bool root = comm.rank() == 0;
  std::ostream& out = o.log ? *o.log : std::cout;
  const Setup s = make_setup(c);
  const island::ArchipelagoSettings settings = c.archipelago(comm.size());
  try {
    settings.validate();
    island::block_of(settings.n_islands(), comm.rank(), comm.size());
  } catch (const std::invalid_argument& e) {
    throw InputError(c.file, e.what());
  }
  std::string error;
  fs::path state_file;
  io::CheckpointData saved;
  std::vector<std::string> keys;  // forced changes of a resume
  if (root) {
    try {
      state_file = check_folder(c, settings.n_islands(), o, saved, keys);
    } catch (const InputError& e) {
      error = e.what();
    }
  }
  agree_on(comm, error);

  // The other ranks read the state they continue from (the checks passed on rank 0).
  std::vector<std::string> log;
  if (o.resume) {
    std::string name = state_file.string();
    mpi::broadcast(comm, name, 0);
    state_file = name;
    if (!root) {
      saved = io::read_checkpoint(state_file);
      keys = changed_keys(saved, state_file, c, settings.n_islands());
    }
    log = saved.log;
    if (saved.generation == c.generations) {
      if (root)
        out << "nothing to do: " << state_file.string() << " is at generation " << saved.generation
            << " of " << c.generations << '\n';
      return exit_ok;
    }
    log.push_back("generation " + std::to_string(saved.generation) + ": resumed from " +
                  state_file.filename().string() + " on " + std::to_string(comm.size()) +
                  (comm.size() == 1 ? " rank" : " ranks") +
                  (keys.empty() ? "" : "; forced changes: " + join(keys)));
  } else {
    log.push_back("generation 0: started on " + std::to_string(comm.size()) +
                  (comm.size() == 1 ? " rank" : " ranks"));
  }
  std::optional<RunLock> lock;
  if (root) {
    if (o.overwrite && !o.resume) remove_fit(o.out);
    lock.emplace(o.out);
    print_intro(out, c, s, o.out, settings, comm.size());
    if (o.resume)
      out << "  resuming from " << state_file.string() << " at generation " << saved.generation
          << '\n';
  }

  island::Archipelago archipelago(comm, *s.problem, settings, c.seed, o.task);
  evo::Archive archive(c.archive_size);
  evo::History history;
  ephys::VerdictCounts verdicts_before{};  // rank 0: the resumed run's counts
  if (o.resume) {
    try {  // a forced resume from a checkpoint of another shape
      archipelago.restore(saved.islands, saved.generation, saved.migrations);
    } catch (const std::invalid_argument& e) {
      throw InputError(state_file.string(), e.what());
    }
    if (root) {
      archive.insert(saved.archive_x, saved.result.objectives, saved.result.features);
      history = saved.result.history;
      verdicts_before = verdict_counts_of(saved.result);
    }
  }
  saved = {};  // the populations now live in the islands

  // The whole state (collective): rank 0 writes it to `file`.
  int checkpoints = 0;
  double checkpoint_seconds = 0;
  std::uintmax_t checkpoint_bytes = 0;                  // of the last one
  ephys::VerdictCounts final_verdicts{};                // rank 0: those of the last state written
  std::optional<fit::Identifiability> identifiability;  // rank 0: of the result file
  auto write_state = [&](const fs::path& file, const char* format, bool finished) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<island::IslandSnapshot> islands = archipelago.snapshot();
    const ephys::VerdictCounts verdicts = run_verdict_counts(comm, s, verdicts_before);
    inject_fault("checkpoint", comm.rank());
    if (!root) return;
    final_verdicts = verdicts;
    io::CheckpointData d;
    d.result = result_data(c, s, archive, history);
    if (s.fit) set_verdict_counts(d.result, verdicts);
    if (s.fit && finished && archive.size() > 0)
      identifiability = d.result.identifiability =
          fit::identifiability(*s.fit, archive.x(), archive.f());
    d.archive_x = archive.x();
    d.variable_names = s.problem->variable_names();
    if (s.fit)
      for (int i : s.fit->free_parameters())
        d.variable_units.emplace_back(s.fit->family().parameters[static_cast<std::size_t>(i)].unit);
    d.config_sha256 = io::sha256_hex(c.text);
    d.generation = archipelago.generation();
    d.migrations = archipelago.migrations();
    d.finished = finished;
    d.log = log;
    for (const auto& snap : islands) {
      const Eigen::MatrixXd x = evo::to_problem_units(*s.problem, snap.x);
      d.island_parameters.push_back(s.fit ? s.fit->full_parameters(x) : x);
    }
    d.islands = std::move(islands);
    io::write_checkpoint(file, d, format);
    checkpoint_seconds += seconds_since(start);
    checkpoint_bytes = fs::file_size(file);
    ++checkpoints;
  };

  ProgressLines printer(out, s.problem->objective_names(), s.fit ? "best z" : "best f",
                        c.generations, o.log_every, o.bar && root);
  island::EvolveOptions options;
  options.last_generation = c.generations;
  options.seconds_before = history.empty() ? 0.0 : history.back().seconds;
  options.hypervolume_every = c.hypervolume_every;
  options.on_record = [&](const evo::GenerationRecord& r) {
    history.push_back(r);
    if (!o.quiet) printer(r);
  };
  options.checkpoint_every = c.checkpoint_every;
  options.stop_requested = [] { return stop_signal() != 0; };
  options.after_step = [&] {
    inject_fault("generation-" + std::to_string(archipelago.generation()), comm.rank());
  };
  options.checkpoint = [&](bool) {
    write_state(checkpoint_path(o.out, archipelago.generation()), io::checkpoint_format, false);
    if (root) prune_checkpoints(o.out, c.checkpoint_keep);
  };
  const std::uint64_t evaluations_before = history.empty() ? 0 : history.back().evaluations;
  const auto start = std::chrono::steady_clock::now();
  inject_fault("start", comm.rank());
  const island::EvolveOutcome outcome = island::evolve(archipelago, archive, s.record, options);
  const double seconds = seconds_since(start);
  const double exchange =
      mpi::all_reduce(comm, archipelago.exchange_seconds(), mpi::maximum<double>());
  printer.clear_bar();
  if (outcome.stopped) {
    if (root)
      out << "stopped by signal " << stop_signal() << " at generation " << archipelago.generation()
          << "; wrote " << checkpoint_path(o.out, archipelago.generation()).string()
          << "\ncontinue with: neurofit run " << c.file << " --resume" << std::endl;
    return exit_stopped;
  }
  const double checkpoint_share = 100.0 * checkpoint_seconds / seconds;
  write_state(o.out / "result.h5", io::result_format, true);
  const double peak_mb = mpi::all_reduce(comm, peak_resident_mb(), mpi::maximum<double>());
  if (!root) return exit_ok;

  const auto& last = history.back();
  out << "done: " << last.generation << " generations, " << last.evaluations << " evaluations in "
      << short_number(seconds, 3) << " s ("
      << short_number(static_cast<double>(last.evaluations - evaluations_before) / seconds, 3)
      << " evaluations/s); " << last.migrations << " migrations; migration and gathering "
      << short_number(100.0 * exchange / seconds, 2) << "% of wall time (most on a rank); peak "
      << short_number(peak_mb, 3) << " MB resident (largest rank)";
  if (checkpoints > 0)
    out << "; " << checkpoints << " checkpoints of "
        << short_number(static_cast<double>(checkpoint_bytes) / 1e6, 3) << " MB, "
        << short_number(1e3 * checkpoint_seconds / checkpoints, 3) << " ms each ("
        << short_number(checkpoint_share, 2) << "% of wall time)";
  double hv = last.hypervolume;
  if (std::isnan(hv)) {  // not a hypervolume generation: computed here for the report only
    evo::RecordSettings record = s.record;
    hv = evo::make_record(last.generation, last.evaluations, archive, record).hypervolume;
  }
  out << "\narchive of " << archive.size() << ", hypervolume " << short_number(hv) << '\n';
  if (s.fit) {
    const ephys::ProtocolResult features = s.fit->features(archive.x());
    print_fit_summary(out, *s.fit, c.cell, archive, features);
    io::ResultData counts;
    set_verdict_counts(counts, final_verdicts);
    print_viability(out, counts.verdict_names, counts.verdict_counts);
    if (identifiability) print_identifiability(out, *identifiability);
  } else {
    print_test_summary(out, archive, s.problem->objective_names());
  }
  out << "wrote " << (o.out / "result.h5").string() << std::endl;
  return exit_ok;
}

}  // namespace neurofit::cli

#include "neurofit/run/fit.hpp"

#include <sys/resource.h>
#include <boost/mpi/collectives.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <optional>

#include "fit_parts.hpp"
#include "neurofit/clock.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/sha256.hpp"
#include "neurofit/island/evolve.hpp"
#include "neurofit/run/fault_injection.hpp"
#include "neurofit/run/run_folder.hpp"
#include "neurofit/run/stop_signals.hpp"

namespace neurofit::run {

namespace fs = std::filesystem;
namespace mpi = boost::mpi;

namespace {

// This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KiB).
double peak_resident_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0 / 1e6;
}

std::string ranks_text(int ranks) {
  return std::to_string(ranks) + (ranks == 1 ? " rank" : " ranks");
}

// A fit in progress: the islands on this rank, and on rank 0 the archive, history and the
// state files written so far.
class Fit {
 public:
  Fit(const mpi::communicator& comm, const io::RunConfig& c, const FitOptions& o,
      std::shared_ptr<const FitSetup> setup, const island::ArchipelagoSettings& settings)
      : comm_(comm),
        c_(c),
        o_(o),
        s_(std::move(setup)),
        archipelago_(comm, *s_->problem, settings, c.seed, o.task),
        archive_(c.archive_size) {}

  // The restore phase: a resumed run's islands on every rank, its archive, history, counts and
  // log on rank 0.
  void restore(detail::Prepared& p) {
    log_ = p.saved.log;
    try {  // a forced resume from a checkpoint of another shape
      archipelago_.restore(p.saved.islands, p.saved.generation, p.saved.migrations);
    } catch (const std::invalid_argument& e) {
      throw InputError(p.state_file.string(), e.what());
    }
    if (comm_.rank() == 0) {
      archive_.insert(p.saved.archive_x, p.saved.result.objectives, p.saved.result.features);
      history_ = p.saved.result.history;
      verdicts_before_ = detail::verdict_counts_of(p.saved.result);
    }
    p.saved = {};  // the populations now live in the islands
  }

  void log(std::string line) { log_.push_back(std::move(line)); }

  // The evolve phase, to the config's last generation or a stop; true when stopped.
  bool evolve(FitObserver& observer) {
    island::EvolveOptions options;
    options.last_generation = c_.generations;
    options.seconds_before = history_.empty() ? 0.0 : history_.back().seconds;
    options.hypervolume_every = c_.hypervolume_every;
    options.checkpoint_every = c_.checkpoint_every;
    options.on_record = [&](const evo::GenerationRecord& r) {
      history_.push_back(r);
      observer.record(r);
    };
    options.stop_requested = [] { return stop_signal() != 0; };
    options.after_step = [&] {
      inject_fault("generation-" + std::to_string(archipelago_.generation()), comm_.rank());
    };
    options.checkpoint = [&](bool) {
      write_state(checkpoint_path(o_.out, archipelago_.generation()), io::checkpoint_format, false);
      if (comm_.rank() == 0) prune_checkpoints(o_.out, c_.checkpoint_keep);
    };
    inject_fault("start", comm_.rank());
    return island::evolve(archipelago_, archive_, s_->record, options).stopped;
  }

  // The whole state (collective): rank 0 writes it to `file`; `finished`: the result file, with
  // the identifiability report.
  void write_state(const fs::path& file, const char* format, bool finished) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<island::IslandSnapshot> islands = archipelago_.snapshot();
    const ephys::VerdictCounts verdicts = run_verdict_counts();
    inject_fault("checkpoint", comm_.rank());
    if (comm_.rank() != 0) return;
    verdicts_ = verdicts;
    io::CheckpointData d;
    d.result = detail::result_data(c_, *s_, archive_, history_);
    if (s_->fit) detail::set_verdict_counts(d.result, verdicts);
    if (s_->fit && finished && archive_.size() > 0)
      identifiability_ = d.result.identifiability =
          fit::identifiability(*s_->fit, archive_.x(), archive_.f());
    d.archive_x = archive_.x();
    d.variable_names = s_->problem->variable_names();
    if (s_->fit)
      for (int i : s_->fit->free_parameters())
        d.variable_units.emplace_back(
            s_->fit->family().parameters[static_cast<std::size_t>(i)].unit);
    d.config_sha256 = io::sha256_hex(c_.text);
    d.generation = archipelago_.generation();
    d.migrations = archipelago_.migrations();
    d.finished = finished;
    d.log = log_;
    for (const auto& snap : islands) {
      const Eigen::MatrixXd x = evo::to_problem_units(*s_->problem, snap.x);
      d.island_parameters.push_back(s_->fit ? s_->fit->full_parameters(x) : x);
    }
    d.islands = std::move(islands);
    io::write_checkpoint(file, d, format);
    if (finished) return;
    checkpoint_seconds_ += seconds_since(start);
    checkpoint_bytes_ = fs::file_size(file);
    ++checkpoints_;
  }

  // The outcome's figures (every rank takes part; rank 0 keeps them).
  FitOutcome outcome(FitEnd end, fs::path file, double seconds, std::uint64_t evaluations_before) {
    FitOutcome out;
    out.end = end;
    out.generation = archipelago_.generation();
    out.file = std::move(file);
    out.seconds = seconds;
    out.exchange_seconds =
        mpi::all_reduce(comm_, archipelago_.exchange_seconds(), mpi::maximum<double>());
    out.peak_mb = mpi::all_reduce(comm_, peak_resident_mb(), mpi::maximum<double>());
    if (comm_.rank() != 0 || end != FitEnd::finished) return out;
    const auto& last = history_.back();
    out.evaluations = last.evaluations - evaluations_before;
    out.checkpoints = checkpoints_;
    out.checkpoint_seconds = checkpoint_seconds_;
    out.checkpoint_bytes = checkpoint_bytes_;
    out.hypervolume = last.hypervolume;
    if (std::isnan(out.hypervolume))  // not a hypervolume generation: for the report only
      out.hypervolume =
          evo::make_record(last.generation, last.evaluations, archive_, s_->record).hypervolume;
    out.setup = s_;
    out.archive = std::move(archive_);
    out.history = std::move(history_);
    out.verdicts = verdicts_;
    out.identifiability = std::move(identifiability_);
    return out;
  }

  std::uint64_t evaluations_so_far() const {
    return history_.empty() ? 0 : history_.back().evaluations;
  }
  std::uint64_t generation() const { return archipelago_.generation(); }

 private:
  // Collective: the run's evaluations by verdict on rank 0 (every rank's, plus those of the run
  // it resumed); sums of counts, so the same on any number of ranks.
  ephys::VerdictCounts run_verdict_counts() const {
    ephys::VerdictCounts total{};
    if (!s_->fit) return total;
    const ephys::VerdictCounts& mine = s_->fit->verdict_counts();
    mpi::reduce(comm_, mine.data(), static_cast<int>(mine.size()), total.data(),
                std::plus<std::uint64_t>(), 0);
    for (std::size_t v = 0; v < total.size(); ++v) total[v] += verdicts_before_[v];
    return total;
  }

  const mpi::communicator& comm_;
  const io::RunConfig& c_;
  const FitOptions& o_;
  std::shared_ptr<const FitSetup> s_;
  island::Archipelago archipelago_;
  evo::Archive archive_;
  evo::History history_;
  std::vector<std::string> log_;
  ephys::VerdictCounts verdicts_before_{};  // rank 0: the resumed run's counts
  ephys::VerdictCounts verdicts_{};         // rank 0: those of the last state written
  std::optional<fit::Identifiability> identifiability_;
  int checkpoints_ = 0;
  double checkpoint_seconds_ = 0;
  std::uintmax_t checkpoint_bytes_ = 0;
};

}  // namespace

FitOutcome run_fit(const mpi::communicator& comm, const io::RunConfig& c, const FitOptions& o,
                   FitObserver& observer) {
  const bool root = comm.rank() == 0;
  const auto setup = std::make_shared<const FitSetup>(make_setup(c));
  const island::ArchipelagoSettings settings = c.archipelago(comm.size());
  try {
    settings.validate();
    island::block_of(settings.n_islands(), comm.rank(), comm.size());
  } catch (const std::invalid_argument& e) {
    throw InputError(c.file, e.what());
  }
  // Prepare: every rank agrees on the folder and the state to continue from.
  detail::Prepared prepared = detail::prepare(comm, c, settings.n_islands(), o);
  if (o.resume && prepared.saved.generation == c.generations) {
    FitOutcome done;
    done.end = FitEnd::nothing_to_do;
    done.generation = prepared.saved.generation;
    done.file = prepared.state_file;
    return done;
  }
  std::optional<RunLock> lock;
  if (root) {
    if (o.overwrite && !o.resume) remove_fit(o.out);
    lock.emplace(o.out);
  }
  // Restore.
  Fit fit(comm, c, o, setup, settings);
  if (o.resume) {
    const std::uint64_t from = prepared.saved.generation;
    const std::string forced =
        prepared.forced.empty() ? "" : "; forced changes: " + join(prepared.forced);
    fit.restore(prepared);
    fit.log("generation " + std::to_string(from) + ": resumed from " +
            prepared.state_file.filename().string() + " on " + ranks_text(comm.size()) + forced);
  } else {
    fit.log("generation 0: started on " + ranks_text(comm.size()));
  }
  if (root)
    observer.starting({c, *setup, settings, comm.size(), o.out / "result.h5", prepared.state_file,
                       fit.generation()});
  // Evolve.
  const std::uint64_t evaluations_before = fit.evaluations_so_far();
  const auto start = std::chrono::steady_clock::now();
  const bool stopped = fit.evolve(observer);
  const double seconds = seconds_since(start);
  if (stopped)
    return fit.outcome(FitEnd::stopped, checkpoint_path(o.out, fit.generation()), seconds,
                       evaluations_before);
  // Finish.
  fit.write_state(o.out / "result.h5", io::result_format, true);
  return fit.outcome(FitEnd::finished, o.out / "result.h5", seconds, evaluations_before);
}

}  // namespace neurofit::run

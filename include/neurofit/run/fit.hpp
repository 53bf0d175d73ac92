#pragma once
// One optimization from a run config on the ranks of a communicator: `neurofit run` runs one on
// all ranks, a campaign one per group of ranks. In phases: prepare (rank 0 checks the folder and
// the state to resume, every rank agrees), restore (a resumed run's islands, archive and
// history), evolve (the islands on every rank; rank 0 writes a checkpoint every
// `checkpoint.every` generations and when a stop signal arrives), finish (<out>/result.h5). A
// resumed run continues bit-identically from the newest checkpoint. What happens is told to a
// FitObserver on rank 0 (cli prints it); nothing here prints.
#include <boost/mpi/communicator.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/history.hpp"
#include "neurofit/fit/fit_problem.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/io/run_config.hpp"
#include "neurofit/island/settings.hpp"

namespace neurofit::run {

struct FitOptions {
  std::filesystem::path out;          // output folder
  bool resume = false;                // continue from resume_file, or the newest state in out
  std::filesystem::path resume_file;  // a checkpoint or result file; empty: the newest in out
  bool overwrite = false;             // start again in a folder that holds a fit
  bool force = false;                 // resume although result-changing settings differ
  std::uint64_t task = 0;             // the task's index in the Rng streams (campaigns)
};

// The problem a run config poses, and how its hypervolume is measured.
struct FitSetup {
  std::unique_ptr<evo::Problem> problem;
  const fit::FitProblem* fit = nullptr;  // the same problem when it is a model fit
  evo::RecordSettings record;
};
FitSetup make_setup(const io::RunConfig& config);

// What a fit is about to do (rank 0, after the checks).
struct FitStart {
  const io::RunConfig& config;
  const FitSetup& setup;
  const island::ArchipelagoSettings& islands;
  int ranks = 1;
  std::filesystem::path result;        // <out>/result.h5
  std::filesystem::path resumed_from;  // empty for a fresh run
  std::uint64_t generation = 0;        // where it starts
};

enum class FitEnd { finished, stopped, nothing_to_do };

// How a fit ended. Every rank: `end` and `generation`; the rest on rank 0 only.
struct FitOutcome {
  FitEnd end = FitEnd::finished;
  std::uint64_t generation = 0;   // where it ended
  std::filesystem::path file;     // the state left: result.h5, the stop's checkpoint, or the
                                  // state that is already complete (nothing_to_do)
  double seconds = 0;             // of this part of the run
  std::uint64_t evaluations = 0;  // of this part of the run
  double exchange_seconds = 0;    // in migration and gathering, most on a rank
  double peak_mb = 0;             // peak resident memory, largest rank
  int checkpoints = 0;
  double checkpoint_seconds = 0;
  std::uintmax_t checkpoint_bytes = 0;  // of the last one
  double hypervolume = 0;               // of the final archive
  std::shared_ptr<const FitSetup> setup;
  evo::Archive archive;
  evo::History history;
  ephys::VerdictCounts verdicts{};  // the whole run's evaluations by verdict (fits)
  std::optional<fit::Identifiability> identifiability;
};

class FitObserver {
 public:
  virtual ~FitObserver() = default;
  virtual void starting(const FitStart&) {}
  virtual void record(const evo::GenerationRecord&) {}
};

// Runs on every rank of `comm`; `observer` is called on rank 0. The caller installs the stop
// handlers (stop_signals.hpp). Bad input (settings that do not fit the ranks, a folder that holds
// another fit, a checkpoint that is unreadable or of other settings) throws the same InputError
// on every rank, before anything is written; other failures throw other exceptions.
FitOutcome run_fit(const boost::mpi::communicator& comm, const io::RunConfig& config,
                   const FitOptions& options, FitObserver& observer);

}  // namespace neurofit::run

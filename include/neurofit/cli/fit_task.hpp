#pragma once
// One optimization from a run config on the ranks of a communicator: `neurofit run` runs one on
// all ranks, a campaign one per group of ranks. The islands evolve on every rank; rank 0 of the
// communicator prints the progress, writes checkpoints every `checkpoint.every` generations and
// when a stop signal arrives, and writes <out>/result.h5 at the end. A resumed run continues
// bit-identically from the newest checkpoint.
#include <boost/mpi/communicator.hpp>
#include <cstdint>
#include <filesystem>
#include <iosfwd>

#include "neurofit/io/run_config.hpp"

namespace neurofit::cli {

struct FitOptions {
  std::filesystem::path out;          // output folder
  bool resume = false;                // continue from resume_file, or the newest state in out
  std::filesystem::path resume_file;  // a checkpoint or result file; empty: the newest in out
  bool overwrite = false;             // start again in a folder that holds a fit
  bool force = false;                 // resume although result-changing settings differ
  bool quiet = false;                 // no per-generation progress lines
  std::uint64_t log_every = 1;        // a progress line every N generations
  bool bar = false;                   // a live progress bar (a terminal only)
  std::uint64_t task = 0;             // the task's index in the Rng streams (campaigns)
  std::ostream* log = nullptr;        // where rank 0 reports; nullptr: standard output
};

// Runs on every rank of `comm`. Returns exit_ok, or exit_stopped when a stop signal ended it
// early (its checkpoint written); the caller installs the stop handlers (stop_signals.hpp). Bad
// input (settings that do not fit the ranks, a folder that holds another fit, a checkpoint that is
// unreadable or of other settings) throws the same InputError on every rank, before anything is
// written; other failures throw other exceptions.
int run_fit(const boost::mpi::communicator& comm, const io::RunConfig& config,
            const FitOptions& options);

}  // namespace neurofit::cli

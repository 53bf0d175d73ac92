#pragma once
// The parts of run_fit (fit.cpp): preparing and agreeing on the folder and the state to resume,
// and the result data a state is written from.
#include <boost/mpi/communicator.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/history.hpp"
#include "neurofit/io/checkpoint.hpp"
#include "neurofit/run/fit.hpp"

namespace neurofit::run::detail {

// What a run continues from (resume), agreed on by every rank.
struct Prepared {
  std::filesystem::path state_file;  // empty for a fresh run
  io::CheckpointData saved;          // its contents
  std::vector<std::string> forced;   // result-changing settings that differ (--force)
};

// Collective. Rank 0 checks the output folder (and creates it) and, for a resume, reads the state
// to continue from and compares its settings; its InputError becomes the same InputError on
// every rank, before anything is written. The other ranks then read the same state.
Prepared prepare(const boost::mpi::communicator& comm, const io::RunConfig& config, long n_islands,
                 const FitOptions& options);

// The result file's contents for the archive and history (no verdict counts).
io::ResultData result_data(const io::RunConfig& config, const FitSetup& setup,
                           const evo::Archive& archive, const evo::History& history);
// The verdict counts of a stored run, by name (zero for verdicts an older file lacks), and back.
ephys::VerdictCounts verdict_counts_of(const io::ResultData& data);
void set_verdict_counts(io::ResultData& data, const ephys::VerdictCounts& counts);

}  // namespace neurofit::run::detail

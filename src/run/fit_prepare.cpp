// The prepare phase of a fit: the output folder and, for a resume, the state to continue from.
#include <boost/mpi/collectives.hpp>
#include <boost/serialization/string.hpp>

#include "fit_parts.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "neurofit/io/config_diff.hpp"
#include "neurofit/run/run_folder.hpp"

namespace neurofit::run::detail {

namespace fs = std::filesystem;
namespace mpi = boost::mpi;

namespace {

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
// continue from (read, checked to be of the same settings unless forced).
Prepared check_folder(const io::RunConfig& c, long islands, const FitOptions& o) {
  create_output_folder(o.out);
  const std::string holder = RunLock::live_holder(o.out);
  if (!holder.empty())
    throw InputError(o.out.string(),
                     "a fit is running in this folder (" + holder + "); wait for it or stop it");
  Prepared p;
  if (!o.resume) {
    if (holds_a_fit(o.out) && !o.overwrite)
      throw InputError(o.out.string(),
                       "the folder already holds a fit (result.h5 or checkpoints): --resume to "
                       "continue it, --overwrite to start again");
    return p;
  }
  p.state_file = o.resume_file.empty() ? newest_state(o.out) : o.resume_file;
  if (p.state_file.empty())
    throw InputError(o.out.string(), "nothing to resume: no checkpoint or result.h5 in it");
  p.saved = io::read_checkpoint(p.state_file);
  p.forced = changed_keys(p.saved, p.state_file, c, islands);
  if (!p.forced.empty() && !o.force) {
    throw InputError(p.state_file.string(),
                     "made with other settings (" + join(p.forced) +
                         "); resuming would not continue the same run (--force to resume anyway)");
  }
  if (p.saved.generation > c.generations)
    throw InputError(c.file, "generations (" + std::to_string(c.generations) +
                                 ") is below the checkpoint's generation (" +
                                 std::to_string(p.saved.generation) + ")");
  return p;
}

}  // namespace

Prepared prepare(const mpi::communicator& comm, const io::RunConfig& config, long n_islands,
                 const FitOptions& options) {
  Prepared p;
  std::string error;  // rank 0's, "" when all is well
  if (comm.rank() == 0) {
    try {
      p = check_folder(config, n_islands, options);
    } catch (const InputError& e) {
      error = e.what();
    }
  }
  mpi::broadcast(comm, error, 0);
  if (!error.empty()) throw InputError("", error);
  if (!options.resume) return p;
  std::string name = p.state_file.string();
  mpi::broadcast(comm, name, 0);
  if (comm.rank() != 0) {  // the checks passed on rank 0
    p.state_file = name;
    p.saved = io::read_checkpoint(p.state_file);
    p.forced = changed_keys(p.saved, p.state_file, config, n_islands);
  }
  return p;
}

}  // namespace neurofit::run::detail

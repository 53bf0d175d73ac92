// `[mpirun -n N] neurofit run CONFIG.yaml [--out DIR] [--resume [FILE]] [--overwrite] [--force]
// [--quiet]`: one optimization from a run config, as an island model over the MPI ranks (one
// rank needs no mpirun); see fit_task.hpp.
#include <unistd.h>
#include <boost/mpi/communicator.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/fit_task.hpp"
#include "neurofit/cli/mpi_command.hpp"
#include "neurofit/cli/stop_signals.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/run_config.hpp"

namespace neurofit::cli {

namespace mpi = boost::mpi;

namespace {

struct RunOptions {
  std::string config;
  std::string out;
  std::string resume_file;
  bool overwrite = false;
  bool force = false;
  bool quiet = false;
  std::uint64_t log_every = 1;
  bool bar = false;
  CLI::Option* resume = nullptr;
};

// mpirun and srun give the ranks a pseudo-terminal even when their own output goes to a file, so
// there the bar is shown only on request (--bar).
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID"})
    if (std::getenv(v)) return true;
  return false;
}

int run(const RunOptions& o) {
  const bool under_mpi = launched_by_mpi();  // before MPI_Init, which sets such variables itself
  return run_under_mpi([&](const mpi::communicator& world) {
    const io::RunConfig c = io::load_run_config(o.config);
    FitOptions f;
    f.out = o.out.empty() ? c.output : std::filesystem::path(o.out);
    f.resume = o.resume->count() > 0;
    f.resume_file = o.resume_file;
    f.overwrite = o.overwrite;
    f.force = o.force;
    f.quiet = o.quiet;
    f.log_every = o.log_every;
    f.bar = !o.quiet && (o.bar || (isatty(STDOUT_FILENO) && !under_mpi));
    if (f.resume && f.overwrite)
      throw InputError("", "--resume and --overwrite exclude each other");
    install_stop_handlers();
    return run_fit(world, c, f);
  });
}

}  // namespace

void add_run_command(CLI::App& app, int& status) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run", "optimize a model fit (or a test problem) from a run config; see config/examples");
  cmd->add_option("config", o->config, "run config (YAML)")->required();
  cmd->add_option("--out", o->out, "output folder (default: the config's 'output')");
  o->resume = cmd->add_option("--resume", o->resume_file,
                              "continue from the newest checkpoint (or result.h5) of the output "
                              "folder, or from FILE")
                  ->expected(0, 1);
  cmd->add_flag("--overwrite", o->overwrite, "start again in a folder that already holds a fit");
  cmd->add_flag("--force", o->force,
                "resume although settings that change the results differ (recorded in the log)");
  cmd->add_flag("--quiet", o->quiet, "no progress lines or bar");
  cmd->add_option("--log-every", o->log_every,
                  "a progress line every N generations (on a terminal a live bar shows the rest)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--bar", o->bar,
                "the live bar also under mpirun/srun (shown by default only on a terminal "
                "without them)");
  cmd->callback([o, &status] { status = run(*o); });
}

}  // namespace neurofit::cli

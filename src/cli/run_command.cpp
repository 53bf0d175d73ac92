// `[mpirun -n N] neurofit run CONFIG.yaml [--out DIR] [--resume [FILE]] [--overwrite] [--force]
// [--quiet]`: one optimization from a run config, as an island model over the MPI ranks (one
// rank needs no mpirun); see run/fit.hpp and fit_report.hpp.
#include <unistd.h>
#include <boost/mpi/communicator.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/fit_report.hpp"
#include "neurofit/cli/mpi_command.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/run_config.hpp"
#include "neurofit/run/stop_signals.hpp"

namespace neurofit::cli {

namespace mpi = boost::mpi;

namespace {

// mpirun and srun give the ranks a pseudo-terminal even when their own output goes to a file, so
// there the bar is shown only on request (--bar).
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID"})
    if (std::getenv(v)) return true;
  return false;
}

}  // namespace

int run_command(const RunOptions& o) {
  const bool under_mpi = launched_by_mpi();  // before MPI_Init, which sets such variables itself
  return run_under_mpi([&](const mpi::communicator& world) {
    const io::RunConfig c = io::load_run_config(o.config);
    run::FitOptions f;
    f.out = o.out.empty() ? c.output : std::filesystem::path(o.out);
    f.resume = o.resume;
    f.resume_file = o.resume_file;
    f.overwrite = o.overwrite;
    f.force = o.force;
    ReportOptions r;
    r.quiet = o.quiet;
    r.log_every = o.log_every;
    r.bar = !o.quiet && (o.bar || (isatty(STDOUT_FILENO) && !under_mpi));
    if (f.resume && f.overwrite)
      throw InputError("", "--resume and --overwrite exclude each other");
    run::install_stop_handlers();
    return run_and_report(world, c, f, r);
  });
}

}  // namespace neurofit::cli

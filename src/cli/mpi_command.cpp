#include "neurofit/cli/mpi_command.hpp"

#include <mpi.h>

#include <boost/mpi/environment.hpp>
#include <cstdlib>
#include <iostream>

#include "neurofit/cli/failure.hpp"
#include "neurofit/run/agreement.hpp"

namespace neurofit::cli {

namespace mpi = boost::mpi;

void abort_job(const mpi::communicator& world, const std::exception& e) {
  std::cerr << failure_line(e, world.rank()) << std::endl;
  world.abort(exit_status(cause_of(e)));
  std::abort();  // not reached: MPI_Abort does not return
}

int run_under_mpi(const std::function<int(const mpi::communicator&)>& body) {
  mpi::environment env(false);  // errors are handled below, not by aborting
  mpi::communicator world;
  const mpi::communicator failing(world, mpi::comm_duplicate);
  try {
    return body(world);
  } catch (const std::exception& e) {
    if (!run::every_rank_failed(failing)) abort_job(world, e);
    // Rank 0 reports it before any rank exits: mpirun ends the job at the first non-zero exit,
    // which could otherwise cut rank 0 off before its line is out.
    if (world.rank() == 0) std::cerr << failure_line(e) << std::endl;
    failing.barrier();
    return exit_status(cause_of(e));
  }
}

}  // namespace neurofit::cli

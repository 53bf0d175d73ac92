#include "neurofit/cli/mpi_command.hpp"

#include <mpi.h>

#include <boost/mpi/environment.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "neurofit/cli/failure.hpp"

namespace neurofit::cli {

namespace mpi = boost::mpi;

bool every_rank_failed(const mpi::communicator& failing, double wait_s) {
  if (failing.size() == 1) return true;
  MPI_Request request;
  MPI_Ibarrier(MPI_Comm(failing), &request);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  int done = 0;
  while (true) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done != 0;  // a barrier left pending ends with the job
}

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
    if (!every_rank_failed(failing)) abort_job(world, e);
    // Rank 0 reports it before any rank exits: mpirun ends the job at the first non-zero exit,
    // which could otherwise cut rank 0 off before its line is out.
    if (world.rank() == 0) std::cerr << failure_line(e) << std::endl;
    failing.barrier();
    return exit_status(cause_of(e));
  }
}

}  // namespace neurofit::cli

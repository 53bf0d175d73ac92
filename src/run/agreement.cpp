#include "neurofit/run/agreement.hpp"

#include <mpi.h>

#include <chrono>
#include <thread>

namespace neurofit::run {

bool every_rank_failed(const boost::mpi::communicator& failing, double wait_s) {
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

}  // namespace neurofit::run

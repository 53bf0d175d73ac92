#pragma once
// The frame of the commands that run on MPI ranks (run, campaign): MPI is initialised for the
// command's duration, bad input is reported once, and a failure on one rank ends them all.
#include <boost/mpi/communicator.hpp>
#include <functional>

namespace neurofit::cli {

// Runs `body` on all ranks of MPI_COMM_WORLD and returns its status. Bad input
// (std::invalid_argument, thrown on every rank alike) is reported by rank 0, and every rank
// returns exit_bad_input after it has been. Any other failure is rethrown on a single
// rank; with more ranks, the failing rank reports it with its number and aborts all (the others
// may wait in a collective).
int run_under_mpi(const std::function<int(const boost::mpi::communicator&)>& body);

}  // namespace neurofit::cli

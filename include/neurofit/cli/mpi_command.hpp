#pragma once
// The frame of the commands that run on MPI ranks (run, campaign): MPI is initialised for the
// command's duration, and an error ends every rank. An error raised on every rank alike (bad input
// all ranks read, or that rank 0 found and shared) is reported once, by rank 0, and every rank
// returns its status; an error raised on some ranks only is reported by each of them with its
// rank, and ends the job (MPI_Abort with the error's status), since the others may be waiting in
// a collective that will never complete.
#include <boost/mpi/communicator.hpp>
#include <functional>

namespace neurofit::cli {

// Runs `body` on all ranks of MPI_COMM_WORLD and returns its status (see above).
int run_under_mpi(const std::function<int(const boost::mpi::communicator&)>& body);

// Ends the job for an error raised on this rank only: its line, then MPI_Abort on `world`.
[[noreturn]] void abort_job(const boost::mpi::communicator& world, const std::exception& e);

}  // namespace neurofit::cli

#include "neurofit/cli/mpi_command.hpp"

#include <boost/mpi/environment.hpp>
#include <iostream>
#include <stdexcept>

#include "neurofit/cli/commands.hpp"

namespace neurofit::cli {

int run_under_mpi(const std::function<int(const boost::mpi::communicator&)>& body) {
  boost::mpi::environment env(false);  // errors are handled below, not by aborting
  boost::mpi::communicator world;
  try {
    return body(world);
  } catch (const std::invalid_argument& e) {
    // Rank 0 reports it before any rank exits: mpirun ends the job at the first non-zero exit,
    // which could otherwise cut rank 0 off before its line is out.
    if (world.rank() == 0) print_bad_input(e);
    world.barrier();
    return exit_bad_input;
  } catch (const std::exception& e) {
    if (world.size() == 1) throw;
    std::cerr << "neurofit: failed on rank " << world.rank() << ": " << e.what() << std::endl;
    env.abort(exit_failure);
  }
  return exit_failure;
}

}  // namespace neurofit::cli

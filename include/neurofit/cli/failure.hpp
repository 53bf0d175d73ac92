#pragma once
// How a failed command is reported, by the cause of its exception (errors.hpp): bad input,
// "neurofit: error: ...", exit 2; a bug, "neurofit: internal error: ...", exit 1; any other
// failure (I/O, HDF5, MPI, memory), "neurofit: failed: ...", exit 1.
#include <exception>
#include <string>

namespace neurofit::cli {

enum class Cause { bad_input, internal, failure };

Cause cause_of(const std::exception& e);
int exit_status(Cause c);

// The one line reporting `e`; with a rank (>= 0), which rank raised it.
std::string failure_line(const std::exception& e, int rank = -1);

}  // namespace neurofit::cli

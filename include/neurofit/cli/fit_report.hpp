#pragma once
// A fit as `neurofit run` and each campaign task show it: run::run_fit on the ranks of a
// communicator, with rank 0 printing the intro, a progress line per gathered generation (or a
// live bar) and the final report, and the exit status of how it ended.
#include <boost/mpi/communicator.hpp>
#include <cstdint>
#include <iosfwd>

#include "neurofit/io/run_config.hpp"
#include "neurofit/run/fit.hpp"

namespace neurofit::cli {

struct ReportOptions {
  bool quiet = false;           // no per-generation progress lines
  std::uint64_t log_every = 1;  // a progress line every N gathered generations
  bool bar = false;             // a live progress bar (a terminal only)
  std::ostream* log = nullptr;  // where rank 0 reports; nullptr: standard output
};

// Returns exit_ok (finished, or nothing left to do) or exit_stopped (a stop signal ended it, its
// checkpoint written); errors as run::run_fit.
int run_and_report(const boost::mpi::communicator& comm, const io::RunConfig& config,
                   const run::FitOptions& fit, const ReportOptions& report);

}  // namespace neurofit::cli

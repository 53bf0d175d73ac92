#pragma once
// Whether a failure is shared: the ranks of a communicator that failed meet on a non-blocking
// barrier, so a rank learns whether every rank failed (bad input all of them read) or it alone
// did (then the job must end: the others may wait in a collective that will never complete).
#include <boost/mpi/communicator.hpp>

namespace neurofit::run {

// Called by a rank whose work failed: whether every rank of `failing` fails too, i.e. reaches
// this call within `wait_s` seconds. `failing` must be used for nothing else (a duplicate of the
// working communicator), so that ranks still working, or waiting in the work's collectives, never
// meet the failing ones there.
bool every_rank_failed(const boost::mpi::communicator& failing, double wait_s = 3.0);

}  // namespace neurofit::run

#pragma once
// The tasks of a campaign, handed out as groups of ranks become free: a counter on world rank 0
// that each group's first rank advances with MPI's one-sided fetch-and-add, so there is no
// dispatcher to wait for and a group starts its next task as soon as it has finished one. Which
// group runs a task changes nothing in its result (each task is an ordinary fit of its own
// config), so a campaign's results do not depend on the schedule or the number of groups.
#include <mpi.h>

#include <boost/mpi/communicator.hpp>

namespace neurofit::run {

class TaskQueue {
 public:
  // Collective over `world`; hands out 0, 1, 2, ... in order.
  explicit TaskQueue(const boost::mpi::communicator& world);
  // Collective. Skipped while an exception unwinds: a rank that failed must not wait here for
  // the others (the error path ends every rank).
  ~TaskQueue();
  TaskQueue(const TaskQueue&) = delete;
  TaskQueue& operator=(const TaskQueue&) = delete;

  // The next task's index: each index once over all ranks, past the last task when none is left.
  long next();

 private:
  MPI_Win window_ = MPI_WIN_NULL;
};

}  // namespace neurofit::run

#include "neurofit/run/task_queue.hpp"

#include <exception>

namespace neurofit::run {

TaskQueue::TaskQueue(const boost::mpi::communicator& world) {
  const bool owner = world.rank() == 0;
  long* counter = nullptr;
  MPI_Win_allocate(static_cast<MPI_Aint>(owner ? sizeof(long) : 0), static_cast<int>(sizeof(long)),
                   MPI_INFO_NULL, world, &counter, &window_);
  if (owner) {  // set through the window, so that every memory model sees it
    const long zero = 0;
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_);
    MPI_Put(&zero, 1, MPI_LONG, 0, 0, 1, MPI_LONG, window_);
    MPI_Win_unlock(0, window_);
  }
  MPI_Barrier(world);
}

TaskQueue::~TaskQueue() {
  if (std::uncaught_exceptions() == 0) MPI_Win_free(&window_);
}

long TaskQueue::next() {
  const long one = 1;
  long taken = 0;
  MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_);
  MPI_Fetch_and_op(&one, &taken, MPI_LONG, 0, 0, MPI_SUM, window_);
  MPI_Win_unlock(0, window_);
  return taken;
}

}  // namespace neurofit::run

#pragma once
// Stopping a run cleanly: SIGTERM, SIGINT and SIGUSR1 (SLURM's warning signal, which mpirun and
// srun forward to every rank) ask the run to stop at the next generation boundary, where every
// rank agrees, rank 0 writes a checkpoint, and the program exits with exit_stopped. A second
// SIGINT ends the process at once (status 130), without a checkpoint.
namespace neurofit::cli {

// Exit status of a run stopped early with its checkpoint written: resume it to continue (the job
// scripts in jobs/ requeue themselves on it).
inline constexpr int exit_stopped = 3;

// Installs the handlers (idempotent) and forgets earlier requests.
void install_stop_handlers();
// Restores the default actions.
void remove_stop_handlers();
// The signal that asked for a stop, or 0.
int stop_signal();

}  // namespace neurofit::cli

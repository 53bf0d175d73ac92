#pragma once
// Stopping a run cleanly: SIGTERM, SIGINT and SIGUSR1 (SLURM's warning signal, which mpirun and
// srun forward to every rank) ask the run to stop at its next exchange between ranks, where every
// rank agrees, rank 0 writes a checkpoint, and the program exits with status 3 (cli's
// exit_stopped). A second SIGINT ends the process at once (status 130), without a checkpoint.
namespace neurofit::run {

// Installs the handlers (idempotent) and forgets earlier requests.
void install_stop_handlers();
// Restores the default actions.
void remove_stop_handlers();
// The signal that asked for a stop, or 0.
int stop_signal();

}  // namespace neurofit::run

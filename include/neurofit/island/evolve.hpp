#pragma once
// Runs an archipelago to a given generation: rank 0 merges the gathered fronts into the global
// archive and records the history; a stop requested on any rank ends every rank at the same
// generation boundary, with a checkpoint.
//
// Ranks wait for each other only where the results need it: at migrations, at gathers and at
// checkpoints (each a collective exchange). The stop flag is agreed on at those generations only,
// so between them every rank runs its islands without waiting for the slowest; a stop takes
// effect at the next exchange (at most gather_every generations later).
#include <cstdint>
#include <functional>

#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/history.hpp"
#include "neurofit/island/archipelago.hpp"

namespace neurofit::island {

struct EvolveOptions {
  std::uint64_t last_generation = 0;  // run until the archipelago reaches this generation
  double seconds_before = 0.0;        // wall time of earlier parts of the run (restarts)
  // The archive's hypervolume is computed at gathered generations that are multiples of this;
  // other records hold NaN. It is rank 0's largest cost per gather, which the
  // other ranks wait for at the next exchange.
  std::uint64_t hypervolume_every = 1;
  std::uint64_t checkpoint_every =
      0;                              // checkpoints at its multiples below last_generation; 0: none
  evo::GenerationCallback on_record;  // rank 0, after each record
  // Polled on every rank at the generations of an exchange; true on any rank stops all ranks
  // there.
  std::function<bool()> stop_requested;
  // Called on every rank after each generation's step (before any exchange).
  std::function<void()> after_step;
  // Called on every rank where a checkpoint is due or the run stops (after the gather, if any),
  // with whether it stops there.
  std::function<void(bool stopping)> checkpoint;
};

struct EvolveOutcome {
  evo::History history;  // rank 0: the records of this call (others: empty)
  bool stopped = false;  // every rank: ended early on a stop request
};

// Initializes the islands that hold no population (a fresh run) and records generation 0; then
// steps until last_generation, gathering every settings().gather_every generations and at the
// last generation. A stop does not gather (the archive stays as an uninterrupted run has it).
EvolveOutcome evolve(Archipelago& archipelago, evo::Archive& archive,
                     const evo::RecordSettings& record, const EvolveOptions& options);

}  // namespace neurofit::island

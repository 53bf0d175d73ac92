#include "neurofit/island/evolve.hpp"

#include <algorithm>
#include <boost/mpi/collectives.hpp>
#include <chrono>
#include <cmath>
#include <functional>

#include "neurofit/clock.hpp"

namespace neurofit::island {

EvolveOutcome evolve(Archipelago& archipelago, evo::Archive& archive,
                     const evo::RecordSettings& record, const EvolveOptions& options) {
  EvolveOutcome out;
  const auto start = std::chrono::steady_clock::now();
  const bool root = archipelago.comm().rank() == 0;
  auto gather = [&] {
    const Gathered g = archipelago.gather_fronts();
    if (!root) return;
    archive.insert(g.x, g.f, g.extra);
    const std::uint64_t gen = archipelago.generation();
    evo::RecordSettings settings = record;
    // Not forced at the last generation: a run resumed with more generations must record what
    // an uninterrupted one does.
    const bool hv = gen % std::max<std::uint64_t>(options.hypervolume_every, 1) == 0;
    settings.hypervolume = record.hypervolume && hv;
    evo::GenerationRecord r = evo::make_record(gen, g.evaluations, archive, settings);
    if (!settings.hypervolume) r.hypervolume = r.hypervolume_std_error = std::nan("");
    r.migrations = archipelago.migrations();
    r.seconds = options.seconds_before + seconds_since(start);
    out.history.push_back(r);
    if (options.on_record) options.on_record(out.history.back());
  };
  if (!archipelago.initialized()) {
    archipelago.initialize();
    gather();
  }
  const std::uint64_t every = archipelago.settings().gather_every;
  while (archipelago.generation() < options.last_generation) {
    archipelago.step();
    if (options.after_step) options.after_step();
    const std::uint64_t g = archipelago.generation();
    const bool gather_due = g % every == 0 || g == options.last_generation;
    const bool checkpoint_due = options.checkpoint_every > 0 && g % options.checkpoint_every == 0 &&
                                g < options.last_generation;
    bool stop = false;
    if (options.stop_requested && (gather_due || checkpoint_due || archipelago.migration_due()))
      stop = boost::mpi::all_reduce(archipelago.comm(), options.stop_requested(),
                                    std::logical_or<bool>());
    if (gather_due) gather();
    if ((checkpoint_due || stop) && options.checkpoint) options.checkpoint(stop);
    if (stop) {
      out.stopped = g < options.last_generation;
      break;
    }
  }
  return out;
}

}  // namespace neurofit::island

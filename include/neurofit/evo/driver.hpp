// Runs an algorithm for a number of generations, feeding an archive and recording the history.
#pragma once

#include <cstdint>
#include <functional>

#include "neurofit/evo/algorithm.hpp"
#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/history.hpp"
#include "neurofit/evo/hypervolume.hpp"

namespace neurofit::evo {

struct RecordSettings {
  // Objectives are divided by `scale` before the hypervolume; empty means 1 for each.
  Eigen::VectorXd scale;
  // Reference point in the scaled space; empty means 1.1 for each objective.
  Eigen::VectorXd reference;
  HvAutoOptions hv;
  std::uint64_t hv_seed = 1;  // Monte Carlo seed; its own stream, never the algorithm's Rng
  bool hypervolume = true;    // false: records leave it at 0 (it can cost more than a generation)
};

using GenerationCallback = std::function<void(const GenerationRecord&)>;

// The record of the current state: algorithm counters and the archive's indicators.
GenerationRecord make_record(const Algorithm& algorithm, const Archive& archive,
                             const RecordSettings& settings);
// The same from the counters (e.g. totals over islands).
GenerationRecord make_record(std::uint64_t generation, std::uint64_t evaluations,
                             const Archive& archive, const RecordSettings& settings);

// Initializes the algorithm unless it already holds a population (restart), inserting it into
// the archive and recording it; then runs `generations` more steps, inserting each new population
// into the archive (parameters in problem units) and recording each generation. Returns the
// records of this call.
History optimize(const Problem& problem, Algorithm& algorithm, Rng& rng, std::uint64_t generations,
                 Archive& archive, const RecordSettings& settings = {},
                 const GenerationCallback& callback = {});

}  // namespace neurofit::evo

// Per-generation record of a run, as kept in checkpoints and printed as progress.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "neurofit/evo/hypervolume.hpp"

namespace neurofit::evo {

struct GenerationRecord {
  std::uint64_t generation = 0;   // 0 = the initial population
  std::uint64_t evaluations = 0;  // cumulative
  double hypervolume = 0.0;       // of the archive, objectives / scale, w.r.t. the reference
  double hypervolume_std_error = 0.0;
  HvMethod hypervolume_method = HvMethod::exact_2d;
  Eigen::VectorXd best;  // minimum of each objective over the archive, problem units
  Eigen::Index archive_size = 0;
  std::uint64_t migrations = 0;  // migration events so far (island model)
  double seconds = 0.0;          // wall time since the start of the run
};

using History = std::vector<GenerationRecord>;

}  // namespace neurofit::evo

#pragma once
// An island's state as plain data (no MPI): what checkpoints store and restore.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace neurofit::island {

// Everything an island's next generation depends on, for checkpoints.
struct IslandSnapshot {
  long index = 0;
  std::string algorithm;                // its name, checked on restore
  Eigen::MatrixXd x, f, extra;          // the population: x normalised to [0,1], f, extra data
  std::string rng_state;                // evo::Rng::save_state()
  std::vector<double> algorithm_state;  // evo::Algorithm::state()
  std::uint64_t generation = 0, evaluations = 0;
};

}  // namespace neurofit::island

#pragma once
// Checkpoints of a run (<out>/checkpoint-<generation>.h5) and its final result (<out>/result.h5):
// one layout, everything a bit-identical restart needs, readable by h5py without neurofit.
//   root attributes: those of a result file (result_file.hpp) plus config_sha256, generation,
//     islands, migrations, finished (0/1), log (run events: starts, resumes, forced changes)
//   /archive/...        as in a result file, plus /archive/variables: the search variables
//                       (free parameters, model units) of each archived model
//   /history            as in a result file
//   /islands/island_<i> one group per island: datasets parameters (every model parameter, model
//     units), objectives, features (fits), variables_unit (the search variables normalised to
//     [0,1], as the optimizer holds them), algorithm_state; attributes index, algorithm,
//     rng_state (std::mt19937_64's state as text), generation, evaluations
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/io/result_file.hpp"
#include "neurofit/island/snapshot.hpp"

namespace neurofit::io {

struct CheckpointData {
  ResultData result;          // attributes, archive (all parameters, objectives, features), history
  Eigen::MatrixXd archive_x;  // the archive's search variables (problem units), n_var x n
  std::vector<std::string> variable_names, variable_units;  // of the search variables
  std::string config_sha256;
  std::uint64_t generation = 0;
  std::uint64_t migrations = 0;
  bool finished = false;
  std::vector<std::string> log;
  std::vector<island::IslandSnapshot> islands;  // in island order
  // Per island, every model parameter of each member in model units (for readers; written only).
  std::vector<Eigen::MatrixXd> island_parameters;
};

// Writes atomically (write_hdf5_atomically); `format` is checkpoint_format, or result_format for
// the final result.h5. Throws std::runtime_error (I/O) or std::invalid_argument (bad shapes).
void write_checkpoint(const std::filesystem::path& path, const CheckpointData& data,
                      const char* format = checkpoint_format);

// Reads a checkpoint or a result file written by write_checkpoint. A missing, unreadable,
// truncated, corrupt or foreign file, or one of a newer format version, is an InputError naming
// the file and the problem. island_parameters is left empty.
CheckpointData read_checkpoint(const std::filesystem::path& path);

}  // namespace neurofit::io

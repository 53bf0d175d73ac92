#pragma once
// The result file of `neurofit run` (<out>/result.h5), self-describing for h5py users:
//   attributes of /: format = "neurofit-result", format_version, neurofit_version, created (ISO
//     8601 UTC), config (the run config's YAML text), seed, generations, problem, model,
//     cell_type (model and cell_type empty for a test problem)
//   /archive/parameters  n_archive x n_params, model units; attributes columns, units
//   /archive/objectives  n_archive x n_obj (z-scores for fits); attribute columns
//   /archive/features    n_archive x 8 ne8 features, NaN where not viable; columns, units (fits)
//   /history             one row per generation: generation, evaluations, hypervolume,
//                        archive_size, best_<objective>..., hypervolume_std_error, migrations,
//                        seconds; attributes columns, hypervolume_scale, hypervolume_reference
//   /identifiability     finished model fits: how well the data determine each parameter
//                        (identifiability_file.hpp)
// Every dataset is row-major with one row per model (h5py shape (n, columns)) and carries a
// `description` attribute.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <optional>

#include "neurofit/evo/history.hpp"
#include "neurofit/fit/identifiability.hpp"

namespace neurofit::io {

inline constexpr const char* result_format = "neurofit-result";
inline constexpr std::int64_t result_format_version = 2;  // 2: with the islands (checkpoint.hpp)
// Checkpoints (checkpoint.hpp) share the layout of version 2 result files.
inline constexpr const char* checkpoint_format = "neurofit-checkpoint";
inline constexpr std::int64_t checkpoint_format_version = 1;

struct ResultData {
  std::string config_text;
  std::uint64_t seed = 0;
  std::uint64_t generations = 0;
  std::string problem;    // e.g. "izhikevich2007 ne8", "zdt1"
  std::string model;      // "" for a test problem
  std::string cell_type;  // "" for a test problem

  std::vector<std::string> parameter_names, parameter_units;  // units may be empty: no attribute
  Eigen::MatrixXd parameters;  // n_params x n_archive (every model parameter, fixed ones too)
  std::vector<std::string> objective_names;
  Eigen::MatrixXd objectives;  // n_obj x n_archive
  Eigen::MatrixXd features;    // n_features x n_archive; 0 rows: no /archive/features
  // The protocol's name and its features' names and units (one per row of `features`); a model
  // fit's default: ne8.
  std::string protocol;
  std::string protocol_definition;  // fit::protocol_yaml of it; "" in files from before
  std::vector<std::string> feature_names, feature_units;

  // Model fits: the run's evaluations so far by verdict (ephys::verdict_names), for
  // /viability; empty for a test problem and in files written before it existed.
  std::vector<std::string> verdict_names;
  Eigen::VectorXd verdict_counts;

  evo::History history;
  Eigen::VectorXd hypervolume_scale, hypervolume_reference;  // per objective

  // Model fits, at the end of the run: /identifiability (identifiability_file.hpp).
  std::optional<fit::Identifiability> identifiability;
};

// Writes the file through a temporary file in the same folder, renamed to `path` once complete:
// readers never see a partial file, and when writing fails (std::runtime_error, or
// std::invalid_argument for inconsistent shapes) neither `path` nor the temporary file is left
// changed or behind; an existing `path` stays as it was.
void write_result_file(const std::filesystem::path& path, const ResultData& data);

// Writes the root attributes, /archive and /history of `data` into an open file.
void write_result_contents(hid_t file, const ResultData& data, const char* format,
                           std::int64_t format_version);

// Creates `path` by calling `contents` on a new HDF5 file, published with io::write_atomically.
void write_hdf5_atomically(const std::filesystem::path& path,
                           const std::function<void(hid_t)>& contents);

// The current time as ISO 8601 UTC, e.g. "2025-01-31T12:34:56Z".
std::string iso_time_now();

}  // namespace neurofit::io

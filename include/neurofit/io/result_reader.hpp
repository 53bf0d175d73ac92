#pragma once
// Reads a result file (layout in result_file.hpp) back into the ResultData it was written from.
// Checkpoints share the root attributes and the /archive group, so the format names accepted are
// a parameter; /history is read when the file has one. Anything wrong with the file (missing, not
// HDF5, truncated or corrupt, another format, a newer format version, datasets that disagree) is
// an InputError "FILE: what is wrong", one line.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/io/result_file.hpp"

namespace neurofit::io {

struct StoredResult {
  std::string format;  // the file's `format` attribute, one of those accepted
  std::int64_t format_version = 0;
  std::string neurofit_version, created;
  ResultData data;  // parameter_units has one entry per parameter ("" where none)
  // The run's state (checkpoints and version 2 results): generation reached, islands, migration
  // events, whether the run finished, and its log (starts, resumes, forced changes).
  bool has_state = false;
  std::uint64_t generation = 0, migrations = 0;
  std::int64_t islands = 0;
  bool finished = false;
  std::vector<std::string> log;

  Eigen::Index size() const { return data.objectives.cols(); }  // archive members
  bool is_fit() const { return !data.model.empty(); }
  // Row of the named feature in data.features, -1 when the file has no such feature.
  Eigen::Index feature_row(const std::string& name) const;
};

StoredResult read_result_file(const std::filesystem::path& path,
                              const std::vector<std::string>& accepted_formats = {result_format});

// The contents of an open file whose format and version were checked: root attributes, archive,
// history and the run's state. Throws std::runtime_error (or an HDF5 failure) when damaged.
void read_result_contents(hid_t root, StoredResult& r);

}  // namespace neurofit::io

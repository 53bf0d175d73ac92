#pragma once
// The config of `neurofit run`: what to optimize (a model fitted to a cell type, or a standard
// test problem), the algorithm and its settings, the length of the run and where results go.
// Parsing validates everything up front; each error is one InputError naming file:line:col of the
// offending node and what was expected. The schema is documented in config/examples/*.yaml.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/evo/algorithms.hpp"
#include "neurofit/fit/cell_type.hpp"
#include "neurofit/island/settings.hpp"

namespace neurofit::io {

// `problem: {name, variables, objectives}`: a test problem of evo::make_test_problem.
struct TestProblemConfig {
  std::string name;     // zdt1..zdt4, zdt6, dtlz1, dtlz2 (lower case)
  long variables = 0;   // 0: the problem's usual size
  long objectives = 0;  // 0: the problem's usual count
  bool operator==(const TestProblemConfig&) const = default;
};

// `bounds: {NAME: [low, high]}`: overrides a model parameter's default search bounds.
struct BoundOverride {
  std::string parameter;
  double lower = 0, upper = 0;  // model units, lower < upper
};

// `fixed: {NAME: value}`: holds a model parameter at a value (not searched).
struct FixedParameter {
  std::string parameter;
  double value = 0;  // model units
};

// The algorithm and its settings; nsga2's p_mutation -1 means "auto" (1 / number of variables).
using AlgorithmConfig = evo::AlgorithmSettings;

struct RunConfig {
  std::string file;  // the config file as given (for messages)
  std::string text;  // its original text, stored in result files and checkpoints

  // What to optimize: a model fit (model non-empty) or a test problem (problem set).
  std::string model;  // a sim::ModelFamily name
  std::optional<TestProblemConfig> problem;

  // Model fits only.
  ephys::Protocol protocol = ephys::ne8_protocol();  // `protocol:` a name, a file or inline
  std::string cell_type;              // the cell type's name (from the file, else as given)
  fit::CellType cell;                 // its observations (from config/celltypes, a file, inline)
  std::vector<std::string> features;  // scored subset of the cell type's features; empty: all
  std::vector<BoundOverride> bounds;  // in config order
  std::vector<FixedParameter> fixed;  // in config order

  AlgorithmConfig algorithm;
  // The island model: `islands` logical islands (0: one per MPI rank); island i runs
  // island_algorithms[i % size] (`algorithm` with per-island overrides) when that list is given.
  long islands = 0;
  std::vector<AlgorithmConfig> island_algorithms;
  island::MigrationSettings migration;
  std::uint64_t gather_every = 10;  // default: the migration interval (10 when migration is off)
  std::uint64_t hypervolume_every = 10;  // gathered generations between hypervolume values

  std::uint64_t generations = 0;
  // `checkpoint: {every, keep}`: a checkpoint every `every` generations (0: only when stopped),
  // the newest `keep` of them kept.
  std::uint64_t checkpoint_every = 50;
  long checkpoint_keep = 3;
  long archive_size = 500;  // 0: unbounded
  std::uint64_t seed = 1;
  std::filesystem::path output;  // default results/<config file stem>

  bool is_fit() const { return !model.empty(); }
  // Bounds of every parameter of the model (model units): the model's defaults, overridden by
  // `bounds`, with `fixed` parameters as lower == upper == value. Fits only.
  void model_bounds(Eigen::VectorXd& lower, Eigen::VectorXd& upper) const;
  // The island model's settings for a run on `ranks` ranks (used when `islands` is 0).
  island::ArchipelagoSettings archipelago(long ranks) const;
  long island_count(long ranks) const { return islands > 0 ? islands : ranks; }
};

// Parses and validates a run config from YAML text; `file` names it in errors and is the folder
// that relative paths in the config (observations files) are resolved against.
RunConfig parse_run_config(const std::string& text, const std::string& file);
// Reads the file, then parses it. An unreadable file is an InputError naming it.
RunConfig load_run_config(const std::string& file);

}  // namespace neurofit::io

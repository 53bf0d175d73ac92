#pragma once
// The subcommands of `neurofit`: each one's options, as parsed from the command line, and the
// function that carries it out and returns the exit status. The command line itself (CLI11) is
// defined in one place, app.cpp, so that only that file compiles CLI11's header.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "neurofit/ephys/efel.hpp"
#include "neurofit/fit/recovery.hpp"

namespace neurofit::cli {

// Exit statuses of the neurofit command (documented in the README).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;    // a run-time failure (I/O, MPI)
inline constexpr int exit_bad_input = 2;  // bad command line, config or data file
// A run stopped early with its checkpoint written: resume it to continue (the job scripts in
// jobs/ requeue themselves on it).
inline constexpr int exit_stopped = 3;

struct SimulateOptions {
  std::string model;
  std::vector<std::string> sets;
  std::vector<std::string> steps;
  double duration = 0;
  double dt = 0.025;
  std::string trace;
};
int simulate_command(const SimulateOptions& o);

struct EvaluateOptions {
  std::string model, params, cell_type, observations, out, protocol = "ne8";
  std::vector<std::string> features;
};
int evaluate_command(const EvaluateOptions& o);

struct RecoverOptions {
  std::string model, name, protocol = "ne8";
  std::vector<std::string> sets;
  int random = 0;               // > 0: that many random targets instead of one
  std::uint64_t draw_seed = 1;  // their draws' seed
  int skip = 0;                 // the first `skip` of them not run (a long recovery split in parts)
  fit::RecoverySettings settings;
};
int recover_command(const RecoverOptions& o);

struct RunOptions {
  std::string config;
  std::string out;
  bool resume = false;      // --resume given
  std::string resume_file;  // its FILE, if any
  bool overwrite = false;
  bool force = false;
  bool quiet = false;
  std::uint64_t log_every = 1;
  bool bar = false;
};
int run_command(const RunOptions& o);

struct CampaignOptions {
  std::string file;
  long task = -1;
  bool summary_only = false;
  bool resume = false;  // a campaign always continues; the flag is accepted for job scripts
};
int campaign_command(const CampaignOptions& o);

struct InspectOptions {
  std::string file;
  std::size_t top = 5;
};
int inspect_command(const InspectOptions& o);

struct ExportOptions {
  std::string file, neuroml_dir, csv, brian2_dir, neuron_dir;
  std::size_t top = 0;  // 0: every member
};
int export_command(const ExportOptions& o);

struct ParametersOptions {
  std::string model;
};
int parameters_command(const ParametersOptions& o);

struct FeaturesOptions {
  std::string trace;
  double stim_start = 0, stim_end = 0;
  std::vector<std::string> names;
  bool json = false;
  ephys::efel::Settings settings;
};
int features_command(const FeaturesOptions& o);

struct SensitivityOptions {
  std::string model, protocol = "ne8";
  int samples = 20;
  std::uint64_t seed = 1;
};
int sensitivity_command(const SensitivityOptions& o);

}  // namespace neurofit::cli

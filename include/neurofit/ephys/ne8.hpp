#pragma once
// The NeuroElectro-8 protocol (docs: README "The ne8 protocol"): rest and passive response at
// -10 pA (S1), rheobase by doubling and bisection to 1 pA (S2), spike shape at rheobase (S3),
// evaluated for a whole batch of candidates at once, all lanes' searches in lock-step.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "neurofit/sim/family.hpp"

namespace neurofit::ephys {

enum Ne8Feature {
  rheobase,
  input_resistance,
  time_constant,
  capacitance,
  resting_potential,
  ap_width,
  ap_amplitude,
  ap_threshold,
  n_ne8_features
};
inline constexpr std::array<std::string_view, n_ne8_features> ne8_feature_names{
    "rheobase",          "input_resistance", "time_constant", "capacitance",
    "resting_potential", "ap_width",         "ap_amplitude",  "ap_threshold"};
inline constexpr std::array<std::string_view, n_ne8_features> ne8_feature_units{
    "pA", "MOhm", "ms", "pF", "mV", "ms", "mV", "mV"};

struct Ne8Settings {
  double dt = 0.025;              // [ms]
  int passive_tile = 64;          // candidates per traced S1 simulation (bounds the trace memory)
  int shape_tile = 1024;          // candidates per traced S3 simulation
  bool stop_when_settled = true;  // S2 lanes that provably never spike stop early (same results)
  int shape_window = 2000;        // samples recorded on each side of the rheobase spike before
                                  // falling back to the whole trace
};

struct Ne8Result {
  Eigen::MatrixXd features;          // n_ne8_features x candidates; NaN where not viable
  std::vector<std::uint8_t> viable;  // per candidate
  std::vector<std::string> why;      // per candidate: why it is not viable ("" if viable)
  std::int64_t lane_steps = 0;       // Euler steps simulated, summed over candidates
};

// Evaluates every column of `params` (n_params x candidates, model units).
Ne8Result evaluate_ne8(const sim::ModelFamily& family, const Eigen::MatrixXd& params,
                       const Ne8Settings& settings = {});

}  // namespace neurofit::ephys

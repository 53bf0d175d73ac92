#pragma once
// Structure-of-arrays view of a block of lanes (candidates) that a model's Euler step works on.
// Row j of `param` holds parameter (or derived value) j of every lane; rows of `state` likewise.
#include <cstdint>

namespace neurofit::model {

struct StepArrays {
  const double* const* param;  // model parameters, then the model's derived rows
  double* const* state;        // state variables; row 0 is the membrane potential [mV]
  const double* current;       // injected current of each lane for this step [pA]
  const double* done;          // 1.0 for a lane that no longer changes (stopped, failed, padding)
  double* v_sample;            // V at the new sample, V_peak on a spike step [mV]
  std::int64_t* spiked;        // 1 where this step produced a spike
  std::int64_t* failed;        // set to 1 once the state leaves the finite range
};

// Limits beyond which a simulation counts as failed (reference protocol-ne8, "Simulation conventions").
inline constexpr double max_abs_voltage = 1e6;   // [mV]
inline constexpr double max_abs_recovery = 1e9;  // [pA] or [mV]: Izhikevich u, AdEx w

}  // namespace neurofit::model

#pragma once
// Structure-of-arrays view of a block of lanes (candidates) that a model's Euler step works on.
// Row j of `param` holds parameter (or derived value) j of every lane; rows of `state` likewise.
#include <cstdint>
#include <limits>

namespace neurofit::model {

// Lanes are stepped in groups of this many (one AVX-512 vector, two AVX2 vectors); a block's
// lane count is padded to a multiple of it.
inline constexpr int lane_width = 8;

struct StepArrays {
  const double* const* param;  // model parameters, then the model's derived rows
  double* const* state;        // state variables; row 0 is the membrane potential [mV]
  const double* current;       // injected current of each lane for this step [pA]
  double* v_sample;            // V at the new sample before the spike rule [mV] (the driver
                               // records the model's spike_sample parameter on a spike step)
  std::int64_t* spiked;        // 1 where this step produced a spike
};

// Limits beyond which a simulation counts as failed (reference protocol-ne8, "Simulation
// conventions").
inline constexpr double max_abs_voltage = 1e6;   // [mV]
inline constexpr double max_abs_recovery = 1e9;  // [pA] or [mV]: Izhikevich u, AdEx w
// A step that leaves that range sets V to NaN; NaN then persists (no comparison with it is true),
// so the driver finds failed lanes by looking at V once per chunk of steps.
inline constexpr double failed_voltage = std::numeric_limits<double>::quiet_NaN();

}  // namespace neurofit::model

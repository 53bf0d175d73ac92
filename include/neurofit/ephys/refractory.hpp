#pragma once
// The refractory floor: the shortest interval between two spikes that a model may show on any
// sweep it is scored on and still count as a neuron (docs: README "Viable models").
//
// After an action potential the sodium channels are inactivated, and no second spike can be
// elicited for about 1 ms (the absolute refractory period), so no neuron fires above about
// 1 kHz. The fastest cells of the shipped cell types (fast-spiking basket cells, Purkinje cells)
// reach a few hundred Hz, and bursting cells fire their bursts with intervals of 2 ms and more.
// A floor of 1 ms therefore excludes no physiological response, but it does exclude the
// numerical run-away of a reduced model whose reset lies above its threshold: such a model fires
// every one to three Euler steps (0.025-0.075 ms at dt = 0.025 ms).
#include <cmath>
#include <cstdint>

namespace neurofit::ephys {

inline constexpr double refractory_floor_ms = 1.0;

// Two spikes fewer than this many samples apart are closer than `floor_ms`: an interval of k
// samples lasts k dt, below the floor exactly when k < floor / dt, rounded up (a quotient within
// rounding of a whole number, as 1 / 0.025, counts as that number).
inline std::int64_t refractory_samples(double floor_ms, double dt) {
  const double n = floor_ms / dt, whole = std::round(n);
  return static_cast<std::int64_t>(std::abs(n - whole) <= 1e-9 * whole ? whole : std::ceil(n));
}

}  // namespace neurofit::ephys

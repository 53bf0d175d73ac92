#pragma once
// Feature extraction from a voltage trace, defined exactly as in the NeuroElectro-8 protocol
// (docs: README "Features"), so that other protocols reuse the same definitions.
#include <cstdint>
#include <span>
#include <vector>

namespace neurofit::ephys {

// A recorded voltage trace [mV]: v[k] is the sample with index first + k; samples are dt apart.
struct Trace {
  std::span<const double> v;
  std::int64_t first = 0;
  double dt = 0.025;  // [ms]

  std::int64_t last() const { return first + static_cast<std::int64_t>(v.size()) - 1; }
  bool has(std::int64_t i) const { return i >= first && i <= last(); }
  double operator[](std::int64_t i) const { return v[static_cast<std::size_t>(i - first)]; }
  // Slope between samples i and i+1 [mV/ms].
  double slope(std::int64_t i) const { return ((*this)[i + 1] - (*this)[i]) / dt; }
};

// Mean of the samples with index in [i0, i1). The trace must hold them.
double mean_between(const Trace& trace, std::int64_t i0, std::int64_t i1);

// Samples at which V reached the spike peak (V >= v_peak), in order.
std::vector<std::int64_t> spike_samples(const Trace& trace, double v_peak);

enum class Found { yes, no, beyond_trace };

// The time [ms] after sample `onset` at which V first falls to `level`: the first i >= onset with
// V[i+1] <= level, interpolated linearly between samples i and i+1.
struct Crossing {
  Found found = Found::no;
  double time = 0;  // [ms] after onset
};
Crossing fall_time(const Trace& trace, std::int64_t onset, double level);

// Threshold, amplitude and half-width of the spike whose peak is sample `spike`, with the
// stimulus onset at sample `onset` bounding the backward searches.
//   threshold: V[j], j moving back from spike-1 while j > onset and dV/dt at j-1 >= slope_limit
//   amplitude: V[spike] - threshold
//   width: from the last rising crossing of threshold + amplitude/2 in [onset, spike) to the first
//          falling crossing at or after the spike, each interpolated linearly
// Found::beyond_trace when a search ran off the recorded samples before it ended.
struct SpikeShape {
  Found found = Found::no;
  double threshold = 0;  // [mV]
  double amplitude = 0;  // [mV]
  double width = 0;      // [ms]
  double falling = 0;    // [ms] the falling crossing, sample index x dt
};
SpikeShape spike_shape(const Trace& trace, std::int64_t spike, std::int64_t onset,
                       double slope_limit = 10.0);

}  // namespace neurofit::ephys

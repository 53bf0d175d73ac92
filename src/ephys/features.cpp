#include "neurofit/ephys/features.hpp"

namespace neurofit::ephys {

double mean_between(const Trace& trace, std::int64_t i0, std::int64_t i1) {
  double sum = 0.0;
  for (std::int64_t i = i0; i < i1; ++i) sum += trace[i];
  return sum / static_cast<double>(i1 - i0);
}

std::vector<std::int64_t> spike_samples(const Trace& trace, double v_peak) {
  std::vector<std::int64_t> out;
  for (std::int64_t i = trace.first; i <= trace.last(); ++i)
    if (trace[i] >= v_peak) out.push_back(i);
  return out;
}

Crossing fall_time(const Trace& trace, std::int64_t onset, double level) {
  if (!trace.has(onset)) return {Found::beyond_trace, 0};
  for (std::int64_t i = onset; i < trace.last(); ++i) {
    if (trace[i + 1] <= level) {
      const double f = (trace[i] - level) / (trace[i] - trace[i + 1]);
      return {Found::yes, (static_cast<double>(i - onset) + f) * trace.dt};
    }
  }
  return {Found::beyond_trace, 0};
}

SpikeShape spike_shape(const Trace& trace, std::int64_t spike, std::int64_t onset,
                       double slope_limit) {
  SpikeShape out;
  if (!trace.has(spike) || !trace.has(spike - 1)) return {Found::beyond_trace, 0, 0, 0};
  std::int64_t j = spike - 1;
  while (j > onset) {
    if (!trace.has(j - 1)) return {Found::beyond_trace, 0, 0, 0};
    if (!(trace.slope(j - 1) >= slope_limit)) break;
    --j;
  }
  out.threshold = trace[j];
  out.amplitude = trace[spike] - out.threshold;
  const double half = out.threshold + out.amplitude / 2;

  double rising = 0;
  bool have_rising = false;
  for (std::int64_t i = spike - 1; i >= onset; --i) {
    if (!trace.has(i)) return {Found::beyond_trace, 0, 0, 0};
    if (trace[i] < half && half <= trace[i + 1]) {
      rising = (static_cast<double>(i) + (half - trace[i]) / (trace[i + 1] - trace[i])) * trace.dt;
      have_rising = true;
      break;
    }
  }
  if (!have_rising) return {Found::no, out.threshold, out.amplitude, 0};

  for (std::int64_t i = spike; i < trace.last(); ++i) {
    if (trace[i] >= half && half > trace[i + 1]) {
      const double falling =
          (static_cast<double>(i) + (trace[i] - half) / (trace[i] - trace[i + 1])) * trace.dt;
      out.width = falling - rising;
      out.falling = falling;
      out.found = Found::yes;
      return out;
    }
  }
  return {Found::beyond_trace, out.threshold, out.amplitude, 0};
}

}  // namespace neurofit::ephys

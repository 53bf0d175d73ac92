// Spike events: eFEL's peak_indices and the features of spike times and intervals
// (eFEL's SpikeEvent.cpp and pyfeatures/isi.py).
#include <algorithm>
#include <cmath>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {

// A spike is a sample above the threshold after one below it, until a sample below it after one
// above it; its peak is the first of its highest samples, from the first above to the first below.
// A spike still above the threshold at the end of the trace does not count, nor does a crossing
// through a sample exactly at the threshold.
const TraceFeatures::Indices& TraceFeatures::peak_indices() const {
  if (peaks_) return *peaks_;
  std::vector<std::int64_t> up, down;
  v_.crossings(s_.threshold, up, down);
  std::vector<std::int64_t> peaks;
  auto first_highest = [&](std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(
        v_.first_highest(static_cast<std::size_t>(a), static_cast<std::size_t>(b)));
  };
  for (const std::int64_t best : detail::peaks_of_crossings(up, std::move(down), first_highest)) {
    const double tb = t_[static_cast<std::size_t>(best)];
    if (!s_.strict_stiminterval || (stim_start_ <= tb && tb <= stim_end_)) peaks.push_back(best);
  }
  peaks_ = peaks.empty() ? Indices{} : Indices{std::move(peaks)};
  return *peaks_;
}

TraceFeatures::Values TraceFeatures::peak_times() const {
  return times_at(peak_indices());
}

// Spikes in the stimulus per second, over the time from its start to the last of them.
TraceFeatures::Values TraceFeatures::mean_frequency() const {
  const Values times = peak_times();
  if (!times) return std::nullopt;
  double last = 0;
  int n = 0;
  for (double t : *times)
    if (stim_start_ <= t && t <= stim_end_) {
      last = t;
      ++n;
    }
  if (last == stim_start_) return std::nullopt;
  return std::vector<double>{n * 1000.0 / (last - stim_start_)};  // -0.0 with none inside, as eFEL
}

// Every interval between successive spikes of the trace [ms].
TraceFeatures::Values TraceFeatures::all_isi() const {
  const Values times = peak_times();
  if (!times || times->size() < 2) return std::nullopt;
  std::vector<double> isi;
  for (std::size_t i = 1; i < times->size(); ++i) isi.push_back((*times)[i] - (*times)[i - 1]);
  return isi;
}

// The intervals without the first (ignore_first_ISI): empty, not none, with two spikes.
TraceFeatures::Values TraceFeatures::isi_values() const {
  Values isi = all_isi();
  if (isi && s_.ignore_first_isi) isi->erase(isi->begin());
  return isi;
}

// Sample standard deviation of the intervals over their mean.
TraceFeatures::Values TraceFeatures::isi_cv() const {
  const Values isi = isi_values();
  if (!isi || isi->size() < 2) return std::nullopt;
  const auto n = static_cast<double>(isi->size());
  double mean = 0, var = 0;
  for (double x : *isi) mean += x;
  mean /= n;
  for (double x : *isi) var += (x - mean) * (x - mean);
  return std::vector<double>{std::sqrt(var / (n - 1)) / mean};
}

// Slope of the least-squares line of ln(interval) against ln(its position 1, 2, ...).
TraceFeatures::Values TraceFeatures::isi_log_slope() const {
  const Values isi = isi_values();
  if (!isi || isi->size() < 2) return std::nullopt;  // eFEL's fit fails on one point
  const auto n = static_cast<double>(isi->size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < isi->size(); ++k) {
    const double x = std::log(static_cast<double>(k + 1)), y = std::log((*isi)[k]);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  return std::vector<double>{(n * sxy - sx * sy) / (n * sxx - sx * sx)};
}

// Mean of (ISI_i+1 - ISI_i) / (ISI_i+1 + ISI_i) over the spikes in the stimulus but its first.
TraceFeatures::Values TraceFeatures::adaptation_index2() const {
  const Values times = peak_times();
  if (!times || times->size() < 4) return std::nullopt;
  std::vector<double> in;
  for (double t : *times)
    if (stim_start_ <= t && t <= stim_end_) in.push_back(t);
  if (in.size() < 4) return std::nullopt;
  std::vector<double> isi;
  for (std::size_t i = 2; i < in.size(); ++i) isi.push_back(in[i] - in[i - 1]);
  double sum = 0;
  for (std::size_t i = 1; i < isi.size(); ++i) sum += (isi[i] - isi[i - 1]) / (isi[i] + isi[i - 1]);
  return std::vector<double>{sum / static_cast<double>(isi.size() - 1)};
}

}  // namespace neurofit::ephys::efel

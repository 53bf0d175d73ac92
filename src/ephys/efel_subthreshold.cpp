// Subthreshold features: rest before the stimulus, steady state at its end, the deflection
// (eFEL's Subthreshold.cpp).
#include <algorithm>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {

namespace {

double mean(const detail::Resampled& v, std::size_t from, std::size_t to) {
  double sum = 0;
  for (std::size_t i = from; i < to; ++i) sum += v[i];
  return sum / static_cast<double>(to - from);
}

}  // namespace

// Mean (or median) of V from voltage_base_start_perc x stim_start to voltage_base_end_perc x
// stim_start, both included (the end within 1e-10 ms, eFEL's precision_threshold).
TraceFeatures::Values TraceFeatures::voltage_base() const {
  const double from = stim_start_ * s_.voltage_base_start_perc;
  const double to = stim_start_ * s_.voltage_base_end_perc;
  if (from >= to) return std::nullopt;
  const auto first = static_cast<std::size_t>(
      std::min<std::int64_t>(first_at_or_after(from), static_cast<std::int64_t>(t_.size()) - 1));
  std::size_t end = t_.size();
  for (std::size_t i = t_.size() - 1; i > 0; --i)
    if (t_[i] - to < 1e-10) {
      end = i + 1;
      break;
    }
  if (end <= first) return std::nullopt;
  if (!s_.voltage_base_median) return std::vector<double>{mean(v_, first, end)};
  std::vector<double> part;
  for (std::size_t i = first; i < end; ++i) part.push_back(v_[i]);
  std::sort(part.begin(), part.end());
  const std::size_t m = part.size() / 2;
  return std::vector<double>{part.size() % 2 ? part[m] : (part[m - 1] + part[m]) / 2};
}

// Mean of V over the last 10% of the stimulus, spikes included.
TraceFeatures::Values TraceFeatures::steady_state_voltage_stimend() const {
  const auto from = first_at_or_after(stim_end_ - 0.1 * (stim_end_ - stim_start_));
  const auto to = first_at_or_after(stim_end_);
  if (to - from <= 0) return std::nullopt;
  return std::vector<double>{
      mean(v_, static_cast<std::size_t>(from), static_cast<std::size_t>(to))};
}

// Mean of the 5 samples that end 5 samples before the first one after stim_end, minus the mean
// of every sample before stim_start (not voltage_base's window).
TraceFeatures::Values TraceFeatures::voltage_deflection() const {
  constexpr std::size_t w = 5;
  double base = 0;
  std::size_t n_base = 0, after = 0;
  for (std::size_t i = 0; i < t_.size(); ++i) {
    if (t_[i] < stim_start_) {
      base += v_[i];
      ++n_base;
    }
    if (t_[i] > stim_end_) {
      after = i;
      break;
    }
  }
  if (n_base == 0 || after < 2 * w) return std::nullopt;
  double window = 0;
  for (std::size_t i = after - 2 * w; i < after - w; ++i) window += v_[i];
  return std::vector<double>{window / w - base / static_cast<double>(n_base)};
}

}  // namespace neurofit::ephys::efel

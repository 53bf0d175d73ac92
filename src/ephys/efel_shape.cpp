// Spike shape: the after-hyperpolarisation, the AP's beginning, amplitude and half width
// (eFEL's SpikeShape.cpp).
#include <algorithm>
#include <cstddef>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {

// After each peak, the first local minimum before the next peak (after the last one, before the
// end of the trace, or of the stimulus with strict_stiminterval); a minimum on the trace's last
// sample (V still falling at the end) does not count.
const TraceFeatures::Indices& TraceFeatures::min_ahp_indices() const {
  if (ahps_) return *ahps_;
  ahps_ = Indices{};
  const Indices& peaks = peak_indices();
  if (!peaks) return *ahps_;
  const auto end =
      s_.strict_stiminterval ? first_at_or_after(stim_end_) : static_cast<std::int64_t>(t_.size());
  std::vector<std::int64_t> bounds = *peaks, ahps;
  bounds.push_back(end);
  for (std::size_t i = 0; i + 1 < bounds.size(); ++i) {
    const std::int64_t k = detail::first_local_minimum(v_, bounds[i], bounds[i + 1]);
    if (k != end - 1) ahps.push_back(k);
  }
  if (!ahps.empty()) ahps_ = std::move(ahps);
  return *ahps_;
}

// For each spike after the stimulus onset, the first sample of the last run before its peak of
// derivative_window samples with dV/dt >= derivative_threshold, searched back to the previous
// AHP (to 2 samples before the onset for the first spike); a spike whose search reaches that
// bound has no beginning, and the spikes after it take its place in the list, as in eFEL.
const TraceFeatures::Indices& TraceFeatures::ap_begin_indices() const {
  if (ap_begins_) return *ap_begins_;
  ap_begins_ = Indices{};
  const Indices& peaks = peak_indices();
  if (!peaks) return *ap_begins_;
  const double limit = s_.derivative_threshold;
  const auto width = static_cast<std::int64_t>(s_.derivative_window);
  const auto n = static_cast<std::int64_t>(v_.size());
  const std::int64_t onset = first_at_or_after(stim_start_);
  std::vector<std::int64_t> from{onset > 1 ? onset - 2 : 0}, after;
  if (const Indices& ahps = min_ahp_indices())
    for (auto a : *ahps)
      if (a > onset) from.push_back(a);
  for (auto p : *peaks)
    if (p > onset) after.push_back(p);
  if (from.size() < after.size()) return *ap_begins_;
  std::vector<std::int64_t> begins;
  for (std::size_t i = 0; i < after.size(); ++i) {
    std::int64_t search_end = after[i], begin;
    bool found = true;
    do {
      begin = from[i];
      for (std::int64_t k = search_end - 1; k >= from[i]; --k)
        if (dvdt(k) <= limit) {
          begin = k + 1;
          break;
        }
      begin = std::min(begin, n - width);
      if (begin == from[i]) {
        found = false;
        break;
      }
      search_end = begin - 1;
    } while ([&] {
      for (std::int64_t k = begin; k < begin + width; ++k)
        if (dvdt(k) < limit) return true;
      return false;
    }());
    if (found) begins.push_back(begin);
  }
  if (!begins.empty()) ap_begins_ = std::move(begins);
  return *ap_begins_;
}

// dV/dt at sample k by central differences (one-sided at both ends), as eFEL's derivative of V
// over that of t; computed where the search reads it.
double TraceFeatures::dvdt(std::int64_t k) const {
  const auto i = static_cast<std::size_t>(k), n = v_.size();
  if (i == 0) return (v_[1] - v_[0]) / (t_[1] - t_[0]);
  if (i == n - 1) return (v_[n - 1] - v_[n - 2]) / (t_[n - 1] - t_[n - 2]);
  return ((v_[i + 1] - v_[i - 1]) / 2) / ((t_[i + 1] - t_[i - 1]) / 2);  // each halved as eFEL's
}

// Peak minus AP begin voltage of the spikes in the stimulus, paired by position.
TraceFeatures::Values TraceFeatures::ap_amplitude() const {
  const Indices& peaks = peak_indices();
  const Indices& begins = ap_begin_indices();
  if (!peaks || !begins) return std::nullopt;
  std::vector<double> in;
  for (auto p : *peaks) {
    const auto i = static_cast<std::size_t>(p);
    if (stim_start_ <= t_[i] && t_[i] <= stim_end_) in.push_back(v_[i]);
  }
  if (in.empty() || in.size() > begins->size()) return std::nullopt;
  for (std::size_t k = 0; k < in.size(); ++k) in[k] -= v_[static_cast<std::size_t>((*begins)[k])];
  return in;
}

// Width at half height between each peak and its AHP: the first rising crossing after the
// previous AHP (the stimulus onset for the first) and the first falling one after the peak, each
// interpolated linearly. One value per AHP.
TraceFeatures::Values TraceFeatures::spike_half_width() const {
  const Indices& peaks = peak_indices();
  const Indices& ahps = min_ahp_indices();
  if (!peaks || !ahps) return std::nullopt;
  std::vector<std::int64_t> bounds{first_at_or_after(stim_start_)};
  bounds.insert(bounds.end(), ahps->begin(), ahps->end());
  auto first_reaching = [&](std::int64_t from, std::int64_t to, double level, bool rising) {
    return v_.first_reaching(static_cast<std::size_t>(from), static_cast<std::size_t>(to), level,
                             rising);
  };
  std::vector<double> widths;
  for (std::size_t i = 1; i < bounds.size(); ++i) {
    const auto peak = (*peaks)[i - 1];
    const double half =
        (v_[static_cast<std::size_t>(peak)] + v_[static_cast<std::size_t>(bounds[i])]) / 2;
    const std::size_t r = first_reaching(bounds[i - 1], peak, half, true);
    const std::size_t f = first_reaching(peak, bounds[i], half, false);
    if (r == 0) return std::nullopt;  // a spike at the trace's start: no sample before it
    const double rise = (t_[r] - t_[r - 1]) * (half - v_[r]) / (v_[r] - v_[r - 1]);
    const double fall = (t_[f] - t_[f - 1]) * (half - v_[f]) / (v_[f] - v_[f - 1]);
    widths.push_back(t_[f] - rise - t_[r] + fall);  // eFEL's order of operations
  }
  return widths;
}

}  // namespace neurofit::ephys::efel

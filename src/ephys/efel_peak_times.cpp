// eFEL's peak times without resampling the whole trace (efel.hpp PeakTimes): the resampled value
// at a grid time is an interpolation between two samples, so where every sample around a block
// of grid times lies clearly on one side of the threshold, so do the resampled values, and no
// crossing lies there. Elsewhere each value is resampled alone, exactly as detail::interpolate
// resamples it. What depends only on the sample times (the grid, each grid time's samples) is
// worked out once for all the traces sampled at those times.
#include <algorithm>
#include <cmath>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {

namespace {

constexpr std::size_t block = 64;  // grid times decided together from the samples
constexpr double margin = 1e-6;    // [mV] far above the interpolation's rounding for |V| < 1e6

int side(double value, double thr) {
  return value > thr ? 1 : value < thr ? -1 : 0;
}

}  // namespace

PeakTimes::PeakTimes(std::span<const double> t, double stim_start, double stim_end,
                     const Settings& settings)
    : t_(t), stim_start_(stim_start), stim_end_(stim_end), s_(settings) {
  detail::check_trace(t, t, stim_start, stim_end, s_);  // t's checks (t as V passes V's)
  if (!detail::aligned(t, s_.interp_step)) return;
  const detail::Grid g = detail::grid(t, s_.interp_step);
  times_.assign(g.times->begin(), g.times->begin() + static_cast<std::ptrdiff_t>(g.size));
  inside_ = g.inside;
  // Grid index k lies between samples k-1 and k+2 (t[k-1] < x_k <= t[k+2]) on every block that
  // may be decided from the samples; a block at either end never is.
  const auto& x = times_;
  for (std::size_t k0 = 1; k0 < times_.size(); k0 += block) {
    const std::size_t k1 = std::min(k0 + block, times_.size());
    int ok = k1 <= inside_ && k1 + 1 < t.size();
    for (std::size_t k = k0; ok && k < k1; ++k) ok &= (t[k - 1] < x[k]) & (x[k] <= t[k + 2]);
    bracketed_.push_back(static_cast<std::uint8_t>(ok));
  }
  fast_ = true;
}

double PeakTimes::value(std::span<const double> v, std::size_t k) const {
  return k < inside_ ? detail::value_at(t_, v, times_[k], k) : v.back();
}

std::vector<double> PeakTimes::operator()(std::span<const double> v) const {
  int usable = v.size() == t_.size();  // V finite and below 1e6 in size, else the full path
  if (usable)
    for (std::size_t i = 0; i < v.size(); ++i) usable &= std::fabs(v[i]) < 1e6;
  if (!fast_ || !usable) return TraceFeatures(t_, v, stim_start_, stim_end_, s_).get("peak_time");
  const double thr = s_.threshold;
  // Crossings as TraceFeatures::peak_indices finds them: up where a value lies above the
  // threshold and the one before below it, down the other way round.
  std::vector<std::int64_t> up, down;
  int before = side(value(v, 0), thr);
  for (std::size_t b = 0, k0 = 1; k0 < times_.size(); ++b, k0 += block) {
    const std::size_t k1 = std::min(k0 + block, times_.size());
    int all = 0;
    if (bracketed_[b]) {  // the samples around the block, all clearly above or all below?
      int above = 1, below = 1;
      for (std::size_t j = k0 - 1; j <= k1 + 1; ++j) {
        above &= v[j] > thr + margin;
        below &= v[j] < thr - margin;
      }
      all = above ? 1 : below ? -1 : 0;
    }
    for (std::size_t k = k0; k < (all != 0 ? k0 + 1 : k1); ++k) {
      const int now = all != 0 ? all : side(value(v, k), thr);
      if (now == 1 && before == -1) up.push_back(static_cast<std::int64_t>(k));
      if (now == -1 && before == 1) down.push_back(static_cast<std::int64_t>(k));
      before = now;
    }
  }
  std::vector<double> times;
  for (const std::int64_t best : detail::peaks_of_crossings(
           up, std::move(down),
           [&](std::int64_t j) { return value(v, static_cast<std::size_t>(j)); })) {
    const double tb = times_[static_cast<std::size_t>(best)];
    if (!s_.strict_stiminterval || (stim_start_ <= tb && tb <= stim_end_)) times.push_back(tb);
  }
  return times;
}

}  // namespace neurofit::ephys::efel

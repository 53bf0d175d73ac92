// eFEL's peak times without resampling the whole trace (efel.hpp peak_times): the resampled
// value at a grid time is an interpolation between two samples, so where every sample around a
// stretch of grid times lies clearly on one side of the threshold, so do the resampled values,
// and no crossing lies there. Elsewhere each value is resampled alone, exactly as
// detail::interpolate resamples it.
#include <algorithm>
#include <cmath>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {

namespace {

// The resampled trace at single grid indices.
class Resampled {
 public:
  Resampled(std::span<const double> t, std::span<const double> v, const detail::Grid& g)
      : t_(t), v_(v), x_(*g.times), g_(g) {}

  double time(std::size_t k) const { return x_[k]; }
  std::size_t size() const { return g_.size; }

  // Its value at grid index k: from the last sample before the grid time (t[a] < x <= t[a + 1],
  // a = 0 for x <= t[0]), or the last sample beyond the samples.
  double value(std::size_t k) const {
    if (k >= g_.inside) return v_.back();
    const double x = x_[k];
    const std::size_t top = t_.size() - 2;
    std::size_t a = std::min(k, top);
    while (a > 0 && !(t_[a] < x)) --a;
    while (a < top && t_[a + 1] < x) ++a;
    return detail::linear(t_[a], t_[a + 1], v_[a], v_[a + 1], x);
  }

  // +1 if every resampled value at grid indices [k0, k1) lies above `thr`, -1 if every one lies
  // below, 0 if the samples do not tell. Each of those values lies between samples k-1 and k+2
  // (checked: t[k-1] < x_k <= t[k+2]), up to rounding far below the margin.
  int side_of_block(std::size_t k0, std::size_t k1, double thr) const {
    if (k0 < 1 || k1 > g_.inside || k1 + 1 >= t_.size()) return 0;
    int bracketed = 1;
    for (std::size_t k = k0; k < k1; ++k) bracketed &= (t_[k - 1] < x_[k]) & (x_[k] <= t_[k + 2]);
    double lo = v_[k0 - 1], hi = lo, big = 0;
    for (std::size_t j = k0 - 1; j <= k1 + 1; ++j) {
      lo = std::min(lo, v_[j]);
      hi = std::max(hi, v_[j]);
      big = std::max(big, std::fabs(v_[j]));
    }
    const double margin = 1e-9 + 1e-12 * big;
    if (!bracketed) return 0;
    if (lo > thr + margin) return 1;
    if (hi < thr - margin) return -1;
    return 0;
  }

 private:
  std::span<const double> t_, v_;
  const std::vector<double>& x_;
  detail::Grid g_;
};

int side(double value, double thr) {
  return value > thr ? 1 : value < thr ? -1 : 0;
}

}  // namespace

std::vector<double> peak_times(std::span<const double> t, std::span<const double> v,
                               double stim_start, double stim_end, const Settings& s) {
  detail::check_trace(t, v, stim_start, stim_end, s);
  if (!detail::aligned(t, s.interp_step))
    return TraceFeatures(t, v, stim_start, stim_end, s).get("peak_time");
  const Resampled r(t, v, detail::grid(t, s.interp_step));
  const double thr = s.threshold;
  // Crossings as TraceFeatures::peak_indices finds them: up where a value lies above the
  // threshold and the one before below it, down the other way round.
  std::vector<std::int64_t> up, down;
  int before = side(r.value(0), thr);
  constexpr std::size_t block = 64;
  for (std::size_t k0 = 1; k0 < r.size(); k0 += block) {
    const std::size_t k1 = std::min(k0 + block, r.size());
    const int all = r.side_of_block(k0, k1, thr);
    for (std::size_t k = k0; k < (all != 0 ? k0 + 1 : k1); ++k) {
      const int now = all != 0 ? all : side(r.value(k), thr);
      if (now == 1 && before == -1) up.push_back(static_cast<std::int64_t>(k));
      if (now == -1 && before == 1) down.push_back(static_cast<std::int64_t>(k));
      before = now;
    }
  }
  std::size_t skip = 0;  // down-crossings before the first up-crossing: the trace starts above
  while (!up.empty() && skip < down.size() && down[skip] < up.front()) ++skip;
  down.erase(down.begin(), down.begin() + static_cast<std::ptrdiff_t>(skip));
  if (up.size() > down.size()) up.resize(down.size());
  std::vector<double> times;
  for (std::size_t k = 0; k < up.size(); ++k) {
    auto best = static_cast<std::size_t>(up[k]);
    double peak = r.value(best);
    for (auto j = best + 1; j <= static_cast<std::size_t>(down[k]); ++j)
      if (const double vj = r.value(j); peak < vj) {
        best = j;
        peak = vj;
      }
    const double tb = r.time(best);
    if (!s.strict_stiminterval || (stim_start <= tb && tb <= stim_end)) times.push_back(tb);
  }
  return times;
}

}  // namespace neurofit::ephys::efel

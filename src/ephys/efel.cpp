#include "neurofit/ephys/efel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neurofit::ephys::efel {

const FeatureInfo* find_feature(std::string_view name) {
  for (const auto& f : features)
    if (f.name == name) return &f;
  return nullptr;
}

namespace detail {

namespace {

// Up to one sample down or up from the guess c (0 <= c <= n - 2): the last sample before x.
inline std::int64_t corrected(const double* __restrict t, std::int64_t c, double x) {
  const std::int64_t down = (c > 0) & !(t[c] < x);
  const std::int64_t up = (1 - down) & (t[c + 1] < x);
  return c - down + up;
}

// left[k] for each x[k] (m of them, `step` apart): guessed from the mean sampling step, corrected
// by one sample either way (vectorized; checked by the caller). When the grid step is a whole
// number r of sampling steps (a simulated trace read at its own step: r = 1) the guess is k r.
void left_samples(const double* __restrict t, std::size_t n, const double* __restrict x,
                  std::size_t m, double step, std::int64_t* __restrict left) {
  const double per_ms = static_cast<double>(n - 1) / (t[n - 1] - t[0]);
  const double ratio = step * per_ms;
  const std::int64_t r = std::llround(ratio), top = static_cast<std::int64_t>(n) - 2;
  if (r >= 1 && std::abs(ratio - static_cast<double>(r)) <= 1e-9 * ratio) {
    for (std::size_t k = 0; k < m; ++k) {
      const std::int64_t kr = static_cast<std::int64_t>(k) * r;
      left[k] = corrected(t, kr < top ? kr : top, x[k]);
    }
    return;
  }
  const double t0 = t[0], last = static_cast<double>(top);
  for (std::size_t k = 0; k < m; ++k) {
    const double guess = (x[k] - t0) * per_ms;
    left[k] = corrected(t,
                        static_cast<std::int64_t>(guess < 0      ? 0
                                                  : guess > last ? last
                                                                 : guess),
                        x[k]);
  }
}

// eFEL's linear interpolation at each x[k] from the samples left[k] and left[k] + 1.
void interpolate_at(const double* __restrict t, const double* __restrict v,
                    const double* __restrict x, const std::int64_t* __restrict left, std::size_t m,
                    double* __restrict out) {
  for (std::size_t k = 0; k < m; ++k) {
    const std::int64_t a = left[k];
    out[k] = linear(t[a], t[a + 1], v[a], v[a + 1], x[k]);
  }
}

// A grid of the sampling step itself (a simulated trace read at its own step): grid time k lies
// within a sample of sample k, so the samples to interpolate from start at k - 1, k or k + 1,
// picked from contiguous loads (no gathers). False, with nothing to use, when a grid time lies
// further off.
bool interpolate_aligned(const double* __restrict t, const double* __restrict v, std::size_t n,
                         const double* __restrict x, std::size_t m, double* __restrict out) {
  const std::size_t last = std::min(m, n - 2);  // k + 2 <= n - 1 below
  if (last < 2) return false;
  int off = 0;
  for (std::size_t k = 1; k < last; ++k) {
    const double xk = x[k];
    const auto [ta, tb, va, vb] = pair_near(t, v, k, xk);
    const bool down = !(t[k] < xk);
    off |= !(((ta < xk) | (down & (k == 1))) & !(tb < xk));  // t[a] < x <= t[a + 1], or a = 0
    out[k] = linear(ta, tb, va, vb, xk);
  }
  if (off) return false;
  const std::span<const double> ts(t, n), vs(v, n);
  out[0] = value_at(ts, vs, x[0], 0);
  for (std::size_t k = last; k < m; ++k) out[k] = value_at(ts, vs, x[k], k);
  return true;
}

// The values at the first `inside` grid times t_out (at most t's last), into v_out, on any grid.
void interpolate_gathered(std::span<const double> t, std::span<const double> v, double step,
                          const std::vector<double>& t_out, std::size_t inside,
                          std::vector<double>& v_out) {
  const std::size_t n = t.size();
  // Each grid time's sample guessed from the mean sampling step and corrected by one sample
  // either way, for every x at once (this vectorizes: the grid's added-up times drift around the
  // samples' in no order, so branches would be mispredicted), then checked; where a guess is
  // further off, the scan.
  thread_local std::vector<std::int64_t> left;
  left.resize(inside);
  left_samples(t.data(), n, t_out.data(), inside, step, left.data());
  int off = 0;
  for (std::size_t k = 0; k < inside; ++k) {
    const std::int64_t j = left[k];
    off |= !((j == 0) | (t[static_cast<std::size_t>(j)] < t_out[k])) |
           (t[static_cast<std::size_t>(j) + 1] < t_out[k]);
  }
  if (off) {
    std::size_t j = 0;
    for (std::size_t k = 0; k < inside; ++k) {
      while (t[j + 1] < t_out[k]) ++j;
      left[k] = static_cast<std::int64_t>(j);
    }
  }
  interpolate_at(t.data(), v.data(), t_out.data(), left.data(), inside, v_out.data());
}

}  // namespace

double value_at(std::span<const double> t, std::span<const double> v, double x, std::size_t guess) {
  const std::size_t top = t.size() - 2;
  std::size_t a = std::min(guess, top);
  while (a > 0 && !(t[a] < x)) --a;
  while (a < top && t[a + 1] < x) ++a;
  return linear(t[a], t[a + 1], v[a], v[a + 1], x);
}

Grid grid(std::span<const double> t, double step) {
  const std::size_t n = t.size();
  const auto count = static_cast<std::size_t>(std::ceil((t[n - 1] - t[0]) / step));
  // The grid's times added up one step at a time as eFEL does, so that every one equals eFEL's;
  // kept for the next trace of the same start, step and length (a protocol's lanes).
  thread_local struct {
    double t0 = 0, step = 0;
    std::size_t count = 0;
    std::vector<double> times;  // count + 1 of them
  } cache;
  if (cache.times.empty() || cache.t0 != t[0] || cache.step != step || cache.count != count) {
    cache = {t[0], step, count, std::vector<double>(count + 1)};
    double x = t[0];
    for (std::size_t k = 0; k <= count; ++k, x += step) cache.times[k] = x;
  }
  Grid g{&cache.times, count, 0};
  if (count == 0 || cache.times[count - 1] < t[n - 1]) ++g.size;  // one past the end
  g.inside = g.size;
  while (g.inside > 0 && t[n - 1] < cache.times[g.inside - 1]) --g.inside;
  if (g.inside < g.size) g.size = g.inside + 1;  // no grid point after the first past the end
  return g;
}

bool aligned(std::span<const double> t, double step) {
  const std::size_t n = t.size();
  const double ratio = step * static_cast<double>(n - 1) / (t[n - 1] - t[0]);
  return std::abs(ratio - 1) <= 1e-9;
}

void interpolate(std::span<const double> t, std::span<const double> v, double step,
                 std::vector<double>& t_out, std::vector<double>& v_out) {
  const std::size_t n = t.size();
  const Grid g = grid(t, step);
  t_out.assign(g.times->begin(), g.times->begin() + static_cast<std::ptrdiff_t>(g.size));
  v_out.resize(g.size);
  // Each grid time x from the last sample before it (t[j] < x <= t[j + 1]; j = 0 for
  // x <= t[0]), as eFEL's forward scan finds it: on a grid of the sampling step itself from
  // contiguous loads, else with gathers.
  if (!(aligned(t, step) &&
        interpolate_aligned(t.data(), v.data(), n, t_out.data(), g.inside, v_out.data())))
    interpolate_gathered(t, v, step, t_out, g.inside, v_out);
  if (g.inside < g.size) v_out[g.inside] = v[n - 1];  // held at the last sample beyond it
}

void check_samples(std::span<const double> t, std::span<const double> v) {
  if (t.size() != v.size()) throw std::invalid_argument("trace: t and V differ in length");
  if (t.size() < 3) throw std::invalid_argument("trace: fewer than 3 samples");
  // One pass without early exits (it vectorizes); the first bad sample is looked for only when
  // there is one.
  constexpr double big = std::numeric_limits<double>::max();
  int bad = !(std::fabs(t[0]) <= big) | !(std::fabs(v[0]) <= big);
  for (std::size_t i = 1; i < t.size(); ++i)
    bad |= !(std::fabs(t[i]) <= big) | !(std::fabs(v[i]) <= big) | !(t[i] > t[i - 1]);
  const bool good = bad == 0;
  for (std::size_t i = 0; !good && i < t.size(); ++i) {
    if (!std::isfinite(t[i]) || !std::isfinite(v[i]))
      throw std::invalid_argument("trace: sample " + std::to_string(i) + " is not finite");
    if (i > 0 && !(t[i] > t[i - 1]))
      throw std::invalid_argument("trace: time does not increase at sample " + std::to_string(i));
  }
}

void check_step(double interp_step) {
  if (!(interp_step > 0) || !std::isfinite(interp_step))
    throw std::invalid_argument("trace: interp_step must be > 0");
}

void check_stimulus(double stim_start, double stim_end, const Settings& s) {
  if (!(stim_start < stim_end) || !std::isfinite(stim_start) || !std::isfinite(stim_end))
    throw std::invalid_argument("trace: the stimulus must end after it starts");
  check_step(s.interp_step);
  if (s.derivative_window < 1) throw std::invalid_argument("trace: DerivativeWindow must be >= 1");
}

}  // namespace detail

TraceFeatures::TraceFeatures(std::span<const double> t, std::span<const double> v,
                             double stim_start, double stim_end, const Settings& settings)
    : stim_start_(stim_start), stim_end_(stim_end), s_(settings) {
  detail::check_samples(t, v);
  detail::check_stimulus(stim_start, stim_end, s_);
  v_ = detail::Resampled(t, v, s_.interp_step);
  t_ = v_.t();
}

TraceFeatures::TraceFeatures(const SampleTimes& times, std::span<const double> v, double stim_start,
                             double stim_end, const Settings& settings)
    : stim_start_(stim_start), stim_end_(stim_end), s_(settings) {
  detail::check_stimulus(stim_start, stim_end, s_);
  if (times.step() != s_.interp_step)
    throw std::invalid_argument("trace: the sample times' grid is not interp_step");
  v_ = detail::Resampled(times, v);
  t_ = v_.t();
}

std::int64_t TraceFeatures::first_at_or_after(double time) const {
  return std::lower_bound(t_.begin(), t_.end(), time) - t_.begin();
}

TraceFeatures::Values TraceFeatures::times_at(const Indices& indices) const {
  if (!indices) return std::nullopt;
  std::vector<double> out;
  for (auto i : *indices) out.push_back(t_[static_cast<std::size_t>(i)]);
  return out;
}

TraceFeatures::Values TraceFeatures::values_at(const Indices& indices) const {
  if (!indices) return std::nullopt;
  std::vector<double> out;
  for (auto i : *indices) out.push_back(v_[static_cast<std::size_t>(i)]);
  return out;
}

std::vector<double> TraceFeatures::get(std::string_view name) const {
  auto first = [](const Values& v, std::size_t n) -> Values {
    if (!v || v->size() < n) return std::nullopt;
    return std::vector<double>{(*v)[n - 1]};
  };
  auto last = [](const Values& v) -> Values {
    if (!v || v->empty()) return std::nullopt;
    return std::vector<double>{v->back()};
  };
  auto minus = [](Values v, double x) {
    if (v)
      for (auto& e : *v) e -= x;
    return v;
  };
  auto inverse = [](Values v) {
    if (v)
      for (auto& e : *v) e = 1000.0 / e;  // ms -> Hz
    return v;
  };
  Values r;
  if (name == "spike_count")
    r = std::vector<double>{peak_indices() ? static_cast<double>(peak_indices()->size()) : 0.0};
  else if (name == "mean_frequency")
    r = mean_frequency();
  else if (name == "time_to_first_spike")
    r = minus(first(peak_times(), 1), stim_start_);
  else if (name == "time_to_second_spike")
    r = minus(first(peak_times(), 2), stim_start_);
  else if (name == "time_to_last_spike")
    r = minus(last(peak_times()), stim_start_);
  else if (name == "inv_first_ISI")
    r = inverse(first(all_isi(), 1));
  else if (name == "inv_last_ISI")
    r = inverse(last(all_isi()));
  else if (name == "ISI_values")
    r = isi_values();
  else if (name == "ISI_CV")
    r = isi_cv();
  else if (name == "ISI_log_slope")
    r = isi_log_slope();
  else if (name == "adaptation_index2")
    r = adaptation_index2();
  else if (name == "peak_time")
    r = peak_times();
  else if (name == "peak_voltage")
    r = values_at(peak_indices());
  else if (name == "AP_amplitude")
    r = ap_amplitude();
  else if (name == "AP_begin_voltage")
    r = values_at(ap_begin_indices());
  else if (name == "spike_half_width")
    r = spike_half_width();
  else if (name == "AHP_depth_abs")
    r = values_at(min_ahp_indices());
  else if (name == "AHP_depth") {
    const Values base = voltage_base();
    r = base ? minus(values_at(min_ahp_indices()), base->front()) : std::nullopt;
  } else if (name == "voltage_base")
    r = voltage_base();
  else if (name == "steady_state_voltage_stimend")
    r = steady_state_voltage_stimend();
  else if (name == "voltage_deflection")
    r = voltage_deflection();
  else
    throw std::invalid_argument("unknown feature '" + std::string(name) + "'");
  return r ? *r : std::vector<double>{};
}

}  // namespace neurofit::ephys::efel

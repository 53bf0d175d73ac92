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

void interpolate(std::span<const double> t, std::span<const double> v, double step,
                 std::vector<double>& t_out, std::vector<double>& v_out) {
  const std::size_t n = t.size();
  const auto count = static_cast<std::size_t>(std::ceil((t[n - 1] - t[0]) / step));
  t_out.resize(count);
  double x = t[0];
  for (std::size_t k = 0; k < count; ++k) {
    t_out[k] = x;
    x += step;  // added up as eFEL does, so that every grid time equals eFEL's
  }
  if (t_out.empty() || t_out.back() < t[n - 1]) t_out.push_back(x);
  v_out.resize(t_out.size());
  // j: the last sample before the grid time (the first at or after it is j + 1). It is first
  // guessed from the mean sampling step, which is exact for evenly sampled traces, then moved.
  const double per_step = static_cast<double>(n - 1) / (t[n - 1] - t[0]) * step;
  const auto ahead = static_cast<std::size_t>(std::max(0.0, per_step - 1));
  std::size_t j = 0, k = 0;
  for (; k < t_out.size(); ++k) {
    const double xi = t_out[k];
    std::size_t g = std::min(j + ahead, n - 1);  // a guess at or before the answer
    while (g > j && !(t[g] < xi)) --g;
    j = g;
    while (j + 1 < n && t[j + 1] < xi) ++j;
    if (j + 1 == n) {  // past the last sample: its value, and no grid point after
      v_out[k++] = v[j];
      break;
    }
    const double slope = (v[j + 1] - v[j]) / (t[j + 1] - t[j]);
    v_out[k] = v[j] + slope * (xi - t[j]);
  }
  t_out.resize(k);
  v_out.resize(k);
}

std::vector<double> derivative(const std::vector<double>& t, const std::vector<double>& v) {
  const std::size_t n = v.size();
  auto central = [n](const std::vector<double>& y, std::size_t i) {
    if (i == 0) return y[1] - y[0];
    if (i == n - 1) return y[n - 1] - y[n - 2];
    return (y[i + 1] - y[i - 1]) / 2;
  };
  std::vector<double> d(n);
  for (std::size_t i = 0; i < n; ++i) d[i] = central(v, i) / central(t, i);
  return d;
}

std::int64_t first_local_minimum(const std::vector<double>& v, std::int64_t first,
                                 std::int64_t last) {
  if (first == last) return last;
  std::int64_t lowest = first, running = first;
  int not_lower = 0;
  for (std::int64_t k = first + 1; k < last; ++k) {
    const auto i = static_cast<std::size_t>(k);
    if (v[i] < v[static_cast<std::size_t>(lowest)]) lowest = k;
    if (v[i] >= v[static_cast<std::size_t>(running)]) {
      if (++not_lower == 2) return running;
    } else {
      not_lower = 0;
      running = k;
    }
  }
  return lowest;
}

}  // namespace detail

TraceFeatures::TraceFeatures(std::span<const double> t, std::span<const double> v,
                             double stim_start, double stim_end, const Settings& settings)
    : stim_start_(stim_start), stim_end_(stim_end), s_(settings) {
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
  if (!(stim_start < stim_end) || !std::isfinite(stim_start) || !std::isfinite(stim_end))
    throw std::invalid_argument("trace: the stimulus must end after it starts");
  if (!(s_.interp_step > 0) || !std::isfinite(s_.interp_step))
    throw std::invalid_argument("trace: interp_step must be > 0");
  if (s_.derivative_window < 1) throw std::invalid_argument("trace: DerivativeWindow must be >= 1");
  detail::interpolate(t, v, s_.interp_step, t_, v_);
}

std::int64_t TraceFeatures::first_at_or_after(double time) const {
  std::size_t i = 0;
  while (i < t_.size() && t_[i] < time) ++i;
  return static_cast<std::int64_t>(i);
}

TraceFeatures::Values TraceFeatures::at(const Indices& indices,
                                        const std::vector<double>& of) const {
  if (!indices) return std::nullopt;
  std::vector<double> out;
  for (auto i : *indices) out.push_back(of[static_cast<std::size_t>(i)]);
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
    r = at(peak_indices(), v_);
  else if (name == "AP_amplitude")
    r = ap_amplitude();
  else if (name == "AP_begin_voltage")
    r = at(ap_begin_indices(), v_);
  else if (name == "spike_half_width")
    r = spike_half_width();
  else if (name == "AHP_depth_abs")
    r = at(min_ahp_indices(), v_);
  else if (name == "AHP_depth") {
    const Values base = voltage_base();
    r = base ? minus(at(min_ahp_indices(), v_), base->front()) : std::nullopt;
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

#pragma once
// Features of a voltage trace under eFEL's names, with eFEL 5.7's definitions and default
// settings (docs: README "Features of a trace"), so that the values equal eFEL's
// get_feature_values on the same trace. The trace is first resampled as eFEL resamples it
// (linear interpolation on a grid of interp_step, the grid's times accumulated step by step as
// eFEL's are), and every feature is computed on the resampled trace.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neurofit/ephys/efel_resampled.hpp"

namespace neurofit::ephys::efel {

// eFEL's settings that these features read, with eFEL's defaults (its setting names in brackets).
struct Settings {
  double threshold = -20.0;              // [Threshold] mV: a spike crosses it up and down again
  double derivative_threshold = 10.0;    // [DerivativeThreshold] mV/ms: the AP begins above it
  int derivative_window = 3;             // [DerivativeWindow] samples that stay above it
  double interp_step = 0.1;              // [interp_step] ms: the resampling step
  double voltage_base_start_perc = 0.9;  // [voltage_base_start_perc] x stim_start: rest from
  double voltage_base_end_perc = 1.0;    // [voltage_base_end_perc] x stim_start: rest to
  bool voltage_base_median = false;      // [voltage_base_mode] median instead of mean
  bool ignore_first_isi = true;          // [ignore_first_ISI] in ISI_values, ISI_CV, ISI_log_slope
  bool strict_stiminterval = false;  // [strict_stiminterval] spikes and AHPs in the stimulus only
};

struct FeatureInfo {
  std::string_view name;  // eFEL's
  std::string_view unit;  // "" for counts and ratios
  bool per_spike;         // one value per spike (or per AHP), else one value
};
inline constexpr std::array<FeatureInfo, 21> features{{
    {"spike_count", "", false},
    {"mean_frequency", "Hz", false},
    {"time_to_first_spike", "ms", false},
    {"time_to_second_spike", "ms", false},
    {"time_to_last_spike", "ms", false},
    {"inv_first_ISI", "Hz", false},
    {"inv_last_ISI", "Hz", false},
    {"ISI_values", "ms", true},
    {"ISI_CV", "", false},
    {"ISI_log_slope", "", false},
    {"adaptation_index2", "", false},
    {"peak_time", "ms", true},
    {"peak_voltage", "mV", true},
    {"AP_amplitude", "mV", true},
    {"AP_begin_voltage", "mV", true},
    {"spike_half_width", "ms", true},
    {"AHP_depth_abs", "mV", true},
    {"AHP_depth", "mV", true},
    {"voltage_base", "mV", false},
    {"steady_state_voltage_stimend", "mV", false},
    {"voltage_deflection", "mV", false},
}};
// The feature of that name, or nullptr.
const FeatureInfo* find_feature(std::string_view name);

// One trace and its features, each computed when first asked for and kept.
class TraceFeatures {
 public:
  // t [ms] strictly increasing and v [mV], at least 3 finite samples of each; the stimulus from
  // stim_start to stim_end [ms] (stim_start < stim_end). Throws std::invalid_argument otherwise.
  // Resamples the whole trace.
  TraceFeatures(std::span<const double> t, std::span<const double> v, double stim_start,
                double stim_end, const Settings& settings = {});
  // V sampled at `times` (its step the settings' interp_step; times and v must outlive it):
  // resampled only where the features read it when the grid is the sampling step (a simulated
  // sweep read at its own step), with the same values bit for bit. Throws as above.
  TraceFeatures(const SampleTimes& times, std::span<const double> v, double stim_start,
                double stim_end, const Settings& settings = {});

  // The feature's values as eFEL's get_feature_values gives them: one per spike (or AHP) for
  // per-spike features, one for the others; empty where eFEL gives none. Throws
  // std::invalid_argument for a name find_feature() does not know.
  std::vector<double> get(std::string_view name) const;

  // The resampled trace's times.
  std::span<const double> t() const { return v_.t(); }

 private:
  using Indices = std::optional<std::vector<std::int64_t>>;
  using Values = std::optional<std::vector<double>>;

  // Spike events (efel_spikes.cpp).
  const Indices& peak_indices() const;
  Values peak_times() const;
  Values all_isi() const;
  Values isi_values() const;
  Values mean_frequency() const;
  Values isi_cv() const;
  Values isi_log_slope() const;
  Values adaptation_index2() const;
  // Spike shape (efel_shape.cpp).
  const Indices& min_ahp_indices() const;
  const Indices& ap_begin_indices() const;
  double dvdt(std::int64_t k) const;
  Values ap_amplitude() const;
  Values spike_half_width() const;
  // Subthreshold (efel_subthreshold.cpp).
  Values voltage_base() const;
  Values steady_state_voltage_stimend() const;
  Values voltage_deflection() const;

  Values times_at(const Indices& indices) const;
  Values values_at(const Indices& indices) const;
  std::int64_t first_at_or_after(double time) const;  // first sample with t >= time, or size

  double stim_start_, stim_end_;
  Settings s_;
  detail::Resampled v_;                                      // the resampled trace
  std::span<const double> t_;                                // its times
  mutable std::optional<Indices> peaks_, ahps_, ap_begins_;  // computed once
};

namespace detail {
// eFEL's linear interpolation at x between the samples (ta, va) and (tb, vb), in its order of
// operations (every resampling path gives eFEL's values bit for bit through it).
inline double linear(double ta, double tb, double va, double vb, double x) {
  const double slope = (vb - va) / (tb - ta);
  return va + slope * (x - ta);
}
// The two samples eFEL interpolates at grid time x, for x within a sample of sample k
// (t[k-1] < x <= t[k+2]): from sample k - 1, k or k + 1, picked from contiguous loads so that a
// loop over k vectorizes.
struct SamplePair {
  double ta, tb, va, vb;
};
inline SamplePair pair_near(const double* t, const double* v, std::size_t k, double x) {
  const bool down = !(t[k] < x), up = !down & (t[k + 1] < x);
  return {down ? t[k - 1]
          : up ? t[k + 1]
               : t[k],
          down ? t[k]
          : up ? t[k + 2]
               : t[k + 1],
          down ? v[k - 1]
          : up ? v[k + 1]
               : v[k],
          down ? v[k]
          : up ? v[k + 2]
               : v[k + 1]};
}
// eFEL's resampling grid of a trace (Utils.cpp LinearInterpolation): grid times start at t[0]
// and grow by `step` added up one at a time, ceil((t_last - t_0) / step) of them plus one past
// the end where the grid falls short of t_last. times: those times and one more (kept for the
// next trace of the same start, step and length, on this thread); size: the resampled trace's
// length; inside: its grid times up to t_last (size - inside is 0 or 1).
struct Grid {
  const std::vector<double>* times;
  std::size_t size, inside;
};
Grid grid(std::span<const double> t, double step);
// The resampled value at grid time x (x <= t's last): interpolated from the last sample before
// it (t[a] < x <= t[a + 1], a = 0 for x <= t[0]), found by walking from sample `guess`.
double value_at(std::span<const double> t, std::span<const double> v, double x, std::size_t guess);
// eFEL's peaks from its threshold crossings (up: the first sample above after one below; down:
// the other way round): down-crossings before the first up-crossing are dropped (the trace starts
// above), and so is an up-crossing without a down-crossing after it; each peak is the first
// highest value from an up-crossing to its down-crossing (first_highest(up, down); the
// up-crossing itself where the down-crossing comes first).
template <class FirstHighest>
std::vector<std::int64_t> peaks_of_crossings(const std::vector<std::int64_t>& up,
                                             std::vector<std::int64_t> down,
                                             FirstHighest first_highest) {
  std::size_t skip = 0;
  while (!up.empty() && skip < down.size() && down[skip] < up.front()) ++skip;
  down.erase(down.begin(), down.begin() + static_cast<std::ptrdiff_t>(skip));
  std::vector<std::int64_t> peaks;
  for (std::size_t k = 0; k < std::min(up.size(), down.size()); ++k)
    peaks.push_back(down[k] > up[k] ? first_highest(up[k], down[k]) : up[k]);
  return peaks;
}
// Whether a grid of `step` is the trace's own sampling step (to 1e-9).
bool aligned(std::span<const double> t, double step);
// The resampled trace: V interpolated linearly at the grid times, held at the last sample beyond
// it.
void interpolate(std::span<const double> t, std::span<const double> v, double step,
                 std::vector<double>& t_out, std::vector<double>& v_out);
// TraceFeatures' checks of its input; each throws std::invalid_argument with the first problem.
void check_samples(std::span<const double> t, std::span<const double> v);
void check_step(double interp_step);
void check_stimulus(double stim_start, double stim_end, const Settings& s);
// eFEL's first_min_element: the first local minimum of v in [first, last) (a running minimum
// followed by two samples not below it), else the first global minimum; `last` when empty.
template <class Trace>
std::int64_t first_local_minimum(const Trace& v, std::int64_t first, std::int64_t last) {
  if (first == last) return last;
  std::int64_t lowest = first, running = first;
  double low = v[static_cast<std::size_t>(first)], run = low;
  int not_lower = 0;
  for (std::int64_t k = first + 1; k < last; ++k) {
    const double x = v[static_cast<std::size_t>(k)];
    if (x < low) {
      lowest = k;
      low = x;
    }
    if (x >= run) {
      if (++not_lower == 2) return running;
    } else {
      not_lower = 0;
      running = k;
      run = x;
    }
  }
  return lowest;
}
}  // namespace detail

}  // namespace neurofit::ephys::efel

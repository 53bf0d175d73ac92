#pragma once
// Current-clamp stimuli: sums of current steps. A step of amplitude I "from t_on to t_off" is on
// for t_on <= t < t_off, and the Euler step from sample i uses the current at t = i dt.
#include <cstdint>
#include <string>
#include <vector>

namespace neurofit::sim {

struct CurrentStep {
  double amplitude;  // [pA]
  double start;      // [ms]
  double end;        // [ms]
};

// Step times beyond this are refused: sample indices must fit in 64 bits with any dt >= 1e-6 ms.
inline constexpr double max_time = 1e12;  // [ms]

struct Stimulus {
  std::vector<CurrentStep> steps;

  double current_at(double t) const;  // [pA]
  // "" when every step has finite values, |times| <= max_time and start < end, else what is
  // wrong ("step N ...").
  std::string check() const;
};

// Index of the first sample i with i*dt >= t (times that are whole multiples of dt, up to
// rounding, map to that multiple).
std::int64_t first_sample_at_or_after(double t, double dt);

// The time of sample i as trace files give it: i dt written with 12 significant digits, and that
// text's value. `neurofit simulate --trace` writes it; protocols read their sweeps at these times,
// so that a sweep and its trace file give the same features.
std::string sample_time_text(std::int64_t i, double dt);
double sample_time(std::int64_t i, double dt);

// Parses "AMP_pA:START_ms:END_ms"; throws std::invalid_argument naming the text on a bad form.
CurrentStep parse_step(const std::string& text);

}  // namespace neurofit::sim

#include "neurofit/sim/stimulus.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "neurofit/errors.hpp"

namespace neurofit::sim {

double Stimulus::current_at(double t) const {
  double sum = 0.0;
  for (const auto& s : steps)
    if (s.start <= t && t < s.end) sum += s.amplitude;
  return sum;
}

std::string Stimulus::check() const {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& s = steps[i];
    if (!std::isfinite(s.amplitude) || !std::isfinite(s.start) || !std::isfinite(s.end))
      return "step " + std::to_string(i + 1) + " has a value that is not a finite number";
    if (std::fabs(s.start) > max_time || std::fabs(s.end) > max_time)
      return "step " + std::to_string(i + 1) + " has a time beyond 1e12 ms";
    if (!(s.start < s.end)) return "step " + std::to_string(i + 1) + " must start before it ends";
  }
  return {};
}

std::int64_t first_sample_at_or_after(double t, double dt) {
  return static_cast<std::int64_t>(std::ceil(t / dt - 1e-9));
}

std::string sample_time_text(std::int64_t i, double dt) {
  char text[32];
  std::snprintf(text, sizeof text, "%.12g", static_cast<double>(i) * dt);
  return text;
}

double sample_time(std::int64_t i, double dt) {
  return std::strtod(sample_time_text(i, dt).c_str(), nullptr);
}

CurrentStep parse_step(const std::string& text) {
  const auto malformed = [&](const std::string& why) {  // bad --step text
    return InputError(option("--step"), "malformed step '" + text + "': " + why);
  };
  const std::string form = "expected AMP_pA:START_ms:END_ms";
  std::vector<std::string> parts(1);
  for (char ch : text) {
    if (ch == ':')
      parts.emplace_back();
    else
      parts.back() += ch;
  }
  if (parts.size() != 3) throw malformed(form);
  double v[3];
  for (int i = 0; i < 3; ++i) {
    std::size_t used = 0;
    try {
      v[i] = std::stod(parts[i], &used);
    } catch (const std::exception&) {
      throw malformed(form);
    }
    if (used != parts[i].size() || !std::isfinite(v[i])) throw malformed(form);
  }
  if (!(v[1] < v[2])) throw malformed("START must be before END");
  if (std::fabs(v[1]) > max_time || std::fabs(v[2]) > max_time)
    throw malformed("times must lie within 1e12 ms");
  return {v[0], v[1], v[2]};
}

}  // namespace neurofit::sim

#include "neurofit/model/izhikevich2007.hpp"

#include "neurofit/model/checks.hpp"

namespace neurofit::model {

std::string Izhikevich2007::check(const double* p) {
  if (auto msg = check_finite(p, parameters); !msg.empty()) return msg;
  if (!(p[vpeak] < max_abs_voltage))
    return "vpeak must be below 1e6 mV";  // above it a state would fail before it spikes
  if (!(p[C] > 0)) return "C must be > 0 pF";
  if (!(p[a] >= 0)) return "a must be >= 0 1/ms";
  if (!(p[c] < p[vpeak])) return "reset c must lie below vpeak";
  return {};
}

}  // namespace neurofit::model

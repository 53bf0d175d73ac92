#include "neurofit/model/lif.hpp"

#include "neurofit/model/checks.hpp"

namespace neurofit::model {

std::string Lif::check(const double* p) {
  if (auto msg = check_finite(p, parameters); !msg.empty()) return msg;
  if (!(p[V_th] < max_abs_voltage))
    return "V_th must be below 1e6 mV";  // above it a state would fail before it spikes
  if (!(p[C] > 0)) return "C must be > 0 pF";
  if (!(p[gL] > 0)) return "gL must be > 0 nS";
  if (!(p[t_ref] >= 0)) return "t_ref must be >= 0 ms";
  if (!(p[V_reset] < p[V_th])) return "V_reset must lie below V_th";
  return {};
}

}  // namespace neurofit::model

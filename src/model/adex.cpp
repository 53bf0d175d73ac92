#include "neurofit/model/adex.hpp"

#include "neurofit/model/checks.hpp"

namespace neurofit::model {

std::string Adex::check(const double* p) {
  if (auto msg = check_finite(p, parameters); !msg.empty()) return msg;
  if (!(p[V_peak] < max_abs_voltage))
    return "V_peak must be below 1e6 mV";  // above it a state would fail before it spikes
  if (!(p[C] > 0)) return "C must be > 0 pF";
  if (!(p[gL] > 0)) return "gL must be > 0 nS";
  if (!(p[DeltaT] > 0)) return "DeltaT must be > 0 mV";
  if (!(p[tau_w] > 0)) return "tau_w must be > 0 ms";
  if (!(p[V_reset] < p[V_peak])) return "V_reset must lie below V_peak";
  if (!((p[V_peak] - p[VT]) / p[DeltaT] < max_exp_argument))
    return "(V_peak - VT)/DeltaT must be below 663.7, or exp() overflows";
  return {};
}

}  // namespace neurofit::model

#pragma once
// Leaky integrate-and-fire:
//   C dV/dt = -gL (V - EL) + I
//   if V >= V_th: V <- V_reset, held there for t_ref
// Below threshold a current step has the closed form V(t) = EL + I/gL (1 - exp(-t gL/C)).
// The spike sample is recorded as V_th (the model has no separate peak).
//
// | parameter | unit | default bounds | meaning                        |
// |-----------|------|----------------|--------------------------------|
// | C         | pF   | 20 .. 400      | membrane capacitance           |
// | gL        | nS   | 2 .. 40        | leak conductance               |
// | EL        | mV   | -80 .. -55     | leak reversal (rest) potential |
// | V_th      | mV   | -60 .. -35     | spike threshold                |
// | V_reset   | mV   | -80 .. -50     | reset potential                |
// | t_ref     | ms   | 0 .. 5         | absolute refractory period     |
// Bounds: the ranges of cortical cells' passive properties (Rin 25-500 MOhm, tau 1-200 ms).
// Reference values: NEST's iaf_psc_alpha defaults (C_m 250 pF, tau_m 10 ms, E_L -70, V_th -55).
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "neurofit/model/parameter.hpp"
#include "neurofit/model/step_arrays.hpp"

namespace neurofit::model {

struct Lif {
  static constexpr std::string_view name = "lif";
  static constexpr double relative_cost = 0.5;  // bench_ne8: 6,603 vs 3,510 evaluations/s
  enum Param { C, gL, EL, V_th, V_reset, t_ref, n_params };
  enum Derived { dt_over_C = n_params, ref_steps, n_rows };
  static constexpr int spike_sample = V_th;  // the parameter a spike step records as its sample
  static constexpr std::array<ParameterSpec, n_params> parameters{{
      {"C", "pF", 250, 20, 400, "membrane capacitance"},
      {"gL", "nS", 25, 2, 40, "leak conductance"},
      {"EL", "mV", -70, -80, -55, "leak reversal potential"},
      {"V_th", "mV", -55, -60, -35, "spike threshold"},
      {"V_reset", "mV", -70, -80, -50, "reset potential"},
      {"t_ref", "ms", 2, 0, 5, "absolute refractory period"},
  }};
  static constexpr std::array<std::string_view, 2> state_names{"V", "refractory_steps"};

  static void rest_state(const double* p, double* s) {
    s[0] = p[EL];
    s[1] = 0.0;
  }
  static std::string check(const double* p);

  // Proof of settling under a constant current: V - V_inf shrinks by |1 - dt gL/C| < 1 each
  // step (V_inf = EL + I/gL), so a lane out of its refractory period with V_inf + |V - V_inf|
  // below V_th (by a margin far above rounding) never reaches V_th again.
  static constexpr int n_settle = 3;
  static void settle_prepare(const double* p, double current, double* aux) {
    const double factor = 1 - p[dt_over_C] * p[gL];
    const double v_inf = p[EL] + current / p[gL];
    aux[0] = std::fabs(factor) < 1 - 1e-9 && v_inf < p[V_th] ? 1.0 : 0.0;
    aux[1] = v_inf;
    aux[2] = p[V_th] - 1e-6;
  }
  static bool settled(const double* aux, const double* state) {
    return aux[0] == 1.0 && state[1] < 0.5 && aux[1] + std::fabs(state[0] - aux[1]) < aux[2];
  }

  static void derive(double dt, const double* const* p, double* const* rows, int n) {
    for (int l = 0; l < n; ++l) {
      rows[dt_over_C][l] = dt / p[C][l];
      rows[ref_steps][l] = std::round(p[t_ref][l] / dt);
    }
  }

  // One forward-Euler step of lanes [0, n); returns how many lanes spiked (see Izhikevich2007).
  // kCheck false: without the failure test, for steps that cannot_fail proved safe.
  template <bool kRecord, bool kCheck = true>
  static std::int64_t step(const StepArrays& s, int n) {
    const double* __restrict pgL = s.param[gL];
    const double* __restrict pEL = s.param[EL];
    const double* __restrict pth = s.param[V_th];
    const double* __restrict preset = s.param[V_reset];
    const double* __restrict pdtc = s.param[dt_over_C];
    const double* __restrict pref = s.param[ref_steps];
    double* __restrict V = s.state[0];
    double* __restrict r = s.state[1];
    const double* __restrict cur = s.current;
    double* __restrict vs = s.v_sample;
    std::int64_t* __restrict spk = s.spiked;
    // Spikes are counted per lane position and summed once at the end: a horizontal sum in
    // every lane group costs as much as the model's arithmetic.
    std::int64_t count[lane_width] = {};
    // n is a multiple of lane_width: the inner loop of fixed length becomes whole vectors.
    for (int l0 = 0; l0 < n; l0 += lane_width) {
#pragma GCC ivdep
      for (int l = l0; l < l0 + lane_width; ++l) {
        const double V0 = V[l], r0 = r[l];
        const double th = pth[l], reset = preset[l], ref = pref[l];  // loaded unconditionally
        const bool held = r0 > 0.5;
        const double free_V = std::fma(pdtc[l], std::fma(-pgL[l], V0 - pEL[l], cur[l]), V0);
        const double Vn = held ? reset : free_V;
        const bool fire = Vn >= th;
        const double V1 = fire ? reset : Vn;
        const double r1 = fire ? ref : (held ? r0 - 1.0 : r0);
        if constexpr (kRecord) vs[l] = Vn;  // before the spike rule, as Izhikevich2007::step
        if constexpr (kCheck) {
          const bool ok = V1 > -max_abs_voltage;  // below V_th < 1e6 by the check; NaN: false
          V[l] = ok ? V1 : failed_voltage;        // NaN: the lane stays failed
        } else {
          V[l] = V1;
        }
        r[l] = r1;
        const std::int64_t f = fire ? 1 : 0;
        spk[l] = f;
        count[l - l0] += f;
      }
    }
    std::int64_t total = 0;
    for (auto c : count) total += c;
    return total;
  }

  // As Izhikevich2007::cannot_fail, for any number of steps: with 0 < dt gL/C <= 1 a free step
  // moves V towards EL + I/gL without passing it, so V never falls below
  // min(V0, V_reset, EL + I/gL).
  static bool cannot_fail(const StepArrays& s, int n, std::int64_t) {
    int all = 1;
    for (int l = 0; l < n; ++l) {
      const double g = s.param[gL][l], dtc = s.param[dt_over_C][l];
      const double v_inf = s.param[EL][l] + s.current[l] / g;
      const double bottom = std::min(std::min(s.state[0][l], s.param[V_reset][l]), v_inf);
      all &= (g > 0) & (dtc * g > 0) & (dtc * g <= 1) & (bottom > -0.1 * max_abs_voltage);
    }
    return all != 0;
  }
};

}  // namespace neurofit::model

#pragma once
// Adaptive exponential integrate-and-fire (Brette & Gerstner 2005):
//   C dV/dt     = -gL (V - EL) + gL DeltaT exp((V - VT)/DeltaT) - w + I
//   tau_w dw/dt = a (V - EL) - w
//   if V >= V_peak: V <- V_reset, w <- w + b
// The right-hand side is evaluated with V clamped at V_peak (as NEST does), so exp() cannot
// overflow; a step whose new V reaches V_peak is a spike however far Euler overshoots.
// Rest state V = EL, w = 0 (not an exact fixed point: the exponential term is small, not zero).
//
// | parameter | unit | default bounds | meaning                                    |
// |-----------|------|----------------|--------------------------------------------|
// | C         | pF   | 50 .. 400      | membrane capacitance                       |
// | gL        | nS   | 2 .. 40        | leak conductance                           |
// | EL        | mV   | -80 .. -55     | leak reversal potential                    |
// | VT        | mV   | -55 .. -40     | threshold slope factor's centre            |
// | DeltaT    | mV   | 0.5 .. 5       | slope factor (sharpness of spike onset)    |
// | a         | nS   | -12 .. 12      | subthreshold adaptation                    |
// | tau_w     | ms   | 10 .. 400      | adaptation time constant                   |
// | b         | pA   | 0 .. 150       | spike-triggered adaptation                 |
// | V_reset   | mV   | -70 .. -40     | reset potential                            |
// | V_peak    | mV   | -20 .. 40      | spike cut-off                              |
// Bounds: a box around NEST's default and the Naud et al. (2008) firing patterns (a from -11 to
// 10, tau_w 30-300, b 0-120, V_reset -58 to -46), widened so that each lies well inside.
// Reference values: NEST's aeif_cond_exp defaults (V_peak 0 mV).
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "neurofit/model/parameter.hpp"
#include "neurofit/model/stability.hpp"
#include "neurofit/model/step_arrays.hpp"
#include "neurofit/vec_math.hpp"

namespace neurofit::model {

struct Adex {
  static constexpr std::string_view name = "adex";
  // Time of an evaluation relative to Izhikevich's (build/bench/bench_ne8 on the 2-core
  // development machine: 722 vs 3,510 evaluations/s); a campaign hands out its costliest tasks
  // first.
  static constexpr double relative_cost = 4.9;
  enum Param { C, gL, EL, VT, DeltaT, a, tau_w, b, V_reset, V_peak, n_params };
  enum Derived { dt_over_C = n_params, gL_DeltaT, inv_DeltaT, dt_over_tau_w, n_rows };
  static constexpr int spike_sample = V_peak;  // the parameter a spike step records as its sample
  static constexpr std::array<ParameterSpec, n_params> parameters{{
      {"C", "pF", 281, 50, 400, "membrane capacitance"},
      {"gL", "nS", 30, 2, 40, "leak conductance"},
      {"EL", "mV", -70.6, -80, -55, "leak reversal potential"},
      {"VT", "mV", -50.4, -55, -40, "threshold potential of the exponential term"},
      {"DeltaT", "mV", 2, 0.5, 5, "slope factor of the exponential term"},
      {"a", "nS", 4, -12, 12, "subthreshold adaptation conductance"},
      {"tau_w", "ms", 144, 10, 400, "adaptation time constant"},
      {"b", "pA", 80.5, 0, 150, "spike-triggered adaptation current"},
      {"V_reset", "mV", -60, -70, -40, "reset potential"},
      {"V_peak", "mV", 0, -20, 40, "spike cut-off potential"},
  }};
  static constexpr std::array<std::string_view, 2> state_names{"V", "w"};
  // NEST's limit: exp((V_peak - VT)/DeltaT) must stay far below DBL_MAX; ln(DBL_MAX / 1e20).
  static constexpr double max_exp_argument = 663.7;

  static void rest_state(const double* p, double* s) {
    s[0] = p[EL];
    s[1] = 0.0;
  }
  static std::string check(const double* p);

  // Proof of settling under a constant current (see stability.hpp): the lower root of
  //   g(V) = -(gL + a)(V - EL) + gL DeltaT exp((V - VT)/DeltaT) + I,  w = a (V - EL),
  // (g is convex with its minimum at VT + DeltaT ln((gL + a)/gL)), the Jacobian there, and the
  // exponential's Taylor remainder (dt/C) gL/(2 DeltaT) exp((V* + E - VT)/DeltaT) e_v^2; and
  // the box of settle_box.hpp around the root.
  static constexpr int n_settle = settle_values;
  static void settle_prepare(const double* p, double current, double* aux) {
    SettleRegion region;
    SettleBox box;
    const double g_total = p[gL] + p[a], dT = p[DeltaT];
    auto g = [&](double v) {
      return -g_total * (v - p[EL]) + p[gL] * dT * std::exp((v - p[VT]) / dT) + current;
    };
    if (g_total > 0) {
      const double v_min = p[VT] + dT * std::log(g_total / p[gL]);
      if (g(v_min) < 0 && v_min < p[V_peak]) {
        double v = v_min - 1;
        for (int i = 0; i < 200 && g(v) <= 0; ++i) v -= 2 * (v_min - v);
        // Newton from the left of the root: g is convex and decreasing there, so it converges
        // monotonically without overshooting.
        for (int i = 0; i < 100; ++i) {
          const double slope = -g_total + p[gL] * std::exp((v - p[VT]) / dT);
          const double next = v - g(v) / slope;
          if (!(next > v)) break;
          v = next;
        }
        const double dtc = p[dt_over_C], dtw = p[dt_over_tau_w];
        const Matrix2 A{1 + dtc * (-p[gL] + p[gL] * std::exp((v - p[VT]) / dT)), -dtc, dtw * p[a],
                        1 - dtw};
        region = settle_region(
            v, p[a] * (v - p[EL]), A, p[V_peak], [&](double E, const Form2& X, double extent2) {
              const double curvature = p[gL] / dT * std::exp((v + E - p[VT]) / dT);
              return dtc * 0.5 * curvature * std::sqrt(X.xx) * extent2;
            });
        box = box_around(p, current, v, v_min);
      }
    }
    pack(region, box, aux);
  }
  // h is the V-nullcline; g's upper root lies below 2 v_min - v, as g rises faster right of its
  // minimum than left: g(v_min + d) - g(v_min - d) = 2 (gL + a) (DeltaT sinh(d/DeltaT) - d) >= 0.
  static SettleBox box_around(const double* p, double current, double v, double v_min) {
    const double dtc = p[dt_over_C], dtw = p[dt_over_tau_w];
    // V + dtc h(V) increases (its slope exceeds 1 - dtc gL), as settle_box needs.
    if (!(dtc * p[gL] < 1 && dtw > 0 && dtw <= 1)) return {};
    const auto h = [&](double x) {
      return -p[gL] * (x - p[EL]) + p[gL] * p[DeltaT] * std::exp((x - p[VT]) / p[DeltaT]) + current;
    };
    return settle_box({dtc, dtw, p[a], p[EL]}, h, v, 2 * v_min - v, v - 200, p[V_peak]);
  }
  static bool settled(const double* aux, const double* state) {
    return inside(aux, state[0], state[1]);
  }

  static void derive(double dt, const double* const* p, double* const* rows, int n) {
    for (int l = 0; l < n; ++l) {
      rows[dt_over_C][l] = dt / p[C][l];
      rows[gL_DeltaT][l] = p[gL][l] * p[DeltaT][l];
      rows[inv_DeltaT][l] = 1.0 / p[DeltaT][l];
      rows[dt_over_tau_w][l] = dt / p[tau_w][l];
    }
  }

  // One forward-Euler step of lanes [0, n); returns how many lanes spiked (see Izhikevich2007).
  // kCheck false: without the failure test, for steps that cannot_fail proved safe.
  template <bool kRecord, bool kCheck = true>
  static std::int64_t step(const StepArrays& s, int n) {
    const double* __restrict pgL = s.param[gL];
    const double* __restrict pEL = s.param[EL];
    const double* __restrict pVT = s.param[VT];
    const double* __restrict pa = s.param[a];
    const double* __restrict pb = s.param[b];
    const double* __restrict preset = s.param[V_reset];
    const double* __restrict ppeak = s.param[V_peak];
    const double* __restrict pdtc = s.param[dt_over_C];
    const double* __restrict pgd = s.param[gL_DeltaT];
    const double* __restrict pinvd = s.param[inv_DeltaT];
    const double* __restrict pdtw = s.param[dt_over_tau_w];
    double* __restrict V = s.state[0];
    double* __restrict w = s.state[1];
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
        const double V0 = V[l], w0 = w[l];
        const double peak = ppeak[l], reset = preset[l], jump = pb[l];  // loaded unconditionally
        // Without the test the clamp is the identity: cannot_fail proved V and V_reset below
        // V_peak, so every step leaves V below it.
        const double Vc = kCheck ? (V0 < peak ? V0 : peak) : V0;
        const double spike_current = pgd[l] * exp_clamped((Vc - pVT[l]) * pinvd[l]);
        const double dV = Vc - pEL[l];
        const double Vn = std::fma(pdtc[l], std::fma(-pgL[l], dV, spike_current - w0 + cur[l]), V0);
        const double wn = std::fma(pdtw[l], std::fma(pa[l], dV, -w0), w0);
        const bool fire = Vn >= peak;
        const double V1 = fire ? reset : Vn;
        const double w1 = fire ? wn + jump : wn;
        // In range, as in Izhikevich2007::step (w turns NaN only after |w| >= 1e9).
        if constexpr (kRecord) vs[l] = Vn;  // before the spike rule, as Izhikevich2007::step
        if constexpr (kCheck) {
          const bool ok = std::max(-V1 - max_abs_voltage, std::fabs(w1) - max_abs_recovery) < 0.0;
          V[l] = ok ? V1 : failed_voltage;  // NaN: the lane stays failed
        } else {
          V[l] = V1;
        }
        w[l] = w1;
        const std::int64_t f = fire ? 1 : 0;
        spk[l] = f;
        count[l - l0] += f;
      }
    }
    std::int64_t total = 0;
    for (auto c : count) total += c;
    return total;
  }

  // As Izhikevich2007::cannot_fail. The leak and adaptation see V clamped at V_peak, and the
  // exponential term only raises V (however far: a step to V_peak or beyond is a spike). So while
  // V >= G, a (min(V, V_peak) - EL) lies between its values at G and at V_peak, w stays within
  // [w_lo, w_hi], and V falls at most dt/C (gL (V_peak - EL) - I + w_hi) per step unless reset.
  // It also asks for V and V_reset below V_peak: then V stays below it after every step, and the
  // step without the test may leave out the clamp.
  static bool cannot_fail(const StepArrays& s, int n, std::int64_t steps) {
    const double N = static_cast<double>(steps);
    int all = 1;
    for (int l = 0; l < n; ++l) {
      const double V0 = s.state[0][l], w0 = s.state[1][l], I = s.current[l];
      const double g = s.param[gL][l], E = s.param[EL][l], peak = s.param[V_peak][l];
      const double dtc = s.param[dt_over_C][l], dtw = s.param[dt_over_tau_w][l];
      const double aa = s.param[a][l], jump = s.param[b][l], reset = s.param[V_reset][l];
      const double low = std::min(V0, reset), v_floor = low - 2e4;
      const double at_peak = aa * (peak - E), at_floor = aa * (v_floor - E);
      const double w_hi = std::max(w0, std::max(at_peak, at_floor)) + N * (jump > 0 ? jump : 0.0);
      const double w_lo = std::min(w0, std::min(at_peak, at_floor)) + N * (jump < 0 ? jump : 0.0);
      const double fall = dtc * (g * (peak - E) - I + w_hi);  // negative: no fall
      const double bottom = low - N * (fall > 0 ? fall : 0.0);
      all &= (V0 < peak) & (reset < peak) & (g >= 0) & (s.param[gL_DeltaT][l] >= 0) & (dtc > 0) &
             (dtw >= 0) & (dtw <= 1) & (bottom >= v_floor) & (bottom > -0.1 * max_abs_voltage) &
             (w_hi < 0.1 * max_abs_recovery) & (w_lo > -0.1 * max_abs_recovery);
    }
    return all != 0;
  }
};

}  // namespace neurofit::model

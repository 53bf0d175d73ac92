#pragma once
// Izhikevich (2007) simple model, "Dynamical Systems in Neuroscience", chapter 8:
//   C dv/dt = k (v - vr)(v - vt) - u + I
//   du/dt   = a (b (v - vr) - u)
//   if v >= vpeak: v <- c, u <- u + d
// Rest state v = vr, u = 0 is an exact fixed point at I = 0.
//
// | parameter | unit  | default bounds | meaning                                  |
// |-----------|-------|----------------|------------------------------------------|
// | C         | pF    | 20 .. 200      | membrane capacitance                     |
// | k         | nS/mV | 0.25 .. 1.6    | gain of the quadratic term               |
// | vr        | mV    | -75 .. -55     | resting potential                        |
// | vt        | mV    | -50 .. -40     | instantaneous threshold potential        |
// | vpeak     | mV    | 0 .. 50        | spike cut-off (peak) potential           |
// | a         | 1/ms  | 0.01 .. 0.2    | recovery rate                            |
// | b         | nS    | -2 .. 15       | sensitivity of u to v                    |
// | c         | mV    | -60 .. -40     | reset potential                          |
// | d         | pA    | -55 .. 150     | jump of u at a spike                     |
// Bounds: the original (2021) optimizer's, the min/max over the book's cells.
// Reference values: the book's regular-spiking (RS) pyramidal cell.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "neurofit/model/parameter.hpp"
#include "neurofit/model/stability.hpp"
#include "neurofit/model/step_arrays.hpp"

namespace neurofit::model {

struct Izhikevich2007 {
  static constexpr std::string_view name = "izhikevich2007";
  static constexpr double relative_cost = 1.0;  // the unit of the families' relative_cost
  enum Param { C, k, vr, vt, vpeak, a, b, c, d, n_params };
  enum Derived { dt_over_C = n_params, dt_a, n_rows };
  static constexpr int spike_sample = vpeak;  // the parameter a spike step records as its sample
  static constexpr std::array<ParameterSpec, n_params> parameters{{
      {"C", "pF", 100, 20, 200, "membrane capacitance"},
      {"k", "nS/mV", 0.7, 0.25, 1.6, "gain of the quadratic term"},
      {"vr", "mV", -60, -75, -55, "resting potential"},
      {"vt", "mV", -40, -50, -40, "instantaneous threshold potential"},
      {"vpeak", "mV", 35, 0, 50, "spike cut-off potential"},
      {"a", "1/ms", 0.03, 0.01, 0.2, "recovery rate"},
      {"b", "nS", -2, -2, 15, "sensitivity of the recovery variable to v"},
      {"c", "mV", -50, -60, -40, "reset potential"},
      {"d", "pA", 100, -55, 150, "jump of the recovery variable at a spike"},
  }};
  static constexpr std::array<std::string_view, 2> state_names{"v", "u"};

  static void rest_state(const double* p, double* s) {
    s[0] = p[vr];
    s[1] = 0.0;
  }
  // "" when the parameter set can be simulated, else what is wrong with it.
  static std::string check(const double* p);

  // Proof of settling under a constant current (see stability.hpp): the lower fixed point of
  //   k x^2 + (k (vr - vt) - b) x + I = 0,  x = v - vr,  u = b x,
  // the Euler map's Jacobian there, and its only nonlinear term (dt/C) k e_v^2; and the box of
  // settle_box.hpp between the two fixed points.
  static constexpr int n_settle = settle_values;
  static void settle_prepare(const double* p, double current, double* aux) {
    SettleRegion region;
    SettleBox box;
    const double kk = p[k], B = kk * (p[vr] - p[vt]) - p[b];
    const double D = B * B - 4 * kk * current;
    if (kk > 0 && D >= 0) {
      const double q = -0.5 * (B + std::copysign(std::sqrt(D), B));
      if (q != 0) {
        const double x = std::min(q / kk, current / q);
        const double v = p[vr] + x, dtc = p[dt_over_C], dta = p[dt_a];
        const Matrix2 A{1 + dtc * kk * (2 * v - p[vr] - p[vt]), -dtc, dta * p[b], 1 - dta};
        region =
            settle_region(v, p[b] * x, A, p[vpeak], [&](double, const Form2& X, double extent2) {
              return dtc * kk * std::sqrt(X.xx) * extent2;
            });
        box = box_around(p, current, v, p[vr] + std::max(q / kk, current / q));
      }
    }
    pack(region, box, aux);
  }
  // h is the v-nullcline; v + dtc h(v) increases where 1 + dtc k (2 v - vr - vt) > 0, which
  // v_floor keeps 1 mV clear of.
  static SettleBox box_around(const double* p, double current, double v, double v_upper) {
    const double dtc = p[dt_over_C], dta = p[dt_a];
    if (!(dta > 0 && dta <= 1)) return {};
    const double v_floor = std::max(v - 200, 0.5 * (p[vr] + p[vt]) - 0.5 / (dtc * p[k]) + 1);
    const auto h = [&](double x) { return p[k] * (x - p[vr]) * (x - p[vt]) + current; };
    return settle_box({dtc, dta, p[b], p[vr]}, h, v, v_upper, v_floor, p[vpeak]);
  }
  static bool settled(const double* aux, const double* state) {
    return inside(aux, state[0], state[1]);
  }

  static void derive(double dt, const double* const* p, double* const* rows, int n) {
    for (int l = 0; l < n; ++l) {
      rows[dt_over_C][l] = dt / p[C][l];
      rows[dt_a][l] = dt * p[a][l];
    }
  }

  // One forward-Euler step of lanes [0, n); returns how many lanes spiked. Branch-free lane
  // loop; kRecord: also store each lane's new V before the spike rule in v_sample (the driver
  // records vpeak on a spike step: a select here would cost more than the step's arithmetic).
  // kCheck false: without the failure test, for steps that cannot_fail proved safe.
  template <bool kRecord, bool kCheck = true>
  static std::int64_t step(const StepArrays& s, int n) {
    const double* __restrict pk = s.param[k];
    const double* __restrict pvr = s.param[vr];
    const double* __restrict pvt = s.param[vt];
    const double* __restrict pvpeak = s.param[vpeak];
    const double* __restrict pb = s.param[b];
    const double* __restrict pc = s.param[c];
    const double* __restrict pd = s.param[d];
    const double* __restrict pdtc = s.param[dt_over_C];
    const double* __restrict pdta = s.param[dt_a];
    double* __restrict v = s.state[0];
    double* __restrict u = s.state[1];
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
        const double v0 = v[l], u0 = u[l];
        const double dvr = v0 - pvr[l];
        const double vn = std::fma(pdtc[l], std::fma(pk[l] * dvr, v0 - pvt[l], cur[l] - u0), v0);
        const double un = std::fma(pdta[l], std::fma(pb[l], dvr, -u0), u0);
        const double peak = pvpeak[l], reset = pc[l], jump = pd[l];  // loaded unconditionally
        const bool fire = vn >= peak;
        const double v1 = fire ? reset : vn;
        const double u1 = fire ? un + jump : un;
        // In range: V can only leave it downwards (the peak lies below 1e6) and a NaN V fails
        // too (the max passes its first argument's NaN on; u turns NaN only after |u| >= 1e9).
        // The differences keep the comparisons exact, and as arithmetic on doubles GCC keeps it
        // vectorizable (comparisons of selects become selects of masks, which it cannot).
        if constexpr (kRecord) vs[l] = vn;
        if constexpr (kCheck) {
          const bool ok = std::max(-v1 - max_abs_voltage, std::fabs(u1) - max_abs_recovery) < 0.0;
          v[l] = ok ? v1 : failed_voltage;  // NaN: the lane stays failed
        } else {
          v[l] = v1;
        }
        u[l] = u1;
        const std::int64_t f = fire ? 1 : 0;
        spk[l] = f;
        count[l - l0] += f;
      }
    }
    std::int64_t total = 0;
    for (auto c : count) total += c;
    return total;
  }

  // Whether none of lanes [0, n) can leave the simulable range within `steps` steps of their
  // constant current, so that step<kRecord, false> gives the same states (callers fall back to
  // the checked step otherwise). By induction over the steps, while v >= G (a v_floor far below):
  // v stays at or below max(v0, vpeak, c); b (v - vr) lies between its values at G and at that
  // top, so u' = (1 - dt a) u + dt a b (v - vr) (+ d at a spike) stays within [u_lo, u_hi] (u0
  // and those values, plus d at every step); and v falls at most dt/C (k (vt - vr)^2 / 4 - I +
  // u_hi) per step (the quadratic's least value), unless reset to c. The v_floor must hold, and
  // the bounds stay ten times inside the limits, far above any rounding.
  static bool cannot_fail(const StepArrays& s, int n, std::int64_t steps) {
    const double N = static_cast<double>(steps);
    int all = 1;
    for (int l = 0; l < n; ++l) {
      const double v0 = s.state[0][l], u0 = s.state[1][l], I = s.current[l];
      const double kk = s.param[k][l], r = s.param[vr][l], dvt = s.param[vt][l] - r;
      const double dtc = s.param[dt_over_C][l], dta = s.param[dt_a][l];
      const double bb = s.param[b][l], dd = s.param[d][l], reset = s.param[c][l];
      const double top = std::max(std::max(v0, s.param[vpeak][l]), reset);
      const double low = std::min(v0, reset), v_floor = low - 2e4;
      const double at_top = bb * (top - r), at_floor = bb * (v_floor - r);
      const double u_hi = std::max(u0, std::max(at_top, at_floor)) + N * (dd > 0 ? dd : 0.0);
      const double u_lo = std::min(u0, std::min(at_top, at_floor)) + N * (dd < 0 ? dd : 0.0);
      const double fall = dtc * (kk * dvt * dvt / 4 - I + u_hi);  // negative: no fall
      const double bottom = low - N * (fall > 0 ? fall : 0.0);
      all &= (kk > 0) & (dtc >= 0) & (dta >= 0) & (dta <= 1) & (bottom >= v_floor) &
             (bottom > -0.1 * max_abs_voltage) & (u_hi < 0.1 * max_abs_recovery) &
             (u_lo > -0.1 * max_abs_recovery);
    }
    return all != 0;
  }
};

}  // namespace neurofit::model

#pragma once
// The plainest lock-step loop of each model, the speed reference of the kernels (bench_sim's
// BM_plain_*): per-lane parameter rows, forward Euler, a ternary reset and a spike count, with
// a constant current per lane (parameters loaded before the ternaries, so that GCC can vectorize
// it); no failure test, no sample recording, no stimulus segments, no
// stopping of lanes. It computes the same steps as the kernel (same formulas, written out); the
// kernel's extra work (the failure test where a chunk is not proven safe, recording, the driver's
// chunks and spike bookkeeping) is what the two differ by.
#include <cmath>
#include <cstdint>
#include <vector>

#include "../src/sim/aligned.hpp"
#include "neurofit/vec_math.hpp"

namespace neurofit::bench {

// Parameter rows (one vector of lanes per row) and the state, as the kernels hold them: each row
// starting at a cache line (sim::AlignedVector), as the kernels' rows do.
using Row = sim::AlignedVector<double>;
struct PlainLanes {
  std::vector<Row> p;  // rows x lanes
  Row x, y, current;   // two state variables, the current
};

// Izhikevich (2007): rows C, k, vr, vt, vpeak, a, b, c, d; x = v, y = u.
inline std::int64_t plain_izhikevich(PlainLanes& s, double dt, std::int64_t steps) {
  const std::size_t n = s.x.size();
  Row dtc(n), dta(n);
  for (std::size_t l = 0; l < n; ++l) {
    dtc[l] = dt / s.p[0][l];
    dta[l] = dt * s.p[5][l];
  }
  const double *__restrict k = s.p[1].data(), *__restrict vr = s.p[2].data(), *__restrict vt = s.p[3].data();
  const double *__restrict vpeak = s.p[4].data(), *__restrict b = s.p[6].data(), *__restrict c = s.p[7].data(), *__restrict d = s.p[8].data(),
               *__restrict I = s.current.data();
  double* __restrict v = s.x.data(), * __restrict u = s.y.data();
  sim::AlignedVector<std::int64_t> count(n, 0);  // per lane: a sum over lanes would not vectorize
  for (std::int64_t t = 0; t < steps; ++t)
#pragma GCC ivdep
    for (std::size_t l = 0; l < n; ++l) {
      const double v0 = v[l], u0 = u[l], dvr = v0 - vr[l];
      const double vn = std::fma(dtc[l], std::fma(k[l] * dvr, v0 - vt[l], I[l] - u0), v0);
      const double un = std::fma(dta[l], std::fma(b[l], dvr, -u0), u0);
      const double peak = vpeak[l], reset = c[l], jump = d[l];  // loaded unconditionally
      const bool fire = vn >= peak;
      v[l] = fire ? reset : vn;
      u[l] = fire ? un + jump : un;
      count[l] += fire ? 1 : 0;
    }
  std::int64_t spikes = 0;
  for (auto c : count) spikes += c;
  return spikes;
}

// AdEx: rows C, gL, EL, VT, DeltaT, a, tau_w, b, V_reset, V_peak; x = V, y = w.
inline std::int64_t plain_adex(PlainLanes& s, double dt, std::int64_t steps) {
  const std::size_t n = s.x.size();
  Row dtc(n), gd(n), invd(n), dtw(n);
  for (std::size_t l = 0; l < n; ++l) {
    dtc[l] = dt / s.p[0][l];
    gd[l] = s.p[1][l] * s.p[4][l];
    invd[l] = 1.0 / s.p[4][l];
    dtw[l] = dt / s.p[6][l];
  }
  const double *__restrict gL = s.p[1].data(), *__restrict EL = s.p[2].data(), *__restrict VT = s.p[3].data(), *__restrict a = s.p[5].data();
  const double *__restrict b = s.p[7].data(), *__restrict reset = s.p[8].data(), *__restrict peak = s.p[9].data(),
               *__restrict I = s.current.data();
  double* __restrict V = s.x.data(), * __restrict w = s.y.data();
  sim::AlignedVector<std::int64_t> count(n, 0);  // per lane: a sum over lanes would not vectorize
  for (std::int64_t t = 0; t < steps; ++t)
#pragma GCC ivdep
    for (std::size_t l = 0; l < n; ++l) {
      const double V0 = V[l], w0 = w[l], dV = V0 - EL[l];
      const double drive = gd[l] * exp_clamped((V0 - VT[l]) * invd[l]);
      const double Vn = std::fma(dtc[l], std::fma(-gL[l], dV, drive - w0 + I[l]), V0);
      const double wn = std::fma(dtw[l], std::fma(a[l], dV, -w0), w0);
      const double top = peak[l], back = reset[l], jump = b[l];  // loaded unconditionally
      const bool fire = Vn >= top;
      V[l] = fire ? back : Vn;
      w[l] = fire ? wn + jump : wn;
      count[l] += fire ? 1 : 0;
    }
  std::int64_t spikes = 0;
  for (auto c : count) spikes += c;
  return spikes;
}

// LIF: rows C, gL, EL, V_th, V_reset, t_ref; x = V, y = refractory steps left.
inline std::int64_t plain_lif(PlainLanes& s, double dt, std::int64_t steps) {
  const std::size_t n = s.x.size();
  Row dtc(n), ref(n);
  for (std::size_t l = 0; l < n; ++l) {
    dtc[l] = dt / s.p[0][l];
    ref[l] = std::round(s.p[5][l] / dt);
  }
  const double *__restrict gL = s.p[1].data(), *__restrict EL = s.p[2].data(), *__restrict th = s.p[3].data(),
               *__restrict reset = s.p[4].data(), *__restrict I = s.current.data();
  double* __restrict V = s.x.data(), * __restrict r = s.y.data();
  sim::AlignedVector<std::int64_t> count(n, 0);  // per lane: a sum over lanes would not vectorize
  for (std::int64_t t = 0; t < steps; ++t)
#pragma GCC ivdep
    for (std::size_t l = 0; l < n; ++l) {
      const double V0 = V[l], r0 = r[l], back = reset[l], top = th[l], hold = ref[l];
      const bool held = r0 > 0.5;
      const double Vn = held ? back : std::fma(dtc[l], std::fma(-gL[l], V0 - EL[l], I[l]), V0);
      const bool fire = Vn >= top;
      V[l] = fire ? back : Vn;
      r[l] = fire ? hold : (held ? r0 - 1.0 : r0);
      count[l] += fire ? 1 : 0;
    }
  std::int64_t spikes = 0;
  for (auto c : count) spikes += c;
  return spikes;
}

}  // namespace neurofit::bench

#pragma once
// A second proof of settling, for lanes whose fixed point attracts too slowly for the ellipse of
// stability.hpp to be reached within a run (a slow adaptation current makes the proven ellipse
// small): a box B = [v_lo, v_hi] x [w_lo, w_hi] that the Euler map
//   v' = v + dtc (h(v) - w),   w' = w + dtw (s (v - e0) - w)
// maps into itself. AdEx: h(v) = -gL (v - EL) + gL DeltaT exp((v - VT)/DeltaT) + I, s = a,
// e0 = EL; Izhikevich: h(v) = k (v - vr)(v - vt) + I, s = b, e0 = vr (w is u).
// Where v + dtc h(v) increases on [v_lo, v_hi] and 0 < dtw <= 1, v' increases with v and falls
// with w, and w' increases with w and, by the sign of s, with or against v. So v' and w' take
// their extremes over B at its corners, and B maps into itself exactly when
//   h(v_hi) <= w_lo,  h(v_lo) >= w_hi                          (v' stays in [v_lo, v_hi])
//   s (v_lo - e0) >= w_lo,  s (v_hi - e0) <= w_hi   for s > 0   (w' stays in [w_lo, w_hi])
//   s (v_hi - e0) >= w_lo,  s (v_lo - e0) <= w_hi   for s <= 0
// A state in B with v_hi below the spike level therefore never spikes again and never fails.
// Each inequality is required with a margin of 1e-9 (mV for v', and 1e-9 (1 + |w|) for w') per
// step, far above the rounding of a step with |v| <= 1e4 and |w| <= 1e6 (about 1e-11).
#include <cmath>

namespace neurofit::model {

struct SettleBox {
  bool applies = false;
  double v_lo = 0, v_hi = 0, w_lo = 0, w_hi = 0;
};

struct BoxMap {  // the constants of the map above
  double dtc, dtw, s, e0;
};

// The widest box with top v_hi: w_lo as low as h(v_hi) allows, v_lo as low as w_lo allows (s > 0;
// else v_floor), w_hi as high as h(v_lo) allows; applies only where every condition holds.
template <class H>
SettleBox box_with_top(const BoxMap& m, const H& h, double v_hi, double v_floor) {
  const double mv = 1e-9 / m.dtc;  // the margin of v', in units of w
  const auto mw = [&](double w) { return 1e-9 * (1 + std::fabs(w)) / m.dtw; };
  SettleBox b{true, 0, v_hi, h(v_hi) + 2 * mv, 0};
  b.v_lo = m.s > 0 ? m.e0 + (b.w_lo + 2 * mw(b.w_lo)) / m.s : v_floor;
  if (!(b.v_lo >= v_floor && b.v_lo < v_hi)) return {};
  b.w_hi = h(b.v_lo) - 2 * mv;
  const bool v_stays = h(v_hi) <= b.w_lo - mv && h(b.v_lo) >= b.w_hi + mv;
  const double w_at_lo = m.s * (b.v_lo - m.e0), w_at_hi = m.s * (v_hi - m.e0);
  const bool w_stays = m.s > 0 ? w_at_lo >= b.w_lo + mw(b.w_lo) && w_at_hi <= b.w_hi - mw(b.w_hi)
                               : w_at_hi >= b.w_lo + mw(b.w_lo) && w_at_lo <= b.w_hi - mw(b.w_hi);
  const bool small = std::fabs(b.v_lo) <= 1e4 && std::fabs(v_hi) <= 1e4 &&
                     std::fabs(b.w_lo) <= 1e6 && std::fabs(b.w_hi) <= 1e6;
  if (!(v_stays && w_stays && small && b.w_lo < b.w_hi)) return {};
  return b;
}

// The widest box of that kind around the fixed point v_fix, its top below both v_top (where the
// conditions can hold: below the map's upper fixed point) and v_peak: the top halved towards
// v_fix until a box holds, then bisected between the best that holds and one that does not.
// The caller guarantees the monotony above on [v_floor, v_top] and 0 < dtw <= 1.
template <class H>
SettleBox settle_box(const BoxMap& m, const H& h, double v_fix, double v_top, double v_floor,
                     double v_peak) {
  SettleBox best;
  if (!(v_top > v_fix && v_fix > v_floor)) return best;
  auto try_top = [&](double top) {
    if (!(top < v_peak)) return false;
    const SettleBox b = box_with_top(m, h, top, v_floor);
    if (b.applies) best = b;
    return b.applies;
  };
  double good = v_fix, bad = v_top;
  for (double f = 1; f > 1e-6; f *= 0.5) {
    const double top = v_fix + f * (v_top - v_fix);
    if (try_top(top)) {
      good = top;
      break;
    }
    bad = top;
  }
  if (!best.applies) return best;
  for (int i = 0; i < 30 && bad > good; ++i) {
    const double mid = 0.5 * (good + bad);
    (try_top(mid) ? good : bad) = mid;
  }
  return best;
}

inline bool inside(const SettleBox& b, double v, double w) {
  return b.applies && v >= b.v_lo && v <= b.v_hi && w >= b.w_lo && w <= b.w_hi;  // false for NaN
}

}  // namespace neurofit::model

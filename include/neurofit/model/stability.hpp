#pragma once
// Tools for proving that a two-variable Euler map under constant input has settled for good:
// near a fixed point x*, e' = A e + N(e). With a quadratic Lyapunov form ||e||_X^2 = e'Xe
// (A'XA - X = -I), ||A e||_X <= rho ||e||_X with rho < 1; if the nonlinear part obeys
// ||N(e)||_X <= kappa ||e||_X^2, every ellipse ||e||_X <= R with R <= (1 - rho)/(2 kappa) is
// entered for good: the state contracts towards x* by (1 + rho)/2 per step and never leaves.
#include <algorithm>
#include <cmath>

#include "neurofit/model/settle_box.hpp"

namespace neurofit::model {

struct Form2 {  // symmetric 2x2 matrix [[xx, xy], [xy, yy]]
  double xx = 0, xy = 0, yy = 0;

  double det() const { return xx * yy - xy * xy; }
  bool positive_definite() const { return xx > 0 && det() > 0; }
  double max_eigenvalue() const {
    const double m = 0.5 * (xx + yy), d = std::hypot(0.5 * (xx - yy), xy);
    return m + d;
  }
  double inverse_xx() const { return yy / det(); }  // (X^-1)_11: the squared v-extent per unit R
  double norm2(double e1, double e2) const {
    return xx * e1 * e1 + 2 * xy * e1 * e2 + yy * e2 * e2;
  }
};

struct Matrix2 {  // [[a11, a12], [a21, a22]]
  double a11, a12, a21, a22;
};

// Solves A'XA - X = -diag(1, q22) (Cramer's rule on the 3x3 system); false unless X is positive
// definite.
inline bool discrete_lyapunov(const Matrix2& A, Form2& X, double q22 = 1.0) {
  const double p = A.a11, q = A.a12, s = A.a21, t = A.a22;
  // Unknowns (xx, xy, yy); rows: entries 11, 12, 22 of A'XA - X.
  const double m[3][3] = {{p * p - 1, 2 * p * s, s * s},
                          {p * q, p * t + q * s - 1, s * t},
                          {q * q, 2 * q * t, t * t - 1}};
  const double rhs[3] = {-1, 0, -q22};
  auto det3 = [](const double a[3][3]) {
    return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
           a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
           a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  };
  const double d = det3(m);
  if (!(std::fabs(d) > 0) || !std::isfinite(d)) return false;
  double sol[3];
  for (int c = 0; c < 3; ++c) {
    double mc[3][3];
    for (int r = 0; r < 3; ++r)
      for (int k = 0; k < 3; ++k) mc[r][k] = k == c ? rhs[r] : m[r][k];
    sol[c] = det3(mc) / d;
  }
  X = {sol[0], sol[1], sol[2]};
  return std::isfinite(X.xx) && std::isfinite(X.xy) && std::isfinite(X.yy) && X.positive_definite();
}

// The smallest gamma with ||A e||_X^2 <= gamma ||e||_X^2 for all e: the largest root of
// det(A'XA - gamma X) = 0. Exact for the given X, however accurately X solved the equation.
inline double contraction2(const Matrix2& A, const Form2& X) {
  const double p = A.a11, q = A.a12, s = A.a21, t = A.a22;
  // B = A'XA
  const double b11 = p * (X.xx * p + X.xy * s) + s * (X.xy * p + X.yy * s);
  const double b12 = p * (X.xx * q + X.xy * t) + s * (X.xy * q + X.yy * t);
  const double b22 = q * (X.xx * q + X.xy * t) + t * (X.xy * q + X.yy * t);
  const double qa = X.det();
  const double qb = -(b11 * X.yy + b22 * X.xx - 2 * b12 * X.xy);
  const double qc = b11 * b22 - b12 * b12;
  const double disc = std::max(0.0, qb * qb - 4 * qa * qc);
  return (-qb + std::sqrt(disc)) / (2 * qa);
}

// What a model's settle_prepare computes for one lane: the ellipse ||x - x*||_X <= R inside which
// the lane provably never spikes again. `applies` is false where no such proof was found.
struct SettleRegion {
  bool applies = false;
  double v = 0, w = 0;  // fixed point
  Form2 X;
  double r2 = 0;  // R^2
};

// Completes a region from the fixed point (v, w), the Euler map's Jacobian A there, a bound
// kappa_of(E, X, extent2) with ||N(e)||_X <= kappa ||e||_X^2 while |e_v| <= E, and the spike
// level v_peak. extent2 = (X^-1)_11 bounds the v-part by the norm: e_v^2 <= extent2 ||e||_X^2
// (Cauchy-Schwarz), so a nonlinearity c e_v^2 in v alone gives kappa = c sqrt(X.xx) extent2.
template <class KappaOf>
SettleRegion settle_region(double v, double w, const Matrix2& A, double v_peak, KappaOf kappa_of) {
  SettleRegion out;
  if (!(v < v_peak)) return out;
  // The weight of w against v in the form is free: try several and keep the region that holds
  // the widest disc (largest R^2 / lambda_max), the most likely to contain the state soon.
  double best_disc = 0;
  for (double q22 : {1e-4, 1e-2, 1.0, 1e2, 1e4}) {
    Form2 X;
    if (!discrete_lyapunov(A, X, q22)) continue;
    const double gamma = contraction2(A, X);
    if (!(gamma < 1) || !(gamma >= 0)) continue;
    const double rho = std::sqrt(gamma);
    const double extent2 = X.inverse_xx();
    const double extent = std::sqrt(extent2);  // max |e_v| on the ellipse of radius 1
    const double lmax = X.max_eigenvalue();
    // Largest R over a few v-extents E (the nonlinearity bound may grow with E).
    double best = 0;
    for (double E = 0.5 * (v_peak - v); E > 1e-9; E *= 0.25) {
      const double kappa = kappa_of(E, X, extent2);
      if (!(kappa >= 0) || !std::isfinite(kappa)) continue;
      double R = E / extent;
      if (kappa > 0) R = std::min(R, 0.5 * (1 - rho) / kappa);
      best = std::max(best, R);
    }
    // Margin: each step the ellipse's edge gains (1 - rho)/2 R, which must dwarf the rounding
    // of a step (about 1e-14 in mV or pA for states of order 100); we allow 1e-10 per step.
    if (!(best * 0.5 * (1 - rho) > 1e-10 * std::sqrt(lmax))) continue;
    const double disc = best * best / lmax;
    if (disc > best_disc) {
      best_disc = disc;
      out = {true, v, w, X, best * best};
    }
  }
  return out;
}

}  // namespace neurofit::model

namespace neurofit::model {

// A SettleRegion and a SettleBox (settle_box.hpp) packed into a lane's rows of settle values,
// and the test against a state: settled if either proof holds.
inline constexpr int settle_values = 12;
inline void pack(const SettleRegion& r, const SettleBox& b, double* aux) {
  aux[0] = r.applies ? 1.0 : 0.0;
  aux[1] = r.v;
  aux[2] = r.w;
  aux[3] = r.X.xx;
  aux[4] = r.X.xy;
  aux[5] = r.X.yy;
  aux[6] = r.r2;
  aux[7] = b.applies ? 1.0 : 0.0;
  aux[8] = b.v_lo;
  aux[9] = b.v_hi;
  aux[10] = b.w_lo;
  aux[11] = b.w_hi;
}
inline SettleBox unpack_box(const double* aux) {
  return {aux[7] == 1.0, aux[8], aux[9], aux[10], aux[11]};
}
inline bool inside(const double* aux, double v, double w) {
  if (inside(unpack_box(aux), v, w)) return true;
  if (aux[0] != 1.0) return false;
  const Form2 X{aux[3], aux[4], aux[5]};
  return X.norm2(v - aux[1], w - aux[2]) <= aux[6];  // false for NaN
}

}  // namespace neurofit::model

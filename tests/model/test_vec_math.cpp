// exp_clamped: accuracy against std::exp over its whole range, and its clamping.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "neurofit/vec_math.hpp"

using neurofit::exp_clamped;

namespace {

constexpr double lo = -708.0, hi = 709.0;

double relative_error(double x) {
  const double want = std::exp(x);
  return std::fabs(exp_clamped(x) - want) / want;
}

TEST(ExpClamped, MatchesStdExpOverADenseSweep) {
  // 2^22 + 1 evenly spaced points, plus an irrational stride so the points do not all sit on
  // a short binary grid.
  constexpr int n = 1 << 22;
  double worst = 0, worst_x = 0;
  for (int i = 0; i <= n; ++i) {
    const double x = lo + (hi - lo) * (static_cast<double>(i) / n);
    const double e = relative_error(x);
    if (!(e <= worst)) worst = e, worst_x = x;
  }
  for (double x = lo; x <= hi; x += 0.000731 * 3.14159265358979) {
    const double e = relative_error(x);
    if (!(e <= worst)) worst = e, worst_x = x;
  }
  EXPECT_LE(worst, 4e-16) << "at x = " << worst_x;
}

TEST(ExpClamped, MatchesStdExpWhereTheReductionSwitches) {
  // k = round(x / ln2) changes at x = (j + 1/2) ln2: probe both sides of each switch.
  constexpr double ln2 = 0.69314718055994530942;
  double worst = 0;
  for (int j = -1021; j <= 1022; ++j) {
    const double mid = (j + 0.5) * ln2;
    for (double x : {std::nextafter(mid, -1e9), mid, std::nextafter(mid, 1e9), j * ln2}) {
      if (x < lo || x > hi) continue;
      worst = std::fmax(worst, relative_error(x));
    }
  }
  EXPECT_LE(worst, 4e-16);
}

TEST(ExpClamped, ExactAtZeroAndAtTheEndsOfItsRange) {
  EXPECT_EQ(exp_clamped(0.0), 1.0);
  EXPECT_EQ(exp_clamped(-0.0), 1.0);
  EXPECT_LE(relative_error(lo), 4e-16);
  EXPECT_LE(relative_error(hi), 4e-16);
  EXPECT_TRUE(std::isfinite(exp_clamped(hi)));
  EXPECT_GT(exp_clamped(lo), 0.0);
  EXPECT_TRUE(std::isnormal(exp_clamped(lo)));
}

TEST(ExpClamped, ClampsArgumentsOutsideItsRange) {
  const double at_lo = exp_clamped(lo), at_hi = exp_clamped(hi);
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (double x : {std::nextafter(lo, -inf), -708.5, -745.2, -1000.0, -1e300, -inf})
    EXPECT_EQ(exp_clamped(x), at_lo) << "x = " << x;
  for (double x : {std::nextafter(hi, inf), 709.9, 710.0, 1e4, 1e300, inf})
    EXPECT_EQ(exp_clamped(x), at_hi) << "x = " << x;
  EXPECT_TRUE(std::isfinite(exp_clamped(inf)));
}

TEST(ExpClamped, PropagatesNaN) {
  // A NaN state must stay NaN so that the simulator reports the lane as failed.
  EXPECT_TRUE(std::isnan(exp_clamped(std::numeric_limits<double>::quiet_NaN())));
}

TEST(ExpClamped, IsMonotoneOnAFineGrid) {
  double prev = exp_clamped(-20.0);
  for (int i = 1; i <= 400000; ++i) {
    const double x = -20.0 + i * 1e-4;
    const double y = exp_clamped(x);
    ASSERT_GE(y, prev) << "at x = " << x;
    prev = y;
  }
}

}  // namespace

#pragma once
// exp() written with plain arithmetic so that GCC vectorizes the loops that call it (the AdEx
// kernel, IBEA's fitness; glibc's vector exp needs -ffast-math, which would also break NaN
// checks), and so that results are the same with AVX2, AVX-512 or scalar code and any libm
// (std::fma rounds once, by definition, wherever it runs).
#include <bit>
#include <cmath>
#include <cstdint>

namespace neurofit {

// exp(x) for x in [-708, 709], to about one ulp; arguments outside are clamped to that range.
// The clamp is a select of the bounds' values at the end: clamping x first made GCC carry both
// paths through the whole reduction in vectorized code (about ten blends per vector instead of
// two). The arithmetic on the bits wraps for arguments far outside, whose result is not used.
inline double exp_clamped(double x) {
  constexpr double at_lo = 0x1.7c8ab2288c9acp-1022;  // this function's value at x = -708
  constexpr double at_hi = 0x1.d422d2be5dc9bp+1022;  // and at x = 709
  constexpr double log2e = 1.4426950408889634;
  constexpr double ln2_hi = 6.93147180369123816490e-01;
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  constexpr double shifter = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  const double kd = x * log2e + shifter;
  const double k = kd - shifter;
  const double r = std::fma(-k, ln2_lo, std::fma(-k, ln2_hi, x));  // |r| <= ln2/2
  // Taylor series to r^13: truncation error below 1e-17 on |r| <= 0.35.
  double p = 1.0 / 6227020800.0;  // Horner with fused multiply-adds: one rounding per term
  p = std::fma(p, r, 1.0 / 479001600.0);
  p = std::fma(p, r, 1.0 / 39916800.0);
  p = std::fma(p, r, 1.0 / 3628800.0);
  p = std::fma(p, r, 1.0 / 362880.0);
  p = std::fma(p, r, 1.0 / 40320.0);
  p = std::fma(p, r, 1.0 / 5040.0);
  p = std::fma(p, r, 1.0 / 720.0);
  p = std::fma(p, r, 1.0 / 120.0);
  p = std::fma(p, r, 1.0 / 24.0);
  p = std::fma(p, r, 1.0 / 6.0);
  p = std::fma(p, r, 0.5);
  p = std::fma(p, r, 1.0);
  p = std::fma(p, r, 1.0);
  // 2^k from the integer held in the low mantissa bits of kd; split in two factors so that
  // k = 1024 (x near 709) does not overflow the exponent field.
  const auto ki = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(kd) -
                                            std::bit_cast<std::uint64_t>(shifter));
  const std::int64_t k1 = ki >> 1;
  const double s1 = std::bit_cast<double>((k1 + 1023) << 52);
  const double s2 = std::bit_cast<double>((ki - k1 + 1023) << 52);
  const double y = p * s1 * s2;
  return x < -708.0 ? at_lo : (x > 709.0 ? at_hi : y);  // NaN: y, which is NaN
}

}  // namespace neurofit

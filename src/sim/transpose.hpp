#pragma once
// An 8 x 8 block of doubles transposed in registers (GCC vector extensions: vpermt2pd with
// AVX-512, pairs of 256-bit shuffles with AVX2). Values are moved, never changed.
#include <cstddef>
#include <cstring>

namespace neurofit::sim {

// Row r of the block is src[r * stride + 0 .. 7]; its column c goes to cols[c][at + 0 .. 7].
inline void transpose_8x8(const double* src, std::ptrdiff_t stride, double* const cols[8],
                          std::ptrdiff_t at) {
  using v8d = double __attribute__((vector_size(64)));
  using v8i = long long __attribute__((vector_size(64)));
  v8d r[8], u[8];
  for (int k = 0; k < 8; ++k) std::memcpy(&r[k], src + k * stride, sizeof(v8d));
  // Pairs of rows interleaved, then pairs of pairs, then the two halves.
  for (int k = 0; k < 8; k += 2) {
    u[k] = __builtin_shuffle(r[k], r[k + 1], v8i{0, 8, 2, 10, 4, 12, 6, 14});
    u[k + 1] = __builtin_shuffle(r[k], r[k + 1], v8i{1, 9, 3, 11, 5, 13, 7, 15});
  }
  for (int k : {0, 1, 4, 5}) {
    r[k] = __builtin_shuffle(u[k], u[k + 2], v8i{0, 1, 8, 9, 4, 5, 12, 13});
    r[k + 2] = __builtin_shuffle(u[k], u[k + 2], v8i{2, 3, 10, 11, 6, 7, 14, 15});
  }
  for (int k = 0; k < 4; ++k) {
    const v8d lo = __builtin_shuffle(r[k], r[k + 4], v8i{0, 1, 2, 3, 8, 9, 10, 11});
    const v8d hi = __builtin_shuffle(r[k], r[k + 4], v8i{4, 5, 6, 7, 12, 13, 14, 15});
    std::memcpy(cols[k] + at, &lo, sizeof(v8d));
    std::memcpy(cols[k + 4] + at, &hi, sizeof(v8d));
  }
}

}  // namespace neurofit::sim

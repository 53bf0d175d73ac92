#pragma once
// Wall time for reports (progress lines, done lines, benchmarks); never part of a result.
#include <chrono>

namespace neurofit {

// Wall seconds since `start`.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace neurofit

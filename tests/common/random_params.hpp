#pragma once
// Parameter sets drawn uniformly within a model family's default search bounds, for tests and
// benchmarks that need many different candidates.
#include <cstdint>
#include <random>

#include <Eigen/Core>

#include "neurofit/sim/family.hpp"

namespace neurofit::test_support {

inline Eigen::MatrixXd random_params(const sim::ModelFamily& f, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd p(f.n_params(), n);
  for (int c = 0; c < n; ++c)
    for (int i = 0; i < f.n_params(); ++i) {
      const auto& spec = f.parameters[static_cast<std::size_t>(i)];
      p(i, c) = spec.lower + u(rng) * (spec.upper - spec.lower);
    }
  return p;
}

}  // namespace neurofit::test_support

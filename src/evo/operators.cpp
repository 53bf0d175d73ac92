#include "neurofit/evo/operators.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace neurofit::evo {

namespace {

constexpr double eps = 1.0e-14;  // parents closer than this are not recombined (Deb's EPS)

// Spread factor of SBX for a child on the side whose bound is `beta` spreads away.
double sbx_betaq(double beta, double eta_c, double u) {
  const double alpha = 2.0 - std::pow(beta, -(eta_c + 1.0));
  if (u <= 1.0 / alpha) return std::pow(u * alpha, 1.0 / (eta_c + 1.0));
  return std::pow(1.0 / (2.0 - u * alpha), 1.0 / (eta_c + 1.0));
}

}  // namespace

void sbx_crossover(const Eigen::Ref<const Eigen::VectorXd>& p1,
                   const Eigen::Ref<const Eigen::VectorXd>& p2, Eigen::Ref<Eigen::VectorXd> c1,
                   Eigen::Ref<Eigen::VectorXd> c2, double eta_c, double probability, Rng& rng) {
  const Eigen::Index n = p1.size();
  if (p2.size() != n || c1.size() != n || c2.size() != n)
    throw std::invalid_argument("sbx_crossover: parents and children differ in size");
  // Read the parents first: a child may alias a parent.
  const Eigen::VectorXd a = p1;
  const Eigen::VectorXd b = p2;
  c1 = a;
  c2 = b;
  if (!(rng.uniform() < probability)) return;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(rng.uniform() < 0.5) || std::abs(a[i] - b[i]) <= eps) continue;
    const double y1 = std::min(a[i], b[i]);
    const double y2 = std::max(a[i], b[i]);
    const double u = rng.uniform();
    const double lo =
        0.5 * ((y1 + y2) - sbx_betaq(1.0 + 2.0 * y1 / (y2 - y1), eta_c, u) * (y2 - y1));
    const double hi =
        0.5 * ((y1 + y2) + sbx_betaq(1.0 + 2.0 * (1.0 - y2) / (y2 - y1), eta_c, u) * (y2 - y1));
    const double v1 = std::clamp(lo, 0.0, 1.0);
    const double v2 = std::clamp(hi, 0.0, 1.0);
    if (rng.uniform() < 0.5) {
      c1[i] = v2;
      c2[i] = v1;
    } else {
      c1[i] = v1;
      c2[i] = v2;
    }
  }
}

void polynomial_mutation(Eigen::Ref<Eigen::VectorXd> x, double eta_m, double probability,
                         Rng& rng) {
  const double power = 1.0 / (eta_m + 1.0);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (!(rng.uniform() < probability)) continue;
    const double y = x[i];
    const double u = rng.uniform();
    double deltaq;
    if (u <= 0.5) {
      const double val = 2.0 * u + (1.0 - 2.0 * u) * std::pow(1.0 - y, eta_m + 1.0);
      deltaq = std::pow(val, power) - 1.0;
    } else {
      const double val = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * std::pow(y, eta_m + 1.0);
      deltaq = 1.0 - std::pow(val, power);
    }
    x[i] = std::clamp(y + deltaq, 0.0, 1.0);
  }
}

Eigen::Index binary_tournament(const std::vector<int>& rank, const Eigen::VectorXd& crowding,
                               Rng& rng) {
  const auto n = static_cast<std::uint64_t>(rank.size());
  if (n < 2 || crowding.size() != static_cast<Eigen::Index>(n))
    throw std::invalid_argument("binary_tournament: needs >= 2 candidates with rank and crowding");
  const auto [ia, ib] = tournament_pair(static_cast<Eigen::Index>(n), rng);
  const auto a = static_cast<std::size_t>(ia), b = static_cast<std::size_t>(ib);
  if (rank[a] != rank[b]) return rank[a] < rank[b] ? ia : ib;
  return crowding[ib] > crowding[ia] ? ib : ia;
}

std::pair<Eigen::Index, Eigen::Index> tournament_pair(Eigen::Index n, Rng& rng) {
  const std::uint64_t a = rng.uniform_int(static_cast<std::uint64_t>(n));
  std::uint64_t b = rng.uniform_int(static_cast<std::uint64_t>(n) - 1);
  if (b >= a) ++b;  // distinct from a, still uniform
  return {static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)};
}

}  // namespace neurofit::evo

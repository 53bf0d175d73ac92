// Hypervolume (Lebesgue measure of the region dominated by a point set and bounded by a reference
// point), all objectives minimised. Point sets are n_obj x N matrices, one column per point;
// points that do not strictly dominate the reference point contribute nothing.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

namespace neurofit::evo {

// Exact: sweep for 2 objectives (O(N log N)), sweep over the third objective with an incremental
// 2D staircase for 3 (O(N log N)), WFG (While, Bradstreet & Barone 2012) for more.
double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref);
double hypervolume_2d(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref);
double hypervolume_3d(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref);
// WFG for any number of objectives >= 2 (exponential in the worst case: keep N small for m > 3).
double hypervolume_wfg(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref);

enum class HvMethod { exact_2d, exact_3d, wfg, monte_carlo };
std::string to_string(HvMethod method);

struct HvResult {
  double value = 0.0;
  double std_error = 0.0;  // 0 for the exact methods
  HvMethod method = HvMethod::exact_2d;
  std::uint64_t samples = 0;  // Monte Carlo only
};

// Monte Carlo estimate from `samples` uniform points in the box [min over points, ref], seeded
// by `seed`; std_error is the binomial standard error of the estimate.
HvResult hypervolume_monte_carlo(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref,
                                 std::uint64_t seed, std::uint64_t samples = 100000);

struct HvAutoOptions {
  Eigen::Index max_wfg_points = 64;  // WFG for m > 3 only up to this many non-dominated points
  std::uint64_t samples = 100000;    // Monte Carlo samples otherwise
};

// Exact when affordable (m <= 3, or m > 3 with at most max_wfg_points relevant non-dominated
// points), Monte Carlo otherwise; the result says which.
HvResult hypervolume_auto(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref,
                          std::uint64_t seed, const HvAutoOptions& options = {});

}  // namespace neurofit::evo

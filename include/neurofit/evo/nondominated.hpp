// Pareto dominance, fast non-dominated sorting and crowding distance (Deb et al. 2002, NSGA-II).
// Objective sets are n_obj x N matrices, one column per point, all objectives minimised.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace neurofit::evo {

enum class Dominance { first, second, equal, neither };

// Compares two objective vectors of length m: `first` when a dominates b (no worse in every
// objective and better in one), `second` when b dominates a, `equal` when identical.
// Inline and branch-free over the objectives: sorting and archive insertion call it for every
// pair of points, and with many objectives most pairs are mutually non-dominated, so an early
// exit costs more in mispredicted branches than it saves.
inline Dominance compare_dominance(const double* a, const double* b, Eigen::Index m) {
  int a_better = 0;
  int b_better = 0;
  for (Eigen::Index k = 0; k < m; ++k) {
    a_better |= a[k] < b[k];
    b_better |= b[k] < a[k];
  }
  if (a_better & b_better) return Dominance::neither;
  if (a_better) return Dominance::first;
  if (b_better) return Dominance::second;
  return Dominance::equal;
}
inline bool dominates(const double* a, const double* b, Eigen::Index m) {
  return compare_dominance(a, b, m) == Dominance::first;
}
bool dominates(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

// Front index per column (0 = non-dominated), by Deb's fast non-dominated sort, O(m N^2).
std::vector<int> non_dominated_sort(const Eigen::MatrixXd& f);

// Columns grouped by front, each front in increasing column order.
std::vector<std::vector<Eigen::Index>> fronts_from_ranks(const std::vector<int>& ranks);

// Columns of the first front, in increasing order.
std::vector<Eigen::Index> non_dominated_indices(const Eigen::MatrixXd& f);

// Crowding distance of each member of `front` (same order), normalised per objective by the
// front's range; boundary points of every objective, and fronts of <= 2 points, get +infinity.
std::vector<double> crowding_distance(const Eigen::MatrixXd& f,
                                      const std::vector<Eigen::Index>& front);

// Crowding distance of every column within its own front.
Eigen::VectorXd crowding_distances(const Eigen::MatrixXd& f, const std::vector<int>& ranks);

// Every column from best to worst: by non-dominated front, then by decreasing crowding distance
// within the front, ties by column index (a strict, reproducible order).
std::vector<Eigen::Index> pareto_order(const Eigen::MatrixXd& f);

// Order of `front` by objective k, ties broken by column index (a strict order, so the result
// does not depend on the sort implementation).
std::vector<Eigen::Index> sorted_by_objective(const Eigen::MatrixXd& f,
                                              std::vector<Eigen::Index> front, Eigen::Index k);

}  // namespace neurofit::evo

#pragma once
// The minimax order of points: by their largest objective, ties by the sum of their objectives,
// then by column. It is the Chebyshev scalarization with the origin as reference point and equal
// weights; for a fit, whose objectives are z-scores, its best point is the best compromise model.
#include <vector>

#include <Eigen/Core>

namespace neurofit::evo {

struct Minimax {
  double largest;
  double sum;
};
Minimax minimax_of(const Eigen::Ref<const Eigen::MatrixXd>& f, Eigen::Index column);
// Lexicographic on (largest, sum).
inline bool operator<(const Minimax& a, const Minimax& b) {
  return a.largest < b.largest || (a.largest == b.largest && a.sum < b.sum);
}

// The column that comes first in the minimax order; -1 when f has no column.
Eigen::Index minimax_best(const Eigen::MatrixXd& f);
// Every column, the best first.
std::vector<Eigen::Index> minimax_order(const Eigen::MatrixXd& f);

}  // namespace neurofit::evo

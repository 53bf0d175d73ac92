#include "neurofit/island/migration.hpp"

#include <algorithm>
#include <numeric>

#include "neurofit/evo/nondominated.hpp"

namespace neurofit::island {

std::vector<Eigen::Index> best_first(const Eigen::MatrixXd& f) {
  const std::vector<int> rank = evo::non_dominated_sort(f);
  const Eigen::VectorXd crowd = evo::crowding_distances(f, rank);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(f.cols()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    if (crowd[a] != crowd[b]) return crowd[a] > crowd[b];
    return a < b;
  });
  return order;
}

std::vector<Eigen::Index> select_emigrants(const Eigen::MatrixXd& f, long k) {
  std::vector<Eigen::Index> order = best_first(f);
  order.resize(std::min<std::size_t>(order.size(), static_cast<std::size_t>(std::max(k, 0L))));
  return order;
}

long place_immigrants(Eigen::MatrixXd& x, Eigen::MatrixXd& f, Eigen::MatrixXd& e,
                      const Eigen::MatrixXd& imm_x, const Eigen::MatrixXd& imm_f,
                      const Eigen::MatrixXd& imm_e, Replacement replacement) {
  std::vector<Eigen::Index> worst_first = best_first(f);
  std::reverse(worst_first.begin(), worst_first.end());
  std::vector<char> replaced(static_cast<std::size_t>(f.cols()), 0);
  long entered = 0;
  for (Eigen::Index j = 0; j < imm_x.cols(); ++j) {
    bool clone = false;
    for (Eigen::Index i = 0; i < x.cols() && !clone; ++i) clone = x.col(i) == imm_x.col(j);
    if (clone) continue;
    for (Eigen::Index w : worst_first) {
      if (replaced[w]) continue;
      if (replacement == Replacement::dominated &&
          !evo::dominates(imm_f.col(j).data(), f.col(w).data(), f.rows()))
        continue;
      x.col(w) = imm_x.col(j);
      f.col(w) = imm_f.col(j);
      if (e.rows() > 0) e.col(w) = imm_e.col(j);
      replaced[w] = 1;
      ++entered;
      break;
    }
  }
  return entered;
}

}  // namespace neurofit::island

#include "neurofit/island/migration.hpp"

#include <algorithm>

#include "neurofit/evo/nondominated.hpp"

namespace neurofit::island {

std::vector<Eigen::Index> select_emigrants(const std::vector<Eigen::Index>& best_first, long k) {
  return {best_first.begin(),
          best_first.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(
                                   best_first.size(), static_cast<std::size_t>(std::max(k, 0L))))};
}

long place_immigrants(Eigen::MatrixXd& x, Eigen::MatrixXd& f, Eigen::MatrixXd& e,
                      const Eigen::MatrixXd& imm_x, const Eigen::MatrixXd& imm_f,
                      const Eigen::MatrixXd& imm_e, Replacement replacement,
                      const std::vector<Eigen::Index>& best_first) {
  std::vector<Eigen::Index> worst_first = best_first;
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

#include "neurofit/evo/minimax.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace neurofit::evo {

Minimax minimax_of(const Eigen::Ref<const Eigen::MatrixXd>& f, Eigen::Index column) {
  Minimax m{-INFINITY, 0.0};  // plain loops: GCC 12 warns falsely on Eigen's reductions
  for (Eigen::Index k = 0; k < f.rows(); ++k) {
    m.largest = std::max(m.largest, f(k, column));
    m.sum += f(k, column);
  }
  return m;
}

Eigen::Index minimax_best(const Eigen::MatrixXd& f) {
  Eigen::Index best = -1;
  Minimax b{};
  for (Eigen::Index j = 0; j < f.cols(); ++j) {
    const Minimax m = minimax_of(f, j);
    if (best < 0 || m < b) {
      best = j;
      b = m;
    }
  }
  return best;
}

std::vector<Eigen::Index> minimax_order(const Eigen::MatrixXd& f) {
  std::vector<Minimax> keys;
  for (Eigen::Index j = 0; j < f.cols(); ++j) keys.push_back(minimax_of(f, j));
  std::vector<Eigen::Index> order(static_cast<std::size_t>(f.cols()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return keys[static_cast<std::size_t>(a)] < keys[static_cast<std::size_t>(b)];
  });
  return order;
}

}  // namespace neurofit::evo

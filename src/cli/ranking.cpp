#include "neurofit/cli/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "neurofit/fit/scores.hpp"

namespace neurofit::cli {

std::vector<Eigen::Index> rank_members(const Eigen::MatrixXd& z, RankBy by) {
  std::vector<fit::Compromise> keys;
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    auto c = fit::compromise_of(z, j);
    // A NaN (only in a hand-made file) ranks last rather than breaking the sort's ordering.
    if (std::isnan(c.largest) || std::isnan(c.sum) || z.col(j).hasNaN()) c = {INFINITY, INFINITY};
    keys.push_back(c);
  }
  std::vector<Eigen::Index> order(static_cast<std::size_t>(z.cols()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  auto key = [&](Eigen::Index j) {
    const auto& c = keys[static_cast<std::size_t>(j)];
    return by == RankBy::largest ? std::tuple(c.largest, c.sum, j)
                                 : std::tuple(c.sum, c.largest, j);
  };
  std::sort(order.begin(), order.end(),
            [&](Eigen::Index a, Eigen::Index b) { return key(a) < key(b); });
  return order;
}

std::vector<Eigen::Index> first(const std::vector<Eigen::Index>& order, std::size_t n) {
  return {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(n, order.size()))};
}

}  // namespace neurofit::cli

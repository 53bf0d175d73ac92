#pragma once
// Orders an archive's members for `inspect` and `export`: by the largest z-score (minimax, the
// best compromise first) or by the sum of z-scores, each with the other key and then the member's
// index breaking ties, so that the order never depends on the sort algorithm.
#include <vector>

#include <Eigen/Core>

namespace neurofit::cli {

enum class RankBy { largest, sum };

// Members (columns of z, one row per objective) from best to worst.
std::vector<Eigen::Index> rank_members(const Eigen::MatrixXd& z, RankBy by);

// The first n of an order (all of it when it is shorter).
std::vector<Eigen::Index> first(const std::vector<Eigen::Index>& order, std::size_t n);

}  // namespace neurofit::cli

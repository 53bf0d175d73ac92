#pragma once
// Objectives: one per scored feature, z = |model - mean| / sd; 1000 for a model that is not viable.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/ephys/protocol.hpp"
#include "neurofit/evo/minimax.hpp"
#include "neurofit/fit/cell_type.hpp"

namespace neurofit::fit {

// The original optimizer's penalty for a model that is not viable, on every feature.
inline constexpr double not_viable_score = 1000;

struct Objectives {
  std::vector<int> feature;  // the protocol's feature (result row) of each objective
  std::vector<std::string> names;
  std::vector<double> mean, sd;

  int size() const { return static_cast<int>(feature.size()); }
  // The protocol's features the cell type has, in the protocol's order; `selected`, when not
  // empty, limits them (each must be a feature of the protocol the cell type has: InputError
  // otherwise).
  static Objectives from(const CellType& cell, const std::vector<std::string>& selected = {},
                         const ephys::Protocol& protocol = ephys::ne8_protocol());
};

// n_objectives x candidates; never NaN: a candidate that is not viable, or has a feature that is
// not finite, scores not_viable_score on every objective.
Eigen::MatrixXd zscores(const Objectives& objectives, const ephys::ProtocolResult& result);

// A candidate's largest z-score and their sum, the two keys of the best compromise (the minimax
// order of evo/minimax.hpp).
using Compromise = evo::Minimax;
inline Compromise compromise_of(const Eigen::Ref<const Eigen::MatrixXd>& z, Eigen::Index column) {
  return evo::minimax_of(z, column);
}

// The best compromise among candidates (columns of z): the smallest largest z, ties broken by
// the smaller sum, then the lower column; -1 when z has no column.
inline Eigen::Index best_compromise(const Eigen::MatrixXd& z) {
  return evo::minimax_best(z);
}

}  // namespace neurofit::fit

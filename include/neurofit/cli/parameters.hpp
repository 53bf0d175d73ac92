#pragma once
// One parameter set given on the command line as repeated --set NAME=VALUE.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/sim/family.hpp"

namespace neurofit::cli {

// The family's reference values, overridden by each NAME=VALUE; a column of n_params. Throws
// std::invalid_argument naming the text for a malformed pair, an unknown name or a bad number.
Eigen::MatrixXd parameters_from(const sim::ModelFamily& family,
                                const std::vector<std::string>& sets);

}  // namespace neurofit::cli

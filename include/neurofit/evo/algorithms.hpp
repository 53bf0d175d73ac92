#pragma once
// The algorithms by name, for configs and command lines: "ibea" (default) and "nsga2".
#include <memory>
#include <string>
#include <vector>

#include "neurofit/evo/algorithm.hpp"
#include "neurofit/evo/nsga2.hpp"

namespace neurofit::evo {

struct AlgorithmSettings {
  std::string name = "ibea";
  Nsga2Settings ga;     // population and variation, shared by both
  double kappa = 0.05;  // IBEA's fitness scaling
};

std::vector<std::string> algorithm_names();
// Throws std::invalid_argument for an unknown name or bad settings.
std::unique_ptr<Algorithm> make_algorithm(const AlgorithmSettings& settings);

}  // namespace neurofit::evo

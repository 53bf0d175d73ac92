#pragma once
// The algorithms by name, for configs and command lines: "ibea" (default), "nsga2" and "shade".
#include <memory>
#include <string>
#include <vector>

#include "neurofit/evo/algorithm.hpp"
#include "neurofit/evo/nsga2.hpp"

namespace neurofit::evo {

struct AlgorithmSettings {
  std::string name = "ibea";
  Nsga2Settings ga;     // population (all) and variation (ibea, nsga2)
  double kappa = 0.05;  // IBEA's fitness scaling
  int memory = 6;       // SHADE's success-history slots
  double p_max = 0.2;   // SHADE's largest p-best fraction

  bool operator==(const AlgorithmSettings&) const = default;
};

std::vector<std::string> algorithm_names();
// Throws std::invalid_argument for an unknown name or bad settings.
std::unique_ptr<Algorithm> make_algorithm(const AlgorithmSettings& settings);

}  // namespace neurofit::evo

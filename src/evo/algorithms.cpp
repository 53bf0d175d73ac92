#include "neurofit/evo/algorithms.hpp"

#include <stdexcept>

#include "neurofit/evo/ibea.hpp"

namespace neurofit::evo {

std::vector<std::string> algorithm_names() {
  return {"ibea", "nsga2"};
}

std::unique_ptr<Algorithm> make_algorithm(const AlgorithmSettings& s) {
  if (s.name == "nsga2") return std::make_unique<Nsga2>(s.ga);
  if (s.name == "ibea") return std::make_unique<Ibea>(IbeaSettings{s.ga, s.kappa});
  throw std::invalid_argument("unknown algorithm '" + s.name + "' (known: ibea, nsga2)");
}

}  // namespace neurofit::evo

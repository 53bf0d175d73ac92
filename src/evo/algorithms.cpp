#include "neurofit/evo/algorithms.hpp"

#include <stdexcept>

#include "neurofit/evo/ibea.hpp"
#include "neurofit/evo/shade.hpp"

namespace neurofit::evo {

std::vector<std::string> algorithm_names() {
  return {"ibea", "nsga2", "shade"};
}

std::unique_ptr<Algorithm> make_algorithm(const AlgorithmSettings& s) {
  if (s.name == "nsga2") return std::make_unique<Nsga2>(s.ga);
  if (s.name == "ibea") return std::make_unique<Ibea>(IbeaSettings{s.ga, s.kappa});
  if (s.name == "shade")
    return std::make_unique<Shade>(ShadeSettings{s.ga.population, s.memory, s.p_max});
  throw std::invalid_argument("unknown algorithm '" + s.name + "' (known: ibea, nsga2, shade)");
}

}  // namespace neurofit::evo

#include "neurofit/island/settings.hpp"

#include <stdexcept>

namespace neurofit::island {

void ArchipelagoSettings::validate() const {
  if (islands.empty()) throw std::invalid_argument("islands: at least one island is needed");
  for (const auto& a : islands) evo::make_algorithm(a);  // throws naming a bad field
  if (migration.emigrants < 0) throw std::invalid_argument("migration: emigrants must be >= 0");
  for (const auto& a : islands)
    if (migration.enabled() && migration.emigrants > a.ga.population)
      throw std::invalid_argument("migration: emigrants (" + std::to_string(migration.emigrants) +
                                  ") exceed an island's population (" +
                                  std::to_string(a.ga.population) + ")");
  if (migration.topology == Topology::random &&
      (migration.degree < 1 || (n_islands() > 1 && migration.degree > n_islands() - 1)))
    throw std::invalid_argument("migration: degree (" + std::to_string(migration.degree) +
                                ") must be between 1 and the number of islands less one (" +
                                std::to_string(n_islands() - 1) + ")");
  if (gather_every < 1) throw std::invalid_argument("gather_every must be >= 1");
}

std::string topology_name(Topology t) {
  switch (t) {
    case Topology::ring:
      return "ring";
    case Topology::full:
      return "full";
    case Topology::random:
      return "random";
  }
  return "?";
}

std::string replacement_name(Replacement r) {
  return r == Replacement::worst ? "worst" : "dominated";
}

Topology topology_from(const std::string& name) {
  if (name == "ring") return Topology::ring;
  if (name == "full") return Topology::full;
  if (name == "random") return Topology::random;
  throw std::invalid_argument("unknown topology '" + name + "' (known: ring, full, random)");
}

Replacement replacement_from(const std::string& name) {
  if (name == "worst") return Replacement::worst;
  if (name == "dominated") return Replacement::dominated;
  throw std::invalid_argument("unknown replacement '" + name + "' (known: worst, dominated)");
}

}  // namespace neurofit::island

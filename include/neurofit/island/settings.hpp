#pragma once
// Settings of the island model: how many logical islands, each island's algorithm, and how elites
// migrate between them. Plain data (no MPI), so that configs can be parsed without it.
#include <cstdint>
#include <string>
#include <vector>

#include "neurofit/evo/algorithms.hpp"

namespace neurofit::island {

enum class Topology { ring, full, random };
// Which members immigrants replace: the worst ones (by front, then crowding), or only members
// they dominate (worst first).
enum class Replacement { worst, dominated };

struct MigrationSettings {
  std::uint64_t interval = 10;  // generations between migrations; 0: no migration
  long emigrants = 2;           // sent by each island to each of its neighbours
  Topology topology = Topology::ring;
  long degree = 2;  // out-degree of the random graph
  Replacement replacement = Replacement::worst;

  bool enabled() const { return interval > 0 && emigrants > 0; }
  bool operator==(const MigrationSettings&) const = default;
};

struct ArchipelagoSettings {
  // One entry per island (islands.size() is the number of islands); heterogeneous islands differ.
  std::vector<evo::AlgorithmSettings> islands;
  MigrationSettings migration;
  std::uint64_t gather_every = 1;  // generations between gathering the fronts on rank 0

  long n_islands() const { return static_cast<long>(islands.size()); }
  // Throws std::invalid_argument naming the first bad setting.
  void validate() const;
};

std::string topology_name(Topology t);
std::string replacement_name(Replacement r);
// Throw std::invalid_argument for an unknown name.
Topology topology_from(const std::string& name);
Replacement replacement_from(const std::string& name);

}  // namespace neurofit::island

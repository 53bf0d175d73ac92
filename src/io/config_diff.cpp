#include "neurofit/io/config_diff.hpp"

namespace neurofit::io {

namespace {

bool same_observations(const fit::CellType& a, const fit::CellType& b) {
  if (a.observations.size() != b.observations.size()) return false;
  for (std::size_t i = 0; i < a.observations.size(); ++i) {
    const auto& x = a.observations[i];
    const auto& y = b.observations[i];
    if (x.feature != y.feature || x.mean != y.mean || x.sd != y.sd) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> result_changing_differences(const RunConfig& saved, long saved_islands,
                                                     const RunConfig& now, long now_islands) {
  std::vector<std::string> keys;
  auto differ = [&](bool same, const char* key) {
    if (!same) keys.emplace_back(key);
  };
  differ(saved.model == now.model, "model");
  const bool same_problem =
      saved.problem.has_value() == now.problem.has_value() &&
      (!saved.problem || (saved.problem->name == now.problem->name &&
                          saved.problem->variables == now.problem->variables &&
                          saved.problem->objectives == now.problem->objectives));
  differ(same_problem, "problem");
  differ(same_observations(saved.cell, now.cell), "observations");
  differ(saved.features == now.features, "features");
  if (saved.is_fit() && now.is_fit() && saved.model == now.model) {
    Eigen::VectorXd lo_a, hi_a, lo_b, hi_b;
    saved.model_bounds(lo_a, hi_a);
    now.model_bounds(lo_b, hi_b);
    differ(lo_a == lo_b && hi_a == hi_b, "bounds/fixed");
  }
  differ(saved.algorithm == now.algorithm, "algorithm");
  differ(saved_islands == now_islands, "islands");
  bool same_island_algorithms = saved.island_algorithms.size() == now.island_algorithms.size();
  for (std::size_t i = 0; same_island_algorithms && i < now.island_algorithms.size(); ++i)
    same_island_algorithms = saved.island_algorithms[i] == now.island_algorithms[i];
  differ(same_island_algorithms, "islands.algorithms");
  const auto& m = saved.migration;
  const auto& n = now.migration;
  differ(m.interval == n.interval && m.emigrants == n.emigrants && m.topology == n.topology &&
             m.degree == n.degree && m.replacement == n.replacement,
         "migration");
  differ(saved.gather_every == now.gather_every, "gather_every");
  differ(saved.hypervolume_every == now.hypervolume_every, "hypervolume_every");
  differ(saved.archive_size == now.archive_size, "archive_size");
  differ(saved.seed == now.seed, "seed");
  return keys;
}

}  // namespace neurofit::io

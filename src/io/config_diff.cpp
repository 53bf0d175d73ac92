#include "neurofit/io/config_diff.hpp"

namespace neurofit::io {

ResultSettings result_settings(const RunConfig& c, long islands) {
  ResultSettings s;
  s.model = c.model;
  s.problem = c.problem;
  for (const auto& o : c.cell.observations) s.observations.emplace_back(o.feature, o.mean, o.sd);
  s.features = c.features;
  if (c.is_fit()) {
    Eigen::VectorXd lower, upper;
    c.model_bounds(lower, upper);
    s.lower.assign(lower.begin(), lower.end());
    s.upper.assign(upper.begin(), upper.end());
  }
  s.algorithm = c.algorithm;
  s.islands = islands;
  s.island_algorithms = c.island_algorithms;
  s.migration = c.migration;
  s.gather_every = c.gather_every;
  s.hypervolume_every = c.hypervolume_every;
  s.archive_size = c.archive_size;
  s.seed = c.seed;
  return s;
}

std::vector<std::string> result_changing_differences(const RunConfig& saved, long saved_islands,
                                                     const RunConfig& now, long now_islands) {
  const ResultSettings a = result_settings(saved, saved_islands);
  const ResultSettings b = result_settings(now, now_islands);
  if (a == b) return {};
  std::vector<std::string> keys;
  auto differ = [&](bool same, const char* key) {
    if (!same) keys.emplace_back(key);
  };
  differ(a.model == b.model, "model");
  differ(a.problem == b.problem, "problem");
  differ(a.observations == b.observations, "observations");
  differ(a.features == b.features, "features");
  differ(a.model != b.model || (a.lower == b.lower && a.upper == b.upper), "bounds/fixed");
  differ(a.algorithm == b.algorithm, "algorithm");
  differ(a.islands == b.islands, "islands");
  differ(a.island_algorithms == b.island_algorithms, "islands.algorithms");
  differ(a.migration == b.migration, "migration");
  differ(a.gather_every == b.gather_every, "gather_every");
  differ(a.hypervolume_every == b.hypervolume_every, "hypervolume_every");
  differ(a.archive_size == b.archive_size, "archive_size");
  differ(a.seed == b.seed, "seed");
  if (keys.empty()) keys.emplace_back("a result-changing setting");  // a field not named above
  return keys;
}

}  // namespace neurofit::io

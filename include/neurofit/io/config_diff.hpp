#pragma once
// Which settings of a run config change its results: a run resumes from a checkpoint only when
// none of them differ (or with --force). The number of generations, the checkpoint settings and
// the output folder may change.
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "neurofit/io/run_config.hpp"

namespace neurofit::io {

// Every setting that decides a run's results, compared as a whole with the defaulted operator==,
// so that a field added here is compared without another line of code. Islands are the count
// resolved for the ranks the run has.
struct ResultSettings {
  std::string model;
  std::optional<TestProblemConfig> problem;
  std::vector<std::tuple<std::string, double, double>> observations;  // feature, mean, sd
  std::vector<std::string> features;
  std::vector<double> lower, upper;  // the searched bounds (bounds and fixed), fits only
  AlgorithmConfig algorithm;
  long islands = 0;
  std::vector<AlgorithmConfig> island_algorithms;
  island::MigrationSettings migration;
  std::uint64_t gather_every = 0, hypervolume_every = 0;
  long archive_size = 0;
  std::uint64_t seed = 0;

  bool operator==(const ResultSettings&) const = default;
};

ResultSettings result_settings(const RunConfig& config, long islands);

// The keys (e.g. "seed", "algorithm", "observations") whose values differ between the config a
// checkpoint was made with and the current one; islands compare as counts resolved for the ranks
// each was run on (saved_islands, now_islands). Empty when results would be identical.
std::vector<std::string> result_changing_differences(const RunConfig& saved, long saved_islands,
                                                     const RunConfig& now, long now_islands);

}  // namespace neurofit::io

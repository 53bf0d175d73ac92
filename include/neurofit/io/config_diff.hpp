#pragma once
// Which settings of a run config change its results: a run resumes from a checkpoint only when
// none of them differ (or with --force). The number of generations, the checkpoint settings and
// the output folder may change.
#include <string>
#include <vector>

#include "neurofit/io/run_config.hpp"

namespace neurofit::io {

// The keys (e.g. "seed", "algorithm", "observations") whose values differ between the config a
// checkpoint was made with and the current one; islands compare as counts resolved for the ranks
// each was run on (saved_islands, now_islands). Empty when results would be identical.
std::vector<std::string> result_changing_differences(const RunConfig& saved, long saved_islands,
                                                     const RunConfig& now, long now_islands);

}  // namespace neurofit::io

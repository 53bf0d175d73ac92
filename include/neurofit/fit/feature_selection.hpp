#pragma once
// Which of a protocol's features make a model family identifiable (`neurofit sensitivity`,
// README "Identifiability"): over random viable parameter sets, each scored against its own
// features (sd 5% of |value|, as ground-truth recovery does), greedy forward selection adds, one
// at a time, the feature that most lowers the median over the sets of the parameters' mean local
// sd (identifiability.hpp); each step also reports the largest local sd, the smallest singular
// value of the sensitivity matrix and how many parameters are determined.
#include <cstdint>
#include <string>
#include <vector>

#include "neurofit/ephys/protocol.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::fit {

struct FeatureSelection {
  std::vector<std::string> parameters;
  int samples = 0;          // viable parameter sets used
  std::uint64_t drawn = 0;  // parameter sets drawn to find them
  // One entry per step: the feature added, then medians over the sets with the features so far.
  std::vector<std::string> order;
  std::vector<double> mean_sd, largest_sd, smallest_singular_value, determined;
  // Per parameter, the median over the sets of its local sd with every feature.
  std::vector<double> parameter_sd;
};

// `samples` viable sets drawn uniformly within the family's default bounds (std::mt19937_64 from
// `seed`; at most 100 draws per set); InputError when none is viable.
FeatureSelection select_features(const sim::ModelFamily& family, const ephys::Protocol& protocol,
                                 int samples, std::uint64_t seed, double sd_fraction = 0.05);

}  // namespace neurofit::fit

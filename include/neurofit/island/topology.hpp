#pragma once
// Who sends emigrants to whom. The graph depends only on the settings and the run seed, never on
// the ranks, so migration is the same on any number of ranks.
#include <cstdint>
#include <vector>

#include "neurofit/island/settings.hpp"

namespace neurofit::island {

// For each island, the islands it receives from, in increasing order:
//   ring:   island i sends to i + 1 (mod n), so it receives from i - 1;
//   full:   every island sends to every other;
//   random: each island sends to `degree` distinct other islands drawn with a generator seeded
//           from `seed` (a fixed graph for the whole run).
// One island has no neighbours. Throws std::invalid_argument for n < 1 or a bad degree.
std::vector<std::vector<long>> sources_of(Topology topology, long n, long degree,
                                          std::uint64_t seed);

}  // namespace neurofit::island

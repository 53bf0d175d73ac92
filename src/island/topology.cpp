#include "neurofit/island/topology.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "neurofit/evo/rng.hpp"

namespace neurofit::island {

std::vector<std::vector<long>> sources_of(Topology topology, long n, long degree,
                                          std::uint64_t seed) {
  if (n < 1) throw std::invalid_argument("topology: at least one island is needed");
  std::vector<std::vector<long>> sources(static_cast<std::size_t>(n));
  if (n == 1) return sources;
  switch (topology) {
    case Topology::ring:
      for (long i = 0; i < n; ++i) sources[i].push_back((i + n - 1) % n);
      break;
    case Topology::full:
      for (long i = 0; i < n; ++i)
        for (long s = 0; s < n; ++s)
          if (s != i) sources[i].push_back(s);
      break;
    case Topology::random: {
      if (degree < 1 || degree > n - 1)
        throw std::invalid_argument("topology: random degree must be in [1, " +
                                    std::to_string(n - 1) + "]");
      // Its own stream: the islands' streams are stream_seed(seed, task, island >= 0).
      evo::Rng rng(evo::stream_seed(seed, ~std::uint64_t{0}, ~std::uint64_t{0}));
      for (long s = 0; s < n; ++s) {
        std::vector<long> others;  // partial Fisher-Yates over the other islands
        for (long t = 0; t < n; ++t)
          if (t != s) others.push_back(t);
        for (long d = 0; d < degree; ++d) {
          const auto j = d + static_cast<long>(rng.uniform_int(others.size() - d));
          std::swap(others[d], others[j]);
          sources[others[d]].push_back(s);
        }
      }
      for (auto& v : sources) std::sort(v.begin(), v.end());
      break;
    }
  }
  return sources;
}

}  // namespace neurofit::island

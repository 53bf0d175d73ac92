#include "neurofit/run/schedule.hpp"

#include <algorithm>
#include <numeric>

#include "neurofit/sim/family.hpp"

namespace neurofit::run {

double estimated_work(const io::RunConfig& config, long ranks) {
  double population = 0;
  for (const auto& island : config.archipelago(ranks).islands)
    population += static_cast<double>(island.ga.population);
  const double cost = config.is_fit() ? sim::find_family(config.model).relative_cost : 1.0;
  return static_cast<double>(config.generations) * population * cost;
}

std::vector<std::size_t> longest_first(std::span<const double> work) {
  std::vector<std::size_t> order(work.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return work[a] > work[b]; });
  return order;
}

}  // namespace neurofit::run

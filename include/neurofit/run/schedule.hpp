#pragma once
// The order in which a dynamic campaign hands out its tasks: costliest first (the longest
// processing time rule), so that no group starts a long AdEx task when the others are nearly
// done. Costs are estimates (evaluations times the family's relative cost); the order changes
// when a task runs, never what it computes.
#include <cstddef>
#include <span>
#include <vector>

#include "neurofit/io/run_config.hpp"

namespace neurofit::run {

// Evaluations of the whole run (generations x every island's population) times the model
// family's relative_cost; test problems count 1 per evaluation.
double estimated_work(const io::RunConfig& config, long ranks);

// Indices of `work` from the largest to the smallest; ties keep their order.
std::vector<std::size_t> longest_first(std::span<const double> work);

}  // namespace neurofit::run

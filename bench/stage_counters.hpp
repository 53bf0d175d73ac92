#pragma once
// The cost breakdown of an ne8 or protocol evaluation as benchmark counters, per stage (settle,
// S1, S2, S3, sweeps): Euler steps per evaluation, the share of the wall time, the kernel's
// steps/s inside the stage's simulations, the share of the stepped lanes that a run still needed
// (the rest stepped on after their lane stopped, to the end of a chunk), the share of vector
// lanes that were padding, simulations per evaluation, and the share of simulations (and of
// their steps) that stopped as settled or ran to their last sample (the rest stopped at a spike).
#include <benchmark/benchmark.h>

#include <string>

#include "neurofit/ephys/ne8.hpp"

namespace neurofit::bench {

inline void stage_counters(benchmark::State& state,
                           const decltype(ephys::Ne8Result::stages)& stages, int n) {
  double total = 0;
  for (const auto& c : stages) total += c.seconds;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const auto& c = stages[s];
    if (c.lane_steps == 0) continue;
    const std::string name(ephys::stage_names[s]);
    const auto steps = static_cast<double>(c.lane_steps);
    state.counters[name + ".steps_per_eval"] = steps / n;
    state.counters[name + ".time_frac"] = c.seconds / total;
    state.counters[name + ".sim_frac"] = c.simulate_seconds / c.seconds;
    state.counters[name + ".kernel_steps_per_s"] = steps / c.simulate_seconds;
    state.counters[name + ".run_frac"] = static_cast<double>(c.run_steps) / steps;
    state.counters[name + ".pad_frac"] = 1 - steps / static_cast<double>(c.vector_steps);
    state.counters[name + ".runs_per_eval"] = static_cast<double>(c.runs) / n;
    const auto runs = static_cast<double>(c.runs), run_steps = static_cast<double>(c.run_steps);
    state.counters[name + ".settled_runs_frac"] = static_cast<double>(c.settled_runs) / runs;
    state.counters[name + ".settled_steps_frac"] = static_cast<double>(c.settled_steps) / run_steps;
    state.counters[name + ".whole_runs_frac"] = static_cast<double>(c.whole_runs) / runs;
    state.counters[name + ".whole_steps_frac"] = static_cast<double>(c.whole_steps) / run_steps;
  }
}

}  // namespace neurofit::bench

#pragma once
// Batched simulation: many candidates (lanes) of one model family advance in lock-step, each
// with its own parameters, initial state and stimulus. The model's Euler step is one
// branch-free loop over lanes; lanes that stop early are compacted away between chunks of steps.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/sim/stimulus.hpp"

namespace neurofit::sim {

enum class LaneStatus : std::uint8_t;

// A lane's finished run, as a continuation sees it.
struct LaneRun {
  int lane;
  LaneStatus status;
  bool settled;
  const std::vector<std::int64_t>& spikes;  // spike samples of this run
  std::int64_t last_sample;
};
// Called once per finished run of a lane (in the order runs finish, which depends on timing
// within the batch but never on the results). Returning a stimulus runs the lane again from its
// initial state at first_sample; the lane's results then describe its last run only. Lets many
// lanes each do a sequence of simulations (a threshold search) without waiting for each other.
using Continuation = std::function<std::optional<Stimulus>(const LaneRun&)>;

struct BatchRequest {
  double dt = 0.025;              // [ms]
  std::int64_t first_sample = 0;  // sample index of the initial state
  std::int64_t last_sample = 0;   // the last sample to compute
  int stop_after_spikes = 0;      // a lane stops at its k-th spike; 0: never
  // A lane whose spike comes fewer than this many samples after its previous spike of the same
  // run stops at that spike with status too_fast; 0: never.
  std::int64_t min_isi_samples = 0;
  std::int64_t trace_first = -1;  // record V over samples [trace_first, trace_last] when >= 0
  std::int64_t trace_last = -1;
  // Optional, one entry per lane: lane l's trace window starts at lane_trace_first[l] instead
  // (same length); lane l stops after sample lane_last_sample[l] (at most last_sample).
  std::vector<std::int64_t> lane_trace_first;
  std::vector<std::int64_t> lane_last_sample;
  // Stop a lane early once it provably never spikes again: its current stays constant to its
  // last sample and its state lies in a region around a stable fixed point that it cannot leave
  // (the model's settle_prepare/settled). Spikes are as without, and so is the trace: a lane
  // stops only once its trace window is recorded. The final state is where it stopped.
  bool stop_when_settled = false;
  Continuation continuation;  // optional; not with a trace
  int block_lanes = 64;       // lanes simulated together (a multiple of 8)
};

enum class LaneStatus : std::uint8_t {
  ok,        // simulated to its last sample or its stop rule
  invalid,   // the parameter set was rejected by the model's check(); not simulated
  failed,    // the state left the finite range (|V| >= 1e6, |recovery| >= 1e9 or not finite)
  too_fast,  // two spikes closer than min_isi_samples; stopped at the second of them
};

struct BatchResult {
  std::vector<std::vector<std::int64_t>> spikes;  // per lane: spike sample indices
  std::vector<LaneStatus> status;                 // per lane
  std::vector<std::int64_t> last_sample;          // per lane: the last sample computed
  std::vector<std::uint8_t> settled;              // per lane: 1 if stopped early as settled
  Eigen::MatrixXd state;  // n_state x lanes: state at each lane's last sample
  Eigen::MatrixXd trace;  // (trace_last - trace_first + 1) x lanes [mV]; NaN where not simulated
  std::int64_t lane_steps = 0;  // Euler steps taken, summed over lanes
  // Where those steps went (for benchmarks): of lane_steps, the steps up to each run's stop (the
  // rest are a stopped lane stepping on to the end of its chunk); the steps of the vector loop,
  // padding lanes included (>= lane_steps); and the runs simulated (reruns included).
  std::int64_t run_steps = 0, vector_steps = 0, runs = 0;
  // Of those runs and their steps: the runs stopped as settled, and the runs that reached their
  // last sample (the others stopped at a spike rule or failed).
  std::int64_t settled_runs = 0, settled_steps = 0, whole_runs = 0, whole_steps = 0;
};

struct ModelFamily;

// params: n_params x lanes (model units). initial_state: n_state x lanes, or nullptr for each
// lane's rest state at first_sample. stimuli: one shared by all lanes, or one per lane.
// Throws std::invalid_argument when the sizes do not fit together.
BatchResult run_batch(const ModelFamily& family, const Eigen::MatrixXd& params,
                      const Eigen::MatrixXd* initial_state, std::span<const Stimulus> stimuli,
                      const BatchRequest& request);

}  // namespace neurofit::sim

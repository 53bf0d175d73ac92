#pragma once
// The NeuroElectro-8 protocol (docs: README "The ne8 protocol"): rest and passive response at
// -10 pA (S1), rheobase by doubling and bisection to 1 pA (S2), spike shape at rheobase (S3),
// evaluated for a whole batch of candidates at once, all lanes' searches in lock-step.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "neurofit/ephys/refractory.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::ephys {

enum Ne8Feature {
  rheobase,
  input_resistance,
  time_constant,
  capacitance,
  resting_potential,
  ap_width,
  ap_amplitude,
  ap_threshold,
  n_ne8_features
};
inline constexpr std::array<std::string_view, n_ne8_features> ne8_feature_names{
    "rheobase",          "input_resistance", "time_constant", "capacitance",
    "resting_potential", "ap_width",         "ap_amplitude",  "ap_threshold"};
inline constexpr std::array<std::string_view, n_ne8_features> ne8_feature_units{
    "pA", "MOhm", "ms", "pF", "mV", "ms", "mV", "mV"};

// The protocol's current steps (reference protocol-ne8.md): S1, -10 pA from 200 to 700 ms of
// 800 ms; S2 and S3, the candidate's rheobase from 100 to 1100 ms [ms, pA].
inline constexpr double ne8_passive_start = 200, ne8_passive_end = 700, ne8_passive_duration = 800,
                        ne8_passive_current = -10;
inline constexpr double ne8_step_start = 100, ne8_step_end = 1100;

// Why a candidate is not viable: one code per rule of the protocol (reference protocol-ne8.md)
// and the refractory floor (refractory.hpp); `why` adds the details.
enum class Verdict : std::uint8_t {
  viable,
  invalid_parameters,            // refused by the model's check()
  simulation_failed,             // the state left the finite range
  spikes_at_rest,                // spikes without input, before the stimulus onset
  spikes_at_minus_10pA,          // S1 spikes
  no_passive_response,           // S1: no negative deflection or no time-constant crossing
  no_spike_at_16nA,              // S2: no rheobase up to 16 nA
  faster_than_refractory_floor,  // S3: two spikes closer than the refractory floor
  no_spike_shape,  // S3: the first spike has no half-height crossing, or is not isolated
  n_verdicts
};
inline constexpr std::array<std::string_view, static_cast<std::size_t>(Verdict::n_verdicts)>
    verdict_names{"viable",           "invalid_parameters",           "simulation_failed",
                  "spikes_at_rest",   "spikes_at_minus_10pA",         "no_passive_response",
                  "no_spike_at_16nA", "faster_than_refractory_floor", "no_spike_shape"};

struct Ne8Settings {
  double dt = 0.025;              // [ms]
  int passive_tile = 64;          // candidates per traced S1 simulation (bounds the trace memory)
  int passive_window = 4000;      // S1 samples after the step onset traced in a first simulation
                                  // before falling back to the whole step (<= 0: the whole step)
  int shape_tile = 1024;          // candidates per traced S3 simulation
  bool stop_when_settled = true;  // S2 lanes that provably never spike stop early (same results)
  int shape_window = 200;         // samples recorded on each side of the rheobase spike before
                                  // falling back to the whole trace
  double refractory_floor = refractory_floor_ms;  // [ms] shortest interspike interval at rheobase
  // The stages run after the settling at 0 pA (a protocol's whole-cell features need only some):
  // S1 (rest and passive features), S2 (rheobase), S3 (the spike at rheobase; implies S2).
  bool passive = true, rheobase = true, spike_shape = true;
};

// The stages of an evaluation, for the cost breakdown: the settling at 0 pA before the stimulus
// onset, S1, S2, S3, and a protocol's sweeps.
enum class Stage : std::uint8_t { settle, passive, rheobase, spike_shape, sweeps, n_stages };
inline constexpr std::array<std::string_view, static_cast<std::size_t>(Stage::n_stages)>
    stage_names{"settle", "S1", "S2", "S3", "sweeps"};

// What a stage cost (benchmarks and profiling only; never part of a result): the batch
// simulations' step counts (sim::BatchResult), the stage's wall time and, of it, the time inside
// the simulations (the rest reads the traces).
struct StageCost {
  std::int64_t lane_steps = 0, run_steps = 0, vector_steps = 0, runs = 0;
  std::int64_t settled_runs = 0, settled_steps = 0, whole_runs = 0, whole_steps = 0;
  double seconds = 0, simulate_seconds = 0;
};

struct Ne8Result {
  Eigen::MatrixXd features;          // n_ne8_features x candidates; NaN where not viable
  std::vector<std::uint8_t> viable;  // per candidate
  std::vector<Verdict> verdict;      // per candidate: viable, or the rule it broke
  std::vector<std::string> why;      // per candidate: why it is not viable ("" if viable)
  // S3, the whole step at rheobase, per candidate: its spikes (up to a refractory violation,
  // where the simulation stops) and the shortest interval between them [ms]; 0 and NaN where S3
  // was not reached, NaN with fewer than two spikes.
  std::vector<int> rheobase_spikes;
  std::vector<double> rheobase_min_isi;
  std::int64_t lane_steps = 0;  // Euler steps simulated, summed over candidates
  std::array<StageCost, static_cast<std::size_t>(Stage::n_stages)> stages{};

  StageCost& cost(Stage s) { return stages[static_cast<std::size_t>(s)]; }
  // Adds a batch simulation's steps to lane_steps and to stage s.
  void count(Stage s, const sim::BatchResult& r, double simulate_seconds);

  // Candidate c is not viable: its verdict, why, and NaN for every feature.
  void reject(Eigen::Index c, Verdict verdict, std::string why);
};

// Why a candidate broke the refractory floor: "fires faster than the refractory floor <where>:
// spikes <isi> ms apart (floor <floor> ms)".
std::string refractory_why(const std::string& where, double isi_ms, double floor_ms);

// A count per verdict, indexed by Verdict.
using VerdictCounts = std::array<std::uint64_t, static_cast<std::size_t>(Verdict::n_verdicts)>;
// How many candidates of `result` have each verdict.
VerdictCounts count_verdicts(const Ne8Result& result);

// Evaluates every column of `params` (n_params x candidates, model units).
Ne8Result evaluate_ne8(const sim::ModelFamily& family, const Eigen::MatrixXd& params,
                       const Ne8Settings& settings = {});

}  // namespace neurofit::ephys

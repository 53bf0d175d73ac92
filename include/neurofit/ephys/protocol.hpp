#pragma once
// Protocols (docs: README "Protocols"): whole-cell measurements, read from ne8's stages (rest and
// passive response, the rheobase search, the spike at rheobase), and sweeps of current steps
// whose traces are read with eFEL's features, the same extraction as `neurofit features`.
// Evaluated for a batch of candidates at once; every sweep is held to the refractory floor.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/ephys/efel.hpp"
#include "neurofit/ephys/ne8.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::ephys {

// How a sweep's feature becomes one number: `value` for features eFEL gives one value of; the
// others reduce a per-spike feature (its first, last or mean value, or that of spike `nth`).
enum class Statistic : std::uint8_t { value, first, last, mean, nth };

struct SweepFeature {
  std::string feature;  // eFEL's name (efel::features)
  Statistic statistic = Statistic::value;
  int nth = 0;  // 1-based, for Statistic::nth
};

struct SweepStep {
  double amplitude = 0;       // [pA], or a multiple of the candidate's rheobase
  bool of_rheobase = false;   // amplitude x the lane's rheobase (needs the rheobase search)
  double start = 0, end = 0;  // [ms]
};

struct Sweep {
  std::string name;
  double duration = 0;  // [ms]: simulated from the model's rest state at 0 ms
  std::vector<SweepStep> steps;
  double stim_start = 0, stim_end = 0;  // [ms] the stimulus window eFEL's features read
  std::vector<SweepFeature> features;
};

struct Protocol {
  std::string name, description;
  std::vector<Ne8Feature> whole_cell;  // read from ne8's stages, scored in this order
  bool fi_slope = false;               // f-I slope over fi_sweeps, after the whole-cell features
  std::vector<int> fi_sweeps;          // indices into sweeps
  std::vector<Sweep> sweeps;           // their features follow, sweep by sweep
  efel::Settings efel;                 // eFEL's settings for every sweep

  // Every scored feature: whole-cell names, "fi_slope", then "<sweep>.<feature>" or
  // "<sweep>.<feature>.<statistic>" (first, last, mean, or the spike's number).
  std::vector<std::string> feature_names() const;
  std::vector<std::string> feature_units() const;
  int n_features() const;
  // Which of ne8's stages the whole-cell features and relative amplitudes need.
  bool needs_passive() const;
  bool needs_rheobase() const;
  bool needs_spike_shape() const;
};

// ne8 as a protocol: its eight features, no sweeps. evaluate_protocol gives evaluate_ne8's results.
Protocol ne8_protocol();

// A sweep feature's name in Protocol::feature_names().
std::string sweep_feature_name(const Sweep& sweep, const SweepFeature& feature);

struct ProtocolSettings {
  Ne8Settings ne8;      // dt, tiles and the refractory floor, for every stage and sweep
  int sweep_tile = 32;  // candidates per traced sweep simulation (bounds the trace memory)
};

// A protocol's features per candidate, in Protocol::feature_names() order (one row each), with
// ne8's viability rules and verdicts; a sweep adds simulation_failed and the refractory floor.
// A viable candidate's feature is NaN where eFEL gives no value (no spike, say).
using ProtocolResult = Ne8Result;

// Evaluates every column of `params` (n_params x candidates, model units).
ProtocolResult evaluate_protocol(const sim::ModelFamily& family, const Eigen::MatrixXd& params,
                                 const Protocol& protocol, const ProtocolSettings& settings = {});

// A sweep feature's one number from a trace's features: the value, or the statistic of the
// per-spike values; NaN where eFEL gives none (or there is no such spike).
double sweep_feature_value(const efel::TraceFeatures& trace, const SweepFeature& feature);

// f-I slope [Hz/pA]: the least-squares slope of rate against current over the points with a
// rate > 0 (the Allen Institute's fit_fi_slope over suprathreshold sweeps); NaN with fewer than
// two such points or one current only.
double fi_slope(const std::vector<double>& current, const std::vector<double>& rate);

}  // namespace neurofit::ephys

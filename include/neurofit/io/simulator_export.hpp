#pragma once
// Fitted models as programs for other simulators, Brian2 and NEURON (README "Run a fitted model
// in Brian2 or NEURON"): per model a Python script that simulates the fit's protocol sweeps with
// the model's equations, reset and rest state by forward Euler at the fit's dt, as neurofit does,
// and writes each sweep's V and spike times; for NEURON also a point process per model family.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/io/result_reader.hpp"
#include "neurofit/sim/stimulus.hpp"

namespace neurofit::io {

// [ms] The exports' sweep of ne8's step at the model's rheobase: the step and 100 ms after it.
inline constexpr double rheobase_sweep_duration = ephys::ne8_step_end + 100;

struct ExportSweep {
  std::string name;
  double duration = 0;  // [ms], simulated from the rest state at 0 ms
  std::vector<sim::CurrentStep> steps;
};

// What a simulator script needs of one archive member.
struct ExportedModel {
  std::string model, id;  // the family; the files' stem
  std::string about;      // where the model comes from (result file, rank, scores)
  std::vector<std::string> names, units;
  std::vector<double> values;  // model units
  double dt = 0;               // [ms]
  std::vector<ExportSweep> sweeps;
  std::vector<std::string> notes;  // sweeps left out, and why
};

struct TextFile {
  std::string name, text;
};

// Archive member `member` (0-based) with its protocol's sweeps in pA: ne8's -10 pA step where the
// protocol reads the passive response, the step at the model's rheobase where it searches for
// one, then the protocol's own sweeps (amplitudes relative to rheobase made absolute). InputError
// naming `source` for a family without a simulator form, a missing or non-finite parameter, or a
// protocol definition that does not parse.
ExportedModel exported_model(const StoredResult& result, Eigen::Index member, const std::string& id,
                             const std::string& about, const std::string& source);

// "" when the family has Brian2 and NEURON forms, else why not.
std::string simulator_form_missing(const std::string& model);

// <id>_brian2.py.
TextFile brian2_script(const ExportedModel& m);

// neurofit_<family>.mod (the point process, the same for every model of the family) and
// <id>_neuron.py.
TextFile neuron_mechanism(const std::string& model);
TextFile neuron_script(const ExportedModel& m);

}  // namespace neurofit::io

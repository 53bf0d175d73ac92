#pragma once
// Small hand-made result files for the reader, the exporters and the inspect/export commands:
// a fit of 4 archive members (the last not viable) scored on 3 features, and a test problem.
#include <cmath>
#include <limits>
#include <string>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/io/result_file.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::testing {

// The z-scores of the sample fit, one column per member. By the largest z the order is
// 1, 2, 0, 3 (largest 1.0, 1.5, 2.0, 1000); by the sum 2, 0, 1, 3 (sums 1.8, 2.6, 3.0, 3000).
inline Eigen::MatrixXd sample_z() {
  Eigen::MatrixXd z(3, 4);
  z << 0.5, 1.0, 1.5, 1000,  //
      2.0, 1.0, 0.2, 1000,   //
      0.1, 1.0, 0.1, 1000;
  return z;
}

// A fit of `model` (izhikevich2007 holds vpeak fixed at 35 mV) to neocortex_l56_pyramidal:
// member j has each parameter at its reference value times (1 + j/100), features
// base * (1 + j/10) (member 3: NaN, not viable), and the history of 3 generations.
inline io::ResultData sample_fit(const std::string& model = "izhikevich2007") {
  const auto& family = sim::find_family(model);
  io::ResultData d;
  d.config_text = "model: " + model +
                  "\n"
                  "cell_type: neocortex_l56_pyramidal\n"
                  "features: [rheobase, input_resistance, ap_width]\n" +
                  (model == "izhikevich2007" ? "fixed: {vpeak: 35}\n" : "") +
                  "generations: 2\n"
                  "seed: 7\n";
  d.seed = 7;
  d.generations = 2;
  d.problem = model + " ne8";
  d.model = model;
  d.cell_type = "neocortex_l56_pyramidal";
  d.parameters.resize(family.n_params(), 4);
  for (int i = 0; i < family.n_params(); ++i) {
    const auto& spec = family.parameters[static_cast<std::size_t>(i)];
    d.parameter_names.emplace_back(spec.name);
    d.parameter_units.emplace_back(spec.unit);
    for (int j = 0; j < 4; ++j)
      d.parameters(i, j) = spec.name == "vpeak" ? 35.0 : spec.value * (1 + 0.01 * j);
  }
  d.objective_names = {"rheobase", "input_resistance", "ap_width"};
  d.objectives = sample_z();
  const double base[ephys::n_ne8_features] = {120, 95, 14, 140, -66, 1.1, 78, -44};
  d.features.resize(ephys::n_ne8_features, 4);
  d.protocol = "ne8";
  for (int f = 0; f < ephys::n_ne8_features; ++f) {
    d.feature_names.emplace_back(ephys::ne8_feature_names[static_cast<std::size_t>(f)]);
    d.feature_units.emplace_back(ephys::ne8_feature_units[static_cast<std::size_t>(f)]);
  }
  for (int f = 0; f < ephys::n_ne8_features; ++f)
    for (int j = 0; j < 4; ++j)
      d.features(f, j) =
          j == 3 ? std::numeric_limits<double>::quiet_NaN() : base[f] * (1 + 0.1 * j);
  for (std::uint64_t g = 0; g <= 2; ++g) {
    evo::GenerationRecord r;
    r.generation = g;
    r.evaluations = 16 * (g + 1);
    r.hypervolume = 0.125 * static_cast<double>(g + 1);
    r.hypervolume_std_error = 0.0;
    r.archive_size = 4;
    r.migrations = g;
    r.seconds = 0.25 * static_cast<double>(g);
    r.best = Eigen::Vector3d(0.5, 0.2, 0.1 * static_cast<double>(3 - g));
    d.history.push_back(r);
  }
  d.hypervolume_scale = Eigen::VectorXd::Constant(3, 5.0);
  d.hypervolume_reference = Eigen::VectorXd::Constant(3, 1.1);
  return d;
}

// ZDT1 with 3 variables: 3 members, no features, no model.
inline io::ResultData sample_test_problem() {
  io::ResultData d;
  d.config_text = "problem: {name: zdt1, variables: 3}\ngenerations: 1\n";
  d.seed = 1;
  d.generations = 1;
  d.problem = "zdt1";
  d.parameter_names = {"x1", "x2", "x3"};
  d.parameter_units = {"", "", ""};
  d.parameters.resize(3, 3);
  d.parameters << 0.0, 0.5, 1.0,  //
      0.25, 0.0, 0.0,             //
      0.0, 0.0, 0.125;
  d.objective_names = {"f1", "f2"};
  d.objectives.resize(2, 3);
  d.objectives << 0.0, 0.5, 1.0,  //
      1.0, 0.3, 0.0;
  d.features.resize(0, 3);
  evo::GenerationRecord r;
  r.generation = 1;
  r.evaluations = 20;
  r.hypervolume = 0.5;
  r.archive_size = 3;
  r.best = Eigen::Vector2d(0.0, 0.0);
  d.history = {r};
  d.hypervolume_scale = Eigen::VectorXd::Constant(2, 1.0);
  d.hypervolume_reference = Eigen::VectorXd::Constant(2, 1.1);
  return d;
}

}  // namespace neurofit::testing

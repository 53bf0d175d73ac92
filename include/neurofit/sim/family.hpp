#pragma once
// Type-erased description of a model family: its parameters, state and batched simulator.
// One indirect call per batch; the time loop inside is the model's own template instance.
#include <span>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "neurofit/model/parameter.hpp"
#include "neurofit/sim/batch.hpp"

namespace neurofit::sim {

struct ModelFamily {
  std::string_view name;
  std::span<const model::ParameterSpec> parameters;
  std::span<const std::string_view> state_names;
  double relative_cost;  // time of an evaluation, Izhikevich 1 (orders campaign tasks)
  void (*rest_state)(const double* params, double* state);
  std::string (*check)(const double* params);  // "" when the parameter set can be simulated
  BatchResult (*run)(const Eigen::MatrixXd& params, const Eigen::MatrixXd* initial_state,
                     std::span<const Stimulus> stimuli, const BatchRequest& request);

  int n_params() const { return static_cast<int>(parameters.size()); }
  int n_state() const { return static_cast<int>(state_names.size()); }
  int parameter_index(std::string_view parameter) const;  // -1 when the family has none such
  Eigen::VectorXd lower_bounds() const;
  Eigen::VectorXd upper_bounds() const;
};

// Every registered family (izhikevich2007, adex, lif).
std::span<const ModelFamily> families();
// Throws std::invalid_argument "unknown model 'x' (known: ...)".
const ModelFamily& find_family(std::string_view name);

}  // namespace neurofit::sim

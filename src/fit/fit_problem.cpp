#include "neurofit/fit/fit_problem.hpp"

#include <cmath>

#include "neurofit/errors.hpp"

namespace neurofit::fit {

FitProblem::FitProblem(const sim::ModelFamily& family, Objectives objectives, Eigen::VectorXd lower,
                       Eigen::VectorXd upper, ephys::Protocol protocol,
                       ephys::ProtocolSettings settings)
    : family_(family),
      objectives_(std::move(objectives)),
      lower_(std::move(lower)),
      upper_(std::move(upper)),
      protocol_(std::move(protocol)),
      settings_(settings) {
  if (lower_.size() != family.n_params() || upper_.size() != family.n_params())
    throw InputError("", "bounds must give every parameter of " + std::string(family.name));
  for (int i = 0; i < family.n_params(); ++i) {
    const std::string name(family.parameters[static_cast<std::size_t>(i)].name);
    if (!std::isfinite(lower_[i]) || !std::isfinite(upper_[i]))
      throw InputError("", "bounds of " + name + " must be finite numbers");
    if (lower_[i] > upper_[i])
      throw InputError("", "bounds of " + name + ": low must be below high");
    if (lower_[i] < upper_[i]) free_.push_back(i);
  }
  if (objectives_.size() == 0)
    throw InputError("", "no feature to score: the objectives are empty");
}

Eigen::VectorXd FitProblem::lower() const {
  Eigen::VectorXd v(n_var());
  for (Eigen::Index j = 0; j < n_var(); ++j) v[j] = lower_[free_[static_cast<std::size_t>(j)]];
  return v;
}

Eigen::VectorXd FitProblem::upper() const {
  Eigen::VectorXd v(n_var());
  for (Eigen::Index j = 0; j < n_var(); ++j) v[j] = upper_[free_[static_cast<std::size_t>(j)]];
  return v;
}

std::string FitProblem::name() const {
  return std::string(family_.name) + " " + protocol_.name;
}

std::vector<std::string> FitProblem::variable_names() const {
  std::vector<std::string> names;
  for (int i : free_) names.emplace_back(family_.parameters[static_cast<std::size_t>(i)].name);
  return names;
}

Eigen::MatrixXd FitProblem::full_parameters(const Eigen::MatrixXd& x) const {
  Eigen::MatrixXd p(family_.n_params(), x.cols());
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    p.col(c) = lower_;  // fixed parameters keep their value
    for (Eigen::Index j = 0; j < n_var(); ++j) p(free_[static_cast<std::size_t>(j)], c) = x(j, c);
  }
  return p;
}

ephys::ProtocolResult FitProblem::features(const Eigen::MatrixXd& x) const {
  return ephys::evaluate_protocol(family_, full_parameters(x), protocol_, settings_);
}

void FitProblem::evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const {
  Eigen::MatrixXd extra;
  evaluate(x, f, extra);
}

void FitProblem::evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f,
                          Eigen::MatrixXd& extra) const {
  ephys::ProtocolResult r = features(x);
  f = zscores(objectives_, r);
  const ephys::VerdictCounts counts = ephys::count_verdicts(r);
  for (std::size_t v = 0; v < counts.size(); ++v) verdict_counts_[v] += counts[v];
  extra = std::move(r.features);
}

}  // namespace neurofit::fit

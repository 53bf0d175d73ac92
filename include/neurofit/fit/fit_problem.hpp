#pragma once
// The fitting problem: a model family, a protocol (ne8 by default) and a cell type's
// observations. Maps a batch of parameter sets to one z-score objective per observed feature, in
// one evaluation of the protocol.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/ephys/protocol.hpp"
#include "neurofit/evo/problem.hpp"
#include "neurofit/fit/scores.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::fit {

class FitProblem final : public evo::Problem {
 public:
  // lower/upper: bounds of every model parameter (model units); a parameter with lower == upper
  // is held fixed at that value and is not a variable of the search. Throws InputError naming the
  // parameter for bounds that are not finite or have lower > upper. The objectives are features
  // of the protocol (Objectives::from with the same protocol).
  FitProblem(const sim::ModelFamily& family, Objectives objectives, Eigen::VectorXd lower,
             Eigen::VectorXd upper, ephys::Protocol protocol = ephys::ne8_protocol(),
             ephys::ProtocolSettings settings = {});

  Eigen::Index n_var() const override { return static_cast<Eigen::Index>(free_.size()); }
  Eigen::Index n_obj() const override { return objectives_.size(); }
  Eigen::VectorXd lower() const override;
  Eigen::VectorXd upper() const override;
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override;
  // The extra data are the protocol's features (Protocol::feature_names() order; NaN where not
  // viable).
  Eigen::Index n_extra() const override { return protocol_.n_features(); }
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f,
                Eigen::MatrixXd& extra) const override;
  std::string name() const override;
  std::vector<std::string> objective_names() const override { return objectives_.names; }
  std::vector<std::string> variable_names() const override;

  // Every model parameter (n_params x N) from the search variables (n_var x N).
  Eigen::MatrixXd full_parameters(const Eigen::MatrixXd& x) const;
  // The protocol's features of the search variables x (n_var x N).
  ephys::ProtocolResult features(const Eigen::MatrixXd& x) const;

  // How many of the candidates evaluated so far (by either evaluate()) had each verdict: a
  // statistic of the run (kept by the const evaluate calls), not a result of any one call.
  const ephys::VerdictCounts& verdict_counts() const { return verdict_counts_; }

  const sim::ModelFamily& family() const { return family_; }
  const Objectives& objectives() const { return objectives_; }
  const ephys::Protocol& protocol() const { return protocol_; }
  const std::vector<int>& free_parameters() const { return free_; }

 private:
  const sim::ModelFamily& family_;
  Objectives objectives_;
  Eigen::VectorXd lower_, upper_;  // of every model parameter
  std::vector<int> free_;          // the model parameters searched, in model order
  ephys::Protocol protocol_;
  ephys::ProtocolSettings settings_;
  mutable ephys::VerdictCounts verdict_counts_{};
};

}  // namespace neurofit::fit

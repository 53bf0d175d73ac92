#pragma once
// Ground-truth recovery, the original study's central check: take a known model, use its own
// features under a protocol (ne8 by default) as observations (sd a fixed fraction of |mean|),
// fit from scratch, and see whether the best model found matches every feature within one sd.
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "neurofit/fit/cell_type.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/fit/scores.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::fit {

struct RecoverySettings {
  std::string algorithm = "ibea";  // or "nsga2"
  int population = 48;
  int generations = 40;
  std::uint64_t seed = 1;
  double sd_fraction = 0.05;  // sd of each synthetic observation, relative to |mean|
  ephys::Protocol protocol = ephys::ne8_protocol();
};

struct RecoveryResult {
  bool truth_viable = false;
  std::string why;        // why the true model is not viable under the protocol
  Objectives objectives;  // the truth's features as observations
  Eigen::VectorXd truth;  // every model parameter
  Eigen::VectorXd best;   // the archive member with the smallest largest z (ties: sum)
  Eigen::VectorXd z;      // its z-score per objective
  std::uint64_t evaluations = 0;
  Identifiability identifiability;  // of the final archive
  double max_z() const;             // largest z of the best model
  bool recovered() const { return truth_viable && z.size() > 0 && max_z() <= 1.0; }
};

// Observations made from a model's own features under `protocol`, each with sd = sd_fraction x
// |mean|; a feature without a value or with mean 0 is left out (no sd to score it by). Throws
// InputError if the model is not viable.
CellType cell_type_from_model(const sim::ModelFamily& family, const Eigen::VectorXd& params,
                              double sd_fraction,
                              const ephys::Protocol& protocol = ephys::ne8_protocol());

// Fits `family` within its default bounds to the features of `truth`.
RecoveryResult recover(const sim::ModelFamily& family, const Eigen::VectorXd& truth,
                       const RecoverySettings& settings);

}  // namespace neurofit::fit

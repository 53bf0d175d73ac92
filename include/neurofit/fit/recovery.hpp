#pragma once
// Ground-truth recovery, the original study's central check: take a known model, use its own
// features under a protocol (ne8 by default) as observations (sd a fixed fraction of |mean|),
// fit from scratch, and see whether the best model found matches every feature within one sd.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/fit/cell_type.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/fit/scores.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::fit {

struct RecoverySettings {
  std::string algorithm = "ibea";  // or "nsga2", "shade"
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
  // |best - truth| per parameter, as a fraction of its search range (the default bounds).
  Eigen::VectorXd parameter_error;
  std::uint64_t evaluations = 0;
  Identifiability identifiability;  // of the final archive
  double max_z() const;             // largest z of the best model
  double median_parameter_error() const;
  bool recovered() const { return truth_viable && z.size() > 0 && max_z() <= 1.0; }
};

// The median of `v` (NaN when it is empty).
double median(std::vector<double> v);

// The least sd of a synthetic observation, by the feature's unit. A dimensionless spike-train
// feature (ISI_CV, ISI_log_slope, adaptation_index2) is 0 or nearly so in a regular train, and a
// voltage's zero is arbitrary (Naud's AdEx cells peak at V_peak = 0 mV): 5% of such a value would
// demand it to the last digits, and a viable model would score worse than one that is not viable.
inline constexpr double dimensionless_sd_floor = 0.01, voltage_sd_floor = 0.1;  // -, mV
double synthetic_sd_floor(const std::string& unit);

// Observations made from a model's own features under `protocol`, each with sd = sd_fraction x
// |mean| (at least synthetic_sd_floor); a feature without a value, or with sd 0 (mean 0 and no
// floor), is left out (no sd to score it by). Throws InputError if the model is not viable.
CellType cell_type_from_model(const sim::ModelFamily& family, const Eigen::VectorXd& params,
                              double sd_fraction,
                              const ephys::Protocol& protocol = ephys::ne8_protocol());

// `samples` parameter sets (n_params x k) drawn uniformly within the family's default bounds
// (std::mt19937_64 from `seed`, in blocks of 64) and viable under `protocol`; at most 100 draws per
// set (`drawn` counts them), so fewer may come back; InputError when none is viable.
Eigen::MatrixXd viable_draws(const sim::ModelFamily& family, const ephys::Protocol& protocol,
                             int samples, std::uint64_t seed, std::uint64_t& drawn);

// Fits `family` within its default bounds to the features of `truth`.
RecoveryResult recover(const sim::ModelFamily& family, const Eigen::VectorXd& truth,
                       const RecoverySettings& settings);

}  // namespace neurofit::fit

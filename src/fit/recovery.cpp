#include "neurofit/fit/recovery.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include "neurofit/errors.hpp"
#include "neurofit/evo/algorithms.hpp"
#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/driver.hpp"
#include "neurofit/evo/rng.hpp"
#include "neurofit/fit/fit_problem.hpp"

namespace neurofit::fit {

CellType cell_type_from_model(const sim::ModelFamily& family, const Eigen::VectorXd& params,
                              double sd_fraction, const ephys::Protocol& protocol) {
  const Eigen::MatrixXd p = params;
  const auto r = ephys::evaluate_protocol(family, p, protocol);
  if (!r.viable[0])
    throw InputError("", "the " + std::string(family.name) + " model is not viable: " + r.why[0]);
  CellType ct;
  ct.name = std::string(family.name) + " ground truth";
  const auto names = protocol.feature_names(), units = protocol.feature_units();
  for (std::size_t f = 0; f < names.size(); ++f) {
    const double mean = r.features(static_cast<Eigen::Index>(f), 0);
    const double sd = std::max(sd_fraction * std::abs(mean), synthetic_sd_floor(units[f]));
    if (!std::isfinite(mean) || sd == 0) continue;
    ct.observations.push_back({names[f], mean, sd, 0, units[f]});
  }
  return ct;
}

double synthetic_sd_floor(const std::string& unit) {
  if (unit.empty()) return dimensionless_sd_floor;
  return unit == "mV" ? voltage_sd_floor : 0.0;
}

Eigen::MatrixXd viable_draws(const sim::ModelFamily& family, const ephys::Protocol& protocol,
                             int samples, std::uint64_t seed, std::uint64_t& drawn) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const Eigen::VectorXd lo = family.lower_bounds(), hi = family.upper_bounds();
  std::vector<Eigen::VectorXd> kept;
  const std::uint64_t limit = 100 * static_cast<std::uint64_t>(samples);
  while (static_cast<int>(kept.size()) < samples && drawn < limit) {
    Eigen::MatrixXd batch(family.n_params(), 64);
    for (Eigen::Index c = 0; c < batch.cols(); ++c)
      for (Eigen::Index i = 0; i < batch.rows(); ++i)
        batch(i, c) = lo[i] + unit(rng) * (hi[i] - lo[i]);
    drawn += static_cast<std::uint64_t>(batch.cols());
    const auto r = ephys::evaluate_protocol(family, batch, protocol);
    for (Eigen::Index c = 0; c < batch.cols() && static_cast<int>(kept.size()) < samples; ++c)
      if (r.viable[static_cast<std::size_t>(c)]) kept.push_back(batch.col(c));
  }
  if (kept.empty())
    throw InputError("", "no viable " + std::string(family.name) + " model among " +
                             std::to_string(drawn) + " drawn within the default bounds");
  Eigen::MatrixXd out(family.n_params(), static_cast<Eigen::Index>(kept.size()));
  for (std::size_t k = 0; k < kept.size(); ++k) out.col(static_cast<Eigen::Index>(k)) = kept[k];
  return out;
}

double RecoveryResult::max_z() const {
  return compromise_of(z, 0).largest;
}

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

double RecoveryResult::median_parameter_error() const {
  return median({parameter_error.data(), parameter_error.data() + parameter_error.size()});
}

RecoveryResult recover(const sim::ModelFamily& family, const Eigen::VectorXd& truth,
                       const RecoverySettings& s) {
  RecoveryResult out;
  out.truth = truth;
  CellType cell;
  try {
    cell = cell_type_from_model(family, truth, s.sd_fraction, s.protocol);
  } catch (const InputError& e) {
    out.why = e.what();
    return out;
  }
  out.truth_viable = true;
  out.objectives = Objectives::from(cell, {}, s.protocol);
  const FitProblem problem(family, out.objectives, family.lower_bounds(), family.upper_bounds(),
                           s.protocol);
  evo::AlgorithmSettings as;
  as.name = s.algorithm;
  as.ga.population = s.population;
  std::unique_ptr<evo::Algorithm> algorithm;
  try {
    algorithm = evo::make_algorithm(as);
  } catch (const std::invalid_argument& e) {
    throw InputError("", e.what());
  }
  evo::Rng rng(evo::stream_seed(s.seed, 0, 0));
  evo::Archive archive(0);
  evo::RecordSettings record;
  record.hypervolume = false;  // only the archive's best compromise matters here
  evo::optimize(problem, *algorithm, rng, static_cast<std::uint64_t>(s.generations), archive,
                record);
  const Eigen::Index b = best_compromise(archive.f());
  out.best = problem.full_parameters(archive.x().col(b));
  out.z = archive.f().col(b);
  out.evaluations = algorithm->evaluations();
  out.parameter_error =
      (out.best - truth).cwiseAbs().cwiseQuotient(family.upper_bounds() - family.lower_bounds());
  out.identifiability = identifiability(problem, archive.x(), archive.f());
  return out;
}

}  // namespace neurofit::fit

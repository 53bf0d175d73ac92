#include "neurofit/fit/recovery.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

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
    if (!std::isfinite(mean) || mean == 0) continue;
    ct.observations.push_back({names[f], mean, sd_fraction * std::abs(mean), 0, units[f]});
  }
  return ct;
}

double RecoveryResult::max_z() const {
  return compromise_of(z, 0).largest;
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
  out.identifiability = identifiability(problem, archive.x(), archive.f());
  return out;
}

}  // namespace neurofit::fit

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
                              double sd_fraction) {
  const Eigen::MatrixXd p = params;
  const auto r = ephys::evaluate_ne8(family, p);
  if (!r.viable[0])
    throw InputError("", "the " + std::string(family.name) + " model is not viable: " + r.why[0]);
  CellType ct;
  ct.name = std::string(family.name) + " ground truth";
  for (int f = 0; f < ephys::n_ne8_features; ++f) {
    const double mean = r.features(f, 0);
    const auto i = static_cast<std::size_t>(f);
    ct.observations.push_back({std::string(ephys::ne8_feature_names[i]), mean,
                               sd_fraction * std::abs(mean), 0,
                               std::string(ephys::ne8_feature_units[i])});
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
    cell = cell_type_from_model(family, truth, s.sd_fraction);
  } catch (const InputError& e) {
    out.why = e.what();
    return out;
  }
  out.truth_viable = true;
  out.objectives = Objectives::from(cell);
  const FitProblem problem(family, out.objectives, family.lower_bounds(), family.upper_bounds());
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
  return out;
}

}  // namespace neurofit::fit

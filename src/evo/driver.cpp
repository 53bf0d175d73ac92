#include "neurofit/evo/driver.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace neurofit::evo {

GenerationRecord make_record(const Algorithm& algorithm, const Archive& archive,
                             const RecordSettings& settings) {
  return make_record(algorithm.generation(), algorithm.evaluations(), archive, settings);
}

GenerationRecord make_record(std::uint64_t generation, std::uint64_t evaluations,
                             const Archive& archive, const RecordSettings& settings) {
  GenerationRecord record;
  record.generation = generation;
  record.evaluations = evaluations;
  record.archive_size = archive.size();
  if (archive.empty()) return record;
  const Eigen::Index m = archive.f().rows();
  const Eigen::VectorXd scale = settings.scale.size() ? settings.scale : Eigen::VectorXd::Ones(m);
  const Eigen::VectorXd ref =
      settings.reference.size() ? settings.reference : Eigen::VectorXd::Constant(m, 1.1);
  if (scale.size() != m || ref.size() != m || !(scale.array() > 0).all())
    throw std::invalid_argument("optimize: scale and reference need " + std::to_string(m) +
                                " entries, scale > 0");
  if (settings.hypervolume) {
    const Eigen::MatrixXd scaled = archive.f().array().colwise() / scale.array();
    const HvResult hv = hypervolume_auto(scaled, ref, settings.hv_seed, settings.hv);
    record.hypervolume = hv.value;
    record.hypervolume_std_error = hv.std_error;
    record.hypervolume_method = hv.method;
  }
  // A plain loop: Eigen's AVX-512 rowwise().minCoeff() trips a GCC 12 -Wmaybe-uninitialized.
  record.best = archive.f().col(0);
  for (Eigen::Index j = 1; j < archive.size(); ++j)
    for (Eigen::Index k = 0; k < m; ++k)
      record.best[k] = std::min(record.best[k], archive.f()(k, j));
  return record;
}

History optimize(const Problem& problem, Algorithm& algorithm, Rng& rng, std::uint64_t generations,
                 Archive& archive, const RecordSettings& settings,
                 const GenerationCallback& callback) {
  History history;
  auto record = [&] {
    history.push_back(make_record(algorithm, archive, settings));
    if (callback) callback(history.back());
  };
  if (!algorithm.initialized()) {
    algorithm.initialize(problem, rng);
    archive.insert(to_problem_units(problem, algorithm.x()), algorithm.f());
    record();
  }
  for (std::uint64_t g = 0; g < generations; ++g) {
    algorithm.step(problem, rng);
    archive.insert(to_problem_units(problem, algorithm.x()), algorithm.f());
    record();
  }
  return history;
}

}  // namespace neurofit::evo

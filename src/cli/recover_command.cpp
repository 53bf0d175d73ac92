// `neurofit recover`: ground-truth recovery of one known model (see fit/recovery.hpp).
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <iostream>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/parameters.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "neurofit/fit/recovery.hpp"

namespace neurofit::cli {

namespace {

// The parameters with this verdict, comma-separated ("-" for none).
std::string parameters_with(const fit::Identifiability& r, fit::Determination verdict) {
  std::vector<std::string> names;
  for (std::size_t j = 0; j < r.parameters.size(); ++j)
    if (r.verdict[j] == verdict) names.push_back(r.parameters[j]);
  return names.empty() ? "-" : join(names);
}

}  // namespace

int recover_command(const RecoverOptions& o) {
  const auto& family = sim::find_family(o.model);
  const Eigen::VectorXd truth = parameters_from(family, o.sets).col(0);
  if (auto msg = family.check(truth.data()); !msg.empty())
    throw InputError("", "parameters of " + std::string(family.name) + ": " + msg);
  fit::RecoverySettings settings = o.settings;
  settings.protocol = fit::find_protocol(o.protocol);
  const auto r = fit::recover(family, truth, settings);
  const std::string name = o.name.empty() ? std::string(family.name) : o.name;
  if (!r.truth_viable) {
    std::printf("%s: %s\nsummary: | %s | %s | not viable under %s | | | |\n", name.c_str(),
                r.why.c_str(), name.c_str(), std::string(family.name).c_str(),
                settings.protocol.name.c_str());
    return exit_ok;
  }
  std::printf("%s: protocol %s, %s, %d x %d generations, seed %llu, %llu evaluations\n",
              name.c_str(), settings.protocol.name.c_str(), o.settings.algorithm.c_str(),
              o.settings.population, o.settings.generations,
              static_cast<unsigned long long>(o.settings.seed),
              static_cast<unsigned long long>(r.evaluations));
  std::printf("  %-10s %12s %12s\n", "parameter", "true", "recovered");
  double worst_rel = 0;
  std::string worst_name;
  for (int i = 0; i < family.n_params(); ++i) {
    const auto& spec = family.parameters[static_cast<std::size_t>(i)];
    std::printf("  %-10s %12.5g %12.5g %s\n", std::string(spec.name).c_str(), r.truth[i], r.best[i],
                std::string(spec.unit).c_str());
    // Error relative to the width of the search range, comparable across parameters.
    const double rel = std::abs(r.best[i] - r.truth[i]) / (spec.upper - spec.lower);
    if (rel > worst_rel) {
      worst_rel = rel;
      worst_name = spec.name;
    }
  }
  std::printf("  %-34s %12s %8s\n", "feature", "target", "z");
  for (int j = 0; j < r.objectives.size(); ++j)
    std::printf("  %-34s %12.6g %8.3f\n", r.objectives.names[static_cast<std::size_t>(j)].c_str(),
                r.objectives.mean[static_cast<std::size_t>(j)], r.z[j]);
  print_identifiability(std::cout, r.identifiability);
  std::cout << "identifiability: | " << name << " | " << family.name << " | " << o.protocol;
  for (auto verdict : {fit::Determination::determined, fit::Determination::weakly_determined,
                       fit::Determination::undetermined})
    std::cout << " | " << parameters_with(r.identifiability, verdict);
  std::cout << " |" << std::endl;
  int within = 0;
  for (int j = 0; j < r.z.size(); ++j) within += r.z[j] <= 1.0;
  std::printf("summary: | %s | %s | %.3f | %d/%d | %.3f (%s) | %llu |\n", name.c_str(),
              std::string(family.name).c_str(), r.max_z(), within, static_cast<int>(r.z.size()),
              worst_rel, worst_name.c_str(), static_cast<unsigned long long>(r.evaluations));
  return exit_ok;
}

}  // namespace neurofit::cli

// `neurofit recover`: ground-truth recovery of one known model (see fit/recovery.hpp).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <iostream>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/parameters.hpp"
#include "neurofit/cli/progress.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/clock.hpp"
#include "neurofit/ephys/protocol.hpp"
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

// One target's recovery, printed in full; its `summary:` line is one row of the recovery table.
void recover_one(const sim::ModelFamily& family, const Eigen::VectorXd& truth,
                 const std::string& name, const std::string& protocol_name,
                 const fit::RecoverySettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = fit::recover(family, truth, settings);
  const double wall = seconds_since(start);
  if (!r.truth_viable) {
    std::printf("%s: %s\nsummary: | %s | %s | not viable under %s | | | | | |\n", name.c_str(),
                r.why.c_str(), name.c_str(), std::string(family.name).c_str(),
                settings.protocol.name.c_str());
    return;
  }
  std::printf("%s: protocol %s, %s, %d x %d generations, seed %llu, %llu evaluations\n",
              name.c_str(), settings.protocol.name.c_str(), settings.algorithm.c_str(),
              settings.population, settings.generations,
              static_cast<unsigned long long>(settings.seed),
              static_cast<unsigned long long>(r.evaluations));
  std::printf("  %-10s %12s %12s %9s\n", "parameter", "true", "recovered", "error");
  Eigen::Index worst = 0;
  for (int i = 0; i < family.n_params(); ++i) {
    const auto& spec = family.parameters[static_cast<std::size_t>(i)];
    std::printf("  %-10s %12.5g %12.5g %8.3f%% %s\n", std::string(spec.name).c_str(), r.truth[i],
                r.best[i], 100 * r.parameter_error[i], std::string(spec.unit).c_str());
    if (r.parameter_error[i] > r.parameter_error[worst]) worst = i;
  }
  std::printf("  %-34s %12s %8s\n", "feature", "target", "z");
  for (int j = 0; j < r.objectives.size(); ++j)
    std::printf("  %-34s %12.6g %8.3f\n", r.objectives.names[static_cast<std::size_t>(j)].c_str(),
                r.objectives.mean[static_cast<std::size_t>(j)], r.z[j]);
  print_identifiability(std::cout, r.identifiability);
  std::cout << "identifiability: | " << name << " | " << family.name << " | " << protocol_name;
  for (auto verdict : {fit::Determination::determined, fit::Determination::weakly_determined,
                       fit::Determination::undetermined})
    std::cout << " | " << parameters_with(r.identifiability, verdict);
  std::cout << " |" << std::endl;
  int within = 0;
  for (int j = 0; j < r.z.size(); ++j) within += r.z[j] <= 1.0;
  std::printf("summary: | %s | %s | %.3f | %d/%d | %.3f (%s) | %.4f | %llu | %.0f |\n",
              name.c_str(), std::string(family.name).c_str(), r.max_z(), within,
              static_cast<int>(r.z.size()), r.parameter_error[worst],
              std::string(family.parameters[static_cast<std::size_t>(worst)].name).c_str(),
              r.median_parameter_error(), static_cast<unsigned long long>(r.evaluations), wall);
  std::fflush(stdout);
}

}  // namespace

int recover_command(const RecoverOptions& o) {
  const auto& family = sim::find_family(o.model);
  fit::RecoverySettings settings = o.settings;
  settings.protocol = fit::find_protocol(o.protocol);
  const std::string name = o.name.empty() ? std::string(family.name) : o.name;
  if (o.random == 0) {
    const Eigen::VectorXd truth = parameters_from(family, o.sets).col(0);
    if (auto msg = family.check(truth.data()); !msg.empty())
      throw InputError("", "parameters of " + std::string(family.name) + ": " + msg);
    recover_one(family, truth, name, o.protocol, settings);
    return exit_ok;
  }
  // Targets viable under ne8 whatever the protocol, so that every protocol meets the same ones.
  std::uint64_t drawn = 0;
  const Eigen::MatrixXd targets =
      fit::viable_draws(family, ephys::ne8_protocol(), o.random, o.draw_seed, drawn);
  for (Eigen::Index k = o.skip; k < targets.cols(); ++k)
    recover_one(family, targets.col(k), name + "-random-" + std::to_string(k + 1), o.protocol,
                settings);
  return exit_ok;
}

}  // namespace neurofit::cli

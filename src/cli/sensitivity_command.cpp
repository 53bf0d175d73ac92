// `neurofit sensitivity --model M [--protocol P] [--samples N] [--seed S]`: a protocol's features
// ranked by how much each makes the model identifiable (fit/feature_selection.hpp).
#include <cstdio>
#include <memory>
#include <string>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/fit/feature_selection.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/fit/protocol_file.hpp"

namespace neurofit::cli {

namespace {

struct SensitivityOptions {
  std::string model, protocol = "ne8";
  int samples = 20;
  std::uint64_t seed = 1;
};

int run_sensitivity(const SensitivityOptions& o) {
  const auto& family = sim::find_family(o.model);
  const ephys::Protocol protocol = fit::find_protocol(o.protocol);
  const fit::FeatureSelection r = fit::select_features(family, protocol, o.samples, o.seed);
  std::printf(
      "%s under protocol %s: %d viable parameter sets (of %llu drawn within the default bounds, "
      "seed %llu), each scored against its own features (sd 5%% of |value|)\n"
      "greedy forward selection: each step adds the feature that most lowers the parameters' mean "
      "local sd (medians over the sets; 28.9%% is the prior's: nothing known)\n",
      std::string(family.name).c_str(), protocol.name.c_str(), r.samples,
      static_cast<unsigned long long>(r.drawn), static_cast<unsigned long long>(o.seed));
  std::printf("  %4s  %-40s %14s %17s %24s %14s\n", "step", "feature added", "mean local sd",
              "largest local sd", "smallest singular value", "determined");
  for (std::size_t k = 0; k < r.order.size(); ++k)
    std::printf("  %4zu  %-40s %13.3g%% %16.3g%% %24.3g %9.3g of %zu\n", k + 1, r.order[k].c_str(),
                100 * r.mean_sd[k], 100 * r.largest_sd[k], r.smallest_singular_value[k],
                r.determined[k], r.parameters.size());
  return exit_ok;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, int& status) {
  auto o = std::make_shared<SensitivityOptions>();
  auto* cmd = app.add_subcommand(
      "sensitivity", "rank a protocol's features by how much each makes a model identifiable");
  cmd->add_option("--model", o->model, "model family (izhikevich2007, adex, lif)")->required();
  cmd->add_option("--protocol", o->protocol, "protocol: a name of config/protocols or a .yaml file")
      ->capture_default_str();
  cmd->add_option("--samples", o->samples, "random viable parameter sets")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", o->seed, "random seed of the draws")->capture_default_str();
  cmd->callback([o, &status] { status = run_sensitivity(*o); });
}

}  // namespace neurofit::cli

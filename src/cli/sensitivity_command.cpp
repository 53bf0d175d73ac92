// `neurofit sensitivity --model M [--protocol P] [--samples N] [--seed S]`: a protocol's features
// ranked by how much each makes the model identifiable (fit/feature_selection.hpp).
#include <cstdio>
#include <string>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/fit/feature_selection.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/fit/protocol_file.hpp"

namespace neurofit::cli {

int sensitivity_command(const SensitivityOptions& o) {
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
  std::printf("local sd per parameter with every feature (median over the sets):");
  for (std::size_t i = 0; i < r.parameters.size(); ++i)
    std::printf(" %s %.3g%%", r.parameters[i].c_str(), 100 * r.parameter_sd[i]);
  std::printf("\n");
  return exit_ok;
}

}  // namespace neurofit::cli

// Which settings a resume must keep: result-changing keys are named, the others (generations,
// checkpoints, output) may change.
#include <gtest/gtest.h>

#include "neurofit/io/config_diff.hpp"

namespace neurofit::io {
namespace {

const std::string base =
    "model: izhikevich2007\ncell_type: neocortex_basket\ngenerations: 20\nseed: 3\n";

std::vector<std::string> diff(const std::string& saved, const std::string& now, long islands = 2) {
  return result_changing_differences(parse_run_config(saved, "a.yaml"), islands,
                                     parse_run_config(now, "b.yaml"), islands);
}

TEST(ConfigDiff, RunLengthCheckpointsAndOutputMayChange) {
  EXPECT_TRUE(diff(base, base).empty());
  EXPECT_TRUE(diff(base, base + "checkpoint: {every: 5, keep: 1}\noutput: elsewhere\n").empty());
  const std::string longer =
      "model: izhikevich2007\ncell_type: neocortex_basket\n"
      "generations: 90\nseed: 3\n";
  EXPECT_TRUE(diff(base, longer).empty());
  EXPECT_EQ(result_settings(parse_run_config(base, "a.yaml"), 2),
            result_settings(parse_run_config(longer, "b.yaml"), 2));
}

TEST(ConfigDiff, ResultChangingSettingsAreNamed) {
  using Keys = std::vector<std::string>;
  const std::string seed4 =
      "model: izhikevich2007\ncell_type: neocortex_basket\ngenerations: 20\nseed: 4\n";
  EXPECT_EQ(diff(base, seed4), Keys{"seed"});
  EXPECT_EQ(diff(base, base + "migration: {interval: 5}\n"),
            (Keys{"migration", "gather_every"}));  // gathers follow migration by default
  EXPECT_EQ(diff(base, base + "gather_every: 3\n"), Keys{"gather_every"});
  EXPECT_EQ(diff(base, base + "fixed: {vpeak: 30}\n"), Keys{"bounds/fixed"});
  EXPECT_EQ(diff(base, base + "features: [rheobase, ap_width]\n"), Keys{"features"});
  EXPECT_EQ(result_changing_differences(parse_run_config(base, "a.yaml"), 2,
                                        parse_run_config(base, "b.yaml"), 4),
            Keys{"islands"});
  const std::string adex = "model: adex\ncell_type: neocortex_basket\ngenerations: 20\nseed: 3\n";
  EXPECT_EQ(diff(base, adex), Keys{"model"});  // its bounds differ as a consequence, unnamed
}

}  // namespace
}  // namespace neurofit::io

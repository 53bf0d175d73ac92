// A dynamic campaign's order: costliest first, ties in the campaign's order; the cost estimate
// scales with generations, populations and the family's relative cost.
#include <gtest/gtest.h>

#include <vector>

#include "neurofit/run/schedule.hpp"

namespace neurofit::run {
namespace {

// islands 0: the key left out (one island per rank)
io::RunConfig fit_config(const std::string& model, int generations, int islands) {
  std::string text = "model: " + model +
                     "\ncell_type: neocortex_basket\nalgorithm: {population: 20}\ngenerations: " +
                     std::to_string(generations) + "\n";
  if (islands > 0) text += "islands: " + std::to_string(islands) + "\n";
  return io::parse_run_config(text, "test.yaml");
}

TEST(Schedule, LongestFirstKeepsTiesInOrder) {
  const std::vector<double> work{1, 4.9, 1, 0.5, 4.9};
  EXPECT_EQ(longest_first(work), (std::vector<std::size_t>{1, 4, 0, 2, 3}));
  EXPECT_TRUE(longest_first(std::vector<double>{}).empty());
}

TEST(Schedule, WorkIsEvaluationsTimesTheFamilysCost) {
  EXPECT_DOUBLE_EQ(estimated_work(fit_config("izhikevich2007", 10, 2), 1), 10.0 * 2 * 20);
  EXPECT_DOUBLE_EQ(estimated_work(fit_config("adex", 10, 2), 1), 10.0 * 2 * 20 * 4.9);
  EXPECT_DOUBLE_EQ(estimated_work(fit_config("lif", 30, 1), 1), 30.0 * 20 * 0.5);
  // no islands key: one island per rank of the task's group
  EXPECT_DOUBLE_EQ(estimated_work(fit_config("lif", 30, 0), 4), 30.0 * 4 * 20 * 0.5);
}

}  // namespace
}  // namespace neurofit::run

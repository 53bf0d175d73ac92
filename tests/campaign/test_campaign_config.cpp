// Campaign files: the product of cell types x models x seeds or an explicit list, each task a
// valid run config; bad entries are one InputError naming file:line:col.
#include <gtest/gtest.h>

#include <string>

#include "neurofit/campaign/campaign_config.hpp"
#include "neurofit/errors.hpp"

namespace neurofit::campaign {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_campaign(text, "c.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const std::string product =
    "cell_types: [neocortex_l56_pyramidal, hippocampus_ca1_basket]\n"
    "models: [izhikevich2007, {model: adex, fixed: {V_peak: 10}}]\n"
    "seeds: [1, 2]\n"
    "ranks_per_task: 2\n"
    "settings: {algorithm: {population: 20}, islands: 2, generations: 7}\n"
    "output: out/c\n";

TEST(CampaignConfig, ProductOfCellTypesModelsAndSeeds) {
  const auto c = parse_campaign(product, "dir/c.yaml");
  ASSERT_EQ(c.tasks.size(), 8u);
  EXPECT_EQ(c.ranks_per_task, 2);
  EXPECT_FALSE(c.static_schedule);  // dynamic by default
  EXPECT_TRUE(parse_campaign(product + "schedule: static\n", "c.yaml").static_schedule);
  EXPECT_FALSE(parse_campaign(product + "schedule: dynamic\n", "c.yaml").static_schedule);
  EXPECT_EQ(c.cell_types.size(), 2u);
  EXPECT_EQ(c.models, (std::vector<std::string>{"izhikevich2007", "adex"}));
  const Task& t = c.tasks[3];  // l56 x adex, seed 2
  EXPECT_EQ(t.index, 3);
  EXPECT_EQ(t.cell_type, "neocortex_l56_pyramidal");
  EXPECT_EQ(t.model, "adex");
  EXPECT_EQ(t.seed, 2u);
  EXPECT_EQ(t.folder, "neocortex_l56_pyramidal-adex-s2");
  EXPECT_EQ(t.config.output, std::filesystem::path("out/c") / t.folder);
  EXPECT_EQ(t.config.seed, 2u);
  EXPECT_EQ(t.config.generations, 7u);
  EXPECT_EQ(t.config.islands, 2);
  EXPECT_EQ(t.config.algorithm.ga.population, 20);
  ASSERT_EQ(t.config.fixed.size(), 1u);  // the model's own keys
  EXPECT_EQ(t.config.fixed[0].parameter, "V_peak");
  EXPECT_TRUE(c.tasks[0].config.fixed.empty());
  EXPECT_NE(t.config.text.find("cell_type: neocortex_l56_pyramidal"), std::string::npos);
}

TEST(CampaignConfig, ExplicitTaskListAndAll) {
  const auto c = parse_campaign(
      "tasks:\n"
      "  - {cell_type: neocortex_basket, model: lif}\n"
      "  - {cell_type: neocortex_basket, model: adex, seed: 3}\n"
      "settings: {generations: 2}\n",
      "c.yaml");
  ASSERT_EQ(c.tasks.size(), 2u);
  EXPECT_EQ(c.tasks[0].seed, 1u);
  EXPECT_EQ(c.tasks[1].seed, 3u);
  EXPECT_EQ(c.models, (std::vector<std::string>{"lif", "adex"}));
  EXPECT_EQ(c.output, std::filesystem::path("results/c"));
  const auto all =
      parse_campaign("cell_types: all\nmodels: [lif]\nsettings: {generations: 1}\n", "c.yaml");
  EXPECT_EQ(all.tasks.size(), 8u);  // the eight cell types of config/celltypes
}

TEST(CampaignConfig, BadEntriesAreNamed) {
  EXPECT_EQ(error_of("cell_types: [nowhere]\nmodels: [lif]\nsettings: {generations: 1}\n")
                .rfind("c.yaml:1:14: unknown cell type 'nowhere'", 0),
            0u);
  EXPECT_EQ(error_of("cell_types: all\nmodels: [lif, hh]\nsettings: {generations: 1}\n")
                .rfind("c.yaml:2:15: unknown model 'hh'", 0),
            0u);
  EXPECT_NE(error_of("tasks: [{cell_type: neocortex_basket, model: lif}, {cell_type: "
                     "neocortex_basket, model: lif, seed: 1}]\nsettings: {generations: 1}\n")
                .find("listed twice"),
            std::string::npos);
  EXPECT_NE(error_of("cell_types: all\nmodels: [lif, lif]\nsettings: {generations: 1}\n")
                .find("model 'lif' listed twice"),
            std::string::npos);
  EXPECT_NE(error_of("cell_types: all\nmodels: [lif]\nsettings: {generations: 1, seed: 4}\n")
                .find("'seed' is set per task"),
            std::string::npos);
  EXPECT_NE(error_of("cell_types: all\nmodels: [lif]\nsettings: {generations: 1}\n"
                     "ranks_per_task: 0\n")
                .find("ranks_per_task"),
            std::string::npos);
  EXPECT_NE(error_of("cell_types: all\nmodels: [lif]\nsettings: {generations: 1}\n"
                     "schedule: greedy\n")
                .find("c.yaml:4:11: schedule: expected dynamic or static, not 'greedy'"),
            std::string::npos)
      << error_of("cell_types: all\nmodels: [lif]\nsettings: {generations: 1}\nschedule: greedy\n");
  // A bad shared setting names the task it breaks.
  EXPECT_NE(error_of("cell_types: all\nmodels: [lif]\nsettings: {generations: 1, "
                     "algorithm: {population: 1}}\n")
                .find("task cerebellum_purkinje x lif, seed 1: population"),
            std::string::npos)
      << error_of(
             "cell_types: all\nmodels: [lif]\nsettings: {generations: 1, algorithm: "
             "{population: 1}}\n");
  EXPECT_NE(error_of("cell_types: all\nmodels: [lif]\n").find("generations"), std::string::npos);
  EXPECT_NE(error_of("models: [lif]\nsettings: {generations: 1}\n").find("needs 'cell_types'"),
            std::string::npos);
}

}  // namespace
}  // namespace neurofit::campaign

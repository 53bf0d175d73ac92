// `neurofit campaign`: tasks on groups of ranks give the same results as on one rank, a rerun
// skips finished tasks, a stop signal ends with status 3 and a rerun completes the same results,
// bad campaigns are refused before anything starts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::cli {
namespace {

namespace fs = std::filesystem;
using testing::quote;

std::string campaign_text(const std::string& output, int generations = 8) {
  return "cell_types: [neocortex_l56_pyramidal, hippocampus_ca1_basket]\n"
         "models: [izhikevich2007, lif]\n"
         "ranks_per_task: 1\n"
         "settings: {algorithm: {population: 12}, islands: 2, generations: " +
         std::to_string(generations) +
         ", archive_size: 30, checkpoint: {every: 2}}\n"
         "output: " +
         output + "\n";
}

const std::vector<std::string> task_folders = {
    "neocortex_l56_pyramidal-izhikevich2007-s1", "neocortex_l56_pyramidal-lif-s1",
    "hippocampus_ca1_basket-izhikevich2007-s1", "hippocampus_ca1_basket-lif-s1"};

using testing::dataset;

class CampaignCli : public testing::CliTest {
 protected:
  std::string mpi(int ranks) const {
    return quote(MPIEXEC) + " -n " + std::to_string(ranks) + " --oversubscribe " +
           quote(NEUROFIT_BINARY);
  }
  void expect_same_tasks(const std::string& a, const std::string& b) const {
    for (const auto& t : task_folders)
      for (const char* name : {"/archive/objectives", "/archive/parameters"})
        EXPECT_EQ(dataset(path(a + "/" + t + "/result.h5"), name),
                  dataset(path(b + "/" + t + "/result.h5"), name))
            << t << name;
  }
};

TEST_F(CampaignCli, TwoGroupsGiveTheResultsOfOneRankAndARerunSkipsFinishedTasks) {
  write("one.yaml", campaign_text("one"));
  write("two.yaml", campaign_text("two"));
  const auto r = run({"campaign", "one.yaml"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("| cell type | izhikevich2007 | lif |"), std::string::npos) << r.out;
  // costliest first: both Izhikevich tasks (1 and 3) before the LIF ones (half the cost)
  EXPECT_LT(r.out.find("task 3/4 ("), r.out.find("task 2/4 (")) << r.out;
  const auto two = run_shell(mpi(2) + " campaign two.yaml");
  ASSERT_EQ(two.status, 0) << two.out << two.err;
  expect_same_tasks("one", "two");
  for (const char* f : {"summary.h5", "summary.csv", "summary.md"})
    EXPECT_TRUE(fs::exists(path(std::string("two/") + f))) << f;
  EXPECT_EQ(testing::read_text(path("one/summary.csv")),
            testing::read_text(path("two/summary.csv")));
  const auto before = testing::read_text(path("one/" + task_folders[0] + "/result.h5"));
  const auto again = run({"campaign", "one.yaml"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("task 4/4 (hippocampus_ca1_basket x lif, seed 1): already finished"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(testing::read_text(path("one/" + task_folders[0] + "/result.h5")), before);
}

// Four groups take the tasks as they become free, and the static schedule (task i on group
// i mod groups) runs them too: each task's result and the summary are those of one rank.
TEST_F(CampaignCli, FourGroupsAndTheStaticScheduleGiveTheResultsOfOneRank) {
  write("one.yaml", campaign_text("one"));
  write("four.yaml", campaign_text("four"));
  write("static.yaml", campaign_text("static") + "schedule: static\n");
  ASSERT_EQ(run({"campaign", "one.yaml"}).status, 0);
  for (const auto& [name, ranks] : {std::pair<std::string, int>{"four", 4}, {"static", 2}}) {
    const auto r = run_shell(mpi(ranks) + " campaign " + name + ".yaml");
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("to run on " + std::to_string(ranks) + " groups"), std::string::npos)
        << r.out;
    int started = 0;  // each task once
    for (auto at = r.out.find("): starting"); at != std::string::npos;
         at = r.out.find("): starting", at + 1))
      ++started;
    EXPECT_EQ(started, 4) << r.out;
    for (int t = 1; t <= 4; ++t)
      EXPECT_NE(r.out.find("task " + std::to_string(t) + "/4 ("), std::string::npos) << r.out;
    expect_same_tasks("one", name);
    EXPECT_EQ(testing::read_text(path("one/summary.csv")),
              testing::read_text(path(name + "/summary.csv")));
  }
}

TEST_F(CampaignCli, OneTaskOfAnArrayAndTheSummaryAlone) {
  write("c.yaml", campaign_text("c"));
  const auto r = run({"campaign", "c.yaml", "--task", "2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(path("c/" + task_folders[2] + "/result.h5")));
  EXPECT_FALSE(fs::exists(path("c/" + task_folders[0])));
  const auto s = run({"campaign", "c.yaml", "--summary-only"});
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_NE(testing::read_text(path("c/summary.csv")).find("not started"), std::string::npos);
  testing::RunResult bad = run({"campaign", "c.yaml", "--task", "4"});
  expect_bad_input(bad, "the campaign has tasks 0 to 3");
}

TEST_F(CampaignCli, StopSignalEndsWithStatus3AndARerunCompletesTheSameResults) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "long; the Release build runs it";
#endif
  write("u.yaml", campaign_text("u", 120));
  write("s.yaml", campaign_text("s", 120));
  ASSERT_EQ(run({"campaign", "u.yaml"}).status, 0);
  const std::string wait_for_checkpoint =
      "while kill -0 $pid 2>/dev/null && ! ls s/*/checkpoint-*.h5 >/dev/null 2>&1; do sleep "
      "0.01; done; ";
  const int status = run_shell(mpi(2) + " campaign s.yaml > stop.txt 2>&1 & pid=$!; " +
                               wait_for_checkpoint + "kill -USR1 $pid; wait $pid")
                         .status;
  const std::string said = testing::read_text(path("stop.txt"));
  ASSERT_EQ(status, 3) << said;
  EXPECT_NE(said.find("stopped early"), std::string::npos) << said;
  const auto rerun = run({"campaign", "s.yaml"});
  ASSERT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_NE(rerun.out.find("resuming"), std::string::npos) << rerun.out;
  expect_same_tasks("u", "s");
}

TEST_F(CampaignCli, BadCampaignsAreRefusedBeforeAnythingStarts) {
  write("bad.yaml",
        "cell_types: [nowhere]\nmodels: [lif]\nsettings: {generations: 1}\n"
        "output: bad\n");
  expect_bad_input(run({"campaign", "bad.yaml"}), "unknown cell type 'nowhere'");
  write("dup.yaml",
        "cell_types: all\nmodels: [lif, lif]\nsettings: {generations: 1}\n"
        "output: bad\n");
  expect_bad_input(run({"campaign", "dup.yaml"}), "model 'lif' listed twice");
  write("wide.yaml",
        "cell_types: all\nmodels: [lif]\nranks_per_task: 3\n"
        "settings: {generations: 1}\noutput: bad\n");
  expect_bad_input(run({"campaign", "wide.yaml"}), "ranks_per_task (3) exceeds the ranks");
  EXPECT_FALSE(fs::exists(path("bad")));
  // Writing the summary runs no task, so it needs no more ranks than there are.
  const auto summary = run({"campaign", "wide.yaml", "--summary-only"});
  EXPECT_EQ(summary.status, 0) << summary.err;
  EXPECT_TRUE(fs::exists(path("bad/summary.csv")));
}

}  // namespace
}  // namespace neurofit::cli

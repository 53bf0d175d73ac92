// Checkpoints and restarts of `neurofit run`, as a user meets them: a resumed run (also on another
// number of ranks) ends bit-identical to one that never stopped; SIGTERM stops with status 3 and a
// checkpoint; SIGKILL at any moment leaves a readable newest checkpoint; bad input touches nothing.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "neurofit/io/checkpoint.hpp"
#include "neurofit/io/hdf5_file.hpp"
#include "neurofit/run/run_folder.hpp"

namespace neurofit::cli {
namespace {

namespace fs = std::filesystem;
using run::list_checkpoints;
using run::newest_state;
using testing::quote;

std::string fit_config(int generations, const std::string& extra = "") {
  return "model: izhikevich2007\n"
         "cell_type: neocortex_l56_pyramidal\n"
         "algorithm: {population: 12}\n"
         "islands: 2\n"
         "migration: {interval: 3}\n"
         "checkpoint: {every: 4, keep: 2}\n"
         "archive_size: 40\n"
         "seed: 4\n"
         "generations: " +
         std::to_string(generations) + "\n" + extra;
}

// A fast test problem with many generations, for signals sent mid-run.
std::string long_config(int generations, int every) {
  return "problem: {name: zdt1, variables: 10}\n"
         "algorithm: {name: nsga2, population: 20}\n"
         "islands: 2\n"
         "archive_size: 50\n"
         "checkpoint: {every: " +
         std::to_string(every) + ", keep: 2}\ngenerations: " + std::to_string(generations) + "\n";
}

using testing::dataset;
using testing::identical;

// Every dataset a restart must reproduce: the archive, the history but for its wall-time column,
// the evaluations by verdict (fits) and each island's population.
void expect_same_run(const fs::path& a, const fs::path& b) {
  for (std::string name : {"/archive/parameters", "/archive/objectives", "/archive/variables"})
    EXPECT_TRUE(identical(dataset(a, name), dataset(b, name))) << name;
  if (io::read_checkpoint(a).result.model.empty()) {
    EXPECT_TRUE(io::read_checkpoint(b).result.verdict_names.empty());
  } else {
    EXPECT_TRUE(identical(dataset(a, "/viability"), dataset(b, "/viability"))) << "/viability";
  }
  const Eigen::MatrixXd ha = dataset(a, "/history"), hb = dataset(b, "/history");
  ASSERT_EQ(ha.cols(), hb.cols());
  EXPECT_TRUE(identical(ha.leftCols(ha.cols() - 1), hb.leftCols(hb.cols() - 1))) << "/history";
  const auto ca = io::read_checkpoint(a), cb = io::read_checkpoint(b);
  ASSERT_EQ(ca.islands.size(), cb.islands.size());
  for (std::size_t i = 0; i < ca.islands.size(); ++i) {
    EXPECT_TRUE(identical(ca.islands[i].x, cb.islands[i].x)) << "island " << i;
    EXPECT_TRUE(identical(ca.islands[i].f, cb.islands[i].f)) << "island " << i;
    EXPECT_EQ(ca.islands[i].rng_state, cb.islands[i].rng_state) << "island " << i;
    EXPECT_EQ(ca.islands[i].algorithm_state, cb.islands[i].algorithm_state) << "island " << i;
  }
}

class Checkpoints : public testing::CliTest {
 protected:
  // Shell code that waits until `folder` holds a checkpoint of a generation above `after` (while
  // the process $pid runs).
  static std::string wait_for_checkpoint(const std::string& folder, std::uint64_t after = 0) {
    return "while kill -0 $pid 2>/dev/null && ! ls " + folder +
           " 2>/dev/null | sed -n 's/^checkpoint-\\([0-9]*\\)\\.h5$/\\1/p' | awk '$1 > " +
           std::to_string(after) + " {f=1} END {exit !f}'; do sleep 0.005; done; ";
  }
  // Runs a shell command in the working folder; returns its exit status.
  int shell(const std::string& command) const { return run_shell(command).status; }
  // Every file of a folder with its bytes.
  std::map<std::string, std::string> contents(const std::string& folder) const {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(path(folder)))
      files[e.path().filename().string()] = testing::read_text(e.path());
    return files;
  }
};

TEST_F(Checkpoints, ResumedOnTwoRanksEqualsTheUninterruptedRun) {
  write("whole.yaml", fit_config(12));
  write("half.yaml", fit_config(6));
  ASSERT_EQ(run({"run", "whole.yaml", "--out", "whole", "--quiet"}).status, 0);
  const auto half = run({"run", "half.yaml", "--out", "parts", "--quiet"});
  ASSERT_EQ(half.status, 0) << half.err;
  EXPECT_TRUE(fs::exists(path("parts/checkpoint-4.h5")));
  // Raising the budget on restart, on 2 ranks instead of 1.
  const int status = shell(quote(MPIEXEC) + " -n 2 --oversubscribe " + quote(NEUROFIT_BINARY) +
                           " run whole.yaml --out parts --resume > resumed.txt 2>&1");
  ASSERT_EQ(status, 0) << testing::read_text(path("resumed.txt"));
  expect_same_run(path("whole/result.h5"), path("parts/result.h5"));
  const auto log = io::read_checkpoint(path("parts/result.h5")).log;
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[1].find("generation 6: resumed from result.h5 on 2 ranks"), std::string::npos)
      << log[1];
  // Checkpoints every 4 generations, the newest 2 kept: 8 (second part) and 4 (first part).
  EXPECT_EQ(list_checkpoints(path("parts")).size(), 2u);
  EXPECT_TRUE(fs::exists(path("parts/checkpoint-8.h5")));
}

TEST_F(Checkpoints, SigtermStopsWithStatus3AndResumeCompletesTheSameRun) {
  write("long.yaml", long_config(3000, 100));
  // Start, wait for the first checkpoint, then SIGTERM.
  const int status =
      shell(quote(NEUROFIT_BINARY) + " run long.yaml --out s --quiet > stop.txt 2>&1 & pid=$!; " +
            wait_for_checkpoint("s") + "kill -TERM $pid; wait $pid");
  const std::string said = testing::read_text(path("stop.txt"));
  ASSERT_EQ(status, 3) << said;
  EXPECT_NE(said.find("stopped by signal 15 at generation"), std::string::npos) << said;
  EXPECT_NE(said.find("continue with: neurofit run long.yaml --resume"), std::string::npos);
  EXPECT_FALSE(fs::exists(path("s/result.h5")));
  const auto newest = newest_state(path("s"));
  ASSERT_FALSE(newest.empty());
  const auto stopped = io::read_checkpoint(newest);
  EXPECT_LT(stopped.generation, 3000u);
  EXPECT_GT(stopped.generation, 100u - 1);
  EXPECT_FALSE(fs::exists(path("s/.neurofit.lock")));

  const auto resumed = run({"run", "long.yaml", "--out", "s", "--resume", "--quiet"});
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  ASSERT_EQ(run({"run", "long.yaml", "--out", "u", "--quiet"}).status, 0);
  expect_same_run(path("u/result.h5"), path("s/result.h5"));
}

TEST_F(Checkpoints, Sigusr1ToMpirunStopsEveryRankWithACheckpoint) {
  write("long.yaml", long_config(3000, 100));
  // SLURM's warning signal reaches mpirun, which forwards it to both ranks.
  const int status = shell(quote(MPIEXEC) + " -n 2 --oversubscribe " + quote(NEUROFIT_BINARY) +
                           " run long.yaml --out m --quiet > stop.txt 2>&1 & pid=$!; " +
                           wait_for_checkpoint("m") + "kill -USR1 $pid; wait $pid");
  const std::string said = testing::read_text(path("stop.txt"));
  ASSERT_EQ(status, 3) << said;
  EXPECT_NE(said.find("stopped by signal 10"), std::string::npos) << said;
  const auto state = io::read_checkpoint(newest_state(path("m")));
  EXPECT_LT(state.generation, 3000u);
  const auto resumed = run({"run", "long.yaml", "--out", "m", "--resume", "--quiet"});
  EXPECT_EQ(resumed.status, 0) << resumed.err;
}

TEST_F(Checkpoints, SigkillAtRandomMomentsAlwaysLeavesAReadableNewestCheckpoint) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "timing test; the Release build runs it";
#endif
  write("k.yaml", long_config(8000, 20));
  std::mt19937 rng(12345);
  std::uint64_t reached = 0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    // Each attempt resumes where the last was killed: once a checkpoint (of this attempt) is
    // there, a random moment later, possibly in the middle of writing the next one.
    const std::string flags = attempt == 0 ? "" : " --resume";
    const int delay_ms = std::uniform_int_distribution<int>(0, 40)(rng);
    const int status =
        shell(quote(NEUROFIT_BINARY) + " run k.yaml --out k --quiet" + flags +
              " > /dev/null 2>&1 & pid=$!; " + wait_for_checkpoint("k", reached) + "sleep " +
              std::to_string(delay_ms / 1000.0) + "; kill -KILL $pid; wait $pid 2>/dev/null");
    EXPECT_EQ(status, 128 + 9) << "attempt " << attempt << " was not killed mid-run";
    const auto newest = newest_state(path("k"));
    ASSERT_FALSE(newest.empty());
    io::CheckpointData state;
    ASSERT_NO_THROW(state = io::read_checkpoint(newest)) << "attempt " << attempt;
    EXPECT_GT(state.generation, reached) << "attempt " << attempt << " made no progress";
    reached = state.generation;
  }
  const auto last = run({"run", "k.yaml", "--out", "k", "--resume", "--quiet"});
  ASSERT_EQ(last.status, 0) << last.err;
  ASSERT_EQ(run({"run", "k.yaml", "--out", "u", "--quiet"}).status, 0);
  expect_same_run(path("u/result.h5"), path("k/result.h5"));
}

TEST_F(Checkpoints, BadInputIsOneLineAndTouchesNothing) {
  write("a.yaml", fit_config(6));
  ASSERT_EQ(run({"run", "a.yaml", "--out", "a", "--quiet"}).status, 0);
  const auto before = contents("a");
  ASSERT_TRUE(before.count("result.h5"));

  expect_bad_input(run({"run", "a.yaml", "--out", "a"}), "already holds a fit");
  write("seed.yaml", fit_config(8, "").replace(fit_config(8).find("seed: 4"), 7, "seed: 5"));
  expect_bad_input(run({"run", "seed.yaml", "--out", "a", "--resume"}),
                   "made with other settings (seed)");
  write("pop.yaml",
        fit_config(8).replace(fit_config(8).find("population: 12"), 14, "population: 14"));
  expect_bad_input(run({"run", "pop.yaml", "--out", "a", "--resume"}), "(algorithm)");
  expect_bad_input(run({"run", "a.yaml", "--out", "a", "--resume", "nothere.h5"}),
                   "nothere.h5: no such file");
  write("text.h5", "not HDF5\n");
  expect_bad_input(run({"run", "a.yaml", "--out", "a", "--resume", "text.h5"}),
                   "not a readable HDF5 file");
  fs::copy_file(path("a/result.h5"), path("cut.h5"));
  fs::resize_file(path("cut.h5"), fs::file_size(path("cut.h5")) / 3);
  const auto cut = run({"run", "a.yaml", "--out", "a", "--resume", "cut.h5"});
  EXPECT_EQ(cut.status, 2) << cut.err;
  EXPECT_NE(cut.err.find("cut.h5"), std::string::npos) << cut.err;
  fs::create_directories(path("empty"));
  expect_bad_input(run({"run", "a.yaml", "--out", "empty", "--resume"}), "nothing to resume");
  expect_bad_input(run({"run", "a.yaml", "--out", "a", "--resume", "--overwrite"}),
                   "exclude each other");
  EXPECT_EQ(contents("a"), before) << "a refused run changed the folder";

  // Forced, the change is recorded in the log; --overwrite starts again.
  const auto forced = run({"run", "seed.yaml", "--out", "a", "--resume", "--force", "--quiet"});
  ASSERT_EQ(forced.status, 0) << forced.err;
  const auto log = io::read_checkpoint(path("a/result.h5")).log;
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[1].find("forced changes: seed"), std::string::npos) << log[1];
  const auto again = run({"run", "a.yaml", "--out", "a", "--overwrite", "--quiet"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(io::read_checkpoint(path("a/result.h5")).log.size(), 1u);
}

TEST_F(Checkpoints, ResumingAFinishedRunHasNothingToDo) {
  write("a.yaml", fit_config(4));
  ASSERT_EQ(run({"run", "a.yaml", "--out", "a", "--quiet"}).status, 0);
  const auto before = contents("a");
  const auto r = run({"run", "a.yaml", "--out", "a", "--resume"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("nothing to do"), std::string::npos) << r.out;
  EXPECT_EQ(contents("a"), before);
}

}  // namespace
}  // namespace neurofit::cli

// Errors by cause: bad input is exit 2, a bug "internal error" with exit 1. Under MPI an error
// raised on one rank only (injected with NEUROFIT_FAULT, see fault_injection.hpp) ends every rank,
// with that rank's line printed once, before the first generation, mid-run, or while a checkpoint
// is written; `timeout` turns a rank left waiting into a failure (status 124) instead of a hang.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "neurofit/cli/failure.hpp"
#include "neurofit/errors.hpp"

namespace neurofit::cli {
namespace {

const char* small_fit = R"(model: izhikevich2007
cell_type: neocortex_l56_pyramidal
algorithm: {population: 8}
islands: 4
migration: {interval: 2}
generations: 6
checkpoint: {every: 2}
seed: 3
)";

TEST(Failure, CauseDecidesTheLineAndTheStatus) {
  const InputError input(InputWhere{"c.yaml", 3, 7, "generations"}, "expected an integer");
  EXPECT_EQ(cause_of(input), Cause::bad_input);
  EXPECT_EQ(exit_status(cause_of(input)), 2);
  EXPECT_EQ(failure_line(input), "neurofit: error: c.yaml:3:7: expected an integer");
  EXPECT_EQ(input.where().key, "generations");
  EXPECT_EQ(input.message(), "expected an integer");

  const InternalError bug("archive: x and f differ in size");
  EXPECT_EQ(cause_of(bug), Cause::internal);
  EXPECT_EQ(exit_status(cause_of(bug)), 1);
  EXPECT_EQ(failure_line(bug, 3),
            "neurofit: internal error: archive: x and f differ in size (rank 3)");
  // A library precondition that reaches the top is a bug of its caller, not bad input.
  EXPECT_EQ(cause_of(std::invalid_argument("shapes")), Cause::internal);
  EXPECT_EQ(cause_of(std::runtime_error("HDF5: cannot write")), Cause::failure);
  EXPECT_EQ(failure_line(std::runtime_error("disk full")), "neurofit: failed: disk full");
}

class RankErrors : public testing::CliTest {
 protected:
  testing::RunResult run_with_fault(int ranks, const std::string& fault) const {
    std::string cmd = "NEUROFIT_FAULT=" + fault + " timeout 120 ";
    if (ranks > 0)
      cmd += testing::quote(MPIEXEC) + " -n " + std::to_string(ranks) + " --oversubscribe ";
    return run_shell(cmd + testing::quote(NEUROFIT_BINARY) + " run fit.yaml --out out --quiet");
  }
};

TEST_F(RankErrors, WithoutMpiABugIsAnInternalErrorWithStatus1) {
  write("fit.yaml", small_fit);
  const auto r = run_with_fault(0, "0:generation-2:internal");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("neurofit: internal error: fault injected at generation-2"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("neurofit: error:"), std::string::npos) << "not bad input\n" << r.err;
}

TEST_F(RankErrors, AnErrorOnOneRankEndsEveryRankWithItsLineOnce) {
  write("fit.yaml", small_fit);
  struct Case {
    int ranks;
    std::string point, kind;
  };
  for (const Case& c : std::vector<Case>{{2, "start", "input"},
                                         {2, "generation-3", "internal"},
                                         {2, "checkpoint", "input"},
                                         {4, "start", "internal"},
                                         {4, "generation-3", "input"},
                                         {4, "checkpoint", "internal"}}) {
    SCOPED_TRACE(std::to_string(c.ranks) + " ranks, " + c.kind + " error at " + c.point);
    std::filesystem::remove_all(path("out"));
    const auto r = run_with_fault(c.ranks, "1:" + c.point + ":" + c.kind);
    const bool input = c.kind == "input";
    EXPECT_EQ(r.status, input ? 2 : 1) << r.err;
    const std::string line =
        std::string(input ? "neurofit: error: " : "neurofit: internal error: ") +
        "fault injected at " + c.point + " (NEUROFIT_FAULT) (rank 1)";
    const auto first = r.err.find(line);
    EXPECT_NE(first, std::string::npos) << r.err;
    EXPECT_EQ(first, r.err.rfind("neurofit: ")) << "one line of ours\n" << r.err;
  }
}

}  // namespace
}  // namespace neurofit::cli

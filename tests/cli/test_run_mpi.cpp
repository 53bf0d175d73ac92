// `neurofit run` under mpiexec: the same config gives the same result.h5, dataset by dataset and
// bit for bit, on 1, 2 and 4 ranks and without mpiexec; bad input is reported once, by rank 0.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::cli {
namespace {

namespace fs = std::filesystem;

// A small fit on four heterogeneous islands with ring migration every 2 generations.
const char* four_island_fit = R"(model: izhikevich2007
cell_type: neocortex_l56_pyramidal
algorithm: {population: 12}
islands: {count: 4, algorithms: [{eta_m: 20}, {eta_m: 5, name: nsga2}, {name: shade}]}
migration: {interval: 2, emigrants: 2, topology: ring}
generations: 6
archive_size: 50
seed: 11
)";

class RunMpi : public testing::CliTest {
 protected:
  // Status 2 and our error line once (mpiexec adds its own lines about the exit status).
  void expect_reported_once(const testing::RunResult& r, const std::string& what) const {
    EXPECT_EQ(r.status, 2) << r.err;
    const auto first = r.err.find("neurofit: error: ");
    ASSERT_NE(first, std::string::npos) << r.err;
    EXPECT_EQ(first, r.err.rfind("neurofit: error: ")) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
  }

  testing::RunResult run_on(int ranks, const std::vector<std::string>& args) const {
    std::string cmd = testing::quote(MPIEXEC) + " -n " + std::to_string(ranks) +
                      " --oversubscribe " + testing::quote(NEUROFIT_BINARY);
    for (const auto& a : args) cmd += ' ' + testing::quote(a);
    return run_shell(cmd);
  }
};

using testing::dataset;
using testing::identical;

TEST_F(RunMpi, SameResultOnOneTwoAndFourRanks) {
  write("fit.yaml", four_island_fit);
  const auto plain = run({"run", "fit.yaml", "--out", "plain", "--quiet"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_NE(plain.out.find("islands: 4 on 1 rank"), std::string::npos) << plain.out;
  for (int ranks : {1, 2, 4}) {
    const std::string out = std::string(1, 'n') + std::to_string(ranks);  // GCC 12: no "n" +
    const auto r = run_on(ranks, {"run", "fit.yaml", "--out", out});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("islands: 4 on " + std::to_string(ranks)), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("wrote"), r.out.rfind("wrote")) << "only rank 0 reports\n" << r.out;
    for (const char* name :
         {"/archive/parameters", "/archive/objectives", "/archive/features", "/viability"})
      EXPECT_TRUE(identical(dataset(path("plain/result.h5"), name),
                            dataset(path(out + "/result.h5"), name)))
          << name << " differs on " << ranks << " ranks";
    // The history but for its last column, the wall time.
    const Eigen::MatrixXd h0 = dataset(path("plain/result.h5"), "/history");
    const Eigen::MatrixXd h = dataset(path(out + "/result.h5"), "/history");
    ASSERT_EQ(h.cols(), h0.cols());
    EXPECT_TRUE(identical(h0.leftCols(h0.cols() - 1), h.leftCols(h.cols() - 1)))
        << "history differs on " << ranks << " ranks";
    EXPECT_EQ(h(h.rows() - 1, h.cols() - 2), 3.0) << "migrations at generations 2, 4 and 6";
    // Every evaluation of every rank has one verdict: 4 islands x 12 x (6 + 1) in all.
    EXPECT_EQ(dataset(path(out + "/result.h5"), "/viability").sum(), 4.0 * 12 * 7);
  }
}

TEST_F(RunMpi, BadInputIsReportedOnceByRankZero) {
  write("bad.yaml", "model: izhikevich2007\ncell_type: nowhere\ngenerations: 2\n");
  const auto r = run_on(2, {"run", "bad.yaml"});
  expect_reported_once(r, "unknown cell type 'nowhere'");
}

TEST_F(RunMpi, FewerIslandsThanRanksIsRefused) {
  write("two.yaml", "problem: {name: zdt1}\nislands: 2\ngenerations: 2\n");
  const auto r = run_on(4, {"run", "two.yaml", "--out", "x"});
  expect_reported_once(r, "islands (2) fewer than ranks (4)");
  EXPECT_FALSE(fs::exists(path("x")));
}

TEST_F(RunMpi, OneIslandPerRankByDefault) {
  write("z.yaml", "problem: {name: zdt1}\ngenerations: 3\nmigration: {interval: 1}\n");
  const auto r = run_on(2, {"run", "z.yaml", "--out", "z"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("islands: 2 on 2 ranks; migration of 2 every 1 generations, ring"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("3 migrations"), std::string::npos) << r.out;
  // The done line: the largest peak resident memory of the ranks, in MB (a process with MPI,
  // HDF5 and the program's code holds more than 1 MB; this small run far less than 1 GB).
  const auto at = r.out.find("; peak ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const double mb = std::stod(r.out.substr(at + 7));
  EXPECT_GT(mb, 1.0);
  EXPECT_LT(mb, 1000.0);
  EXPECT_EQ(r.out.find(" MB resident (largest rank)", at), r.out.find(" MB", at)) << r.out;
}

}  // namespace
}  // namespace neurofit::cli

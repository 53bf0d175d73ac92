// `neurofit run`, run as a program: ZDT1 reaches the published quality and writes result.h5, the
// same config gives the same archive, --quiet drops the progress lines, bad configs and output
// folders are status 2 with one line and no output, and a tiny Izhikevich fit prints its table.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "neurofit/evo/hypervolume.hpp"
#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::cli {
namespace {

using testing::lines_of;
namespace fs = std::filesystem;

const std::string zdt1_example = std::string(NEUROFIT_SOURCE_DIR) + "/config/examples/zdt1.yaml";

class RunCommand : public testing::CliTest {};

// Objectives of the archive (n_obj x n, one column per model, as evo expects).
Eigen::MatrixXd archive_objectives(const fs::path& file) {
  auto h5 = io::hdf5::File::open_read_only(file.string());
  return io::hdf5::read_matrix(h5.id(), "/archive/objectives").transpose();
}

int count_lines_starting_with_a_number(const std::string& text) {
  int n = 0;
  for (const auto& line : lines_of(text)) {
    const auto p = line.find_first_not_of(' ');
    n += p != std::string::npos && std::isdigit(static_cast<unsigned char>(line[p]));
  }
  return n;
}

TEST_F(RunCommand, Zdt1ExampleReachesThePublishedHypervolume) {
  const auto r = run({"run", zdt1_example, "--out", "z"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  ASSERT_TRUE(fs::exists(path("z/result.h5")));
  EXPECT_EQ(fs::directory_iterator(path("z"))->path().filename(), "result.h5");  // no temp file
  const Eigen::MatrixXd f = archive_objectives(path("z/result.h5"));
  ASSERT_EQ(f.rows(), 2);
  ASSERT_GT(f.cols(), 50);
  EXPECT_GE(evo::hypervolume(f, Eigen::Vector2d(1.1, 1.1)), 0.86);
  // One progress line per gather (every 10 generations by default), 0 to 250, then the
  // compromise point.
  EXPECT_EQ(count_lines_starting_with_a_number(r.out), 26) << r.out;
  EXPECT_NE(r.out.find("best compromise"), std::string::npos) << r.out;
}

TEST_F(RunCommand, SameConfigSameArchiveAndQuietDropsProgress) {
  const auto a = run({"run", zdt1_example, "--out", "a"});
  const auto b = run({"run", zdt1_example, "--out", "b", "--quiet"});
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(archive_objectives(path("a/result.h5")), archive_objectives(path("b/result.h5")));
  EXPECT_EQ(count_lines_starting_with_a_number(b.out), 0) << b.out;
  EXPECT_NE(b.out.find("best compromise"), std::string::npos) << b.out;
}

TEST_F(RunCommand, BadConfigIsStatus2WithOneLineAndNoOutputFolder) {
  const auto cfg = write("bad.yaml",
                         "problem: {name: zdt1}\n"
                         "generations: 5\n"
                         "algorithm: {population: 10, popsize: 10}\n");
  const auto r = run({"run", cfg, "--out", "out/sub"});
  expect_bad_input(r, "bad.yaml:3:29: unknown key 'popsize'");
  EXPECT_FALSE(fs::exists(path("out")));
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(RunCommand, MissingConfigIsStatus2) {
  const auto r = run({"run", "no-such.yaml"});
  expect_bad_input(r, "no-such.yaml");
  EXPECT_EQ(files(), std::vector<std::string>{});
}

TEST_F(RunCommand, OutputFolderThatCannotBeCreatedIsNamed) {
  write("plain-file", "not a folder\n");
  const auto cfg = write("ok.yaml", "problem: {name: zdt1, variables: 5}\ngenerations: 2\n");
  const auto r = run({"run", cfg, "--out", "plain-file/out"});
  expect_bad_input(r, "plain-file/out");
  EXPECT_TRUE(fs::is_regular_file(path("plain-file")));
}

TEST_F(RunCommand, OutputFromTheConfigRelativeToTheCurrentFolder) {
  const auto cfg = write("ok.yaml",
                         "problem: {name: zdt2, variables: 5}\ngenerations: 2\n"
                         "algorithm: {population: 8}\noutput: results/here\n");
  const auto r = run({"run", cfg, "--quiet"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(path("results/here/result.h5")));
}

TEST_F(RunCommand, TinyIzhikevichFitPrintsTheTable) {
  const auto cfg = write("tiny.yaml",
                         "model: izhikevich2007\n"
                         "cell_type: neocortex_l56_pyramidal\n"
                         "fixed: {vpeak: 35}\n"
                         "algorithm: {population: 16}\n"
                         "generations: 3\n"
                         "seed: 3\n");
  const auto r = run({"run", cfg, "--out", "fit"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count_lines_starting_with_a_number(r.out), 2) << r.out;  // generations 0 and 3
  const auto table = r.out.find("best compromise");
  ASSERT_NE(table, std::string::npos) << r.out;
  const std::string tail = r.out.substr(table);
  for (const char* f : {"rheobase", "input_resistance", "time_constant", "capacitance",
                        "resting_potential", "ap_width", "ap_amplitude", "ap_threshold"})
    EXPECT_NE(tail.find(std::string("\n  ") + f + " "), std::string::npos) << f << "\n" << tail;
  for (const char* p : {"C", "k", "vr", "vt", "vpeak", "a", "b", "c", "d"})
    EXPECT_NE(tail.find(std::string("\n  ") + p + " "), std::string::npos) << p << "\n" << tail;
  EXPECT_NE(tail.find("(fixed)"), std::string::npos) << tail;

  auto h5 = io::hdf5::File::open_read_only(path("fit/result.h5").string());
  const auto x = io::hdf5::read_matrix(h5.id(), "/archive/features");
  const auto p = io::hdf5::read_matrix(h5.id(), "/archive/parameters");
  EXPECT_EQ(x.cols(), 8);
  EXPECT_EQ(p.cols(), 9);
  EXPECT_EQ(x.rows(), p.rows());
  for (Eigen::Index j = 0; j < p.rows(); ++j) EXPECT_EQ(p(j, 4), 35);  // vpeak held
  EXPECT_EQ(io::hdf5::read_matrix(h5.id(), "/history").rows(), 2);
  EXPECT_EQ(io::hdf5::read_text_attribute(h5.id(), "cell_type"), "neocortex_l56_pyramidal");
}

}  // namespace
}  // namespace neurofit::cli

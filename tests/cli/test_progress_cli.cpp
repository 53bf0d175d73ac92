// What `neurofit run` shows while it runs: a line every --log-every generations (and the last),
// plain text without control characters in a file or pipe, and a live bar on a terminal.
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.hpp"

namespace neurofit::cli {
namespace {

namespace fs = std::filesystem;

const std::string zdt1 =
    "problem: {name: zdt1}\nalgorithm: {name: nsga2, population: 20}\n"
    "generations: 45\n";

int progress_lines(const std::string& text) {
  int n = 0;
  for (const auto& line : testing::lines_of(text)) {
    const auto p = line.find_first_not_of(' ');
    n += p != std::string::npos && std::isdigit(static_cast<unsigned char>(line[p])) &&
         line.find("generations") == std::string::npos;
  }
  return n;
}

class Progress : public testing::CliTest {};

TEST_F(Progress, LogEveryNAndPlainTextInAFile) {
  write("z.yaml", zdt1);
  const auto r = run({"run", "z.yaml", "--out", "z", "--log-every", "10"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(progress_lines(r.out), 6) << r.out;  // 0, 10, 20, 30, 40 and the last, 45
  EXPECT_NE(r.out.find("\n   45 "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.out.find('\033'), std::string::npos);
  const auto header = r.out.find("gen     evals  evals/s   elapsed      left  migr archive");
  EXPECT_NE(header, std::string::npos) << r.out;
  const auto quiet = run({"run", "z.yaml", "--out", "q", "--quiet"});
  EXPECT_EQ(progress_lines(quiet.out), 0) << quiet.out;
  testing::RunResult bad = run({"run", "z.yaml", "--out", "b", "--log-every", "0"});
  EXPECT_EQ(bad.status, 2);
}

TEST_F(Progress, LiveBarOnATerminal) {
  if (std::system("command -v script > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "util-linux 'script' (a pseudo-terminal) is not installed";
  write("z.yaml", zdt1);
  // `script` runs the command on a pseudo-terminal and copies what it shows to tty.txt.
  const std::string cmd =
      "cd " + testing::quote(dir_.string()) + " && script -qec " +
      testing::quote(std::string(NEUROFIT_BINARY) + " run z.yaml --out t --log-every 20") +
      " tty.txt > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string shown = testing::read_text(path("tty.txt"));
  EXPECT_NE(shown.find("\r\033[K"), std::string::npos) << shown;
  EXPECT_NE(shown.find("%  generation "), std::string::npos) << shown;
  EXPECT_NE(shown.find("wrote t/result.h5"), std::string::npos) << shown;
}

}  // namespace
}  // namespace neurofit::cli

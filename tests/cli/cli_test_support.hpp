#pragma once
// Runs the real `neurofit` executable (NEUROFIT_BINARY) in a temporary folder and captures its
// exit status, standard output and standard error.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::cli::testing {

namespace fs = std::filesystem;

struct RunResult {
  int status = -1;  // exit status, or -1 when the process did not exit normally
  std::string out, err;
};

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  q += '\'';
  return q;
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

inline std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> cells(1);
  for (char c : line) {
    if (c == ',')
      cells.emplace_back();
    else
      cells.back() += c;
  }
  return cells;
}

// A dataset of an HDF5 file as it is stored (one row per model).
inline Eigen::MatrixXd dataset(const fs::path& file, const std::string& name) {
  auto h5 = io::hdf5::File::open_read_only(file.string());
  return io::hdf5::read_matrix(h5.id(), name);
}

// Equal bit for bit, NaN where NaN.
inline bool identical(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!(a.data()[i] == b.data()[i] || (std::isnan(a.data()[i]) && std::isnan(b.data()[i]))))
      return false;
  return true;
}

// A fresh working folder, removed afterwards.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("neurofit-cli-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path path(const std::string& name) const { return dir_ / name; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  // Files in the working folder other than the captured output.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) {
      const auto n = e.path().filename().string();
      if (n != ".stdout" && n != ".stderr") names.push_back(n);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  // Runs `neurofit args...` in the working folder, without $NEUROFIT_CELLTYPES and
  // $NEUROFIT_PROTOCOLS.
  RunResult run(const std::vector<std::string>& args) const {
    std::string cmd = "env -u NEUROFIT_CELLTYPES -u NEUROFIT_PROTOCOLS ";
    cmd += quote(NEUROFIT_BINARY);
    for (const auto& a : args) {
      cmd += ' ';
      cmd += quote(a);
    }
    return run_shell(cmd);
  }

  // Runs a shell command line in the working folder, capturing what it prints.
  RunResult run_shell(const std::string& command) const {
    const std::string cmd =
        "cd " + quote(dir_.string()) + " || exit 99; { " + command + "; } > .stdout 2> .stderr";
    const int rc = std::system(cmd.c_str());
    RunResult r;
    r.status = (rc != -1 && WIFEXITED(rc)) ? WEXITSTATUS(rc) : -1;
    r.out = read_text(dir_ / ".stdout");
    r.err = read_text(dir_ / ".stderr");
    return r;
  }

  // A bad-input run: exit status 2 and exactly one line on standard error.
  void expect_bad_input(const RunResult& r, const std::string& what) const {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(r.err.empty() || r.err.back() != '\n') << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
  }

  fs::path dir_;
};

}  // namespace neurofit::cli::testing

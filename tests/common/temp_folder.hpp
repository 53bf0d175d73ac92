#pragma once
// A test fixture with a fresh temporary folder (dir_), removed after each test.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

namespace neurofit::testing {

class TempFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("neurofit-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path dir_;
};

}  // namespace neurofit::testing

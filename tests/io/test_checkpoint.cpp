// Checkpoint files: everything written reads back exactly; a missing, truncated, corrupt,
// foreign or newer file is one InputError naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../common/temp_folder.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/checkpoint.hpp"
#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;

class Checkpoint : public neurofit::testing::TempFolderTest {
 protected:
  // A small but complete checkpoint of a 2-variable, 2-objective run with two islands.
  static CheckpointData sample() {
    CheckpointData d;
    auto& r = d.result;
    r.config_text = "problem: {name: zdt1}\ngenerations: 3\n";
    r.seed = 7;
    r.generations = 3;
    r.problem = "zdt1";
    r.parameter_names = {"x1", "x2"};
    r.parameter_units = {"", ""};
    r.parameters = Eigen::MatrixXd::Random(2, 3).cwiseAbs();
    r.objective_names = {"f1", "f2"};
    r.objectives = Eigen::MatrixXd::Random(2, 3).cwiseAbs();
    for (int g = 0; g <= 2; ++g) {
      evo::GenerationRecord rec;
      rec.generation = g;
      rec.evaluations = 8 * (g + 1);
      rec.hypervolume = 0.1 * g;
      rec.best = Eigen::Vector2d(0.5 - 0.1 * g, 0.25);
      rec.archive_size = 3;
      rec.migrations = g / 2;
      rec.seconds = 0.01 * g;
      r.history.push_back(rec);
    }
    r.hypervolume_scale = Eigen::Vector2d(1, 1);
    r.hypervolume_reference = Eigen::Vector2d(1.1, 1.1);
    d.archive_x = r.parameters;
    d.config_sha256 = "abc";
    d.generation = 2;
    d.migrations = 1;
    d.log = {"generation 0: started on 1 rank"};
    for (long i = 0; i < 2; ++i) {
      island::IslandSnapshot s;
      s.index = i;
      s.algorithm = "ibea";
      s.x = Eigen::MatrixXd::Random(2, 4).cwiseAbs();
      s.f = Eigen::MatrixXd::Random(2, 4);
      s.rng_state = "1 2 3 " + std::to_string(i);
      s.algorithm_state = {0.5, -1.5, 2.0, 1e-300};
      s.generation = 2;
      s.evaluations = 12;
      d.island_parameters.push_back(s.x);
      d.islands.push_back(s);
    }
    return d;
  }
};

TEST_F(Checkpoint, EverythingReadsBackExactly) {
  const CheckpointData d = sample();
  const fs::path file = dir_ / "checkpoint-2.h5";
  write_checkpoint(file, d);
  const CheckpointData r = read_checkpoint(file);
  EXPECT_EQ(r.result.config_text, d.result.config_text);
  EXPECT_EQ(r.result.seed, 7u);
  EXPECT_EQ(r.result.objectives, d.result.objectives);
  EXPECT_EQ(r.result.parameters, d.result.parameters);
  EXPECT_EQ(r.archive_x, d.archive_x);
  EXPECT_EQ(r.config_sha256, "abc");
  EXPECT_EQ(r.generation, 2u);
  EXPECT_EQ(r.migrations, 1u);
  EXPECT_FALSE(r.finished);
  EXPECT_EQ(r.log, d.log);
  ASSERT_EQ(r.result.history.size(), 3u);
  EXPECT_EQ(r.result.history[2].best, d.result.history[2].best);
  EXPECT_EQ(r.result.history[2].migrations, 1u);
  ASSERT_EQ(r.islands.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(r.islands[i].x, d.islands[i].x);
    EXPECT_EQ(r.islands[i].f, d.islands[i].f);
    EXPECT_EQ(r.islands[i].rng_state, d.islands[i].rng_state);
    EXPECT_EQ(r.islands[i].algorithm_state, d.islands[i].algorithm_state);
    EXPECT_EQ(r.islands[i].algorithm, "ibea");
    EXPECT_EQ(r.islands[i].evaluations, 12u);
  }
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(Checkpoint, BadFilesAreOneLineNamingTheFile) {
  const fs::path good = dir_ / "good.h5";
  write_checkpoint(good, sample());
  auto message = [](const fs::path& p) -> std::string {
    try {
      read_checkpoint(p);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(dir_ / "none.h5").find("none.h5: no such file"), std::string::npos);
  // Truncated: the first half of a good file.
  const auto size = fs::file_size(good);
  fs::copy_file(good, dir_ / "cut.h5");
  fs::resize_file(dir_ / "cut.h5", size / 2);
  const std::string cut = message(dir_ / "cut.h5");
  EXPECT_NE(cut.find("cut.h5: "), std::string::npos) << cut;
  EXPECT_FALSE(cut.empty());
  // Not HDF5 at all.
  std::ofstream(dir_ / "text.h5") << "not a checkpoint\n";
  EXPECT_NE(message(dir_ / "text.h5").find("not a readable HDF5 file"), std::string::npos);
  // Another HDF5 file.
  {
    auto f = hdf5::File::create((dir_ / "other.h5").string());
    hdf5::write_matrix(f.id(), "data", hdf5::RowMatrix::Zero(2, 2));
    f.close();
  }
  EXPECT_NE(message(dir_ / "other.h5").find("not a neurofit checkpoint"), std::string::npos);
  // A newer format version.
  write_hdf5_atomically(dir_ / "newer.h5", [](hid_t file) {
    hdf5::write_attribute(file, "format", checkpoint_format);
    hdf5::write_attribute(file, "format_version", checkpoint_format_version + 1);
  });
  EXPECT_NE(message(dir_ / "newer.h5").find("newer than this neurofit reads"), std::string::npos);
  for (const char* f : {"none.h5", "cut.h5", "text.h5", "other.h5", "newer.h5"})
    EXPECT_EQ(message(dir_ / f).find('\n'), std::string::npos) << f;
}

}  // namespace
}  // namespace neurofit::io

// Reading result files back: every field of a written file round-trips; a test problem has no
// features; a file without /history reads; checkpoints are read only when asked for; and each
// kind of bad file (missing, a folder, not HDF5, empty, truncated, another format, a newer
// version, a missing dataset, datasets that disagree) is one InputError line naming the file.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "../common/result_samples.hpp"
#include "../common/temp_folder.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/hdf5_file.hpp"
#include "neurofit/io/result_reader.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;

bool same(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {  // NaN equals NaN
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!(a.data()[i] == b.data()[i] || (std::isnan(a.data()[i]) && std::isnan(b.data()[i]))))
      return false;
  return true;
}

class ResultReader : public neurofit::testing::TempFolderTest {
 protected:
  fs::path written(const ResultData& d, const std::string& name = "result.h5") const {
    write_result_file(dir_ / name, d);
    return dir_ / name;
  }
  // Opens the file for writing with the C API and hands its root to `change`.
  template <class Change>
  static void modify(const fs::path& p, Change change) {
    const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    change(f);
    H5Fclose(f);
  }
  static void replace_text(hid_t object, const char* name, const std::string& value) {
    H5Adelete(object, name);
    hdf5::write_attribute(object, name, value);
  }
  // read_result_file must throw one InputError line "<path>: ...<what>...".
  static void expect_error(const fs::path& p, const std::string& what,
                           const std::vector<std::string>& formats = {result_format}) {
    try {
      read_result_file(p, formats);
      ADD_FAILURE() << "no error for " << p << " (expected '" << what << "')";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_EQ(m.rfind(p.string() + ": ", 0), 0u) << m;
      EXPECT_NE(m.find(what), std::string::npos) << m;
      EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
  }
};

TEST_F(ResultReader, EveryFieldRoundTrips) {
  const ResultData d = testing::sample_fit();
  const StoredResult r = read_result_file(written(d));
  EXPECT_EQ(r.format, "neurofit-result");
  EXPECT_EQ(r.format_version, result_format_version);
  EXPECT_FALSE(r.neurofit_version.empty());
  EXPECT_EQ(r.created.size(), 20u) << r.created;
  EXPECT_TRUE(r.is_fit());
  EXPECT_EQ(r.size(), 4);
  const ResultData& e = r.data;
  EXPECT_EQ(e.config_text, d.config_text);
  EXPECT_EQ(e.seed, d.seed);
  EXPECT_EQ(e.generations, d.generations);
  EXPECT_EQ(e.problem, d.problem);
  EXPECT_EQ(e.model, d.model);
  EXPECT_EQ(e.cell_type, d.cell_type);
  EXPECT_EQ(e.parameter_names, d.parameter_names);
  EXPECT_EQ(e.parameter_units, d.parameter_units);
  EXPECT_EQ(e.parameters, d.parameters);
  EXPECT_EQ(e.objective_names, d.objective_names);
  EXPECT_EQ(e.objectives, d.objectives);
  EXPECT_TRUE(same(e.features, d.features));
  ASSERT_EQ(r.data.feature_names.size(), 8u);
  for (std::size_t f = 0; f < 8; ++f) {
    EXPECT_EQ(r.data.feature_names[f], ephys::ne8_feature_names[f]);
    EXPECT_EQ(r.data.feature_units[f], ephys::ne8_feature_units[f]);
  }
  EXPECT_EQ(r.feature_row("ap_width"), 5);
  EXPECT_EQ(r.feature_row("no_such_feature"), -1);
  ASSERT_EQ(e.history.size(), d.history.size());
  for (std::size_t g = 0; g < d.history.size(); ++g) {
    EXPECT_EQ(e.history[g].generation, d.history[g].generation);
    EXPECT_EQ(e.history[g].evaluations, d.history[g].evaluations);
    EXPECT_EQ(e.history[g].hypervolume, d.history[g].hypervolume);
    EXPECT_EQ(e.history[g].hypervolume_std_error, d.history[g].hypervolume_std_error);
    EXPECT_EQ(e.history[g].archive_size, d.history[g].archive_size);
    EXPECT_EQ(e.history[g].best, d.history[g].best);
    EXPECT_EQ(e.history[g].migrations, d.history[g].migrations);
    EXPECT_EQ(e.history[g].seconds, d.history[g].seconds);
  }
  EXPECT_EQ(e.hypervolume_scale, d.hypervolume_scale);
  EXPECT_EQ(e.hypervolume_reference, d.hypervolume_reference);
}

TEST_F(ResultReader, TestProblemHasNoFeatures) {
  const StoredResult r = read_result_file(written(testing::sample_test_problem()));
  EXPECT_FALSE(r.is_fit());
  EXPECT_EQ(r.size(), 3);
  EXPECT_EQ(r.data.features.rows(), 0);
  EXPECT_EQ(r.data.features.cols(), 3);
  EXPECT_TRUE(r.data.feature_names.empty());
  EXPECT_EQ(r.data.parameter_names, (std::vector<std::string>{"x1", "x2", "x3"}));
  EXPECT_EQ(r.data.parameter_units, (std::vector<std::string>{"", "", ""}));
}

TEST_F(ResultReader, LargestSeedIsNotClipped) {
  ResultData d = testing::sample_fit();
  d.seed = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(read_result_file(written(d)).data.seed, d.seed);
}

TEST_F(ResultReader, FileWithoutHistoryReads) {
  const fs::path p = written(testing::sample_fit());
  modify(p, [](hid_t f) { ASSERT_GE(H5Ldelete(f, "history", H5P_DEFAULT), 0); });
  const StoredResult r = read_result_file(p);
  EXPECT_TRUE(r.data.history.empty());
  EXPECT_EQ(r.size(), 4);
}

TEST_F(ResultReader, CheckpointOnlyWhenAsked) {
  const fs::path p = written(testing::sample_fit(), "checkpoint-2.h5");
  modify(p, [](hid_t f) {
    replace_text(f, "format", "neurofit-checkpoint");
    H5Adelete(f, "format_version");
    hdf5::write_attribute(f, "format_version", checkpoint_format_version);
  });
  expect_error(p, "its format is 'neurofit-checkpoint', expected 'neurofit-result'");
  const StoredResult r = read_result_file(p, {result_format, "neurofit-checkpoint"});
  EXPECT_EQ(r.format, "neurofit-checkpoint");
  EXPECT_EQ(r.size(), 4);
}

TEST_F(ResultReader, MissingFileOrFolder) {
  expect_error(dir_ / "no-such.h5", "no such file");
  expect_error(dir_, "is a folder");
}

TEST_F(ResultReader, NotHdf5) {
  std::ofstream(dir_ / "text.h5") << "model: izhikevich2007\n";
  expect_error(dir_ / "text.h5", "not an HDF5 file");
  std::ofstream(dir_ / "empty.h5").close();
  expect_error(dir_ / "empty.h5", "not an HDF5 file");
}

TEST_F(ResultReader, TruncatedFile) {
  const fs::path p = written(testing::sample_fit());
  const auto size = fs::file_size(p);
  for (auto keep : {size / 2, size - 64, size - 1}) {
    const fs::path cut = dir_ / ("cut-" + std::to_string(keep) + ".h5");
    fs::copy_file(p, cut);
    fs::resize_file(cut, keep);
    expect_error(cut, "truncated or corrupt");
  }
}

TEST_F(ResultReader, OtherHdf5Files) {
  const fs::path plain = dir_ / "plain.h5";
  {
    auto f = hdf5::File::create(plain.string());
    hdf5::write_matrix(f.id(), "data", hdf5::RowMatrix::Zero(2, 2));
    f.close();
  }
  expect_error(plain, "no 'format' attribute");
  const fs::path other = written(testing::sample_fit(), "other.h5");
  modify(other, [](hid_t f) { replace_text(f, "format", "something-else"); });
  expect_error(other, "not a neurofit result file: its format is 'something-else'");
}

TEST_F(ResultReader, NewerFormatVersion) {
  const fs::path p = written(testing::sample_fit());
  modify(p, [](hid_t f) {
    H5Adelete(f, "format_version");
    hdf5::write_attribute(f, "format_version", std::int64_t{result_format_version + 1});
  });
  expect_error(p, "format version " + std::to_string(result_format_version + 1) +
                      " is newer than this neurofit reads");
}

TEST_F(ResultReader, MissingDataset) {
  const fs::path p = written(testing::sample_fit());
  modify(p, [](hid_t f) { ASSERT_GE(H5Ldelete(f, "archive/objectives", H5P_DEFAULT), 0); });
  expect_error(p, "damaged result file: HDF5: cannot open dataset 'objectives'");
}

TEST_F(ResultReader, DatasetsThatDisagree) {
  const fs::path p = written(testing::sample_fit());
  modify(p, [](hid_t f) {
    ASSERT_GE(H5Ldelete(f, "archive/features", H5P_DEFAULT), 0);
    const hdf5::Id archive = hdf5::open_group(f, "archive");
    const hdf5::Id set = hdf5::write_matrix(archive.get(), "features", hdf5::RowMatrix::Zero(3, 8));
    std::vector<std::string> names;
    for (auto n : ephys::ne8_feature_names) names.emplace_back(n);
    hdf5::write_attribute(set.get(), "columns", names);
  });
  expect_error(p, "differ in their number of models (parameters 4, objectives 4, features 3)");
}

TEST_F(ResultReader, ColumnNamesThatDisagree) {
  const fs::path p = written(testing::sample_fit());
  modify(p, [](hid_t f) {
    const hdf5::Id set = hdf5::open_dataset(f, "archive/parameters");
    H5Adelete(set.get(), "columns");
    hdf5::write_attribute(set.get(), "columns", std::vector<std::string>{"C", "k"});
  });
  expect_error(p, "'parameters' has 9 columns but 2 column names");
}

}  // namespace
}  // namespace neurofit::io

// The result file: written, then read back with the plain HDF5 C API (shapes, values, column names,
// root attributes); a failed write leaves neither result.h5 nor a temporary file, and an existing
// result.h5 as it was.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/io/result_file.hpp"
#include "neurofit/io/result_reader.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;
const double nan = std::numeric_limits<double>::quiet_NaN();

// ---- reading with the C API only, independent of the writer's wrappers ----

struct Dataset {
  hsize_t rows = 0, cols = 0;
  std::vector<double> values;  // row-major
  double at(hsize_t r, hsize_t c) const { return values[r * cols + c]; }
};

Dataset read_dataset(hid_t file, const char* name) {
  Dataset d;
  const hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
  EXPECT_GE(set, 0) << name;
  if (set < 0) return d;
  const hid_t space = H5Dget_space(set);
  EXPECT_EQ(H5Sget_simple_extent_ndims(space), 2) << name;
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  d.rows = dims[0];
  d.cols = dims[1];
  d.values.resize(d.rows * d.cols);
  if (!d.values.empty()) {
    EXPECT_GE(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.values.data()), 0);
  }
  H5Sclose(space);
  H5Dclose(set);
  return d;
}

// A variable-length string attribute (scalar or 1-D) of the object at `path`.
std::vector<std::string> read_strings(hid_t file, const char* path, const char* name) {
  std::vector<std::string> out;
  const hid_t attr = H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(attr, 0) << path << " @" << name;
  if (attr < 0) return out;
  const hid_t space = H5Aget_space(attr);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  std::vector<char*> raw(n, nullptr);
  EXPECT_GE(H5Aread(attr, type, raw.data()), 0);
  for (char* p : raw) out.emplace_back(p ? p : "");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  H5Tclose(type);
  H5Sclose(space);
  H5Aclose(attr);
  return out;
}

std::string read_string(hid_t file, const char* name) {
  const auto v = read_strings(file, "/", name);
  EXPECT_EQ(v.size(), 1u) << name;
  return v.empty() ? "" : v[0];
}

template <class T>
T read_scalar(hid_t file, const char* name, hid_t type) {
  T value{};
  const hid_t attr = H5Aopen_by_name(file, "/", name, H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(attr, 0) << name;
  if (attr < 0) return value;
  EXPECT_GE(H5Aread(attr, type, &value), 0);
  H5Aclose(attr);
  return value;
}

// ---- fixtures ----

// An archive of 4 models of 3 parameters and 2 objectives, with features (one not viable) and a
// history of 3 generations.
ResultData sample() {
  ResultData d;
  d.config_text = "model: izhikevich2007\n# a comment\n";
  d.seed = 7;
  d.generations = 2;
  d.problem = "izhikevich2007 ne8";
  d.model = "izhikevich2007";
  d.cell_type = "neocortex_l56_pyramidal";
  d.parameter_names = {"C", "k", "vr"};
  d.parameter_units = {"pF", "nS/mV", "mV"};
  d.parameters.resize(3, 4);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) d.parameters(i, j) = 10 * j + i;  // row j = model j
  d.objective_names = {"rheobase", "ap_width"};
  d.objectives.resize(2, 4);
  d.objectives << 0.5, 1.5, 2.5, 1000, 3.0, 2.0, 1.0, 1000;
  d.features.setConstant(8, 4, 1.0);
  d.features.col(3).setConstant(nan);
  d.features(0, 1) = 123.5;
  d.protocol = "ne8";
  for (int f = 0; f < ephys::n_ne8_features; ++f) {
    d.feature_names.emplace_back(ephys::ne8_feature_names[static_cast<std::size_t>(f)]);
    d.feature_units.emplace_back(ephys::ne8_feature_units[static_cast<std::size_t>(f)]);
  }
  for (std::uint64_t g = 0; g <= 2; ++g) {
    evo::GenerationRecord r;
    r.generation = g;
    r.evaluations = 10 * (g + 1);
    r.hypervolume = 0.25 * static_cast<double>(g);
    r.archive_size = static_cast<Eigen::Index>(g + 2);
    r.best = Eigen::VectorXd::Constant(2, 2.0);
    r.best[0] = 1.0 / static_cast<double>(g + 1);
    d.history.push_back(r);
  }
  d.hypervolume_scale = Eigen::VectorXd::Constant(2, 5.0);
  d.hypervolume_reference = Eigen::VectorXd::Constant(2, 1.1);
  return d;
}

class ResultFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("neurofit-result-test-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
    return names;
  }
  fs::path dir_;
};

TEST_F(ResultFile, RoundTripWithTheCApi) {
  const fs::path path = dir_ / "result.h5";
  write_result_file(path, sample());
  EXPECT_EQ(entries(), std::vector<std::string>{"result.h5"});  // no temporary file left

  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_EQ(read_string(f, "format"), "neurofit-result");
  EXPECT_EQ(read_scalar<std::int64_t>(f, "format_version", H5T_NATIVE_INT64),
            result_format_version);
  const std::string version = read_string(f, "neurofit_version");  // PROJECT_VERSION, e.g. 0.1.0
  EXPECT_FALSE(version.empty());
  EXPECT_NE(version, "unknown");
  EXPECT_NE(version.find('.'), std::string::npos) << version;
  const std::string created = read_string(f, "created");  // e.g. 2025-01-31T12:34:56Z
  ASSERT_EQ(created.size(), 20u) << created;
  EXPECT_EQ(created[4], '-');
  EXPECT_EQ(created[10], 'T');
  EXPECT_EQ(created[19], 'Z');
  EXPECT_EQ(read_string(f, "config"), "model: izhikevich2007\n# a comment\n");
  EXPECT_EQ(read_scalar<std::uint64_t>(f, "seed", H5T_NATIVE_UINT64), 7u);
  EXPECT_EQ(read_scalar<std::uint64_t>(f, "generations", H5T_NATIVE_UINT64), 2u);
  EXPECT_EQ(read_string(f, "model"), "izhikevich2007");
  EXPECT_EQ(read_string(f, "protocol"), "ne8");
  EXPECT_EQ(read_string(f, "cell_type"), "neocortex_l56_pyramidal");

  const Dataset p = read_dataset(f, "/archive/parameters");
  ASSERT_EQ(p.rows, 4u);  // one row per model
  ASSERT_EQ(p.cols, 3u);
  for (hsize_t j = 0; j < 4; ++j)
    for (hsize_t i = 0; i < 3; ++i) EXPECT_EQ(p.at(j, i), 10.0 * double(j) + double(i));
  EXPECT_EQ(read_strings(f, "/archive/parameters", "columns"),
            (std::vector<std::string>{"C", "k", "vr"}));
  EXPECT_EQ(read_strings(f, "/archive/parameters", "units"),
            (std::vector<std::string>{"pF", "nS/mV", "mV"}));

  const Dataset o = read_dataset(f, "/archive/objectives");
  ASSERT_EQ(o.rows, 4u);
  ASSERT_EQ(o.cols, 2u);
  EXPECT_EQ(o.at(0, 0), 0.5);
  EXPECT_EQ(o.at(0, 1), 3.0);
  EXPECT_EQ(o.at(2, 1), 1.0);
  EXPECT_EQ(o.at(3, 0), 1000);
  EXPECT_EQ(read_strings(f, "/archive/objectives", "columns"),
            (std::vector<std::string>{"rheobase", "ap_width"}));

  const Dataset x = read_dataset(f, "/archive/features");
  ASSERT_EQ(x.rows, 4u);
  ASSERT_EQ(x.cols, 8u);
  EXPECT_EQ(x.at(1, 0), 123.5);
  EXPECT_EQ(x.at(0, 7), 1.0);
  EXPECT_TRUE(std::isnan(x.at(3, 4)));
  const auto fcols = read_strings(f, "/archive/features", "columns");
  ASSERT_EQ(fcols.size(), 8u);
  EXPECT_EQ(fcols[0], "rheobase");
  EXPECT_EQ(fcols[7], "ap_threshold");
  const auto funits = read_strings(f, "/archive/features", "units");
  ASSERT_EQ(funits.size(), 8u);
  EXPECT_EQ(funits[1], "MOhm");

  const Dataset h = read_dataset(f, "/history");
  ASSERT_EQ(h.rows, 3u);  // one row per generation
  const auto hcols = read_strings(f, "/history", "columns");
  ASSERT_EQ(hcols.size(), h.cols);
  ASSERT_GE(hcols.size(), 6u);
  EXPECT_EQ(std::vector<std::string>(hcols.begin(), hcols.begin() + 6),
            (std::vector<std::string>{"generation", "evaluations", "hypervolume", "archive_size",
                                      "best_rheobase", "best_ap_width"}));
  EXPECT_EQ(h.at(2, 0), 2);
  EXPECT_EQ(h.at(2, 1), 30);
  EXPECT_EQ(h.at(2, 2), 0.5);
  EXPECT_EQ(h.at(2, 3), 4);
  EXPECT_EQ(h.at(1, 4), 0.5);
  EXPECT_EQ(h.at(1, 5), 2.0);
  H5Fclose(f);
}

Eigen::VectorXd pair(double a, double b) {
  Eigen::VectorXd v(2);
  v << a, b;
  return v;
}

TEST_F(ResultFile, IdentifiabilityRoundTrips) {
  ResultData d = sample();
  fit::Identifiability id;
  id.parameters = {"C", "k"};
  id.features = {"rheobase", "input_resistance", "time_constant"};
  id.best = 1;
  id.within_1sd = 2;
  id.within_2sd = 4;
  id.spread_1sd = pair(0.1, NAN);
  id.spread_2sd = pair(0.3, 0.5);
  id.sensitivity = Eigen::MatrixXd::Random(3, 2);
  id.singular_values = pair(2.5, 0.25);
  id.weakest = pair(0.6, -0.8);
  id.local_sd = pair(0.04, INFINITY);
  id.verdict = {fit::Determination::determined, fit::Determination::undetermined};
  d.identifiability = id;
  write_result_file(dir_ / "result.h5", d);
  const auto r = read_result_file(dir_ / "result.h5").data.identifiability;
  ASSERT_TRUE(r);
  EXPECT_EQ(r->parameters, id.parameters);
  EXPECT_EQ(r->features, id.features);
  EXPECT_EQ(r->best, 1);
  EXPECT_EQ(r->within_1sd, 2);
  EXPECT_EQ(r->within_2sd, 4);
  EXPECT_EQ(r->sensitivity, id.sensitivity);
  EXPECT_EQ(r->singular_values, id.singular_values);
  EXPECT_EQ(r->weakest, id.weakest);
  EXPECT_EQ(r->spread_2sd, id.spread_2sd);
  EXPECT_TRUE(std::isnan(r->spread_1sd[1]));
  EXPECT_TRUE(std::isinf(r->local_sd[1]));
  EXPECT_EQ(r->verdict, id.verdict);
  write_result_file(dir_ / "plain.h5", sample());
  EXPECT_FALSE(read_result_file(dir_ / "plain.h5").data.identifiability);
}

TEST_F(ResultFile, TestProblemHasNoFeatures) {
  ResultData d = sample();
  d.features.resize(0, 4);
  d.model.clear();
  d.cell_type.clear();
  d.protocol.clear();
  d.parameter_units.assign(3, "");
  write_result_file(dir_ / "result.h5", d);
  const hid_t f = H5Fopen((dir_ / "result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_EQ(H5Lexists(f, "/archive/features", H5P_DEFAULT), 0);
  EXPECT_GT(H5Lexists(f, "/archive/objectives", H5P_DEFAULT), 0);
  EXPECT_EQ(read_string(f, "model"), "");
  EXPECT_LE(H5Aexists(f, "protocol"), 0);  // a test problem has none
  H5Fclose(f);
}

TEST_F(ResultFile, FailedWriteLeavesNoFile) {
  ResultData d = sample();
  d.features.resize(7, 4);  // 7 feature columns for 8 names: found while writing
  d.features.setZero();
  EXPECT_THROW(write_result_file(dir_ / "result.h5", d), std::invalid_argument);
  EXPECT_TRUE(entries().empty()) << "left: " << (entries().empty() ? "" : entries()[0]);
}

TEST_F(ResultFile, FailedWriteKeepsTheExistingFile) {
  write_result_file(dir_ / "result.h5", sample());
  ResultData bad = sample();
  bad.seed = 99;
  bad.history[1].best.resize(0);   // still writable: NaN in that row
  bad.parameter_names.pop_back();  // 3 parameter columns, 2 names
  EXPECT_THROW(write_result_file(dir_ / "result.h5", bad), std::invalid_argument);
  EXPECT_EQ(entries(), std::vector<std::string>{"result.h5"});
  const hid_t f = H5Fopen((dir_ / "result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_EQ(read_scalar<std::uint64_t>(f, "seed", H5T_NATIVE_UINT64), 7u);  // the first write's
  H5Fclose(f);
}

TEST_F(ResultFile, RenameFailureLeavesNoTemporaryFile) {
  fs::create_directories(dir_ / "result.h5" / "occupied");  // a folder where the file should go
  try {
    write_result_file(dir_ / "result.h5", sample());
    ADD_FAILURE() << "no error when result.h5 is a non-empty folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("result.h5"), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(), std::vector<std::string>{"result.h5"});
  EXPECT_TRUE(fs::is_directory(dir_ / "result.h5"));
}

TEST_F(ResultFile, MissingFolderIsAnErrorNamingThePath) {
  const fs::path path = dir_ / "no-such-folder" / "result.h5";
  try {
    write_result_file(path, sample());
    ADD_FAILURE() << "no error for a missing folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_TRUE(entries().empty());
}

}  // namespace
}  // namespace neurofit::io

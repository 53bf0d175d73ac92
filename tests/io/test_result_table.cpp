// The archive as CSV: column names with units, and a table that reads back through read_csv to
// exactly the numbers of the result file, in the order asked for.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../common/result_samples.hpp"
#include "../common/temp_folder.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/io/result_reader.hpp"
#include "neurofit/io/result_table.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;

TEST(ResultTable, ColumnNamesCarryTheUnit) {
  EXPECT_EQ(column_name("C", "pF"), "C_pF");
  EXPECT_EQ(column_name("k", "nS/mV"), "k_nS_per_mV");
  EXPECT_EQ(column_name("a", "1/ms"), "a_per_ms");
  EXPECT_EQ(column_name("input_resistance", "MOhm"), "input_resistance_MOhm");
  EXPECT_EQ(column_name("x1", ""), "x1");
}

class ResultCsv : public neurofit::testing::TempFolderTest {
 protected:
  StoredResult stored(const ResultData& d) const {
    write_result_file(dir_ / "result.h5", d);
    return read_result_file(dir_ / "result.h5");
  }
  CsvTable table(const StoredResult& r, const std::vector<Eigen::Index>& order) const {
    {
      std::ofstream out(dir_ / "t.csv");
      write_result_csv(out, r, order);
    }
    return read_csv((dir_ / "t.csv").string());
  }
};

void expect_cell(const std::string& cell, double value, const std::string& what) {
  const double x = std::stod(cell);
  if (std::isnan(value))
    EXPECT_TRUE(std::isnan(x)) << what << ": " << cell;
  else
    EXPECT_EQ(x, value) << what << ": " << cell;
}

TEST_F(ResultCsv, RoundTripsThroughReadCsv) {
  const StoredResult r = stored(testing::sample_fit());
  const std::vector<Eigen::Index> order{1, 2, 0, 3};
  const CsvTable t = table(r, order);
  std::vector<std::string> header{"rank",
                                  "member",
                                  "C_pF",
                                  "k_nS_per_mV",
                                  "vr_mV",
                                  "vt_mV",
                                  "vpeak_mV",
                                  "a_per_ms",
                                  "b_nS",
                                  "c_mV",
                                  "d_pA",
                                  "rheobase_pA",
                                  "input_resistance_MOhm",
                                  "time_constant_ms",
                                  "capacitance_pF",
                                  "resting_potential_mV",
                                  "ap_width_ms",
                                  "ap_amplitude_mV",
                                  "ap_threshold_mV",
                                  "z_rheobase",
                                  "z_input_resistance",
                                  "z_ap_width"};
  EXPECT_EQ(t.header, header);
  ASSERT_EQ(t.rows.size(), order.size());
  const auto& d = r.data;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto& row = t.rows[k];
    ASSERT_EQ(row.size(), header.size());
    const Eigen::Index j = order[k];
    EXPECT_EQ(row[0], std::to_string(k + 1));
    EXPECT_EQ(row[1], std::to_string(j + 1));
    std::size_t c = 2;
    for (Eigen::Index i = 0; i < d.parameters.rows(); ++i, ++c)
      expect_cell(row[c], d.parameters(i, j), header[c]);
    for (Eigen::Index f = 0; f < d.features.rows(); ++f, ++c)
      expect_cell(row[c], d.features(f, j), header[c]);
    for (Eigen::Index o = 0; o < d.objectives.rows(); ++o, ++c)
      expect_cell(row[c], d.objectives(o, j), header[c]);
  }
  EXPECT_EQ(t.rows[3][11], "nan");  // member 4 is not viable
}

TEST_F(ResultCsv, TestProblemHasVariablesAndObjectives) {
  const StoredResult r = stored(testing::sample_test_problem());
  const CsvTable t = table(r, {2});
  EXPECT_EQ(t.header, (std::vector<std::string>{"rank", "member", "x1", "x2", "x3", "f1", "f2"}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1", "3", "1", "0", "0.125", "1", "0"}));
}

TEST_F(ResultCsv, MemberOutsideTheArchiveThrows) {
  const StoredResult r = stored(testing::sample_test_problem());
  std::ostringstream out;
  EXPECT_THROW(write_result_csv(out, r, {3}), std::invalid_argument);
  EXPECT_THROW(write_result_csv(out, r, {-1}), std::invalid_argument);
}

}  // namespace
}  // namespace neurofit::io

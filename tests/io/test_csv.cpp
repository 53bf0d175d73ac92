// Reading CSV tables: good files in several shapes, and each kind of bad input with a message
// that names the file, line and column (1-based, counted by hand in the comments).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "neurofit/errors.hpp"
#include "neurofit/io/csv.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;

class Csv : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("neurofit-io-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string write(const std::string& text, const std::string& name = "t.csv") {
    const auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  // Expects read_named_columns(file, names) to throw an InputError whose message starts with
  // `where` (file relative to the folder, then ":line..." as given) and contains `what`.
  void expect_error(const std::string& file, const std::vector<std::string>& names,
                    const std::string& where, const std::string& what) {
    try {
      read_named_columns(file, names);
      ADD_FAILURE() << "no error for " << file;
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_EQ(msg.rfind(file + where, 0), 0u) << msg;
      EXPECT_NE(msg.find(what), std::string::npos) << msg;
    }
  }
  fs::path dir_;
};

TEST_F(Csv, ColumnsInAnyOrderWithCommentsAndBlankLines) {
  // Lines: 1 comment, 2 header, 3 blank, 4 row, 5 comment, 6 row with spaces, 7 blank.
  const auto f = write("# parameters\n b, a ,c\n\n1,2,3\n  # another\n4.5 , -6e-3 ,7\n   \n");
  const Eigen::MatrixXd m = read_named_columns(f, {"a", "b", "c"});
  ASSERT_EQ(m.rows(), 3);
  ASSERT_EQ(m.cols(), 2);
  EXPECT_EQ(m(0, 0), 2.0);
  EXPECT_EQ(m(0, 1), -6e-3);
  EXPECT_EQ(m(1, 0), 1.0);
  EXPECT_EQ(m(1, 1), 4.5);
  EXPECT_EQ(m(2, 0), 3.0);
  EXPECT_EQ(m(2, 1), 7.0);

  const auto t = read_csv(f);
  EXPECT_EQ(t.header, (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(t.header_line, 2);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.line, (std::vector<long>{4, 6}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"4.5", "-6e-3", "7"}));
}

TEST_F(Csv, WindowsLineEndingsAndNoFinalNewline) {
  const auto f = write("x,y\r\n1,2\r\n3,4");
  const Eigen::MatrixXd m = read_named_columns(f, {"y", "x"});
  ASSERT_EQ(m.cols(), 2);
  EXPECT_EQ(m(0, 0), 2.0);
  EXPECT_EQ(m(1, 1), 3.0);
  EXPECT_EQ(m(0, 1), 4.0);
}

TEST_F(Csv, LeadingPlusSignIsANumber) {
  const auto f = write("x,y\n+1.5,-2\n+0,+3e2\n");
  const Eigen::MatrixXd m = read_named_columns(f, {"x", "y"});
  EXPECT_EQ(m(0, 0), 1.5);
  EXPECT_EQ(m(1, 0), -2.0);
  EXPECT_EQ(m(0, 1), 0.0);
  EXPECT_EQ(m(1, 1), 300.0);
}

TEST_F(Csv, MissingColumnNamesTheHeaderLine) {
  // Header on line 3.
  const auto f = write("# a comment\n\na,b\n1,2\n");
  expect_error(f, {"a", "b", "c"}, ":3: ", "missing column 'c'");
}

TEST_F(Csv, UnknownColumnNamesLineAndColumn) {
  // "a,b,x,c" on line 2: x is column 3.
  const auto f = write("# x\na,b,x,c\n1,2,3,4\n");
  expect_error(f, {"a", "b", "c"}, ":2:3", "unknown column 'x' (expected: a, b, c)");
}

TEST_F(Csv, RepeatedColumnNamesTheSecondOne) {
  const auto f = write("a,b,a\n1,2,3\n");
  expect_error(f, {"a", "b"}, ":1:3", "column 'a' appears twice");
}

TEST_F(Csv, NonNumericCellNamesLineAndColumn) {
  // Rows on lines 2, 4, 5 (a comment on line 3); the bad cell is on line 5, column 2.
  const std::string head = "a,b,c\n1,2,3\n# c\n4,5,6\n";
  for (const std::string bad :
       {"abc", "1.5x", "nan", "inf", "-inf", "", "1e999", "0x1p3", "+", "+-1", "++1"}) {
    SCOPED_TRACE("cell '" + bad + "'");
    const auto f = write(head + "7," + bad + ",9\n");
    expect_error(f, {"a", "b", "c"}, ":5:2", "'" + bad + "' in column 'b' is not a finite number");
  }
  // The column is the file's column, not the position in `names`: b is column 3 here.
  const auto f = write("a,c,b\n1,2,oops\n");
  expect_error(f, {"a", "b", "c"}, ":2:3", "'oops' in column 'b'");
}

TEST_F(Csv, RaggedRowNamesItsLine) {
  const auto few = write("a,b,c\n1,2,3\n4,5\n");
  expect_error(few, {"a", "b", "c"}, ":3: ", "expected 3 cells as in the header, found 2");
  const auto many = write("a,b\n\n1,2,3\n");
  expect_error(many, {"a", "b"}, ":3: ", "expected 2 cells as in the header, found 3");
  EXPECT_THROW(read_csv(many), InputError);
}

TEST_F(Csv, EmptyFile) {
  for (const std::string text : {"", "\n\n", "# only a comment\n   \n"}) {
    const auto f = write(text);
    try {
      read_csv(f);
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_EQ(msg.rfind(f + ": ", 0), 0u) << msg;
      EXPECT_NE(msg.find("empty file"), std::string::npos) << msg;
    }
    expect_error(f, {"a"}, ": ", "empty file");
  }
}

TEST_F(Csv, HeaderOnlyFile) {
  const auto f = write("a,b\n# nothing\n");
  const auto t = read_csv(f);  // a table without rows is fine for read_csv
  EXPECT_EQ(t.header.size(), 2u);
  EXPECT_TRUE(t.rows.empty());
  expect_error(f, {"a", "b"}, ": ", "no data rows below the header");
}

TEST_F(Csv, UnreadablePath) {
  const auto f = (dir_ / "absent.csv").string();
  expect_error(f, {"a"}, ": ", "cannot read the file");
  EXPECT_THROW(read_csv(f), InputError);
  // A folder is not a readable table either.
  EXPECT_THROW(read_named_columns(dir_.string(), {"a"}), InputError);
}

}  // namespace
}  // namespace neurofit::io

// Cell types: parsing with errors that point at the offending YAML node (file:line:col, both
// 1-based; positions counted by hand in the comments), the shipped config/celltypes files against
// the reference neuroelectro.yaml, and the search path ($NEUROFIT_CELLTYPES, then config).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "fit_test_support.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/cell_type.hpp"

namespace neurofit::fit {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

TEST(ParseCellType, GoodFile) {
  const auto ct = parse_cell_type(YAML::Load(R"(name: test_cell
description: A test cell
neuroelectro_id: 42
source: hand
properties:
  rheobase: {mean: 100, sd: 20, n: 3, unit: pA}
  input_resistance:
    mean: 150.5
    sd: 30
  ap_width: {mean: -0.5e-1, sd: 1e-1}
)"),
                                  "cell.yaml");
  EXPECT_EQ(ct.name, "test_cell");
  EXPECT_EQ(ct.description, "A test cell");
  EXPECT_EQ(ct.neuroelectro_id, "42");
  EXPECT_EQ(ct.source, "hand");
  ASSERT_EQ(ct.observations.size(), 3u);  // in the order of the file
  const auto& r = ct.observations[0];
  EXPECT_EQ(r.feature, "rheobase");
  EXPECT_EQ(r.mean, 100.0);
  EXPECT_EQ(r.sd, 20.0);
  EXPECT_EQ(r.n, 3);
  EXPECT_EQ(r.unit, "pA");
  const auto& rin = ct.observations[1];
  EXPECT_EQ(rin.feature, "input_resistance");
  EXPECT_EQ(rin.mean, 150.5);
  EXPECT_EQ(rin.sd, 30.0);
  EXPECT_EQ(rin.n, 0);          // not given
  EXPECT_EQ(rin.unit, "MOhm");  // the ne8 unit when not given
  EXPECT_EQ(ct.observations[2].mean, -0.05);
  EXPECT_EQ(ct.observations[2].sd, 0.1);
  ASSERT_NE(ct.find("ap_width"), nullptr);
  EXPECT_EQ(ct.find("ap_width")->feature, "ap_width");
  EXPECT_EQ(ct.find("time_constant"), nullptr);
}

// Parses `text` as cell.yaml and expects an InputError whose message starts with `where` and
// contains `what`.
void expect_cell_type_error(const std::string& text, const std::string& where,
                            const std::string& what) {
  SCOPED_TRACE(text);
  try {
    parse_cell_type(YAML::Load(text), "cell.yaml");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(where + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
  }
}

TEST(ParseCellType, UnknownKeyIsNamedWhereItStands) {
  // "colour" starts line 2, column 1.
  expect_cell_type_error("name: x\ncolour: red\nproperties:\n  rheobase: {mean: 1, sd: 1}\n",
                         "cell.yaml:2:1", "unknown key 'colour' in a cell type");
  // Inside a property: "    sigma: 2" -> the key at line 4, column 5.
  expect_cell_type_error("properties:\n  rheobase:\n    mean: 1\n    sigma: 2\n", "cell.yaml:4:5",
                         "unknown key 'sigma' in property 'rheobase'");
}

TEST(ParseCellType, UnknownPropertyIsNamed) {
  // "  spike_count:" -> line 3, column 3; the message lists the ne8 features.
  expect_cell_type_error(
      "properties:\n  rheobase: {mean: 1, sd: 1}\n  spike_count: {mean: 1, sd: 1}\n",
      "cell.yaml:3:3", "unknown property 'spike_count' (known: rheobase, ");
}

TEST(ParseCellType, MissingMeanOrSd) {
  // "  rheobase: {sd: 1}": the flow mapping opens at column 13 (2 + 9 + 1 characters before it).
  expect_cell_type_error("properties:\n  rheobase: {sd: 1}\n", "cell.yaml:2:13",
                         "property 'rheobase': missing 'mean'");
  expect_cell_type_error("properties:\n  rheobase: {mean: 1}\n", "cell.yaml:2:13",
                         "property 'rheobase': missing 'sd'");
}

TEST(ParseCellType, SdMustBePositive) {
  // "  input_resistance: {mean: 100, sd: 0}": 2 + 17 + 1 characters, "{", "mean:", " ", "100",
  // ",", " ", "sd:", " " = 36 before the 0: column 37.
  expect_cell_type_error("properties:\n  input_resistance: {mean: 100, sd: 0}\n", "cell.yaml:2:37",
                         "property 'input_resistance' sd: expected a number > 0");
  expect_cell_type_error("properties:\n  input_resistance: {mean: 100, sd: -3}\n", "cell.yaml:2:37",
                         "expected a number > 0");
}

TEST(ParseCellType, WrongUnit) {
  // "    unit: nA" on line 5: the value at column 11.
  expect_cell_type_error("properties:\n  rheobase:\n    mean: 100\n    sd: 20\n    unit: nA\n",
                         "cell.yaml:5:11", "property 'rheobase' unit: expected pA, got nA");
}

TEST(ParseCellType, NonNumericValues) {
  // "    mean: wide" on line 4: the value at column 11.
  expect_cell_type_error("name: x\nproperties:\n  ap_width:\n    mean: wide\n    sd: 0.1\n",
                         "cell.yaml:4:11",
                         "property 'ap_width' mean: expected a number, got 'wide'");
  // A mean that is a list, at line 2 column 20 ("  ap_width: {mean: " is 19 characters).
  expect_cell_type_error("properties:\n  ap_width: {mean: [1, 2], sd: 0.1}\n", "cell.yaml:2:20",
                         "property 'ap_width' mean: expected a number");
  // n must be an integer: "  rheobase: {mean: 1, sd: 1, n: 2.5}" -> column 33.
  expect_cell_type_error("properties:\n  rheobase: {mean: 1, sd: 1, n: 2.5}\n", "cell.yaml:2:33",
                         "property 'rheobase' n: expected an integer, got '2.5'");
}

TEST(ParseCellType, PropertyGivenTwice) {
  // The second "rheobase" key starts line 4, column 3.
  expect_cell_type_error(
      "properties:\n  rheobase: {mean: 1, sd: 1}\n  ap_width: {mean: 1, sd: 1}\n"
      "  rheobase: {mean: 2, sd: 1}\n",
      "cell.yaml:4:3", "property 'rheobase' given twice");
}

TEST(ParseCellType, NoProperties) {
  // "properties: {}" on line 2: the flow mapping at column 13.
  expect_cell_type_error("name: x\nproperties: {}\n", "cell.yaml:2:13",
                         "properties: expected at least one");
  // No properties key at all: the document's mapping, line 1 column 1.
  expect_cell_type_error("name: x\ndescription: y\n", "cell.yaml:1:1", "missing 'properties'");
  // properties that are not a mapping: the sequence at line 2 column 13.
  expect_cell_type_error("name: x\nproperties: [rheobase]\n", "cell.yaml:2:13",
                         "properties: expected a mapping");
}

// A key that is not a scalar ("[a, b]: ..." or "? [x]") should be an InputError at the key.
TEST(ParseCellType, NonScalarKeyIsAnInputError) {
  // "  [a, b]: ..." -> the key at line 2, column 3.
  expect_cell_type_error("properties:\n  [a, b]: {mean: 1, sd: 1}\n", "cell.yaml:2:3", "");
  // "? [x]" -> the key at line 1, column 3.
  expect_cell_type_error("? [x]\n: 1\nproperties:\n  rheobase: {mean: 1, sd: 1}\n", "cell.yaml:1:3",
                         "");
}

TEST(LoadCellType, MissingFileAndSyntaxErrorAreInputErrors) {
  TempDir dir;
  EXPECT_THROW(load_cell_type(dir.path() / "absent.yaml"), InputError);
  const auto bad = dir.write("bad.yaml", "name: x\nproperties: {rheobase: {mean: 1, sd: 1}\n");
  try {
    load_cell_type(bad);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(bad.string() + ":", 0), 0u) << msg;
    EXPECT_NE(msg.find("YAML syntax error"), std::string::npos) << msg;
  }
  // Without a name key the name is the file's stem.
  const auto unnamed = dir.write("my_cell.yaml", "properties: {rheobase: {mean: 1, sd: 1}}\n");
  EXPECT_EQ(load_cell_type(unnamed).name, "my_cell");
}

}  // namespace
}  // namespace neurofit::fit

// NeuroML 2 export: for each model family, the cell file and the LEMS file are well formed, the
// cell has exactly the attributes of its NeuroML 2 core type, each value matches the schema's
// quantity pattern for its dimension and converts back (NeuroML unit -> model unit) to the
// archive's parameter within 1e-12, and the LEMS file wires the rheobase step, the one-cell network
// and the output of V together. The unit tables here are this test's own, from the NeuroML 2
// schema (NeuroML_v2.3.xsd) and core dimensions, not the exporter's.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "../common/result_samples.hpp"
#include "../common/temp_folder.hpp"
#include "../common/xml_reader.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/neuroml.hpp"
#include "neurofit/io/result_reader.hpp"

namespace neurofit::io {
namespace {

namespace fs = std::filesystem;
using testing::XmlElement;

// NeuroML 2 dimensions: the units the schema allows for each.
const std::map<std::string, std::string> units_of{{"capacitance", "F|uF|nF|pF"},
                                                  {"conductance", "S|mS|uS|nS|pS"},
                                                  {"voltage", "V|mV"},
                                                  {"time", "s|ms"},
                                                  {"current", "A|uA|nA|pA"},
                                                  {"per_time", "per_s|per_ms|Hz"},
                                                  {"conductance_per_voltage", "S_per_V|nS_per_mV"}};
// Scale of each unit in SI, NeuroML's names and the models' (include/neurofit/model/*.hpp).
const std::map<std::string, double> si{
    {"F", 1},      {"uF", 1e-6},   {"nF", 1e-9},        {"pF", 1e-12},  {"S", 1},
    {"mS", 1e-3},  {"uS", 1e-6},   {"nS", 1e-9},        {"pS", 1e-12},  {"V", 1},
    {"mV", 1e-3},  {"s", 1},       {"ms", 1e-3},        {"A", 1},       {"uA", 1e-6},
    {"nA", 1e-9},  {"pA", 1e-12},  {"per_s", 1},        {"Hz", 1},      {"per_ms", 1e3},
    {"1/ms", 1e3}, {"S_per_V", 1}, {"nS_per_mV", 1e-6}, {"nS/mV", 1e-6}};

// An attribute of a NeuroML cell: its dimension and the model parameter it must equal ("" for a
// constant, whose value is `constant`).
struct Expected {
  std::string dimension, parameter;
  double constant = 0;
};
struct Family {
  std::string model, element;
  std::map<std::string, Expected> attributes;
};

const std::vector<Family> families{
    {"izhikevich2007",
     "izhikevich2007Cell",
     {{"C", {"capacitance", "C"}},
      {"v0", {"voltage", "vr"}},
      {"k", {"conductance_per_voltage", "k"}},
      {"vr", {"voltage", "vr"}},
      {"vt", {"voltage", "vt"}},
      {"vpeak", {"voltage", "vpeak"}},
      {"a", {"per_time", "a"}},
      {"b", {"conductance", "b"}},
      {"c", {"voltage", "c"}},
      {"d", {"current", "d"}}}},
    {"adex",
     "adExIaFCell",
     {{"C", {"capacitance", "C"}},
      {"gL", {"conductance", "gL"}},
      {"EL", {"voltage", "EL"}},
      {"reset", {"voltage", "V_reset"}},
      {"VT", {"voltage", "VT"}},
      {"thresh", {"voltage", "V_peak"}},
      {"delT", {"voltage", "DeltaT"}},
      {"tauw", {"time", "tau_w"}},
      {"refract", {"time", "", 0.0}},
      {"a", {"conductance", "a"}},
      {"b", {"current", "b"}}}},
    {"lif",
     "iafRefCell",
     {{"C", {"capacitance", "C"}},
      {"leakConductance", {"conductance", "gL"}},
      {"leakReversal", {"voltage", "EL"}},
      {"thresh", {"voltage", "V_th"}},
      {"reset", {"voltage", "V_reset"}},
      {"refract", {"time", "t_ref"}}}},
};

struct Quantity {
  double value = NAN;
  std::string unit;
};

// A NeuroML quantity of the given dimension, as the schema's pattern reads it.
Quantity quantity(const std::string& text, const std::string& dimension) {
  const std::regex pattern("(-?[0-9]*(?:\\.[0-9]+)?(?:[eE]-?[0-9]+)?)\\s*(" +
                           units_of.at(dimension) + ")");
  std::smatch m;
  if (!std::regex_match(text, m, pattern)) {
    ADD_FAILURE() << "'" << text << "' is not a NeuroML " << dimension;
    return {};
  }
  return {std::stod(m[1].str()), m[2].str()};
}

double parameter(const StoredResult& r, const std::string& name, Eigen::Index j,
                 std::string& unit) {
  for (std::size_t i = 0; i < r.data.parameter_names.size(); ++i)
    if (r.data.parameter_names[i] == name) {
      unit = r.data.parameter_units[i];
      return r.data.parameters(static_cast<Eigen::Index>(i), j);
    }
  ADD_FAILURE() << "no parameter " << name;
  return NAN;
}

const XmlElement& only(const XmlElement& root, const std::string& name) {
  const auto all = root.all(name);
  EXPECT_EQ(all.size(), 1u) << name;
  if (all.empty()) throw std::runtime_error("no <" + name + ">");
  return *all.front();
}

std::string attr(const XmlElement& e, const std::string& name) {
  const std::string* v = e.attribute(name);
  EXPECT_TRUE(v) << "<" << e.name << "> has no " << name;
  return v ? *v : "";
}

class Neuroml : public neurofit::testing::TempFolderTest {
 protected:
  StoredResult stored(const ResultData& d) const {
    write_result_file(dir_ / "result.h5", d);
    return read_result_file(dir_ / "result.h5");
  }
};

// The cell file of member j: its one cell element, each attribute checked against the family.
void check_cell(const Family& fam, const StoredResult& r, Eigen::Index j, const NeuromlFiles& f) {
  const XmlElement root = testing::parse_xml(f.cell_xml);
  EXPECT_EQ(root.name, "neuroml");
  EXPECT_EQ(attr(root, "xmlns"), "http://www.neuroml.org/schema/neuroml2");
  ASSERT_EQ(root.children.size(), 1u);
  const XmlElement& cell = root.children[0];
  EXPECT_EQ(cell.name, fam.element);
  EXPECT_EQ(attr(cell, "id"), f.id);
  std::set<std::string> names;
  for (const auto& [k, v] : cell.attributes) names.insert(k);
  std::set<std::string> expected{"id"};
  for (const auto& [k, e] : fam.attributes) expected.insert(k);
  EXPECT_EQ(names, expected) << fam.element;
  for (const auto& [name, e] : fam.attributes) {
    const Quantity q = quantity(attr(cell, name), e.dimension);
    if (e.parameter.empty()) {
      EXPECT_EQ(q.value, e.constant) << name;
      continue;
    }
    std::string model_unit;
    const double p = parameter(r, e.parameter, j, model_unit);
    const double back = q.value * si.at(q.unit) / si.at(model_unit);
    EXPECT_NEAR(back, p, 1e-12 * std::abs(p))
        << fam.element << " " << name << "=" << attr(cell, name);
  }
}

void check_lems(const StoredResult& r, Eigen::Index j, const NeuromlFiles& f) {
  const XmlElement root = testing::parse_xml(f.lems_xml);
  EXPECT_EQ(root.name, "Lems");
  bool includes_cell = false;
  for (const auto* inc : root.all("Include")) includes_cell |= attr(*inc, "file") == f.cell_file;
  EXPECT_TRUE(includes_cell) << f.lems_xml;
  const XmlElement& pulse = only(root, "pulseGenerator");
  const Quantity delay = quantity(attr(pulse, "delay"), "time");
  const Quantity duration = quantity(attr(pulse, "duration"), "time");
  EXPECT_EQ(delay.value * si.at(delay.unit), 0.1);  // ne8 S2: 100 ms to 1100 ms
  EXPECT_EQ(duration.value * si.at(duration.unit), 1.0);
  const Quantity amplitude = quantity(attr(pulse, "amplitude"), "current");
  const double rheobase = r.data.features(r.feature_row("rheobase"), j);  // [pA]
  const double amp_pA = amplitude.value * si.at(amplitude.unit) / 1e-12;
  if (std::isfinite(rheobase))
    EXPECT_NEAR(amp_pA, rheobase, 1e-12 * rheobase);
  else
    EXPECT_EQ(amp_pA, 0.0);

  const XmlElement& net = only(root, "network");
  const XmlElement& pop = only(net, "population");
  EXPECT_EQ(attr(pop, "component"), f.id);
  EXPECT_EQ(attr(pop, "size"), "1");
  const XmlElement& input = only(net, "explicitInput");
  EXPECT_EQ(attr(input, "target"), attr(pop, "id") + "[0]");
  EXPECT_EQ(attr(input, "input"), attr(pulse, "id"));
  const XmlElement& sim = only(root, "Simulation");
  EXPECT_EQ(attr(only(root, "Target"), "component"), attr(sim, "id"));
  EXPECT_EQ(attr(sim, "target"), attr(net, "id"));
  const Quantity step = quantity(attr(sim, "step"), "time");
  const Quantity length = quantity(attr(sim, "length"), "time");
  EXPECT_EQ(step.value * si.at(step.unit), 0.025e-3);  // neurofit's dt
  EXPECT_GE(length.value * si.at(length.unit), 1.1);   // past the step's end
  const XmlElement& column = only(only(root, "OutputFile"), "OutputColumn");
  EXPECT_EQ(attr(column, "quantity"), attr(pop, "id") + "[0]/v");
}

TEST_F(Neuroml, EachFamilyWellFormedWithValuesAndUnitsThatRoundTrip) {
  for (const auto& fam : families) {
    SCOPED_TRACE(fam.model);
    const StoredResult r = stored(testing::sample_fit(fam.model));
    EXPECT_EQ(neuroml_cell_type(fam.model), fam.element);
    for (Eigen::Index j = 0; j < r.size(); ++j) {  // member 3 is not viable: a 0 pA step
      const std::string id = neuroml_id(fam.model + "_test_" + std::to_string(j + 1));
      const NeuromlFiles f = neuroml_files(r, j, id, "member " + std::to_string(j + 1), "r.h5");
      EXPECT_EQ(f.cell_file, id + ".cell.nml");
      EXPECT_EQ(f.lems_file, "LEMS_" + id + ".xml");
      check_cell(fam, r, j, f);
      check_lems(r, j, f);
    }
  }
}

TEST_F(Neuroml, ExtremeValuesKeepTheQuantityPattern) {
  ResultData d = testing::sample_fit("izhikevich2007");
  d.parameters(8, 0) = 1e25;       // d [pA]: to_chars writes 1e+25, NeuroML wants 1e25
  d.parameters(6, 0) = -1.5e-20;   // b [nS]
  d.parameters(0, 0) = 123456789;  // C [pF]
  const StoredResult r = stored(d);
  const NeuromlFiles f = neuroml_files(r, 0, "x", "", "r.h5");
  EXPECT_NE(f.cell_xml.find("d=\"1e25pA\""), std::string::npos) << f.cell_xml;
  check_cell(families[0], r, 0, f);
}

TEST_F(Neuroml, CommentsStayWellFormed) {
  const StoredResult r = stored(testing::sample_fit("adex"));
  const NeuromlFiles f = neuroml_files(r, 0, "x", "from a--b--c.h5 -", "a--b--c.h5");
  EXPECT_NO_THROW(testing::parse_xml(f.cell_xml)) << f.cell_xml;
  EXPECT_NO_THROW(testing::parse_xml(f.lems_xml)) << f.lems_xml;
}

TEST_F(Neuroml, PythonXmlParserAgrees) {
  if (std::system("command -v python3 > /dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  std::string files;
  for (const auto& fam : families) {
    const NeuromlFiles f = neuroml_files(stored(testing::sample_fit(fam.model)), 0,
                                         neuroml_id(fam.model), "rank 1", "r.h5");
    std::ofstream(dir_ / f.cell_file) << f.cell_xml;
    std::ofstream(dir_ / f.lems_file) << f.lems_xml;
    files += " '" + (dir_ / f.cell_file).string() + "' '" + (dir_ / f.lems_file).string() + "'";
  }
  const std::string cmd =
      "python3 -c 'import sys, xml.etree.ElementTree as E; [E.parse(f) for f in sys.argv[1:]]'" +
      files;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

void expect_input_error(const StoredResult& r, const std::string& what) {
  try {
    neuroml_files(r, 0, "x", "", "r.h5");
    ADD_FAILURE() << "no error (expected '" << what << "')";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("r.h5: ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST_F(Neuroml, WhatCannotBeExported) {
  expect_input_error(stored(testing::sample_test_problem()), "test-problem result");
  StoredResult r = stored(testing::sample_fit());
  StoredResult other = r;
  other.data.model = "glif";
  expect_input_error(other, "model 'glif' has no NeuroML 2 form");
  StoredResult unit = r;
  unit.data.parameter_units[1] = "pS/mV";
  expect_input_error(unit, "parameter 'k' is in 'pS/mV', NeuroML export expects 'nS/mV'");
  StoredResult missing = r;
  missing.data.parameter_names[3] = "v_t";
  expect_input_error(missing, "no parameter 'vt'");
  StoredResult nan = r;
  nan.data.parameters(5, 0) = NAN;
  expect_input_error(nan, "parameter 'a' is nan");
}

TEST(NeuromlId, OnlyLettersDigitsAndUnderscores) {
  EXPECT_EQ(neuroml_id("izhikevich2007_l5/6 pyr-1"), "izhikevich2007_l5_6_pyr_1");
  EXPECT_EQ(neuroml_id("3x"), "_3x");
  EXPECT_EQ(neuroml_id(""), "_");
}

}  // namespace
}  // namespace neurofit::io

// `neurofit inspect` and `neurofit export`, run as programs on hand-made result files: the summary,
// both rankings and the best model's features; objectives and variables for a test problem; the
// CSV table and the NeuroML files; and each bad result file or command line as exit status 2 with
// one line on standard error, nothing on standard output, and existing files untouched.
// One end-to-end test inspects and exports a real short `neurofit run`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "../common/result_samples.hpp"
#include "../common/xml_reader.hpp"
#include "cli_test_support.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/io/hdf5_file.hpp"
#include "neurofit/io/result_file.hpp"

namespace neurofit::cli {
namespace {

using testing::lines_of;
namespace fs = std::filesystem;

class InspectExport : public testing::CliTest {
 protected:
  std::string result(const io::ResultData& d, const std::string& name = "r.h5") const {
    io::write_result_file(path(name), d);
    return name;
  }
  // Bad result files, each with what the error line must say about it.
  std::vector<std::pair<std::string, std::string>> bad_files() const {
    const std::string good = result(neurofit::testing::sample_fit(), "good.h5");
    write("text.h5", "not hdf5\n");
    fs::copy_file(path(good), path("cut.h5"));
    fs::resize_file(path("cut.h5"), fs::file_size(path(good)) / 2);
    result(neurofit::testing::sample_fit(), "newer.h5");
    const hid_t f = H5Fopen(path("newer.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    H5Adelete(f, "format_version");
    io::hdf5::write_attribute(f, "format_version", std::int64_t{io::result_format_version + 1});
    H5Fclose(f);
    {
      auto other = io::hdf5::File::create(path("other.h5").string());
      io::hdf5::write_attribute(other.id(), "format", "something-else");
      other.close();
    }
    return {
        {"missing.h5", "missing.h5: no such file"},
        {"text.h5", "text.h5: not an HDF5 file"},
        {"cut.h5", "cut.h5: cannot open it: the HDF5 file is truncated or corrupt"},
        {"other.h5", "other.h5: not a neurofit result file: its format is 'something-else'"},
        {"newer.h5", "newer.h5: format version " + std::to_string(io::result_format_version + 1) +
                         " is newer than this neurofit reads"}};
  }
};

// The cells of the first line starting with `label` after `from` in `text`.
std::vector<std::string> row(const std::string& text, const std::string& label,
                             std::size_t from = 0) {
  const auto at = text.find("\n  " + label + " ", from);
  if (at == std::string::npos) return {};
  const auto start = at + 3 + label.size(), end = text.find('\n', start);
  std::istringstream line(text.substr(start, end == std::string::npos ? end : end - start));
  std::vector<std::string> cells;
  for (std::string c; line >> c;) cells.push_back(c);
  return cells;
}

TEST_F(InspectExport, InspectSummaryRankingsAndFeatures) {
  const auto r = run({"inspect", result(neurofit::testing::sample_fit())});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const std::string& o = r.out;
  for (const char* s :
       {"r.h5: izhikevich2007 fitted to neocortex_l56_pyramidal", "seed 7", "2 generations",
        "archive of 4 models", "generation 2: 48 evaluations, hypervolume 0.375"})
    EXPECT_NE(o.find(s), std::string::npos) << s << "\n" << o;
  const auto by_largest = o.find("best 4 of 4 by the largest z");
  const auto by_sum = o.find("best 4 of 4 by the sum of z");
  const auto features = o.find("features of #1 by the largest z (archive member 2)");
  ASSERT_NE(by_largest, std::string::npos) << o;
  ASSERT_NE(by_sum, std::string::npos) << o;
  ASSERT_NE(features, std::string::npos) << o;
  EXPECT_LT(by_largest, by_sum);
  EXPECT_EQ(row(o, "member", by_largest),
            (std::vector<std::string>{"2", "3", "1", "4", "(of", "the", "archive,", "from", "1)"}));
  EXPECT_EQ(row(o, "member", by_sum)[0], "3");
  EXPECT_EQ(row(o, "largest z", by_largest)[0], "1");
  EXPECT_EQ(row(o, "sum of z", by_sum)[0], "1.8");
  // Parameters with units; vpeak fixed by the stored config.
  EXPECT_EQ(row(o, "C", by_largest), (std::vector<std::string>{"101", "102", "100", "103", "pF"}));
  EXPECT_EQ(row(o, "vpeak", by_largest).back(), "(fixed)");
  EXPECT_EQ(row(o, "k", by_largest).back(), "nS/mV");
  // Features of member 2 beside the cell type's mean and sd, with the stored z-scores.
  EXPECT_EQ(row(o, "rheobase", features),
            (std::vector<std::string>{"132", "213.85", "170.452", "1", "pA"}));
  EXPECT_EQ(row(o, "time_constant", features),
            (std::vector<std::string>{"15.4", "15.7342", "7.31163", "not", "scored", "ms"}));
}

TEST_F(InspectExport, InspectTopAndNotViable) {
  io::ResultData d = neurofit::testing::sample_fit();
  d.objectives.col(3).setConstant(0.01);  // the not-viable member now ranks first
  const auto r = run({"inspect", result(d), "--top", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("best 1 of 4 by the largest z"), std::string::npos) << r.out;
  EXPECT_EQ(row(r.out, "member")[0], "4");
  EXPECT_EQ(row(r.out, "C").size(), 2u);  // one model and the unit
  EXPECT_NE(r.out.find("(not viable"), std::string::npos) << r.out;
}

// The best model simulated again (its firing at rheobase, under today's rules) and the run's
// evaluations by verdict.
TEST_F(InspectExport, InspectShowsFiringAtRheobaseAndVerdictCounts) {
  io::ResultData d = neurofit::testing::sample_fit();
  d.verdict_names = {"viable", "spikes_at_rest", "faster_than_refractory_floor"};
  d.verdict_counts = Eigen::Vector3d(36, 4, 8);
  const auto r = run({"inspect", result(d)});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("  at rheobase: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("evaluations: 48, of which 25% not viable: faster_than_refractory_floor "
                       "16.7%, spikes_at_rest 8.33%"),
            std::string::npos)
      << r.out;
}

TEST_F(InspectExport, InspectWithoutObservationsStillShowsZ) {
  io::ResultData d = neurofit::testing::sample_fit();
  d.config_text = "model: izhikevich2007\nobservations: gone.yaml\ngenerations: 2\n";
  const auto r = run({"inspect", result(d)});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto features = r.out.find("features of #1");
  EXPECT_EQ(row(r.out, "rheobase", features),
            (std::vector<std::string>{"132", "-", "-", "1", "pA"}));
  EXPECT_NE(r.out.find("(mean and sd unknown:"), std::string::npos) << r.out;
}

TEST_F(InspectExport, InspectTestProblemShowsObjectivesAndVariables) {
  const auto r = run({"inspect", result(neurofit::testing::sample_test_problem())});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string& o = r.out;
  EXPECT_NE(o.find("r.h5: test problem zdt1"), std::string::npos) << o;
  EXPECT_NE(o.find("best 3 of 3 by the largest f"), std::string::npos) << o;
  // Largest f of members 1, 2, 3: 1, 0.5, 1 (sums 1, 0.8, 1): the order is 2, 1, 3.
  EXPECT_EQ(row(o, "f1"), (std::vector<std::string>{"0.5", "0", "1"}));
  EXPECT_EQ(row(o, "x3"), (std::vector<std::string>{"0", "0", "0.125"}));
  EXPECT_EQ(o.find("features of"), std::string::npos) << o;
  EXPECT_EQ(o.find("parameter"), std::string::npos) << o;
}

TEST_F(InspectExport, ExportCsvAllAndTop) {
  const auto file = result(neurofit::testing::sample_fit());
  const auto all = run({"export", file, "--csv", "all.csv"});
  ASSERT_EQ(all.status, 0) << all.err;
  const io::CsvTable t = io::read_csv(path("all.csv").string());
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.header[0], "rank");
  EXPECT_EQ(t.header[2], "C_pF");
  std::vector<std::string> members;
  for (const auto& row : t.rows) members.push_back(row[1]);
  EXPECT_EQ(members, (std::vector<std::string>{"2", "3", "1", "4"}));  // by the largest z
  EXPECT_EQ(std::stod(t.rows[0][2]), neurofit::testing::sample_fit().parameters(0, 1));

  write("top.csv", "old contents\n");
  const auto top = run({"export", file, "--csv", "top.csv", "--top", "2"});
  ASSERT_EQ(top.status, 0) << top.err;
  EXPECT_EQ(io::read_csv(path("top.csv").string()).rows.size(), 2u);
  EXPECT_EQ(files(), (std::vector<std::string>{"all.csv", "r.h5", "top.csv"}));  // no temp files
}

TEST_F(InspectExport, ExportNeuromlFiles) {
  const auto r = run({"export", result(neurofit::testing::sample_fit("adex")), "--neuroml",
                      "nml/out", "--top", "2"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(path("nml/out")))
    names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"LEMS_adex_neocortex_l56_pyramidal_1.xml",
                                             "LEMS_adex_neocortex_l56_pyramidal_2.xml",
                                             "adex_neocortex_l56_pyramidal_1.cell.nml",
                                             "adex_neocortex_l56_pyramidal_2.cell.nml"}));
  for (const auto& n : names) {
    const auto root = neurofit::testing::parse_xml(testing::read_text(path("nml/out") / n));
    EXPECT_EQ(root.name, n.rfind("LEMS_", 0) == 0 ? "Lems" : "neuroml") << n;
  }
  // Rank 1 is member 2: its cell's C and its rheobase step.
  const io::ResultData d = neurofit::testing::sample_fit("adex");
  const auto cell = neurofit::testing::parse_xml(
      testing::read_text(path("nml/out/adex_neocortex_l56_pyramidal_1.cell.nml")));
  EXPECT_EQ(*cell.children.at(0).attribute("C"), io::format_number(d.parameters(0, 1)) + "pF");
  const auto lems = neurofit::testing::parse_xml(
      testing::read_text(path("nml/out/LEMS_adex_neocortex_l56_pyramidal_1.xml")));
  EXPECT_EQ(*lems.all("pulseGenerator").at(0)->attribute("amplitude"),
            io::format_number(d.features(0, 1)) + "pA");
}

// The scripts carry the member's parameters to the last digit and the fit's sweeps in pA (the
// ne8 ones here: the -10 pA step and the step at the member's rheobase). Running them in Brian2
// and NEURON against `neurofit simulate` is scripts/simulator_crosscheck.py (SimulatorExports).
TEST_F(InspectExport, ExportBrian2AndNeuronScripts) {
  const io::ResultData d = neurofit::testing::sample_fit("adex");
  const auto file = result(d);
  ASSERT_EQ(run({"export", file, "--brian2", "b2", "--top", "1"}).status, 0);
  const auto r = run({"export", file, "--neuron", "nrn", "--top", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"b2", "nrn", "r.h5"}));
  const std::string b2 = testing::read_text(path("b2/adex_neocortex_l56_pyramidal_1_brian2.py"));
  const std::string py = testing::read_text(path("nrn/adex_neocortex_l56_pyramidal_1_neuron.py"));
  const std::string mod = testing::read_text(path("nrn/neurofit_adex.mod"));
  // Rank 1 is member 2.
  for (const auto* text : {&b2, &py}) {
    EXPECT_NE(text->find("\"C\": " + io::format_number(d.parameters(0, 1)) + ",  # pF"),
              std::string::npos);
    EXPECT_NE(text->find("(\"passive\", 800, [(-10, 200, 700)])"), std::string::npos);
    EXPECT_NE(text->find("(\"rheobase\", 1200, [(" + io::format_number(d.features(0, 1)) +
                         ", 100, 1100)])"),
              std::string::npos);
  }
  EXPECT_NE(b2.find("method=\"euler\""), std::string::npos);
  EXPECT_NE(py.find("MECHANISM = \"neurofit_adex\""), std::string::npos);
  EXPECT_NE(mod.find("POINT_PROCESS neurofit_adex"), std::string::npos);
}

TEST_F(InspectExport, BadResultFilesAreStatus2AndTouchNothing) {
  write("keep.csv", "keep me\n");
  for (const auto& [file, what] : bad_files()) {
    SCOPED_TRACE(file);
    const auto before = files();
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"inspect", file},
                                               {"export", file, "--csv", "keep.csv"},
                                               {"export", file, "--neuroml", "nml"}}) {
      const auto r = run(args);
      expect_bad_input(r, what);
      EXPECT_TRUE(r.out.empty()) << r.out;
    }
    EXPECT_EQ(files(), before);
    EXPECT_EQ(testing::read_text(path("keep.csv")), "keep me\n");
  }
}

TEST_F(InspectExport, BadExportRequestsAreStatus2) {
  const auto tp = result(neurofit::testing::sample_test_problem(), "zdt.h5");
  const auto fit = result(neurofit::testing::sample_fit(), "fit.h5");
  auto r = run({"export", tp, "--neuroml", "nml"});
  expect_bad_input(r, "zdt.h5: a test-problem result has no neuron model to export");
  EXPECT_FALSE(fs::exists(path("nml")));
  r = run({"export", fit});
  expect_bad_input(r, "give --csv FILE, --neuroml DIR, --brian2 DIR or --neuron DIR");
  r = run({"export", tp, "--brian2", "b2"});
  expect_bad_input(r, "zdt.h5: a test-problem result has no neuron model to export");
  r = run({"export", fit, "--brian2", "b2", "--neuron", "nrn"});
  expect_bad_input(r, "excludes");
  r = run({"export", fit, "--csv", "a.csv", "--neuroml", "nml"});
  expect_bad_input(r, "excludes");
  r = run({"export", fit, "--csv", "no/such/folder/a.csv"});
  expect_bad_input(r, "no folder 'no/such/folder'");
  r = run({"inspect", fit, "--top", "0"});
  expect_bad_input(r, "--top: '0' is not a whole number >= 1");
  write("plain", "a file\n");
  r = run({"export", fit, "--neuroml", "plain/nml"});
  expect_bad_input(r, "cannot create the output folder 'plain/nml'");
  EXPECT_EQ(files(), (std::vector<std::string>{"fit.h5", "plain", "zdt.h5"}));
}

TEST_F(InspectExport, EndToEndOnARealRun) {
  const auto cfg = write("tiny.yaml",
                         "model: adex\n"
                         "cell_type: neocortex_l56_pyramidal\n"
                         "algorithm: {population: 16}\n"
                         "generations: 3\n"
                         "seed: 5\n");
  ASSERT_EQ(run({"run", cfg, "--out", "fit", "--quiet"}).status, 0);
  Eigen::Index n = 0;
  {
    auto h5 = io::hdf5::File::open_read_only(path("fit/result.h5").string());
    n = io::hdf5::read_matrix(h5.id(), "/archive/objectives").rows();
  }
  ASSERT_GT(n, 0);
  const auto inspect = run({"inspect", "fit/result.h5"});
  ASSERT_EQ(inspect.status, 0) << inspect.err;
  EXPECT_NE(inspect.out.find("archive of " + std::to_string(n) + " models"), std::string::npos)
      << inspect.out;
  EXPECT_NE(inspect.out.find("generation 3: 64 evaluations"), std::string::npos) << inspect.out;
  EXPECT_NE(inspect.out.find("features of #1"), std::string::npos) << inspect.out;
  // The finished fit's identifiability report: a verdict for each of AdEx's ten parameters.
  const std::string report = inspect.out.substr(inspect.out.find("identifiability"));
  ASSERT_NE(report.find("local analysis at archive member"), std::string::npos) << inspect.out;
  const auto count = [&](const std::string& text) {
    std::size_t k = 0;
    for (auto p = report.find(text); p != std::string::npos; p = report.find(text, p + 1)) ++k;
    return k;
  };
  EXPECT_EQ(count("determined\n") + count("not assessed\n"), 10u) << report;

  ASSERT_EQ(run({"export", "fit/result.h5", "--csv", "all.csv"}).status, 0);
  const io::CsvTable t = io::read_csv(path("all.csv").string());
  ASSERT_EQ(t.rows.size(), static_cast<std::size_t>(n));
  ASSERT_EQ(run({"export", "fit/result.h5", "--neuroml", "nml", "--top", "1"}).status, 0);
  const auto lems = neurofit::testing::parse_xml(
      testing::read_text(path("nml/LEMS_adex_neocortex_l56_pyramidal_1.xml")));
  const auto cell = neurofit::testing::parse_xml(
      testing::read_text(path("nml/adex_neocortex_l56_pyramidal_1.cell.nml")));
  // The CSV's rank 1 is the exported cell: same C, and the step at its rheobase.
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), name) -
                                    t.header.begin());
  };
  EXPECT_EQ(*cell.children.at(0).attribute("C"), t.rows[0][col("C_pF")] + "pF");
  const std::string rheobase = t.rows[0][col("rheobase_pA")];
  const std::string amplitude = *lems.all("pulseGenerator").at(0)->attribute("amplitude");
  EXPECT_EQ(amplitude, (rheobase == "nan" ? "0" : rheobase) + "pA");
}

}  // namespace
}  // namespace neurofit::cli

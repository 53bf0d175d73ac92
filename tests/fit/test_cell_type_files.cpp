// The shipped cell types (config/celltypes/*.yaml) against the reference neuroelectro.yaml
// (copied to tests/data/neuroelectro.yaml), and finding cell types by name.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fit_test_support.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/cell_type.hpp"

namespace neurofit::fit {
namespace {

namespace fs = std::filesystem;
using testing::ScopedEnv;
using testing::TempDir;

const fs::path config_dir = fs::path(NEUROFIT_SOURCE_DIR) / "config" / "celltypes";

const std::vector<std::string> shipped{"cerebellum_purkinje",     "dentate_gyrus_basket",
                                       "hippocampus_ca1_basket",  "hippocampus_ca1_pyramidal",
                                       "neocortex_basket",        "neocortex_l23_pyramidal",
                                       "neocortex_l56_pyramidal", "olfactory_bulb_mitral"};

TEST(CellTypeFiles, ConfigHoldsTheEightReferenceCellTypes) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(config_dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path().stem().string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, shipped);
}

TEST(CellTypeFiles, EachFileReproducesTheReferenceNumbers) {
  const auto ref = YAML::LoadFile(std::string(NEUROFIT_TEST_DATA) + "/neuroelectro.yaml");
  const auto units = ref["units"];
  int checked = 0;
  for (const auto& kv : ref["cell_types"]) {
    const auto name = kv.first.as<std::string>();
    SCOPED_TRACE(name);
    const auto ct = load_cell_type(config_dir / (name + ".yaml"));
    EXPECT_EQ(ct.name, name);
    EXPECT_EQ(ct.neuroelectro_id, kv.second["neuroelectro_id"].as<std::string>());
    EXPECT_EQ(ct.source, kv.second["source"].as<std::string>());
    std::set<std::string> expected;
    for (const auto& prop : kv.second) {
      const auto feature = prop.first.as<std::string>();
      if (feature == "neuroelectro_id" || feature == "source") continue;
      expected.insert(feature);
      const auto* o = ct.find(feature);
      ASSERT_NE(o, nullptr) << feature;
      EXPECT_EQ(o->mean, prop.second["mean"].as<double>()) << feature;
      EXPECT_EQ(o->sd, prop.second["sd"].as<double>()) << feature;
      EXPECT_EQ(o->n, prop.second["n"].as<int>()) << feature;
      EXPECT_EQ(o->unit, units[feature].as<std::string>()) << feature;
    }
    std::set<std::string> got;
    for (const auto& o : ct.observations) got.insert(o.feature);
    EXPECT_EQ(got, expected);  // nothing more than the reference has
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(FindCellType, KnownNameLoadsTheConfigFile) {
  ScopedEnv env("NEUROFIT_CELLTYPES", std::nullopt);
  const auto ct = find_cell_type("hippocampus_ca1_basket");
  EXPECT_EQ(ct.name, "hippocampus_ca1_basket");
  ASSERT_EQ(ct.observations.size(), 4u);
  ASSERT_NE(ct.find("time_constant"), nullptr);
  EXPECT_EQ(ct.find("time_constant")->mean, 11.88);  // reference: {mean: 11.88, sd: 1.21}
  EXPECT_EQ(ct.find("time_constant")->sd, 1.21);
  EXPECT_EQ(known_cell_types(), shipped);
}

TEST(FindCellType, UnknownNameListsTheKnownOnes) {
  ScopedEnv env("NEUROFIT_CELLTYPES", std::nullopt);
  try {
    find_cell_type("no_such_cell");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unknown cell type 'no_such_cell'"), std::string::npos) << msg;
    for (const auto& n : shipped) EXPECT_NE(msg.find(n), std::string::npos) << n << ": " << msg;
  }
}

TEST(FindCellType, EnvironmentVariableAddsFoldersSearchedFirst) {
  TempDir dir;
  dir.write("my_cell.yaml", "properties:\n  rheobase: {mean: 123, sd: 4}\n");
  // Same name as a shipped one: the folder from the environment wins.
  dir.write("neocortex_basket.yaml",
            "name: neocortex_basket\nproperties:\n  ap_width: {mean: 9, sd: 1}\n");
  dir.write("notes.txt", "not a cell type\n");
  // Empty parts and a missing folder are skipped.
  ScopedEnv env("NEUROFIT_CELLTYPES", "::/no/such/folder:" + dir.path().string() + ":");

  const auto dirs = cell_type_dirs();
  ASSERT_EQ(dirs.size(), 3u);
  EXPECT_EQ(dirs[0], fs::path("/no/such/folder"));
  EXPECT_EQ(dirs[1], dir.path());
  EXPECT_EQ(fs::weakly_canonical(dirs[2]), fs::weakly_canonical(config_dir));

  const auto mine = find_cell_type("my_cell");
  EXPECT_EQ(mine.name, "my_cell");
  ASSERT_EQ(mine.observations.size(), 1u);
  EXPECT_EQ(mine.observations[0].mean, 123.0);

  const auto basket = find_cell_type("neocortex_basket");
  ASSERT_EQ(basket.observations.size(), 1u);
  EXPECT_EQ(basket.observations[0].feature, "ap_width");
  EXPECT_EQ(basket.observations[0].mean, 9.0);

  // Shipped ones remain reachable, and the listing merges both without duplicates.
  EXPECT_EQ(find_cell_type("olfactory_bulb_mitral").name, "olfactory_bulb_mitral");
  auto expected = shipped;
  expected.push_back("my_cell");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(known_cell_types(), expected);
  try {
    find_cell_type("nope");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("my_cell"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace neurofit::fit

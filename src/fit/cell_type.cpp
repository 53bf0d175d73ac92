#include "neurofit/fit/cell_type.hpp"

#include <algorithm>
#include <cstdlib>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/yaml_util.hpp"

namespace neurofit::fit {

namespace fs = std::filesystem;

const Observation* CellType::find(const std::string& feature) const {
  for (const auto& o : observations)
    if (o.feature == feature) return &o;
  return nullptr;
}

namespace {

std::string_view ne8_unit(const std::string& feature) {
  for (int f = 0; f < ephys::n_ne8_features; ++f)
    if (ephys::ne8_feature_names[static_cast<std::size_t>(f)] == feature)
      return ephys::ne8_feature_units[static_cast<std::size_t>(f)];
  return {};
}

Observation parse_observation(const std::string& feature, const YAML::Node& node,
                              const std::string& file) {
  const std::string ctx = "property '" + feature + "'";
  yaml::require_map(node, file, ctx);
  yaml::check_keys(node, file, ctx, {"mean", "sd", "n", "unit"});
  Observation o;
  o.feature = feature;
  if (!node["mean"]) yaml::fail(node, file, ctx + ": missing 'mean'");
  if (!node["sd"]) yaml::fail(node, file, ctx + ": missing 'sd'");
  o.mean = yaml::number(node["mean"], file, ctx + " mean");
  o.sd = yaml::number(node["sd"], file, ctx + " sd");
  if (!(o.sd > 0)) yaml::fail(node["sd"], file, ctx + " sd: expected a number > 0");
  if (node["n"]) {
    o.n = static_cast<int>(yaml::integer(node["n"], file, ctx + " n"));
    if (o.n < 0) yaml::fail(node["n"], file, ctx + " n: expected an integer >= 0");
  }
  const auto unit = ne8_unit(feature);
  o.unit = std::string(unit);
  if (node["unit"]) {
    const auto u = yaml::text(node["unit"], file, ctx + " unit");
    if (u != unit)
      yaml::fail(node["unit"], file, ctx + " unit: expected " + std::string(unit) + ", got " + u);
  }
  return o;
}

}  // namespace

CellType parse_cell_type(const YAML::Node& node, const std::string& file) {
  yaml::require_map(node, file, "cell type");
  yaml::check_keys(node, file, "a cell type",
                   {"name", "description", "neuroelectro_id", "source", "properties"});
  CellType ct;
  if (node["name"]) ct.name = yaml::text(node["name"], file, "name");
  if (node["description"]) ct.description = yaml::text(node["description"], file, "description");
  if (node["neuroelectro_id"])
    ct.neuroelectro_id = yaml::text(node["neuroelectro_id"], file, "neuroelectro_id");
  if (node["source"]) ct.source = yaml::text(node["source"], file, "source");
  const auto props = node["properties"];
  if (!props) yaml::fail(node, file, "cell type: missing 'properties'");
  yaml::require_map(props, file, "properties");
  for (const auto& kv : props) {
    if (!kv.first.IsScalar())
      yaml::fail(kv.first, file, "properties: expected a feature name as key");
    const auto feature = kv.first.Scalar();
    if (ne8_unit(feature).empty()) {
      std::string known;
      for (auto f : ephys::ne8_feature_names) known += (known.empty() ? "" : ", ") + std::string(f);
      yaml::fail(kv.first, file, "unknown property '" + feature + "' (known: " + known + ")");
    }
    if (ct.find(feature)) yaml::fail(kv.first, file, "property '" + feature + "' given twice");
    ct.observations.push_back(parse_observation(feature, kv.second, file));
  }
  if (ct.observations.empty()) yaml::fail(props, file, "properties: expected at least one");
  return ct;
}

CellType load_cell_type(const fs::path& file) {
  const auto node = yaml::load_file(file.string());
  auto ct = parse_cell_type(node, file.string());
  if (ct.name.empty()) ct.name = file.stem().string();
  return ct;
}

std::vector<fs::path> cell_type_dirs() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("NEUROFIT_CELLTYPES")) {
    std::string s = env;
    std::size_t pos = 0;
    while (pos <= s.size()) {
      const auto colon = s.find(':', pos);
      const auto part = s.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
      if (!part.empty()) dirs.emplace_back(part);
      if (colon == std::string::npos) break;
      pos = colon + 1;
    }
  }
  dirs.emplace_back(fs::path(NEUROFIT_CONFIG_DIR) / "celltypes");
  return dirs;
}

std::vector<std::string> known_cell_types() {
  std::vector<std::string> names;
  for (const auto& dir : cell_type_dirs()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

CellType find_cell_type(const std::string& name) {
  for (const auto& dir : cell_type_dirs()) {
    const auto file = dir / (name + ".yaml");
    if (fs::exists(file)) return load_cell_type(file);
  }
  std::string known;
  for (const auto& n : known_cell_types()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("", "unknown cell type '" + name + "' (known: " + known + ")");
}

}  // namespace neurofit::fit

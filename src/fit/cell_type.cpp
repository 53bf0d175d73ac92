#include "neurofit/fit/cell_type.hpp"

#include <algorithm>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/fit/config_dirs.hpp"
#include "neurofit/yaml_util.hpp"

namespace neurofit::fit {

namespace fs = std::filesystem;

const Observation* CellType::find(const std::string& feature) const {
  for (const auto& o : observations)
    if (o.feature == feature) return &o;
  return nullptr;
}

namespace {

Observation parse_observation(const std::string& feature, const std::string& unit,
                              const YAML::Node& node, const std::string& file) {
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
  o.unit = unit;
  if (node["unit"]) {
    const auto u = yaml::text(node["unit"], file, ctx + " unit");
    if (u != unit)
      yaml::fail(node["unit"], file,
                 ctx + " unit: expected " + (unit.empty() ? "none" : unit) + ", got " + u);
  }
  return o;
}

}  // namespace

CellType parse_cell_type(const YAML::Node& node, const std::string& file,
                         const ephys::Protocol& protocol) {
  yaml::require_map(node, file, "cell type");
  yaml::check_keys(node, file, "a cell type",
                   {"name", "description", "neuroelectro_id", "source", "properties"});
  CellType ct;
  if (node["name"]) ct.name = yaml::text(node["name"], file, "name");
  if (node["description"]) ct.description = yaml::text(node["description"], file, "description");
  if (node["neuroelectro_id"])
    ct.neuroelectro_id = yaml::text(node["neuroelectro_id"], file, "neuroelectro_id");
  if (node["source"]) ct.source = yaml::text(node["source"], file, "source");
  const auto names = protocol.feature_names(), units = protocol.feature_units();
  const auto props = node["properties"];
  if (!props) yaml::fail(node, file, "cell type: missing 'properties'");
  yaml::require_map(props, file, "properties");
  for (const auto& kv : props) {
    if (!kv.first.IsScalar())
      yaml::fail(kv.first, file, "properties: expected a feature name as key");
    const auto feature = kv.first.Scalar();
    const auto at = std::find(names.begin(), names.end(), feature);
    if (at == names.end())
      yaml::fail(kv.first, file,
                 "unknown property '" + feature + "' (known" +
                     (protocol.name == "ne8" ? "" : " in protocol " + protocol.name) + ": " +
                     join(names) + ")");
    if (ct.find(feature)) yaml::fail(kv.first, file, "property '" + feature + "' given twice");
    ct.observations.push_back(parse_observation(
        feature, units[static_cast<std::size_t>(at - names.begin())], kv.second, file));
  }
  if (ct.observations.empty()) yaml::fail(props, file, "properties: expected at least one");
  return ct;
}

CellType load_cell_type(const fs::path& file, const ephys::Protocol& protocol) {
  const auto node = yaml::load_file(file.string());
  auto ct = parse_cell_type(node, file.string(), protocol);
  if (ct.name.empty()) ct.name = file.stem().string();
  return ct;
}

std::vector<fs::path> cell_type_dirs() {
  return config_dirs("NEUROFIT_CELLTYPES", "celltypes");
}

std::vector<std::string> known_cell_types() {
  return yaml_names(cell_type_dirs());
}

CellType find_cell_type(const std::string& name, const ephys::Protocol& protocol) {
  if (const auto file = find_yaml(cell_type_dirs(), name)) return load_cell_type(*file, protocol);
  throw InputError("",
                   "unknown cell type '" + name + "' (known: " + join(known_cell_types()) + ")");
}

}  // namespace neurofit::fit

#include "neurofit/io/observations.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "neurofit/io/trace_file.hpp"
#include "neurofit/yaml_util.hpp"

namespace neurofit::io {

namespace fs = std::filesystem;

namespace {

// sd: {relative: r, FEATURE: value, ...}
struct SdRule {
  double relative = default_relative_sd;
  std::map<std::string, double> given;
};

SdRule parse_sd(const YAML::Node& node, const std::string& file,
                const std::vector<std::string>& features) {
  SdRule rule;
  yaml::require_map(node, file, "sd");
  for (const auto& kv : node) {
    const auto key = yaml::text(kv.first, file, "sd key");
    const double x = yaml::number(kv.second, file, "sd " + key);
    if (!(x > 0)) yaml::fail(kv.second, file, "sd " + key + ": expected a number > 0");
    if (key == "relative")
      rule.relative = x;
    else if (std::find(features.begin(), features.end(), key) != features.end())
      rule.given[key] = x;
    else
      yaml::fail(kv.first, file, "sd: '" + key + "' is neither 'relative' nor a sweep feature");
  }
  return rule;
}

const ephys::Sweep& sweep_of(const YAML::Node& entry, const std::string& file,
                             const ephys::Protocol& protocol) {
  if (!entry["sweep"]) {
    if (protocol.sweeps.size() != 1)
      yaml::fail(entry, file,
                 "traces entry: name its 'sweep' (the protocol has " +
                     std::to_string(protocol.sweeps.size()) + ")");
    return protocol.sweeps.front();
  }
  const auto name = yaml::text(entry["sweep"], file, "sweep");
  for (const auto& s : protocol.sweeps)
    if (s.name == name) return s;
  yaml::fail(entry["sweep"], file, "protocol " + protocol.name + " has no sweep '" + name + "'");
}

// Each of the sweep's features read from one recording: name -> value.
void read_recording(const YAML::Node& entry, const std::string& file,
                    const ephys::Protocol& protocol,
                    std::map<std::string, std::vector<double>>& values) {
  yaml::require_map(entry, file, "traces entry");
  yaml::check_keys(entry, file, "a traces entry", {"file", "sweep", "stim_start", "stim_end"});
  if (!entry["file"]) yaml::fail(entry, file, "traces entry: missing 'file'");
  const ephys::Sweep& sweep = sweep_of(entry, file, protocol);
  fs::path path = yaml::text(entry["file"], file, "file");
  if (path.is_relative()) path = fs::path(file).parent_path() / path;
  const double start = entry["stim_start"] ? yaml::number(entry["stim_start"], file, "stim_start")
                                           : sweep.stim_start;
  const double end =
      entry["stim_end"] ? yaml::number(entry["stim_end"], file, "stim_end") : sweep.stim_end;
  const TraceData trace = read_trace(path.string());
  check_stimulus_window(trace, path.string(), start, end);
  const ephys::efel::TraceFeatures f(trace.t, trace.v, start, end, protocol.efel);
  for (const auto& feature : sweep.features) {
    const auto name = ephys::sweep_feature_name(sweep, feature);
    const double x = ephys::sweep_feature_value(f, feature);
    if (!std::isfinite(x))
      yaml::fail(entry, file, "trace " + path.string() + ": no value of " + name);
    values[name].push_back(x);
  }
}

fit::Observation summarise(const std::string& name, const std::string& unit,
                           const std::vector<double>& x, const SdRule& rule, const YAML::Node& node,
                           const std::string& file) {
  const auto n = static_cast<double>(x.size());
  double mean = 0, ss = 0;
  for (double v : x) mean += v / n;
  for (double v : x) ss += (v - mean) * (v - mean);
  double sd = x.size() > 1 ? std::sqrt(ss / (n - 1)) : 0;
  if (rule.given.count(name))
    sd = x.size() > 1 && sd > 0 ? sd : rule.given.at(name);
  else if (!(sd > 0))
    sd = rule.relative * std::abs(mean);
  if (!(sd > 0))
    yaml::fail(node, file,
               name + ": its sd would be 0 (mean 0): give it under sd: {" + name + ": value}");
  return {name, mean, sd, static_cast<int>(x.size()), unit};
}

}  // namespace

fit::CellType parse_observations(const YAML::Node& node, const std::string& file,
                                 const ephys::Protocol& protocol) {
  if (!node.IsMap() || !node["traces"]) return fit::parse_cell_type(node, file, protocol);
  yaml::check_keys(node, file, "observations",
                   {"name", "description", "source", "properties", "traces", "sd"});
  fit::CellType ct;
  if (node["properties"]) {
    YAML::Node summaries(YAML::NodeType::Map);
    for (const auto& kv : node)
      if (kv.first.Scalar() != "traces" && kv.first.Scalar() != "sd")
        summaries[kv.first.Scalar()] = kv.second;
    ct = fit::parse_cell_type(summaries, file, protocol);
  } else {
    if (node["name"]) ct.name = yaml::text(node["name"], file, "name");
    if (node["source"]) ct.source = yaml::text(node["source"], file, "source");
  }
  const auto names = protocol.feature_names(), units = protocol.feature_units();
  const SdRule rule = node["sd"] ? parse_sd(node["sd"], file, names) : SdRule{};
  const auto traces = node["traces"];
  if (!traces.IsSequence() || traces.size() == 0)
    yaml::fail(traces, file, "traces: expected a list of {file, sweep, stim_start, stim_end}");
  std::map<std::string, std::vector<double>> values;
  for (const auto& entry : traces) read_recording(entry, file, protocol, values);
  for (std::size_t k = 0; k < names.size(); ++k) {  // in the protocol's order
    const auto it = values.find(names[k]);
    if (it == values.end()) continue;
    if (ct.find(names[k]))
      yaml::fail(traces, file, "'" + names[k] + "' is both in properties and read from traces");
    ct.observations.push_back(summarise(names[k], units[k], it->second, rule, traces, file));
  }
  return ct;
}

fit::CellType load_observations(const fs::path& file, const ephys::Protocol& protocol) {
  auto ct = parse_observations(yaml::load_file(file.string()), file.string(), protocol);
  if (ct.name.empty()) ct.name = file.stem().string();
  return ct;
}

}  // namespace neurofit::io

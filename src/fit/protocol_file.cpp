#include "neurofit/fit/protocol_file.hpp"

#include <algorithm>

#include "neurofit/fit/config_dirs.hpp"
#include "neurofit/yaml_util.hpp"

namespace neurofit::fit {

namespace fs = std::filesystem;
using ephys::Statistic;

namespace {

// whole_cell: ne8's feature names and fi_slope.
void parse_whole_cell(const YAML::Node& node, const std::string& file, ephys::Protocol& p) {
  if (!node.IsSequence()) yaml::fail(node, file, "whole_cell: expected a list of feature names");
  std::vector<std::string> known(ephys::ne8_feature_names.begin(), ephys::ne8_feature_names.end());
  known.emplace_back("fi_slope");
  for (const auto& item : node) {
    const auto name = yaml::text(item, file, "whole_cell");
    const auto at = std::find(known.begin(), known.end(), name);
    if (at == known.end())
      yaml::fail(item, file,
                 "unknown whole-cell feature '" + name + "' (known: " + join(known) + ")");
    const auto f = static_cast<int>(at - known.begin());
    const bool twice =
        f == ephys::n_ne8_features
            ? p.fi_slope
            : std::find(p.whole_cell.begin(), p.whole_cell.end(), f) != p.whole_cell.end();
    if (twice) yaml::fail(item, file, "whole_cell: '" + name + "' given twice");
    if (f == ephys::n_ne8_features)
      p.fi_slope = true;
    else
      p.whole_cell.push_back(static_cast<ephys::Ne8Feature>(f));
  }
}

Statistic parse_statistic(const YAML::Node& node, const std::string& file, int& nth) {
  const auto s = yaml::text(node, file, "statistic");
  if (s == "first") return Statistic::first;
  if (s == "last") return Statistic::last;
  if (s == "mean") return Statistic::mean;
  long k = 0;
  if (YAML::convert<long>::decode(node, k) && k >= 1 && k <= 100000) {
    nth = static_cast<int>(k);
    return Statistic::nth;
  }
  yaml::fail(node, file,
             "unknown statistic '" + s + "' (expected first, last, mean or a spike number >= 1)");
}

// A feature: an eFEL name, or {feature: NAME, statistic: first|last|mean|N}.
ephys::SweepFeature parse_feature(const YAML::Node& node, const std::string& file,
                                  const std::string& ctx) {
  ephys::SweepFeature f;
  if (node.IsMap()) {
    yaml::check_keys(node, file, ctx, {"feature", "statistic"});
    if (!node["feature"]) yaml::fail(node, file, ctx + ": missing 'feature'");
    if (node["statistic"]) f.statistic = parse_statistic(node["statistic"], file, f.nth);
  }
  // (a YAML::Node assigned to would change the node it refers to, so one initialisation)
  const YAML::Node name = node.IsMap() ? node["feature"] : node;
  f.feature = yaml::text(name, file, ctx);
  const auto* info = ephys::efel::find_feature(f.feature);
  if (!info) {
    std::vector<std::string> known;
    for (const auto& e : ephys::efel::features) known.emplace_back(e.name);
    yaml::fail(name, file, "unknown feature '" + f.feature + "' (known: " + join(known) + ")");
  }
  if (info->per_spike && f.statistic == Statistic::value)
    yaml::fail(node, file,
               ctx + ": '" + f.feature + "' has a value per spike: give {feature: " + f.feature +
                   ", statistic: first|last|mean|N}");
  if (!info->per_spike && f.statistic != Statistic::value)
    yaml::fail(node, file, ctx + ": '" + f.feature + "' has one value per sweep: no statistic");
  return f;
}

ephys::SweepStep parse_step(const YAML::Node& node, const std::string& file,
                            const std::string& ctx) {
  yaml::require_map(node, file, ctx);
  yaml::check_keys(node, file, ctx, {"amplitude", "start", "end"});
  for (const char* key : {"amplitude", "start", "end"})
    if (!node[key]) yaml::fail(node, file, ctx + ": missing '" + key + "'");
  ephys::SweepStep step;
  const auto amp = node["amplitude"];
  if (amp.IsMap()) {
    yaml::check_keys(amp, file, ctx + " amplitude", {"rheobase"});
    if (!amp["rheobase"]) yaml::fail(amp, file, ctx + " amplitude: expected pA or {rheobase: x}");
    step.of_rheobase = true;
    step.amplitude = yaml::number(amp["rheobase"], file, ctx + " amplitude");
  } else {
    step.amplitude = yaml::number(amp, file, ctx + " amplitude (pA)");
  }
  step.start = yaml::number(node["start"], file, ctx + " start");
  step.end = yaml::number(node["end"], file, ctx + " end");
  if (!(step.start >= 0 && step.start < step.end))
    yaml::fail(node, file, ctx + ": expected 0 <= start < end");
  return step;
}

ephys::Sweep parse_sweep(const YAML::Node& node, const std::string& file) {
  yaml::require_map(node, file, "sweep");
  yaml::check_keys(node, file, "a sweep",
                   {"name", "duration", "steps", "stim_start", "stim_end", "features"});
  ephys::Sweep s;
  if (!node["name"]) yaml::fail(node, file, "sweep: missing 'name'");
  s.name = yaml::text(node["name"], file, "sweep name");
  if (s.name.empty() || s.name.find_first_of(". \t,") != std::string::npos)
    yaml::fail(node["name"], file, "sweep name: expected a name without dots, commas or spaces");
  const std::string ctx = "sweep '" + s.name + "'";
  if (!node["duration"]) yaml::fail(node, file, ctx + ": missing 'duration'");
  s.duration = yaml::number(node["duration"], file, ctx + " duration");
  if (!(s.duration > 0) || s.duration > 1e6)
    yaml::fail(node["duration"], file, ctx + " duration: expected > 0 and at most 1e6 ms");
  const auto steps = node["steps"];
  if (!steps || !steps.IsSequence() || steps.size() == 0)
    yaml::fail(steps ? steps : node, file, ctx + ": expected 'steps', a list of current steps");
  for (const auto& st : steps) s.steps.push_back(parse_step(st, file, ctx + " step"));
  s.stim_start = s.steps.front().start;
  s.stim_end = s.steps.front().end;
  for (const auto& st : s.steps) {
    s.stim_start = std::min(s.stim_start, st.start);
    s.stim_end = std::max(s.stim_end, st.end);
  }
  if (node["stim_start"])
    s.stim_start = yaml::number(node["stim_start"], file, ctx + " stim_start");
  if (node["stim_end"]) s.stim_end = yaml::number(node["stim_end"], file, ctx + " stim_end");
  if (!(s.stim_start > 0 && s.stim_start < s.stim_end && s.stim_end <= s.duration))
    yaml::fail(node, file,
               ctx +
                   ": the stimulus window must lie within the sweep: 0 < stim_start < stim_end "
                   "<= duration");
  if (const auto f = node["features"]) {
    if (!f.IsSequence()) yaml::fail(f, file, ctx + " features: expected a list");
    for (const auto& item : f) {
      s.features.push_back(parse_feature(item, file, ctx + " feature"));
      const auto name = ephys::sweep_feature_name(s, s.features.back());
      for (std::size_t j = 0; j + 1 < s.features.size(); ++j)
        if (ephys::sweep_feature_name(s, s.features[j]) == name)
          yaml::fail(item, file, ctx + ": feature '" + name + "' given twice");
    }
  }
  return s;
}

void parse_efel_settings(const YAML::Node& node, const std::string& file, ephys::Protocol& p) {
  yaml::require_map(node, file, "efel");
  yaml::check_keys(node, file, "efel",
                   {"threshold", "derivative_threshold", "derivative_window", "interp_step"});
  auto& s = p.efel;
  if (node["threshold"]) s.threshold = yaml::number(node["threshold"], file, "efel threshold");
  if (node["derivative_threshold"])
    s.derivative_threshold =
        yaml::number(node["derivative_threshold"], file, "efel derivative_threshold");
  if (node["derivative_window"]) {
    s.derivative_window =
        static_cast<int>(yaml::integer(node["derivative_window"], file, "efel derivative_window"));
    if (s.derivative_window < 1)
      yaml::fail(node["derivative_window"], file, "efel derivative_window: expected >= 1");
  }
  if (node["interp_step"]) {
    s.interp_step = yaml::number(node["interp_step"], file, "efel interp_step");
    if (!(s.interp_step > 0)) yaml::fail(node["interp_step"], file, "efel interp_step: > 0 ms");
  }
}

void parse_fi_sweeps(const YAML::Node& node, const std::string& file, ephys::Protocol& p) {
  if (!node.IsSequence()) yaml::fail(node, file, "fi_sweeps: expected a list of sweep names");
  for (const auto& item : node) {
    const auto name = yaml::text(item, file, "fi_sweeps");
    const auto at = std::find_if(p.sweeps.begin(), p.sweeps.end(),
                                 [&](const ephys::Sweep& s) { return s.name == name; });
    if (at == p.sweeps.end()) yaml::fail(item, file, "fi_sweeps: no sweep named '" + name + "'");
    const auto index = static_cast<int>(at - p.sweeps.begin());
    if (std::find(p.fi_sweeps.begin(), p.fi_sweeps.end(), index) != p.fi_sweeps.end())
      yaml::fail(item, file, "fi_sweeps: '" + name + "' given twice");
    p.fi_sweeps.push_back(index);
  }
}

// The rules between sections: fi_slope and fi_sweeps together, relative amplitudes with the
// rheobase search, something to score.
void check_protocol(const YAML::Node& node, const std::string& file, const ephys::Protocol& p) {
  if (p.fi_slope != !p.fi_sweeps.empty() || (p.fi_slope && p.fi_sweeps.size() < 2))
    yaml::fail(node, file,
               "the f-I slope needs 'fi_slope' in whole_cell and at least two 'fi_sweeps'");
  const bool rheobase =
      std::find(p.whole_cell.begin(), p.whole_cell.end(), ephys::rheobase) != p.whole_cell.end();
  for (const auto& s : p.sweeps)
    for (const auto& st : s.steps)
      if (st.of_rheobase && !rheobase)
        yaml::fail(node, file,
                   "sweep '" + s.name +
                       "': an amplitude relative to rheobase needs the rheobase search: add "
                       "rheobase to whole_cell");
  if (p.n_features() == 0) yaml::fail(node, file, "protocol: no feature to score");
  for (std::size_t a = 0; a < p.sweeps.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (p.sweeps[a].name == p.sweeps[b].name)
        yaml::fail(node, file, "sweep '" + p.sweeps[a].name + "' given twice");
}

}  // namespace

ephys::Protocol parse_protocol(const YAML::Node& node, const std::string& file) {
  yaml::require_map(node, file, "protocol");
  yaml::check_keys(node, file, "a protocol",
                   {"name", "description", "whole_cell", "efel", "sweeps", "fi_sweeps"});
  ephys::Protocol p;
  if (node["name"]) p.name = yaml::text(node["name"], file, "name");
  if (node["description"]) p.description = yaml::text(node["description"], file, "description");
  if (node["whole_cell"]) parse_whole_cell(node["whole_cell"], file, p);
  if (node["efel"]) parse_efel_settings(node["efel"], file, p);
  if (const auto sweeps = node["sweeps"]) {
    if (!sweeps.IsSequence()) yaml::fail(sweeps, file, "sweeps: expected a list of sweeps");
    for (const auto& s : sweeps) p.sweeps.push_back(parse_sweep(s, file));
  }
  if (node["fi_sweeps"]) parse_fi_sweeps(node["fi_sweeps"], file, p);
  check_protocol(node, file, p);
  return p;
}

ephys::Protocol load_protocol(const fs::path& file) {
  auto p = parse_protocol(yaml::load_file(file.string()), file.string());
  if (p.name.empty()) p.name = file.stem().string();
  return p;
}

namespace {

void emit_feature(YAML::Emitter& out, const ephys::SweepFeature& f) {
  if (f.statistic == Statistic::value) {
    out << f.feature;
    return;
  }
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "feature" << YAML::Value << f.feature
      << YAML::Key << "statistic" << YAML::Value;
  switch (f.statistic) {
    case Statistic::first:
      out << "first";
      break;
    case Statistic::last:
      out << "last";
      break;
    case Statistic::mean:
      out << "mean";
      break;
    default:
      out << f.nth;
  }
  out << YAML::EndMap;
}

void emit_sweep(YAML::Emitter& out, const ephys::Sweep& s) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s.name << YAML::Key << "duration"
      << YAML::Value << s.duration << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
  for (const auto& st : s.steps) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "amplitude" << YAML::Value;
    if (st.of_rheobase)
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "rheobase" << YAML::Value << st.amplitude
          << YAML::EndMap;
    else
      out << st.amplitude;
    out << YAML::Key << "start" << YAML::Value << st.start << YAML::Key << "end" << YAML::Value
        << st.end << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "stim_start" << YAML::Value << s.stim_start << YAML::Key
      << "stim_end" << YAML::Value << s.stim_end << YAML::Key << "features" << YAML::Value
      << YAML::BeginSeq;
  for (const auto& f : s.features) emit_feature(out, f);
  out << YAML::EndSeq << YAML::EndMap;
}

}  // namespace

std::string protocol_yaml(const ephys::Protocol& p) {
  YAML::Emitter out;
  out.SetDoublePrecision(17);
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << p.name;
  out << YAML::Key << "whole_cell" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (auto f : p.whole_cell)
    out << std::string(ephys::ne8_feature_names[static_cast<std::size_t>(f)]);
  if (p.fi_slope) out << "fi_slope";
  out << YAML::EndSeq;
  const auto& e = p.efel;
  out << YAML::Key << "efel" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "threshold" << YAML::Value << e.threshold << YAML::Key << "derivative_threshold"
      << YAML::Value << e.derivative_threshold << YAML::Key << "derivative_window" << YAML::Value
      << e.derivative_window << YAML::Key << "interp_step" << YAML::Value << e.interp_step
      << YAML::EndMap;
  out << YAML::Key << "sweeps" << YAML::Value << YAML::BeginSeq;
  for (const auto& s : p.sweeps) emit_sweep(out, s);
  out << YAML::EndSeq << YAML::Key << "fi_sweeps" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (int i : p.fi_sweeps) out << p.sweeps[static_cast<std::size_t>(i)].name;
  out << YAML::EndSeq << YAML::EndMap;
  return out.c_str();
}

std::vector<fs::path> protocol_dirs() {
  return config_dirs("NEUROFIT_PROTOCOLS", "protocols");
}

std::vector<std::string> known_protocols() {
  return yaml_names(protocol_dirs());
}

ephys::Protocol find_protocol(const std::string& name_or_file) {
  if (fs::path(name_or_file).extension() == ".yaml") return load_protocol(name_or_file);
  if (const auto file = find_yaml(protocol_dirs(), name_or_file)) return load_protocol(*file);
  throw InputError(
      "", "unknown protocol '" + name_or_file + "' (known: " + join(known_protocols()) + ")");
}

}  // namespace neurofit::fit

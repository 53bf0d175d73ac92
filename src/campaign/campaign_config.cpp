#include "neurofit/campaign/campaign_config.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "neurofit/errors.hpp"
#include "neurofit/fit/cell_type.hpp"
#include "neurofit/sim/family.hpp"
#include "neurofit/yaml_util.hpp"

namespace neurofit::campaign {

namespace fs = std::filesystem;
using yaml::fail;

namespace {

std::vector<std::string> family_names() {
  std::vector<std::string> n;
  for (const auto& f : sim::families()) n.emplace_back(f.name);
  return n;
}

std::string cell_type_at(const YAML::Node& node, const std::string& file) {
  const auto name = yaml::text(node, file, "cell type");
  const auto known = fit::known_cell_types();
  if (std::find(known.begin(), known.end(), name) == known.end())
    fail(node, file, "unknown cell type '" + name + "' (known: " + join(known) + ")");
  return name;
}

std::string model_at(const YAML::Node& node, const std::string& file) {
  const auto name = yaml::text(node, file, "model");
  const auto known = family_names();
  if (std::find(known.begin(), known.end(), name) == known.end())
    fail(node, file, "unknown model '" + name + "' (known: " + join(known) + ")");
  return name;
}

std::uint64_t seed_at(const YAML::Node& node, const std::string& file) {
  const long s = yaml::integer(node, file, "seed");
  if (s < 0) fail(node, file, "seed: expected an integer >= 0");
  return static_cast<std::uint64_t>(s);
}

// The run config of one task: the shared settings, the model's own keys, and its identity.
std::string task_config_text(const YAML::Node& settings, const YAML::Node& model_keys,
                             const Task& t) {
  YAML::Node n = settings ? YAML::Clone(settings) : YAML::Node(YAML::NodeType::Map);
  n["model"] = t.model;
  n["cell_type"] = t.cell_type;
  n["seed"] = t.seed;
  for (const auto& kv : model_keys) n[kv.first.Scalar()] = YAML::Clone(kv.second);
  YAML::Emitter out;
  out << n;
  return std::string("# task ") + std::to_string(t.index) + " of a campaign: " + t.label() + "\n" +
         out.c_str() + "\n";
}

}  // namespace

std::string Task::label() const {
  return cell_type + " x " + model + ", seed " + std::to_string(seed);
}

CampaignConfig parse_campaign(const std::string& text, const std::string& file) {
  const YAML::Node root = yaml::load_text(text, file);
  yaml::require_map(root, file, "campaign");
  yaml::check_keys(root, file, "the campaign",
                   {"cell_types", "models", "seeds", "tasks", "ranks_per_task", "schedule",
                    "settings", "output"});
  CampaignConfig c;
  c.file = file;
  c.text = text;

  // Models, with their own keys (fixed, bounds, features).
  std::map<std::string, YAML::Node> model_keys;
  if (const auto models = root["models"]) {
    if (!models.IsSequence() || models.size() == 0)
      fail(models, file, "models: expected a list of model names or {model: NAME, ...} entries");
    for (const auto& m : models) {
      std::string name;
      YAML::Node keys(YAML::NodeType::Map);
      if (m.IsMap()) {
        yaml::check_keys(m, file, "models entry", {"model", "fixed", "bounds", "features"});
        if (!m["model"]) fail(m, file, "models entry: missing key 'model'");
        name = model_at(m["model"], file);
        for (const auto& kv : m)
          if (kv.first.Scalar() != "model") keys[kv.first.Scalar()] = kv.second;
      } else {
        name = model_at(m, file);
      }
      if (model_keys.count(name)) fail(m, file, "model '" + name + "' listed twice");
      model_keys[name] = keys;
      c.models.push_back(name);
    }
  }
  std::vector<std::uint64_t> seeds{1};
  if (const auto s = root["seeds"]) {
    if (!s.IsSequence() || s.size() == 0) fail(s, file, "seeds: expected a list of integers");
    seeds.clear();
    for (const auto& x : s) seeds.push_back(seed_at(x, file));
  }
  if (const auto ct = root["cell_types"]) {
    if (ct.IsScalar() && ct.Scalar() == "all") {
      c.cell_types = fit::known_cell_types();
    } else {
      if (!ct.IsSequence() || ct.size() == 0)
        fail(ct, file, "cell_types: expected a list of cell type names, or 'all'");
      for (const auto& x : ct) {
        const auto name = cell_type_at(x, file);
        if (std::find(c.cell_types.begin(), c.cell_types.end(), name) != c.cell_types.end())
          fail(x, file, "cell type '" + name + "' listed twice");
        c.cell_types.push_back(name);
      }
    }
  }
  const YAML::Node settings = root["settings"];
  if (settings) {
    yaml::require_map(settings, file, "settings");
    for (const char* key : {"model", "problem", "cell_type", "observations", "seed", "output"})
      if (settings[key])
        fail(settings[key], file,
             std::string("settings: '") + key + "' is set per task by the campaign");
  }

  std::vector<Task> tasks;
  if (const auto list = root["tasks"]) {
    if (!list.IsSequence() || list.size() == 0)
      fail(list, file, "tasks: expected a list of {cell_type, model, seed} entries");
    std::set<std::tuple<std::string, std::string, std::uint64_t>> seen;
    for (const auto& e : list) {
      yaml::require_map(e, file, "tasks entry");
      yaml::check_keys(e, file, "tasks entry", {"cell_type", "model", "seed"});
      if (!e["cell_type"] || !e["model"])
        fail(e, file, "tasks entry: needs 'cell_type' and 'model'");
      Task t;
      t.cell_type = cell_type_at(e["cell_type"], file);
      t.model = model_at(e["model"], file);
      t.seed = e["seed"] ? seed_at(e["seed"], file) : 1;
      if (!seen.insert({t.cell_type, t.model, t.seed}).second)
        fail(e, file, "task " + t.label() + " listed twice");
      if (std::find(c.cell_types.begin(), c.cell_types.end(), t.cell_type) == c.cell_types.end())
        c.cell_types.push_back(t.cell_type);
      if (std::find(c.models.begin(), c.models.end(), t.model) == c.models.end())
        c.models.push_back(t.model);
      tasks.push_back(t);
    }
  } else {
    if (c.cell_types.empty() || c.models.empty())
      fail(root, file, "a campaign needs 'cell_types' and 'models' (or a 'tasks' list)");
    for (const auto& ct : c.cell_types)
      for (const auto& m : c.models)
        for (auto s : seeds) tasks.push_back({0, ct, m, s, "", {}});
  }
  if (root["ranks_per_task"]) {
    c.ranks_per_task = yaml::integer(root["ranks_per_task"], file, "ranks_per_task");
    if (c.ranks_per_task < 1)
      fail(root["ranks_per_task"], file, "ranks_per_task: expected an integer >= 1");
  }
  if (const auto schedule = root["schedule"]) {
    const std::string name = yaml::text(schedule, file, "schedule");
    if (name != "dynamic" && name != "static")
      fail(schedule, file, "schedule: expected dynamic or static, not '" + name + "'");
    c.static_schedule = name == "static";
  }
  c.output = root["output"] ? fs::path(yaml::text(root["output"], file, "output"))
                            : fs::path("results") / fs::path(file).stem();
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    Task& t = tasks[i];
    t.index = static_cast<long>(i);
    t.folder = t.cell_type + "-" + t.model + "-s" + std::to_string(t.seed);
    const auto keys = model_keys.count(t.model) ? model_keys[t.model] : YAML::Node();
    try {
      t.config = io::parse_run_config(task_config_text(settings, keys, t), file);
    } catch (const InputError& e) {
      // The message names the generated text's lines; say which task and what.
      std::string what = e.what();
      const auto colon = what.find(": ");
      fail(settings ? settings : root, file,
           "task " + t.label() + ": " +
               (colon == std::string::npos ? what : what.substr(colon + 2)));
    }
    t.config.output = c.output / t.folder;
  }
  c.tasks = std::move(tasks);
  if (!c.tasks.empty()) c.features = c.tasks.front().config.protocol.feature_names();
  return c;
}

CampaignConfig load_campaign(const std::string& file) {
  return parse_campaign(yaml::read_text_file(file, "campaign file"), file);
}

}  // namespace neurofit::campaign

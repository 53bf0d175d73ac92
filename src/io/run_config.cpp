#include "neurofit/io/run_config.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/evo/test_problems.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/io/observations.hpp"
#include "neurofit/sim/family.hpp"
#include "neurofit/yaml_util.hpp"

namespace neurofit::io {

namespace fs = std::filesystem;
using yaml::fail;

namespace {

// The key node of `name` in `map` (for errors about the key itself rather than its value).
YAML::Node key_of(const YAML::Node& map, std::string_view name) {
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == name) return kv.first;
  return map;
}

// A mapping whose keys are text, each given once.
void check_unique_keys(const YAML::Node& node, const std::string& file,
                       const std::string& context) {
  yaml::require_map(node, file, context);
  std::set<std::string> seen;
  for (const auto& kv : node) {
    const auto key = yaml::text(kv.first, file, context + " key");
    if (!seen.insert(key).second) fail(kv.first, file, context + ": key '" + key + "' given twice");
  }
}

// A mapping with only the `allowed` keys, each at most once.
void check_map(const YAML::Node& node, const std::string& file, const std::string& context,
               std::initializer_list<std::string_view> allowed) {
  check_unique_keys(node, file, context);
  yaml::check_keys(node, file, context, allowed);
}

long integer_at_least(const YAML::Node& node, const std::string& file, const std::string& what,
                      long min) {
  const long x = yaml::integer(node, file, what);
  if (x < min) fail(node, file, what + ": expected an integer >= " + std::to_string(min));
  return x;
}

double number_in(const YAML::Node& node, const std::string& file, const std::string& what,
                 double lo, double hi) {
  const double x = yaml::number(node, file, what);
  if (x < lo || x > hi)
    fail(node, file,
         what + ": expected a number in [" + format_number(lo) + ", " + format_number(hi) +
             "], got " + node.Scalar());
  return x;
}

TestProblemConfig parse_problem(const YAML::Node& node, const std::string& file) {
  check_map(node, file, "problem", {"name", "variables", "objectives"});
  if (!node["name"]) fail(node, file, "problem: missing required key 'name'");
  TestProblemConfig p;
  p.name = yaml::text(node["name"], file, "problem name");
  std::transform(p.name.begin(), p.name.end(), p.name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (node["variables"]) p.variables = integer_at_least(node["variables"], file, "variables", 1);
  if (node["objectives"])
    p.objectives = integer_at_least(node["objectives"], file, "objectives", 2);
  try {  // the problem's own checks: a known name, sizes it admits
    evo::make_test_problem(p.name, p.variables, p.objectives);
  } catch (const std::invalid_argument& e) {
    const bool unknown = std::string_view(e.what()).starts_with("unknown");
    fail(unknown ? node["name"] : node, file, std::string("problem: ") + e.what());
  }
  return p;
}

// `protocol:` a name of config/protocols (or $NEUROFIT_PROTOCOLS), a .yaml file (relative to the
// config's folder), or the protocol itself.
void parse_protocol_key(RunConfig& c, const YAML::Node& node, const std::string& file) {
  if (node.IsMap()) {
    c.protocol = fit::parse_protocol(node, file);
    if (c.protocol.name.empty()) c.protocol.name = "inline";
    return;
  }
  const auto name = yaml::text(node, file, "protocol");
  fs::path path = name;
  if (path.extension() == ".yaml") {
    if (path.is_relative()) path = fs::path(file).parent_path() / path;
    if (!std::ifstream(path))
      fail(node, file, "protocol: cannot read file '" + path.string() + "'");
    c.protocol = fit::load_protocol(path);
    return;
  }
  const auto known = fit::known_protocols();
  if (std::find(known.begin(), known.end(), name) == known.end())
    fail(node, file, "unknown protocol '" + name + "' (known: " + join(known) + ")");
  c.protocol = fit::find_protocol(name);
}

void parse_cell(RunConfig& c, const YAML::Node& root, const std::string& file) {
  const auto ct = root["cell_type"];
  const auto obs = root["observations"];
  if (ct && obs)
    fail(key_of(root, "observations"), file, "give either 'cell_type' or 'observations', not both");
  if (!ct && !obs)
    fail(root, file,
         "missing required key 'cell_type' (a cell type of config/celltypes) or 'observations'");
  if (ct) {
    const auto name = yaml::text(ct, file, "cell_type");
    const auto known = fit::known_cell_types();
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail(ct, file, "unknown cell type '" + name + "' (known: " + join(known) + ")");
    c.cell = fit::find_cell_type(name, c.protocol);
  } else if (obs.IsScalar()) {  // a file in the form of config/celltypes/*.yaml
    fs::path path = obs.Scalar();
    if (path.is_relative()) path = fs::path(file).parent_path() / path;
    std::ifstream probe(path);
    if (!probe) fail(obs, file, "observations: cannot read file '" + path.string() + "'");
    c.cell = load_observations(path, c.protocol);
  } else {  // inline, in the same form
    c.cell = parse_observations(obs, file, c.protocol);
    if (c.cell.name.empty()) c.cell.name = "inline observations";
  }
  c.cell_type = c.cell.name;
}

void parse_features(RunConfig& c, const YAML::Node& node, const std::string& file) {
  if (!node.IsSequence() || node.size() == 0)
    fail(node, file, "features: expected a list of at least one feature name");
  std::vector<std::string> observed;
  for (const auto& o : c.cell.observations) observed.push_back(o.feature);
  for (const auto& item : node) {
    const auto name = yaml::text(item, file, "feature");
    const auto known = c.protocol.feature_names();
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail(item, file,
           "unknown feature '" + name + "' (known" +
               (c.protocol.name == "ne8" ? "" : " in protocol " + c.protocol.name) + ": " +
               join(known) + ")");
    if (!c.cell.find(name))
      fail(item, file,
           "feature '" + name + "': cell type '" + c.cell_type +
               "' has no observation of it (it has: " + join(observed) + ")");
    if (std::find(c.features.begin(), c.features.end(), name) != c.features.end())
      fail(item, file, "feature '" + name + "' listed twice");
    c.features.push_back(name);
  }
}

// The parameter named by a bounds/fixed key; an unknown name is an error at the key.
std::string parameter_key(const sim::ModelFamily& family, const YAML::Node& key,
                          const std::string& file, const std::string& section) {
  const auto name = yaml::text(key, file, section + " key");
  if (family.parameter_index(name) < 0) {
    std::vector<std::string_view> names;
    for (const auto& p : family.parameters) names.push_back(p.name);
    fail(key, file,
         section + ": model " + std::string(family.name) + " has no parameter '" + name +
             "' (it has: " + join(names) + ")");
  }
  return name;
}

void parse_bounds(RunConfig& c, const sim::ModelFamily& family, const YAML::Node& node,
                  const std::string& file) {
  check_unique_keys(node, file, "bounds");  // keys are checked as parameter names below
  for (const auto& kv : node) {
    const auto name = parameter_key(family, kv.first, file, "bounds");
    const auto& v = kv.second;
    const std::string what = "bounds of '" + name + "'";
    if (!v.IsSequence() || v.size() != 2) fail(v, file, what + ": expected [low, high]");
    BoundOverride b{name, yaml::number(v[0], file, what + " low"),
                    yaml::number(v[1], file, what + " high")};
    if (!(b.lower < b.upper))
      fail(kv.first, file,
           what + ": low (" + v[0].Scalar() + ") must be below high (" + v[1].Scalar() + ")");
    c.bounds.push_back(b);
  }
}

void parse_fixed(RunConfig& c, const sim::ModelFamily& family, const YAML::Node& node,
                 const std::string& file) {
  check_unique_keys(node, file, "fixed");
  for (const auto& kv : node) {
    const auto name = parameter_key(family, kv.first, file, "fixed");
    for (const auto& b : c.bounds)
      if (b.parameter == name)
        fail(kv.first, file, "fixed: '" + name + "' also has bounds; give one or the other");
    c.fixed.push_back({name, yaml::number(kv.second, file, "fixed value of '" + name + "'")});
  }
  if (static_cast<int>(c.fixed.size()) == family.n_params())
    fail(node, file, "fixed: every parameter is fixed, nothing is left to fit");
}

void parse_fit(RunConfig& c, const YAML::Node& root, const std::string& file) {
  const auto m = root["model"];
  c.model = yaml::text(m, file, "model");
  const sim::ModelFamily* family = nullptr;
  try {
    family = &sim::find_family(c.model);
  } catch (const InputError& e) {
    fail(m, file, e.message(), "model");
  }
  if (root["protocol"]) parse_protocol_key(c, root["protocol"], file);
  parse_cell(c, root, file);
  if (root["features"]) parse_features(c, root["features"], file);
  if (root["bounds"]) parse_bounds(c, *family, root["bounds"], file);
  if (root["fixed"]) parse_fixed(c, *family, root["fixed"], file);
}

// `base` with the keys given in `node` changed.
AlgorithmConfig parse_algorithm(const YAML::Node& node, const std::string& file,
                                const AlgorithmConfig& base = {}) {
  check_map(node, file, "algorithm",
            {"name", "population", "eta_c", "eta_m", "p_crossover", "p_mutation", "kappa", "memory",
             "p_max"});
  AlgorithmConfig a = base;
  auto& s = a.ga;
  if (node["name"]) {
    a.name = yaml::text(node["name"], file, "algorithm name");
    const auto known = evo::algorithm_names();
    if (std::find(known.begin(), known.end(), a.name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(node["name"], file, "unknown algorithm '" + a.name + "' (known: " + list + ")");
    }
  }
  // Each setting applies to the algorithms named with it.
  const auto only_for = [&](const char* key, std::initializer_list<const char*> names) {
    if (!node[key]) return false;
    for (const char* n : names)
      if (a.name == n) return true;
    std::string list;
    for (const char* n : names) list += (list.empty() ? "" : " and ") + std::string(n);
    fail(node[key], file, std::string(key) + " applies to " + list + " only");
  };
  if (only_for("kappa", {"ibea"})) a.kappa = number_in(node["kappa"], file, "kappa", 1e-6, 1e6);
  if (only_for("memory", {"shade"}))
    a.memory = static_cast<int>(integer_at_least(node["memory"], file, "memory", 1));
  if (only_for("p_max", {"shade"})) a.p_max = number_in(node["p_max"], file, "p_max", 1e-6, 1);
  if (node["population"])
    s.population = integer_at_least(node["population"], file, "population", 2);
  const double big = 1e6;
  if (only_for("eta_c", {"ibea", "nsga2"}))
    s.eta_c = number_in(node["eta_c"], file, "eta_c", 0, big);
  if (only_for("eta_m", {"ibea", "nsga2"}))
    s.eta_m = number_in(node["eta_m"], file, "eta_m", 0, big);
  if (only_for("p_crossover", {"ibea", "nsga2"}))
    s.p_crossover = number_in(node["p_crossover"], file, "p_crossover", 0, 1);
  if (only_for("p_mutation", {"ibea", "nsga2"})) {
    const auto pm = node["p_mutation"];
    if (pm.IsScalar() && pm.Scalar() == "auto")
      s.p_mutation = -1;
    else if (pm.IsScalar() && !YAML::convert<double>::decode(pm, s.p_mutation))
      fail(pm, file,
           "p_mutation: expected a number in [0, 1] or 'auto', got '" + pm.Scalar() + "'");
    else
      s.p_mutation = number_in(pm, file, "p_mutation", 0, 1);
  }
  return a;
}

// `islands: N` or `islands: {count: N, algorithms: [{overrides of algorithm}, ...]}`.
void parse_islands(RunConfig& c, const YAML::Node& node, const std::string& file) {
  if (node.IsScalar()) {
    c.islands = integer_at_least(node, file, "islands", 1);
    return;
  }
  check_map(node, file, "islands", {"count", "algorithms"});
  if (node["count"]) c.islands = integer_at_least(node["count"], file, "islands count", 1);
  if (const auto list = node["algorithms"]) {
    if (!list.IsSequence() || list.size() == 0)
      fail(list, file,
           "islands algorithms: expected a list of per-island changes to 'algorithm', e.g. "
           "[{eta_m: 10}, {eta_m: 40}]");
    for (const auto& item : list)
      c.island_algorithms.push_back(parse_algorithm(item, file, c.algorithm));
  }
}

void parse_migration(RunConfig& c, const YAML::Node& node, const std::string& file) {
  check_map(node, file, "migration", {"interval", "emigrants", "topology", "degree", "replace"});
  auto& m = c.migration;
  if (node["interval"])
    m.interval =
        static_cast<std::uint64_t>(integer_at_least(node["interval"], file, "interval", 0));
  if (node["emigrants"]) m.emigrants = integer_at_least(node["emigrants"], file, "emigrants", 0);
  if (node["degree"]) m.degree = integer_at_least(node["degree"], file, "degree", 1);
  try {
    if (node["topology"])
      m.topology = island::topology_from(yaml::text(node["topology"], file, "topology"));
  } catch (const std::invalid_argument& e) {
    fail(node["topology"], file, std::string("migration: ") + e.what());
  }
  try {
    if (node["replace"])
      m.replacement = island::replacement_from(yaml::text(node["replace"], file, "replace"));
  } catch (const std::invalid_argument& e) {
    fail(node["replace"], file, std::string("migration: ") + e.what());
  }
  if (node["degree"] && m.topology != island::Topology::random)
    fail(node["degree"], file, "migration: degree applies to the random topology only");
}

// The island model's own checks (island::ArchipelagoSettings::validate), reported at the
// config's nodes. Without `islands` the count comes from the ranks: checked for as many islands
// as a random topology's degree needs, and again when the run starts.
void check_islands(const RunConfig& c, const YAML::Node& root, const std::string& file) {
  const long ranks = c.islands > 0 ? 1 : std::max<long>(2, c.migration.degree + 1);
  try {
    c.archipelago(ranks).validate();
  } catch (const std::invalid_argument& e) {
    fail(root["migration"] ? root["migration"] : root, file, e.what());
  }
}

RunConfig parse_root(const YAML::Node& root, const std::string& text, const std::string& file) {
  if (!root.IsMap()) fail(root, file, "run config: expected a mapping of keys to values");
  check_map(root, file, "the run config",
            {"model", "problem", "protocol", "cell_type", "observations", "features", "bounds",
             "fixed", "algorithm", "islands", "migration", "gather_every", "hypervolume_every",
             "checkpoint", "generations", "archive_size", "seed", "output"});
  RunConfig c;
  c.file = file;
  c.text = text;
  if (root["model"] && root["problem"])
    fail(key_of(root, "problem"), file, "give either 'model' or 'problem', not both");
  if (root["model"]) {
    parse_fit(c, root, file);
  } else if (root["problem"]) {
    c.problem = parse_problem(root["problem"], file);
    for (auto key : {"protocol", "cell_type", "observations", "features", "bounds", "fixed"})
      if (root[key])
        fail(key_of(root, key), file,
             std::string("'") + key + "' belongs to a model fit, not to a test problem");
  } else {
    fail(root, file,
         "missing required key 'model' (" + join([] {
           std::vector<std::string_view> n;
           for (const auto& f : sim::families()) n.push_back(f.name);
           return n;
         }()) +
             ") or 'problem' (a test problem)");
  }
  if (root["algorithm"]) c.algorithm = parse_algorithm(root["algorithm"], file);
  if (root["islands"]) parse_islands(c, root["islands"], file);
  if (root["migration"]) parse_migration(c, root["migration"], file);
  // Gathering synchronises every rank with rank 0: by default only as often as migration does.
  c.gather_every = c.migration.interval > 0 ? c.migration.interval : c.gather_every;
  if (root["gather_every"])
    c.gather_every =
        static_cast<std::uint64_t>(integer_at_least(root["gather_every"], file, "gather_every", 1));
  check_islands(c, root, file);
  if (root["hypervolume_every"])
    c.hypervolume_every = static_cast<std::uint64_t>(
        integer_at_least(root["hypervolume_every"], file, "hypervolume_every", 1));
  if (const auto cp = root["checkpoint"]) {
    check_map(cp, file, "checkpoint", {"every", "keep"});
    if (cp["every"])
      c.checkpoint_every =
          static_cast<std::uint64_t>(integer_at_least(cp["every"], file, "checkpoint every", 0));
    if (cp["keep"]) c.checkpoint_keep = integer_at_least(cp["keep"], file, "checkpoint keep", 1);
  }
  if (!root["generations"])
    fail(root, file, "missing required key 'generations' (the number of generations to run)");
  c.generations =
      static_cast<std::uint64_t>(integer_at_least(root["generations"], file, "generations", 0));
  if (root["archive_size"])
    c.archive_size = integer_at_least(root["archive_size"], file, "archive_size", 0);
  if (root["seed"])
    c.seed = static_cast<std::uint64_t>(integer_at_least(root["seed"], file, "seed", 0));
  if (root["output"]) {
    c.output = yaml::text(root["output"], file, "output");
    if (c.output.empty()) fail(root["output"], file, "output: expected a folder name");
  } else {
    c.output = fs::path("results") / fs::path(file).stem();
  }
  return c;
}

}  // namespace

void RunConfig::model_bounds(Eigen::VectorXd& lower, Eigen::VectorXd& upper) const {
  const auto& family = sim::find_family(model);
  lower = family.lower_bounds();
  upper = family.upper_bounds();
  for (const auto& b : bounds) {
    const int i = family.parameter_index(b.parameter);
    lower[i] = b.lower;
    upper[i] = b.upper;
  }
  for (const auto& f : fixed) {
    const int i = family.parameter_index(f.parameter);
    lower[i] = upper[i] = f.value;
  }
}

island::ArchipelagoSettings RunConfig::archipelago(long ranks) const {
  island::ArchipelagoSettings s;
  const long n = island_count(ranks);
  for (long i = 0; i < n; ++i)
    s.islands.push_back(
        island_algorithms.empty()
            ? algorithm
            : island_algorithms[static_cast<std::size_t>(i) % island_algorithms.size()]);
  s.migration = migration;
  s.gather_every = gather_every;
  return s;
}

RunConfig parse_run_config(const std::string& text, const std::string& file) {
  const YAML::Node root = yaml::load_text(text, file);
  try {
    return parse_root(root, text, file);
  } catch (const YAML::Exception& e) {  // a conversion the checks above did not foresee
    throw InputError(location(file, e.mark.line, e.mark.column), e.msg);
  }
}

RunConfig load_run_config(const std::string& file) {
  return parse_run_config(yaml::read_text_file(file, "run config file"), file);
}

}  // namespace neurofit::io

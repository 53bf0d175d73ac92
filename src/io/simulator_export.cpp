// The member and its sweeps, shared by the Brian2 and NEURON exports (simulator_export.hpp).
#include "neurofit/io/simulator_export.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "neurofit/io/csv.hpp"
#include "simulator_forms.hpp"

namespace neurofit::io {

namespace {

ephys::Protocol protocol_of(const StoredResult& r, const std::string& source) {
  if (r.data.protocol_definition.empty()) return ephys::ne8_protocol();  // files from before
  YAML::Node node;
  try {
    node = YAML::Load(r.data.protocol_definition);
  } catch (const YAML::Exception& e) {
    throw InputError(source, "its protocol definition does not parse: " + e.msg);
  }
  return fit::parse_protocol(node, source + " (protocol_definition)");
}

// The sweeps of `p` for a model with this rheobase [pA] (NaN: none); notes say what is left out.
std::vector<ExportSweep> sweeps_of(const ephys::Protocol& p, double rheobase,
                                   std::vector<std::string>& notes) {
  std::vector<ExportSweep> out;
  if (p.needs_passive())
    out.push_back(
        {"passive",
         ephys::ne8_passive_duration,
         {{ephys::ne8_passive_current, ephys::ne8_passive_start, ephys::ne8_passive_end}}});
  const bool has_rheobase = std::isfinite(rheobase);
  if (p.needs_rheobase() && !has_rheobase)
    notes.push_back("the model has no rheobase (not viable): sweeps at rheobase left out");
  if (p.needs_rheobase() && has_rheobase)
    out.push_back({"rheobase",
                   rheobase_sweep_duration,
                   {{rheobase, ephys::ne8_step_start, ephys::ne8_step_end}}});
  for (const auto& s : p.sweeps) {
    ExportSweep e{s.name, s.duration, {}};
    bool ok = true;
    for (const auto& st : s.steps) {
      ok = ok && (!st.of_rheobase || has_rheobase);
      e.steps.push_back(
          {st.of_rheobase ? st.amplitude * rheobase : st.amplitude, st.start, st.end});
    }
    if (ok) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::string simulator_form_missing(const std::string& model) {
  if (model.empty()) return "a test-problem result has no neuron model to export";
  return find_simulator_form(model) ? "" : "model '" + model + "' has no Brian2 or NEURON form";
}

ExportedModel exported_model(const StoredResult& r, Eigen::Index member, const std::string& id,
                             const std::string& about, const std::string& source) {
  if (auto why = simulator_form_missing(r.data.model); !why.empty()) throw InputError(source, why);
  if (member < 0 || member >= r.size())
    throw InputError(source, "no archive member " + std::to_string(member + 1));
  ExportedModel m;
  m.model = r.data.model;
  m.id = id;
  m.about = about;
  m.dt = ephys::Ne8Settings{}.dt;  // every fit runs at the protocols' default step
  m.names = r.data.parameter_names;
  m.units = r.data.parameter_units;
  for (std::size_t i = 0; i < m.names.size(); ++i) {
    const double x = r.data.parameters(static_cast<Eigen::Index>(i), member);
    if (!std::isfinite(x))
      throw InputError(source, "archive member " + std::to_string(member + 1) + ": parameter '" +
                                   m.names[i] + "' is " + format_number(x));
    m.values.push_back(x);
  }
  check_parameters(*find_simulator_form(m.model), m, source);
  const Eigen::Index row = r.feature_row("rheobase");
  const double rheobase = row >= 0 ? r.data.features(row, member) : NAN;
  m.sweeps = sweeps_of(protocol_of(r, source), rheobase, m.notes);
  return m;
}

}  // namespace neurofit::io

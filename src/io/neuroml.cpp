#include "neurofit/io/neuroml.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string_view>
#include <vector>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/io/simulator_export.hpp"

namespace neurofit::io {

namespace {

// One attribute of a NeuroML cell: the model parameter it takes its value from, in that
// parameter's unit (as the result file stores it) and under NeuroML's name for the same unit.
// A constant has no parameter: `unit` is then its whole text.
struct Attribute {
  std::string_view name, parameter, model_unit, unit;
};

struct CellForm {
  std::string_view model, element;
  std::vector<Attribute> attributes;  // in the schema's order
  std::string_view fidelity;          // how exactly the NeuroML cell reproduces the model
};

// Checked against the NeuroML 2 core types (Cells.xml, NeuroML_v2.3.xsd) and units
// (NeuroMLCoreDimensions.xml): every unit here has the model unit's scale.
const std::vector<CellForm>& cell_forms() {
  static const std::vector<CellForm> forms{
      {"izhikevich2007",
       "izhikevich2007Cell",
       {{"C", "C", "pF", "pF"},
        {"v0", "vr", "mV", "mV"},  // neurofit's rest state: v = vr, u = 0
        {"k", "k", "nS/mV", "nS_per_mV"},
        {"vr", "vr", "mV", "mV"},
        {"vt", "vt", "mV", "mV"},
        {"vpeak", "vpeak", "mV", "mV"},
        {"a", "a", "1/ms", "per_ms"},
        {"b", "b", "nS", "nS"},
        {"c", "c", "mV", "mV"},
        {"d", "d", "pA", "pA"}},
       "Exact: izhikevich2007Cell has neurofit's equations, spike cut-off (vpeak), reset (c, d) "
       "and rest state (v0 = vr, u = 0)."},
      {"adex",
       "adExIaFCell",
       {{"C", "C", "pF", "pF"},
        {"gL", "gL", "nS", "nS"},
        {"EL", "EL", "mV", "mV"},
        {"reset", "V_reset", "mV", "mV"},
        {"VT", "VT", "mV", "mV"},
        {"thresh", "V_peak", "mV", "mV"},
        {"delT", "DeltaT", "mV", "mV"},
        {"tauw", "tau_w", "ms", "ms"},
        {"refract", "", "", "0ms"},  // neurofit's AdEx has no refractory period
        {"a", "a", "nS", "nS"},
        {"b", "b", "pA", "pA"}},
       "Not exact in one detail: adExIaFCell has neurofit's AdEx equations, rest state (V = EL, "
       "w = 0) and reset, with thresh = V_peak (the spike cut-off) and refract = 0 ms (neurofit's "
       "AdEx has no refractory period), but after each spike its refractory regime may hold V at "
       "reset for one integration step, where neurofit integrates on at once."},
      {"lif",
       "iafRefCell",
       {{"C", "C", "pF", "pF"},
        {"leakConductance", "gL", "nS", "nS"},
        {"leakReversal", "EL", "mV", "mV"},
        {"thresh", "V_th", "mV", "mV"},
        {"reset", "V_reset", "mV", "mV"},
        {"refract", "t_ref", "ms", "ms"}},
       "Not exact at the start: iafRefCell has neurofit's LIF equation, threshold, reset and "
       "refractory period (which neurofit rounds to whole time steps), but it starts at "
       "V = reset, not at rest (EL) as neurofit does, so V relaxes from V_reset towards EL with "
       "the membrane time constant C/gL before the step."},
  };
  return forms;
}

const CellForm* find_form(const std::string& model) {
  for (const auto& f : cell_forms())
    if (f.model == model) return &f;
  return nullptr;
}

// A number as NeuroML's quantity pattern accepts it (no '+' in the exponent).
std::string quantity_number(double x) {
  std::string s = format_number(x);
  if (const auto e = s.find("e+"); e != std::string::npos) s.erase(e + 1, 1);
  return s;
}

// Text safe inside an XML comment: no "--", no '-' at the end.
std::string comment_text(std::string s) {
  for (auto p = s.find("--"); p != std::string::npos; p = s.find("--", p)) s.replace(p, 2, "- -");
  if (!s.empty() && s.back() == '-') s += ' ';
  return s;
}

double parameter_value(const StoredResult& r, Eigen::Index member, const Attribute& a,
                       const std::string& source) {
  const auto& names = r.data.parameter_names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != a.parameter) continue;
    if (r.data.parameter_units[i] != a.model_unit)
      throw InputError(source, "parameter '" + names[i] + "' is in '" + r.data.parameter_units[i] +
                                   "', NeuroML export expects '" + std::string(a.model_unit) + "'");
    const double x = r.data.parameters(static_cast<Eigen::Index>(i), member);
    if (!std::isfinite(x))
      throw InputError(source, "archive member " + std::to_string(member + 1) + ": parameter '" +
                                   names[i] + "' is " + format_number(x));
    return x;
  }
  throw InputError(source, "no parameter '" + std::string(a.parameter) + "', which " +
                               std::string(a.name) + " of a NeuroML " + r.data.model +
                               " cell needs");
}

std::string cell_document(const CellForm& form, const std::string& id, const std::string& attrs,
                          const std::string& about, const std::string& fidelity) {
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<neuroml xmlns=\"http://www.neuroml.org/schema/neuroml2\"\n"
    << "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
    << "         xsi:schemaLocation=\"http://www.neuroml.org/schema/neuroml2 "
       "https://raw.github.com/NeuroML/NeuroML2/development/Schemas/NeuroML2/NeuroML_v2.3.xsd\"\n"
    << "         id=\"" << id << "_cell\">\n"
    << "  <!-- " << comment_text(about) << " -->\n"
    << "  <!-- " << comment_text(fidelity) << " -->\n"
    << "  <" << form.element << " id=\"" << id << "\"" << attrs << "/>\n"
    << "</neuroml>\n";
  return x.str();
}

std::string lems_document(const NeuromlFiles& f, const std::string& amplitude,
                          const std::string& notes) {
  const std::string& id = f.id;
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<Lems>\n"
    << "  <!-- " << notes << " -->\n"
    << "  <Target component=\"sim_" << id << "\"/>\n"
    << "  <Include file=\"Cells.xml\"/>\n"
    << "  <Include file=\"Networks.xml\"/>\n"
    << "  <Include file=\"Simulation.xml\"/>\n"
    << "  <Include file=\"" << f.cell_file << "\"/>\n"
    << "  <pulseGenerator id=\"step_" << id << "\" delay=\""
    << quantity_number(ephys::ne8_step_start) << "ms\" duration=\""
    << quantity_number(ephys::ne8_step_end - ephys::ne8_step_start) << "ms\" amplitude=\""
    << amplitude << "\"/>\n"
    << "  <network id=\"net_" << id << "\">\n"
    << "    <population id=\"pop_" << id << "\" component=\"" << id << "\" size=\"1\"/>\n"
    << "    <explicitInput target=\"pop_" << id << "[0]\" input=\"step_" << id << "\"/>\n"
    << "  </network>\n"
    << "  <Simulation id=\"sim_" << id << "\" length=\"" << quantity_number(rheobase_sweep_duration)
    << "ms\" step=\"0.025ms\" target=\"net_" << id << "\">\n"
    << "    <OutputFile id=\"v_" << id << "\" fileName=\"" << id << ".v.dat\">\n"
    << "      <OutputColumn id=\"v\" quantity=\"pop_" << id << "[0]/v\"/>\n"
    << "    </OutputFile>\n"
    << "  </Simulation>\n"
    << "</Lems>\n";
  return x.str();
}

}  // namespace

std::string neuroml_cell_type(const std::string& model) {
  const CellForm* f = find_form(model);
  return f ? std::string(f->element) : std::string();
}

std::string neuroml_id(const std::string& text) {
  std::string id;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    id += ok ? c : '_';
  }
  // An id starts with a letter or '_' (built anew: GCC 12 warns falsely on insert at 0).
  if (id.empty() || (id[0] >= '0' && id[0] <= '9')) return std::string(1, '_') + id;
  return id;
}

NeuromlFiles neuroml_files(const StoredResult& r, Eigen::Index member, const std::string& id,
                           const std::string& provenance, const std::string& source) {
  const CellForm* form = find_form(r.data.model);
  if (!form)
    throw InputError(source, r.data.model.empty()
                                 ? "a test-problem result has no neuron model to export"
                                 : "model '" + r.data.model + "' has no NeuroML 2 form");
  if (member < 0 || member >= r.size())
    throw InputError(source, "no archive member " + std::to_string(member + 1));

  std::string attrs;
  for (const auto& a : form->attributes) {
    attrs += "\n      " + std::string(a.name) + "=\"";
    attrs += a.parameter.empty()
                 ? std::string(a.unit)
                 : quantity_number(parameter_value(r, member, a, source)) + std::string(a.unit);
    attrs += '"';
  }
  std::string fidelity(form->fidelity);
  if (form->model == "lif") {  // how long the start-up transient lasts for this model
    const double tau = parameter_value(r, member, {"C", "C", "pF", ""}, source) /
                       parameter_value(r, member, {"gL", "gL", "nS", ""}, source);
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", tau);
    fidelity += std::string(" Here C/gL = ") + text + " ms.";
  }

  const Eigen::Index row = r.feature_row("rheobase");
  const double rheobase = row >= 0 ? r.data.features(row, member) : NAN;
  const bool has_rheobase = std::isfinite(rheobase);
  const std::string amplitude = (has_rheobase ? quantity_number(rheobase) : "0") + "pA";

  NeuromlFiles f;
  f.id = id;
  f.cell_file = id + ".cell.nml";
  f.lems_file = "LEMS_" + id + ".xml";
  const std::string about =
      "neurofit: " + r.data.model + " fitted to " + r.data.cell_type + "; " + provenance + ".";
  f.cell_xml = cell_document(*form, id, attrs, about, fidelity);
  const std::string step = has_rheobase
                               ? "a step at the model's rheobase (" + amplitude + ") from " +
                                     quantity_number(ephys::ne8_step_start) + " ms for " +
                                     quantity_number(ephys::ne8_step_end - ephys::ne8_step_start) +
                                     " ms, as in ne8 S2"
                               : "no rheobase (the model is not viable): a step of 0 pA";
  f.lems_xml = lems_document(f, amplitude,
                             comment_text("neurofit: " + id + " (" + f.cell_file + ") under " +
                                          step + "; V is saved to " + id + ".v.dat. Run: jnml " +
                                          f.lems_file + " (or jnml " + f.lems_file + " -neuron)"));
  return f;
}

}  // namespace neurofit::io

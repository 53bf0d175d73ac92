#pragma once
// Internal to the Brian2 and NEURON exports: each model family's equations in the two simulators'
// languages, and the Python both scripts share (options, sweeps as currents per Euler step, files).
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "neurofit/io/simulator_export.hpp"

namespace neurofit::io {

struct SimulatorForm {
  std::string_view model;
  // Brian2: equations (without the line defining I, the injected current), threshold, reset,
  // and Python statements setting `group` to the rest state from the quantities in `ns`.
  std::string_view brian2_equations, brian2_threshold, brian2_reset, brian2_rest;
  bool refractory = false;     // t_ref, held for round(t_ref/dt) whole steps as neurofit does
  std::string_view mechanism;  // NEURON point process (in <mechanism>.mod) and its NMODL text
  std::string_view nmodl;
};

const SimulatorForm* find_simulator_form(std::string_view model);

// The .mod file of the form's point process.
std::string nmodl_text(const SimulatorForm& form);

// Puts m's parameters in the family's order and checks their units; InputError naming `source`.
void check_parameters(const SimulatorForm& form, ExportedModel& m, const std::string& source);

// Python: the header both scripts start with (docstring from `doc`), the model's PARAMETERS,
// UNITS-free SWEEPS and DT_MS, and the helpers for options, currents and output files.
std::string python_preamble(const ExportedModel& m, const std::string& doc);
std::string python_helpers();

// `text` with every "@KEY@" replaced by its value.
std::string fill(std::string text,
                 std::initializer_list<std::pair<std::string_view, std::string>> values);

}  // namespace neurofit::io

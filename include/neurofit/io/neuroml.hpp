#pragma once
// NeuroML 2 forms of fitted models, to run them in jNeuroML, NEURON (jnml -neuron) and others:
//   izhikevich2007 -> izhikevich2007Cell  exact
//   adex           -> adExIaFCell         refract 0 ms; may hold V at reset one step per spike
//   lif            -> iafRefCell          starts at V = reset instead of EL
// A model gives two files: <id>.cell.nml with the cell, and LEMS_<id>.xml, which includes it and
// simulates a network of one such cell under the current step of the ne8 protocol's S2 at the
// model's rheobase (100 to 1100 ms, of 1200 ms, dt 0.025 ms), saving V to <id>.v.dat.
// Values are written in the model's own units under NeuroML's unit names (pF, nS, mV, ms, pA,
// per_ms, nS_per_mV), so no conversion changes a digit.
#include <string>

#include <Eigen/Core>

#include "neurofit/io/result_reader.hpp"

namespace neurofit::io {

struct NeuromlFiles {
  std::string id;                   // the cell's NeuroML id; the files' names derive from it
  std::string cell_file, cell_xml;  // "<id>.cell.nml" and its text
  std::string lems_file, lems_xml;  // "LEMS_<id>.xml" and its text
};

// The NeuroML 2 core cell type of a model family; "" when it has none.
std::string neuroml_cell_type(const std::string& model);

// `text` as a NeuroML id ([A-Za-z_][A-Za-z0-9_]*): other characters become '_'.
std::string neuroml_id(const std::string& text);

// The files of archive member `member` (0-based) with the given id; `provenance` (the result
// file, the member's rank and scores) goes into a comment of each file. InputError naming
// `source` when the model family has no NeuroML form, the result lacks a parameter it needs (or
// has it in another unit), or a value is not finite.
NeuromlFiles neuroml_files(const StoredResult& result, Eigen::Index member, const std::string& id,
                           const std::string& provenance, const std::string& source);

}  // namespace neurofit::io

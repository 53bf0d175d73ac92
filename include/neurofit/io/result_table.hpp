#pragma once
// The archive of a result file as a CSV table, one row per member in a given order:
//   rank (1 = first in the order), member (1-based index in the archive),
//   each parameter as name_unit (C_pF, k_nS_per_mV, a_per_ms; the name alone without a unit),
//   each feature as name_unit (rheobase_pA, input_resistance_MOhm, ...),
//   each objective (z_<feature> for fits, its own name for test problems).
// Numbers are written in the shortest form that reads back to the same double; NaN as "nan".
#include <ostream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/io/result_reader.hpp"

namespace neurofit::io {

// "C" + "pF" -> "C_pF"; "/" becomes "per" ("nS/mV" -> "nS_per_mV", "1/ms" -> "per_ms").
std::string column_name(const std::string& name, const std::string& unit);

// Throws std::invalid_argument for a member outside the archive.
void write_result_csv(std::ostream& out, const StoredResult& result,
                      const std::vector<Eigen::Index>& members);

}  // namespace neurofit::io

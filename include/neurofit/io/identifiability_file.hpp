#pragma once
// The /identifiability group of a result file (fit/identifiability.hpp), written at the end of a
// fit:
//   attributes: description, best_member (1-based), within_1sd, within_2sd, step,
//     determined_sd, weakly_determined_sd, singular_values (descending)
//   parameters   one row per searched parameter (attribute rows: their names; verdicts: one
//                text each): spread_1sd, spread_2sd, local_sd, weakest_direction
//   sensitivity  features x parameters: d(signed z) / d(fraction of the search range); attributes
//                rows (features), columns (parameters)
#include <hdf5.h>

#include <optional>

#include "neurofit/fit/identifiability.hpp"

namespace neurofit::io {

void write_identifiability(hid_t file, const fit::Identifiability& r);
// The group's contents; nullopt when the file has none. std::runtime_error when damaged.
std::optional<fit::Identifiability> read_identifiability(hid_t file);

}  // namespace neurofit::io

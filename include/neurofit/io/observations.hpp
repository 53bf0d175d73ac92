#pragma once
// Observations for a fit (README "Protocols"): published summaries, as the cell-type files give
// them (`properties: {feature: {mean, sd, n}}`), and recorded traces whose features are read as
// the protocol reads a model's sweep, by the same extraction:
//   traces: [{file, sweep, stim_start, stim_end}]   (sweep: a sweep of the protocol; optional
//                                                     when it has one; the window: the sweep's)
//   sd: {relative: 0.1, FEATURE: value}              (for a feature read from one recording)
// Several recordings of a sweep give each feature's mean and sample sd; one recording (or
// recordings that agree exactly) takes the sd given for that feature, else relative x |mean|.
#include <filesystem>
#include <string>

#include "neurofit/ephys/protocol.hpp"
#include "neurofit/fit/cell_type.hpp"

namespace YAML {
class Node;
}

namespace neurofit::io {

inline constexpr double default_relative_sd = 0.1;

// `file` names the source in errors; trace files are found relative to its folder. Throws
// InputError naming file:line:col (or the trace file and line) for bad input.
fit::CellType parse_observations(const YAML::Node& node, const std::string& file,
                                 const ephys::Protocol& protocol);
fit::CellType load_observations(const std::filesystem::path& file, const ephys::Protocol& protocol);

}  // namespace neurofit::io

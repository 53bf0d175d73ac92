#pragma once
// Protocols from YAML (config/protocols/<name>.yaml, or inline under `protocol:` in a run config);
// the format is in the README, "Protocols".
#include <filesystem>
#include <string>
#include <vector>

#include "neurofit/ephys/protocol.hpp"

namespace YAML {
class Node;
}

namespace neurofit::fit {

// Parses a protocol; `file` names the source in errors (file:line:col). Throws InputError for an
// unknown key, feature or statistic, a per-spike feature without a statistic, a sweep of zero
// length, a stimulus window outside its sweep, an amplitude relative to rheobase without the
// rheobase search, an f-I slope without two sweeps to fit.
ephys::Protocol parse_protocol(const YAML::Node& node, const std::string& file);
ephys::Protocol load_protocol(const std::filesystem::path& file);

// The protocol in the form parse_protocol reads, every setting spelled out: what a result file
// stores, and what a resume compares (a changed protocol file changes it).
std::string protocol_yaml(const ephys::Protocol& protocol);

// Folders searched for <name>.yaml: $NEUROFIT_PROTOCOLS (colon-separated), then the project's
// config/protocols.
std::vector<std::filesystem::path> protocol_dirs();
std::vector<std::string> known_protocols();
// A protocol by name (a file in protocol_dirs()) or by path (a name ending in .yaml); InputError
// naming the known protocols otherwise.
ephys::Protocol find_protocol(const std::string& name_or_file);

}  // namespace neurofit::fit

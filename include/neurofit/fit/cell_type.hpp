#pragma once
// Observations of a real cell type: the published mean, sd and n of each measured property,
// as in config/celltypes/<name>.yaml (NeuroElectro summaries).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "neurofit/ephys/protocol.hpp"

namespace YAML {
class Node;
}

namespace neurofit::fit {

struct Observation {
  std::string feature;  // e.g. "input_resistance"
  double mean = 0;
  double sd = 0;  // > 0
  int n = 0;      // number of published reports pooled (0 when unknown)
  std::string unit;
};

struct CellType {
  std::string name;
  std::string description;
  std::string neuroelectro_id;
  std::string source;
  std::vector<Observation> observations;  // in the order of the file

  const Observation* find(const std::string& feature) const;
};

// Parses a cell type from YAML: {name, description?, neuroelectro_id?, source?, properties:
// {feature: {mean, sd, n?, unit?}}}. `file` names the source in errors (file:line:col).
// Features must be features of `protocol` (ne8 by default) with its unit; throws InputError
// otherwise.
CellType parse_cell_type(const YAML::Node& node, const std::string& file,
                         const ephys::Protocol& protocol = ephys::ne8_protocol());
CellType load_cell_type(const std::filesystem::path& file,
                        const ephys::Protocol& protocol = ephys::ne8_protocol());

// Folders searched for <name>.yaml: $NEUROFIT_CELLTYPES (colon-separated), then the project's
// config/celltypes.
std::vector<std::filesystem::path> cell_type_dirs();
// Throws InputError naming the known cell types when `name` is not found.
CellType find_cell_type(const std::string& name,
                        const ephys::Protocol& protocol = ephys::ne8_protocol());
std::vector<std::string> known_cell_types();

}  // namespace neurofit::fit

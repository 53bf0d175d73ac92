#pragma once
// Where named config files (cell types, protocols) are found: the folders of an environment
// variable (colon-separated), then <subfolder> of the installed program's share/neurofit/config
// (cmake --install, the .deb), or of the project's config/ for a program in a build tree.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace neurofit::fit {

std::vector<std::filesystem::path> config_dirs(const char* env_var, const std::string& subfolder);
// The stems of the .yaml files in `dirs`, sorted, each once.
std::vector<std::string> yaml_names(const std::vector<std::filesystem::path>& dirs);
// The first <name>.yaml in `dirs`.
std::optional<std::filesystem::path> find_yaml(const std::vector<std::filesystem::path>& dirs,
                                               const std::string& name);

}  // namespace neurofit::fit

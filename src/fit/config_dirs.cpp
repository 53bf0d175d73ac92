#include "neurofit/fit/config_dirs.hpp"

#include <algorithm>
#include <cstdlib>

namespace neurofit::fit {

namespace fs = std::filesystem;

namespace {

// The installed program's data: <prefix>/share/neurofit/config beside <prefix>/bin/neurofit
// (CMakeLists.txt's install rules); empty when the program does not run from such a place.
fs::path installed_config_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path dir = exe.parent_path().parent_path() / "share" / "neurofit" / "config";
  return fs::is_directory(dir, ec) ? dir : fs::path();
}

}  // namespace

std::vector<fs::path> config_dirs(const char* env_var, const std::string& subfolder) {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv(env_var)) {
    const std::string s = env;
    std::size_t pos = 0;
    while (pos <= s.size()) {
      const auto colon = s.find(':', pos);
      const auto part = s.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
      if (!part.empty()) dirs.emplace_back(part);
      if (colon == std::string::npos) break;
      pos = colon + 1;
    }
  }
  // An installed program reads only its own data, never the source tree it was built from.
  static const fs::path installed = installed_config_dir();
  dirs.emplace_back((installed.empty() ? fs::path(NEUROFIT_CONFIG_DIR) : installed) / subfolder);
  return dirs;
}

std::vector<std::string> yaml_names(const std::vector<fs::path>& dirs) {
  std::vector<std::string> names;
  for (const auto& dir : dirs) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::optional<fs::path> find_yaml(const std::vector<fs::path>& dirs, const std::string& name) {
  for (const auto& dir : dirs)
    if (const auto file = dir / (name + ".yaml"); fs::exists(file)) return file;
  return std::nullopt;
}

}  // namespace neurofit::fit

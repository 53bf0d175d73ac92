#pragma once
// Reading YAML with errors that name file:line:col and what was expected.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "neurofit/errors.hpp"

namespace neurofit::yaml {

// A node's place; a null mark (line -1) leaves line and column unknown.
inline InputWhere where(const YAML::Node& node, const std::string& file) {
  const auto m = node.Mark();
  return location(file, m.line, m.column);
}

// `key`: the config key concerned, when known (kept in the error's place, not its text).
[[noreturn]] inline void fail(const YAML::Node& node, const std::string& file,
                              const std::string& what, const std::string& key = "") {
  InputWhere w = where(node, file);
  w.key = key;
  throw InputError(w, what);
}

inline void require_map(const YAML::Node& node, const std::string& file, const std::string& what) {
  if (!node.IsMap()) fail(node, file, what + ": expected a mapping of keys to values");
}

// Rejects keys of `map` outside `allowed`, naming the first such key where it stands.
inline void check_keys(const YAML::Node& map, const std::string& file, const std::string& context,
                       std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) fail(kv.first, file, "in " + context + ": expected a name as key");
    const auto key = kv.first.Scalar();
    bool ok = false;
    for (auto a : allowed) ok |= (key == a);
    if (!ok) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(kv.first, file,
           "unknown key '" + key + "' in " + context + " (expected one of: " + list + ")", key);
    }
  }
}

inline double number(const YAML::Node& node, const std::string& file, const std::string& what) {
  if (!node.IsScalar()) fail(node, file, what + ": expected a number", what);
  double x = 0;
  if (!YAML::convert<double>::decode(node, x) || !std::isfinite(x))
    fail(node, file, what + ": expected a number, got '" + node.Scalar() + "'", what);
  return x;
}

inline long integer(const YAML::Node& node, const std::string& file, const std::string& what) {
  if (!node.IsScalar()) fail(node, file, what + ": expected an integer", what);
  long x = 0;
  if (!YAML::convert<long>::decode(node, x))
    fail(node, file, what + ": expected an integer, got '" + node.Scalar() + "'", what);
  return x;
}

inline std::string text(const YAML::Node& node, const std::string& file, const std::string& what) {
  if (!node.IsScalar()) fail(node, file, what + ": expected a text value", what);
  return node.Scalar();
}

// Loads a YAML file; a missing file or a syntax error becomes an InputError with its position.
inline YAML::Node load_file(const std::string& file) {
  try {
    return YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw InputError(file, "cannot read the file");
  } catch (const YAML::Exception& e) {
    throw InputError(location(file, e.mark.line, e.mark.column), "YAML syntax error: " + e.msg);
  }
}

// Parses YAML text that came from `file`; a syntax error becomes an InputError with its position.
inline YAML::Node load_text(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(location(file, e.mark.line, e.mark.column), "YAML syntax error: " + e.msg);
  }
}

// The whole text of a file (kept verbatim, e.g. to store a config with its results); an
// unreadable file is the InputError "cannot read the <what>".
inline std::string read_text_file(const std::string& file, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in || std::filesystem::is_directory(file)) throw InputError(file, "cannot read the " + what);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace neurofit::yaml

#pragma once
// Shared by the run-config tests.
#include <string>

#include "neurofit/errors.hpp"
#include "neurofit/io/run_config.hpp"

namespace neurofit::io::testing {

// The message of the InputError that parsing `text` (as "run.yaml") throws, "" when none.
inline std::string run_config_error(const std::string& text) {
  try {
    parse_run_config(text, "run.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace neurofit::io::testing

#include "neurofit/run/fault_injection.hpp"

#include <cstdlib>
#include <string>

#include "neurofit/errors.hpp"

namespace neurofit::run {

void inject_fault(std::string_view point, int rank) {
  const char* spec = std::getenv("NEUROFIT_FAULT");
  if (!spec) return;
  const std::string s = spec;
  const auto a = s.find(':'), b = s.rfind(':');
  if (a == std::string::npos || a == b) return;
  if (s.substr(0, a) != std::to_string(rank) || s.substr(a + 1, b - a - 1) != point) return;
  const std::string what = "fault injected at " + std::string(point) + " (NEUROFIT_FAULT)";
  if (s.substr(b + 1) == "input") throw InputError("", what);
  if (s.substr(b + 1) == "internal") throw InternalError(what);
}

}  // namespace neurofit::run

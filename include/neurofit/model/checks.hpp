#pragma once
// Checks shared by the models' parameter validation.
#include <cmath>
#include <span>
#include <string>

#include "neurofit/model/parameter.hpp"

namespace neurofit::model {

// "" when every parameter is finite, else a message naming the first that is not.
inline std::string check_finite(const double* p, std::span<const ParameterSpec> specs) {
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (!std::isfinite(p[i])) return std::string(specs[i].name) + " must be a finite number";
  return {};
}

}  // namespace neurofit::model

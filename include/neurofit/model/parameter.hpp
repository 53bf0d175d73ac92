#pragma once
// Description of one model parameter: name, unit, reference value and default search bounds.
#include <string_view>

namespace neurofit::model {

struct ParameterSpec {
  std::string_view name;
  std::string_view unit;
  double value;  // a published reference value: what `neurofit simulate` uses unless told
  double lower;  // default search bound, in `unit`
  double upper;
  std::string_view description;
};

}  // namespace neurofit::model

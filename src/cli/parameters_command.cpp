// `neurofit parameters --model M`: the model's parameter table as CSV (name, unit, default search
// bounds, reference value), for scripts that search or sample a model outside neurofit.
#include <iostream>
#include <string>

#include "neurofit/cli/commands.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::cli {

int parameters_command(const ParametersOptions& o) {
  const auto& family = sim::find_family(o.model);
  std::cout << "parameter,unit,lower,upper,reference\n";
  for (const auto& p : family.parameters)
    std::cout << p.name << ',' << p.unit << ',' << io::format_number(p.lower) << ','
              << io::format_number(p.upper) << ',' << io::format_number(p.value) << '\n';
  return exit_ok;
}

}  // namespace neurofit::cli

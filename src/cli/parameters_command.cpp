// `neurofit parameters --model M`: the model's parameter table as CSV (name, unit, default search
// bounds, reference value), for scripts that search or sample a model outside neurofit.
#include <iostream>
#include <memory>
#include <string>

#include "neurofit/cli/commands.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::cli {

void add_parameters_command(CLI::App& app, int& status) {
  auto model = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "parameters", "print a model's parameters: unit, default search bounds, reference value");
  cmd->add_option("--model", *model, "model family (izhikevich2007, adex, lif)")->required();
  cmd->callback([model, &status] {
    const auto& family = sim::find_family(*model);
    std::cout << "parameter,unit,lower,upper,reference\n";
    for (const auto& p : family.parameters)
      std::cout << p.name << ',' << p.unit << ',' << io::format_number(p.lower) << ','
                << io::format_number(p.upper) << ',' << io::format_number(p.value) << '\n';
    status = exit_ok;
  });
}

}  // namespace neurofit::cli

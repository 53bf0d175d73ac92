#include "neurofit/cli/app.hpp"

#include <exception>
#include <iostream>
#include <stdexcept>

#include "neurofit/cli/commands.hpp"

namespace neurofit::cli {

void print_bad_input(const std::exception& e) {
  std::cerr << "neurofit: error: " << e.what() << std::endl;
}

int main(int argc, char** argv) {
  CLI::App app{"neurofit: fit reduced neuron models to measured electrophysiology"};
  app.require_subcommand(1);
  int status = exit_ok;
  add_simulate_command(app, status);
  add_evaluate_command(app, status);
  add_recover_command(app, status);
  add_run_command(app, status);
  add_campaign_command(app, status);
  add_inspect_command(app, status);
  add_export_command(app, status);
  add_parameters_command(app, status);
  add_features_command(app, status);
  add_sensitivity_command(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_bad_input(e);
    return exit_bad_input;
  } catch (const std::invalid_argument& e) {
    print_bad_input(e);
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "neurofit: failed: " << e.what() << '\n';
    return exit_failure;
  }
  return status;
}

}  // namespace neurofit::cli

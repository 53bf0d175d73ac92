#pragma once
// Each subcommand registers itself on the top-level CLI11 app; its callback stores the status.
#include <CLI/CLI.hpp>
#include <exception>

namespace neurofit::cli {

// Exit statuses of the neurofit command (documented in the README).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;    // a run-time failure (I/O, MPI)
inline constexpr int exit_bad_input = 2;  // bad command line, config or data file

// The one line of bad input on standard error: "neurofit: error: <what>".
void print_bad_input(const std::exception& e);

void add_simulate_command(CLI::App& app, int& status);
void add_evaluate_command(CLI::App& app, int& status);
void add_recover_command(CLI::App& app, int& status);
void add_run_command(CLI::App& app, int& status);
void add_campaign_command(CLI::App& app, int& status);
void add_inspect_command(CLI::App& app, int& status);
void add_export_command(CLI::App& app, int& status);
void add_parameters_command(CLI::App& app, int& status);
void add_features_command(CLI::App& app, int& status);
void add_sensitivity_command(CLI::App& app, int& status);

}  // namespace neurofit::cli

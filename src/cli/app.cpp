// The `neurofit` command line: every subcommand's options (CLI11), parsing, and the exit status.
// The only file that includes CLI11's header (header-only, slow to compile); what each command
// does is in its own <name>_command.cpp.
#include "neurofit/cli/app.hpp"

#include <exception>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/failure.hpp"
#include "neurofit/errors.hpp"

namespace neurofit::cli {

namespace {

// The check of a --top N: a whole number >= 1.
CLI::Validator top_count() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::size_t used = 0;
        long long n = 0;
        try {
          n = std::stoll(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        return used == text.size() && n >= 1 ? "" : "'" + text + "' is not a whole number >= 1";
      },
      "N >= 1");
}

// A subcommand whose callback runs `command` on the parsed options and keeps its exit status.
template <class Options>
std::pair<CLI::App*, std::shared_ptr<Options>> subcommand(CLI::App& app, int& status,
                                                          const std::string& name,
                                                          const std::string& about,
                                                          int (*command)(const Options&)) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(name, about);
  cmd->callback([o, command, &status] { status = command(*o); });
  return {cmd, o};
}

void add_model_option(CLI::App* cmd, std::string& model) {
  cmd->add_option("--model", model, "model family (izhikevich2007, adex, lif)")->required();
}

void add_protocol_option(CLI::App* cmd, std::string& protocol) {
  cmd->add_option("--protocol", protocol, "protocol: a name of config/protocols or a .yaml file")
      ->capture_default_str();
}

void add_simulate(CLI::App& app, int& status) {
  auto [cmd, o] = subcommand(app, status, "simulate",
                             "simulate one model under current steps; print spike times [ms]",
                             simulate_command);
  add_model_option(cmd, o->model);
  cmd->add_option("--set", o->sets, "NAME=VALUE, a parameter in model units (repeatable)");
  cmd->add_option("--step", o->steps, "AMP_pA:START_ms:END_ms, a current step (repeatable)");
  cmd->add_option("--duration", o->duration, "simulated time [ms]")->required();
  cmd->add_option("--dt", o->dt, "Euler step [ms]")->capture_default_str();
  cmd->add_option("--trace", o->trace, "write the voltage trace to this CSV file");
}

void add_evaluate(CLI::App& app, int& status) {
  auto [cmd, o] =
      subcommand(app, status, "evaluate",
                 "a protocol's features of parameter sets (CSV rows), scored against a cell type",
                 evaluate_command);
  add_model_option(cmd, o->model);
  cmd->add_option("--params", o->params, "CSV file: a header of parameter names, one row per model")
      ->required();
  auto* ct = cmd->add_option("--cell-type", o->cell_type, "a cell type of config/celltypes");
  auto* obs = cmd->add_option("--observations", o->observations,
                              "YAML file of observations (as config/celltypes/*.yaml)");
  add_protocol_option(cmd, o->protocol);
  ct->excludes(obs);
  obs->excludes(ct);
  cmd->add_option("--features", o->features, "score only these features (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--out", o->out, "write the table to this CSV file instead of standard output");
}

void add_recover(CLI::App& app, int& status) {
  auto [cmd, o] = subcommand(
      app, status, "recover",
      "fit a known model to its own features under a protocol and compare (ground-truth recovery)",
      recover_command);
  add_model_option(cmd, o->model);
  auto* set = cmd->add_option("--set", o->sets,
                              "NAME=VALUE, a true parameter (repeatable; others: reference)");
  auto* random =
      cmd->add_option("--random", o->random,
                      "instead: N targets drawn within the default bounds, viable under ne8")
          ->check(CLI::Range(1, 10000))
          ->excludes(set);
  cmd->add_option("--draw-seed", o->draw_seed, "seed of the random targets' draws")
      ->capture_default_str();
  cmd->add_option("--skip", o->skip,
                  "with --random: leave out the first S targets (the same draws; to split a run)")
      ->check(CLI::Range(0, 10000))
      ->needs(random);
  cmd->add_option("--name", o->name, "a label for the printed summary");
  add_protocol_option(cmd, o->protocol);
  cmd->add_option("--algorithm", o->settings.algorithm, "ibea, nsga2 or shade")
      ->capture_default_str();
  cmd->add_option("--population", o->settings.population, "population size")->capture_default_str();
  cmd->add_option("--generations", o->settings.generations, "generations")->capture_default_str();
  cmd->add_option("--seed", o->settings.seed, "random seed")->capture_default_str();
  cmd->add_option("--sd-fraction", o->settings.sd_fraction, "sd of each observation / |mean|")
      ->capture_default_str();
}

void add_run(CLI::App& app, int& status) {
  auto [cmd, o] =
      subcommand(app, status, "run",
                 "optimize a model fit (or a test problem) from a run config; see config/examples",
                 run_command);
  cmd->add_option("config", o->config, "run config (YAML)")->required();
  cmd->add_option("--out", o->out, "output folder (default: the config's 'output')");
  auto* resume = cmd->add_option("--resume", o->resume_file,
                                 "continue from the newest checkpoint (or result.h5) of the output "
                                 "folder, or from FILE")
                     ->expected(0, 1);
  cmd->add_flag("--overwrite", o->overwrite, "start again in a folder that already holds a fit");
  cmd->add_flag("--force", o->force,
                "resume although settings that change the results differ (recorded in the log)");
  cmd->add_flag("--quiet", o->quiet, "no progress lines or bar");
  cmd->add_option("--log-every", o->log_every,
                  "a progress line every N generations (on a terminal a live bar shows the rest)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--bar", o->bar,
                "the live bar also under mpirun/srun (shown by default only on a terminal "
                "without them)");
  cmd->parse_complete_callback([o, resume] { o->resume = resume->count() > 0; });  // before run
}

void add_campaign(CLI::App& app, int& status) {
  auto [cmd, o] =
      subcommand(app, status, "campaign",
                 "fit many cell types with many models (see config/campaigns); rerun to continue",
                 campaign_command);
  cmd->add_option("campaign", o->file, "campaign file (YAML)")->required();
  cmd->add_option("--task", o->task, "run only this task (0-based; for SLURM job arrays)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--resume", o->resume,
                "accepted for symmetry with run: a campaign always continues its tasks");
  cmd->add_flag("--summary-only", o->summary_only,
                "write the summary from the task folders without running anything");
}

void add_inspect(CLI::App& app, int& status) {
  auto [cmd, o] = subcommand(app, status, "inspect",
                             "summarize a result file: the run, the best models and their features",
                             inspect_command);
  cmd->add_option("file", o->file, "result file (result.h5 of `neurofit run`)")->required();
  cmd->add_option("--top", o->top, "how many models to list per ranking (default 5)")
      ->check(top_count());
}

void add_export(CLI::App& app, int& status) {
  auto [cmd, o] = subcommand(
      app, status, "export",
      "write a result's models, best first, as CSV, NeuroML 2 with LEMS, or Brian2 or NEURON "
      "scripts",
      export_command);
  cmd->add_option("file", o->file, "result file (result.h5 of `neurofit run`)")->required();
  auto* nml = cmd->add_option("--neuroml", o->neuroml_dir,
                              "folder for <id>.cell.nml and LEMS_<id>.xml per model");
  auto* csv = cmd->add_option("--csv", o->csv, "CSV file: one row per model");
  auto* brian2 = cmd->add_option("--brian2", o->brian2_dir,
                                 "folder for <id>_brian2.py per model: simulates the fit's sweeps");
  auto* neuron =
      cmd->add_option("--neuron", o->neuron_dir,
                      "folder for <id>_neuron.py per model and the family's NMODL point process");
  const std::vector<CLI::Option*> outputs{nml, csv, brian2, neuron};
  for (auto* a : outputs)
    for (auto* b : outputs)
      if (a != b) a->excludes(b);
  cmd->add_option("--top", o->top, "only the best N by the largest z (default: every model)")
      ->check(top_count());
}

void add_parameters(CLI::App& app, int& status) {
  auto [cmd, o] =
      subcommand(app, status, "parameters",
                 "print a model's parameters: unit, default search bounds, reference value",
                 parameters_command);
  add_model_option(cmd, o->model);
}

void add_features(CLI::App& app, int& status) {
  auto [cmd, o] = subcommand(app, status, "features",
                             "eFEL's features of a voltage trace (t in ms, V in mV; two columns)",
                             features_command);
  cmd->add_option("trace", o->trace, "text file: t [ms] and V [mV], whitespace or commas")
      ->required();
  cmd->add_option("--stim-start", o->stim_start, "stimulus onset [ms]")->required();
  cmd->add_option("--stim-end", o->stim_end, "stimulus end [ms]")->required();
  cmd->add_option("--features", o->names, "only these features (comma-separated eFEL names)")
      ->delimiter(',');
  cmd->add_flag("--json", o->json, "one JSON object: feature -> list of values, as eFEL's");
  auto& s = o->settings;
  cmd->add_option("--interp-step", s.interp_step, "resampling step [ms] (eFEL's interp_step)")
      ->capture_default_str();
  cmd->add_option("--threshold", s.threshold, "spike threshold [mV] (eFEL's Threshold)")
      ->capture_default_str();
  cmd->add_option("--derivative-threshold", s.derivative_threshold,
                  "dV/dt at the AP's beginning [mV/ms] (eFEL's DerivativeThreshold)")
      ->capture_default_str();
  cmd->add_option("--derivative-window", s.derivative_window,
                  "samples dV/dt stays above it (eFEL's DerivativeWindow)")
      ->capture_default_str();
}

void add_sensitivity(CLI::App& app, int& status) {
  auto [cmd, o] =
      subcommand(app, status, "sensitivity",
                 "rank a protocol's features by how much each makes a model identifiable",
                 sensitivity_command);
  add_model_option(cmd, o->model);
  add_protocol_option(cmd, o->protocol);
  cmd->add_option("--samples", o->samples, "random viable parameter sets")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", o->seed, "random seed of the draws")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"neurofit: fit reduced neuron models to measured electrophysiology"};
  app.require_subcommand(1);
  int status = exit_ok;
  for (auto* add : {add_simulate, add_evaluate, add_recover, add_run, add_campaign, add_inspect,
                    add_export, add_parameters, add_features, add_sensitivity})
    add(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {  // a bad command line is bad input
    std::cerr << failure_line(InputError("", e.what())) << std::endl;
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << failure_line(e) << std::endl;
    return exit_status(cause_of(e));
  }
  return status;
}

}  // namespace neurofit::cli

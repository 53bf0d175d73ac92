#pragma once
// A campaign: many fits in one submission, the product of cell types x models x seeds (or an
// explicit task list), each task an ordinary run config with its own output folder.
//   cell_types: [name, ...] | all     (config/celltypes and $NEUROFIT_CELLTYPES)
//   models: [izhikevich2007, {model: adex, fixed: {...}, bounds: {...}}]
//   seeds: [1, 2]                     (default [1])
//   tasks: [{cell_type, model, seed}] (instead of the product; seed defaults to 1)
//   ranks_per_task: 1                 (MPI ranks that run one task together)
//   schedule: dynamic                 (a free group takes the next task, costliest first;
//                                      static: task i on group i mod groups, in order)
//   settings: {...}                   (run config keys shared by every task: algorithm, islands,
//                                      migration, generations, archive_size, checkpoint, ...)
//   output: results/<campaign file stem>
// Errors are InputErrors naming file:line:col of the entry.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "neurofit/io/run_config.hpp"

namespace neurofit::campaign {

struct Task {
  long index = 0;  // in the campaign's order, from 0
  std::string cell_type, model;
  std::uint64_t seed = 1;
  std::string folder;         // its output folder's name under the campaign's output
  io::RunConfig config;       // the task's run config (its text is what checkpoints record)
  std::string label() const;  // "cell type x model, seed s"
};

struct CampaignConfig {
  std::string file;
  std::string text;
  std::vector<std::string> cell_types, models;  // the rows and columns of the summary
  std::vector<std::string> features;  // of the tasks' protocol (shared: settings' `protocol`)
  std::vector<Task> tasks;
  long ranks_per_task = 1;
  bool static_schedule = false;  // `schedule: static`
  std::filesystem::path output;
};

CampaignConfig parse_campaign(const std::string& text, const std::string& file);
CampaignConfig load_campaign(const std::string& file);

}  // namespace neurofit::campaign

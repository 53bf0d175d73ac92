#pragma once
// The answer of a campaign: for each task how close its best compromise model (smallest largest
// z) comes to the cell type, and the fit-ability matrix (cell type x model): the fraction of the
// cell type's features that the pair's best model reproduces within 2 sd.
//   summary.h5: /fitability (cell types x models; NaN where no task finished), attributes
//     cell_types, models; /best_z (cell types x models x the protocol's features: the z of each
//     feature for that pair's best model, NaN where not scored), attribute features; /tasks (one
//     row per task: index, seed, finished, generation, within_1sd, within_2sd, n_features, max_z,
//     sum_z), attributes columns, cell_type, model (per row)
//   summary.csv: one row per task; summary.md: the matrix and each cell type's best model.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/campaign/campaign_config.hpp"

namespace neurofit::campaign {

struct TaskOutcome {
  bool finished = false;         // its result.h5 is there and complete
  std::uint64_t generation = 0;  // reached (0 when not started)
  // Per feature of the campaign's protocol (CampaignConfig::features), NaN where the task does
  // not score it:
  Eigen::VectorXd best_z;        // smallest z over the archive, feature by feature
  Eigen::VectorXd compromise_z;  // z of the best compromise model
  int n_features = 0, within_1sd = 0, within_2sd = 0;
  double max_z = NAN, sum_z = NAN;  // of the best compromise model
};

// Reads <campaign output>/<task folder>/result.h5 (or the newest checkpoint, as unfinished).
TaskOutcome read_outcome(const CampaignConfig& campaign, const Task& task);

struct Summary {
  Eigen::MatrixXd fitability;           // cell types x models
  std::vector<Eigen::MatrixXd> best_z;  // per cell type: models x features
  std::vector<long> best_task;          // per (cell type, model), row-major; -1 when none finished
  std::vector<std::vector<double>> seed_max_z;  // per (cell type, model): each finished task's
                                                // largest z, in task order
};

Summary summarize(const CampaignConfig& campaign, const std::vector<TaskOutcome>& outcomes);

// Writes summary.h5 atomically into the campaign's output folder.
void write_summary_h5(const CampaignConfig& campaign, const std::vector<TaskOutcome>& outcomes,
                      const Summary& summary);
std::string summary_csv(const CampaignConfig& campaign, const std::vector<TaskOutcome>& outcomes);
// Markdown: the fit-ability matrix and, per cell type, the z of each feature of its best model.
std::string summary_markdown(const CampaignConfig& campaign,
                             const std::vector<TaskOutcome>& outcomes, const Summary& summary);

}  // namespace neurofit::campaign

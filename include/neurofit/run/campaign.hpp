#pragma once
// A campaign on the ranks of a world communicator: split into groups of ranks_per_task ranks,
// each group takes tasks (dynamic: from the task queue, costliest first; static: every groups-th
// in the campaign's order) and runs each as an ordinary fit in <output>/<task folder>, continuing
// from its checkpoints when rerun; at the end world rank 0 writes the summary (summary.h5, .csv,
// .md). Nothing here prints: a CampaignObserver on world rank 0 and on each group's first rank
// hears of the tasks.
#include <boost/mpi/communicator.hpp>
#include <functional>
#include <string>

#include "neurofit/campaign/campaign_config.hpp"
#include "neurofit/run/fit.hpp"

namespace neurofit::run {

enum class TaskEnd { already_finished, finished, stopped, refused };

class CampaignObserver {
 public:
  virtual ~CampaignObserver() = default;
  // World rank 0, before any task: how many tasks this run takes on, on how many groups.
  virtual void starting(long /*tasks*/, long /*groups*/) {}
  // `position` of `count`: the task's place among those this run takes on.
  virtual void task_starting(const campaign::Task&, long /*position*/, long /*count*/,
                             bool /*resume*/) {}
  // `detail`: the refusal's message; `seconds`: the fit's wall time.
  virtual void task_ended(const campaign::Task&, long /*position*/, long /*count*/, TaskEnd,
                          const std::string& /*detail*/, double /*seconds*/) {}
};

// Runs one task's fit on `group` (cli: with its progress in the task's log.txt); true when a stop
// signal ended it.
using TaskRunner = std::function<bool(const boost::mpi::communicator& group,
                                      const campaign::Task& task, const FitOptions& fit)>;

struct CampaignRun {
  long task = -1;             // only this task (a job array's element); -1: all
  bool summary_only = false;  // run nothing, write the summary
};

struct CampaignEnd {
  bool stopped = false;          // a stop signal ended it early (every task's checkpoint written)
  bool refused = false;          // a task's input was refused (the others ran)
  std::string summary_markdown;  // world rank 0: the summary as written to summary.md
};

// Collective over `world`. Throws InputError (every rank) for a --task out of range or more
// ranks per task than ranks.
CampaignEnd run_campaign(const boost::mpi::communicator& world, const campaign::CampaignConfig& c,
                         const CampaignRun& options, const TaskRunner& runner,
                         CampaignObserver& observer);

}  // namespace neurofit::run

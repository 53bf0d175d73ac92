// `[mpirun -n N] neurofit campaign CAMPAIGN.yaml [--task I] [--summary-only]`: runs the tasks of
// a campaign on groups of ranks_per_task ranks (a free group takes the next task, run/task_queue;
// costliest first; with `schedule: static` task i runs on group i mod groups), each an ordinary fit
// in <output>/<task folder> that continues from its checkpoints when rerun, then writes the summary
// (summary.h5, .csv, .md) and prints the fit-ability matrix.
#include <algorithm>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "neurofit/campaign/campaign_config.hpp"
#include "neurofit/campaign/summary.hpp"
#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/fit_report.hpp"
#include "neurofit/cli/mpi_command.hpp"
#include "neurofit/cli/progress.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/atomic_file.hpp"
#include "neurofit/run/run_folder.hpp"
#include "neurofit/run/schedule.hpp"
#include "neurofit/run/stop_signals.hpp"
#include "neurofit/run/task_queue.hpp"

namespace neurofit::cli {

namespace fs = std::filesystem;
namespace mpi = boost::mpi;

namespace {

enum class TaskEnd { finished, stopped, refused };

// Runs one task on the ranks of `group`; its progress goes to <task folder>/log.txt. A task whose
// input is refused on every rank of the group (`failing`: see every_rank_failed) is skipped; any
// other error ends the campaign.
TaskEnd run_task(const mpi::communicator& group, const mpi::communicator& failing,
                 const campaign::CampaignConfig& c, const campaign::Task& t, long position,
                 long count) {
  const fs::path dir = c.output / t.folder;
  const std::string head = "task " + std::to_string(position + 1) + "/" + std::to_string(count) +
                           " (" + t.label() + "): ";
  int state = 0;  // 0 fresh, 1 partial, 2 finished
  if (group.rank() == 0) {
    fs::create_directories(dir);
    io::write_text_atomically((dir / "config.yaml").string(),
                              [&](std::ostream& out) { out << t.config.text; });
    const auto done = campaign::read_outcome(c, t);
    state = done.finished && done.generation == t.config.generations ? 2
            : run::newest_state(dir).empty()                         ? 0
                                                                     : 1;
    if (state == 2) std::cout << head << "already finished" << std::endl;
  }
  mpi::broadcast(group, state, 0);
  if (state == 2) return TaskEnd::finished;
  const bool resume = state == 1;
  std::ofstream log;
  if (group.rank() == 0) log.open(dir / "log.txt", std::ios::app);
  run::FitOptions o;
  o.out = dir;
  o.resume = resume;
  o.task = static_cast<std::uint64_t>(t.index);
  ReportOptions report;
  report.log = &log;
  if (group.rank() == 0) std::cout << head << (resume ? "resuming" : "starting") << std::endl;
  try {
    const auto start = std::chrono::steady_clock::now();
    const int status = run_and_report(group, t.config, o, report);
    const double seconds = seconds_since(start);
    if (group.rank() == 0) {
      const auto outcome = campaign::read_outcome(c, t);
      if (status == exit_stopped)
        std::cout << head << "stopped; its checkpoint is in " << dir.string() << std::endl;
      else
        std::cout << head << "done at generation " << outcome.generation << ", "
                  << outcome.within_2sd << "/" << outcome.n_features
                  << " features within 2 sd, largest z " << outcome.max_z << "; "
                  << short_number(seconds, 3) << " s" << std::endl;
    }
    return status == exit_stopped ? TaskEnd::stopped : TaskEnd::finished;
  } catch (const InputError& e) {
    if (!every_rank_failed(failing)) throw;  // this rank's own: it ends the campaign
    if (group.rank() == 0) std::cout << head << "refused: " << e.what() << std::endl;
    return TaskEnd::refused;
  }
}

// The position in `todo` of the group's next task (`taken` tasks so far; todo.size() when none
// is left): dynamic, the queue's next on the group's first rank, told to the others, in the order
// `costliest`; static, every groups-th task in the campaign's order from the group's colour.
std::size_t next_task(const mpi::communicator& group, run::TaskQueue& queue,
                      const std::vector<std::size_t>& costliest, bool static_schedule, long color,
                      long groups, long taken) {
  const auto none = costliest.size();
  if (static_schedule) return std::min(static_cast<std::size_t>(color + taken * groups), none);
  long i = group.rank() == 0 ? queue.next() : 0;
  mpi::broadcast(group, i, 0);
  return i < static_cast<long>(none) ? costliest[static_cast<std::size_t>(i)] : none;
}

int campaign_main(const mpi::communicator& world, const CampaignOptions& o) {
  const campaign::CampaignConfig c = campaign::load_campaign(o.file);
  const long size = world.size();
  if (c.ranks_per_task > size && !o.summary_only)
    throw InputError(o.file, "ranks_per_task (" + std::to_string(c.ranks_per_task) +
                                 ") exceeds the ranks of this run (" + std::to_string(size) + ")");
  std::vector<const campaign::Task*> todo;
  for (const auto& t : c.tasks)
    if (o.task < 0 || t.index == o.task) todo.push_back(&t);
  if (todo.empty())
    throw InputError(o.file, "--task " + std::to_string(o.task) + ": the campaign has tasks 0 to " +
                                 std::to_string(c.tasks.size() - 1));
  const bool root = world.rank() == 0;
  const long groups = size / c.ranks_per_task;
  const long color = world.rank() < groups * c.ranks_per_task ? world.rank() / c.ranks_per_task
                                                              : groups;  // idle leftover ranks
  if (root)
    std::cout << "neurofit campaign: " << c.tasks.size() << " tasks (" << c.cell_types.size()
              << " cell types x " << c.models.size() << " models), " << todo.size() << " to run on "
              << groups << (groups == 1 ? " group" : " groups") << " of " << c.ranks_per_task
              << (c.ranks_per_task == 1 ? " rank" : " ranks") << "; output " << c.output.string()
              << std::endl;
  const mpi::communicator group = world.split(static_cast<int>(color));
  const mpi::communicator failing(group, mpi::comm_duplicate);
  run::TaskQueue queue(world);
  std::vector<double> work;
  for (const auto* t : todo) work.push_back(run::estimated_work(t->config, c.ranks_per_task));
  const std::vector<std::size_t> costliest = run::longest_first(work);
  bool stopped = false, refused = false;
  if (!o.summary_only && color < groups) {
    for (long taken = 0;; ++taken) {
      if (mpi::all_reduce(group, run::stop_signal() != 0, std::logical_or<bool>())) {
        stopped = true;
        break;
      }
      const std::size_t i =
          next_task(group, queue, costliest, c.static_schedule, color, groups, taken);
      if (i == todo.size()) break;
      const TaskEnd end = run_task(group, failing, c, *todo[i], static_cast<long>(i),
                                   static_cast<long>(todo.size()));
      refused = refused || end == TaskEnd::refused;
      if (end == TaskEnd::stopped) {
        stopped = true;
        break;
      }
    }
  }
  stopped = mpi::all_reduce(world, stopped, std::logical_or<bool>());
  refused = mpi::all_reduce(world, refused, std::logical_or<bool>());
  if (root) {
    fs::create_directories(c.output);
    std::vector<campaign::TaskOutcome> outcomes;
    for (const auto& t : c.tasks) outcomes.push_back(campaign::read_outcome(c, t));
    const auto summary = campaign::summarize(c, outcomes);
    campaign::write_summary_h5(c, outcomes, summary);
    const std::string md = campaign::summary_markdown(c, outcomes, summary);
    io::write_text_atomically((c.output / "summary.csv").string(), [&](std::ostream& out) {
      out << campaign::summary_csv(c, outcomes);
    });
    io::write_text_atomically((c.output / "summary.md").string(),
                              [&](std::ostream& out) { out << md; });
    std::cout << '\n'
              << md << "\nwrote " << (c.output / "summary.h5").string() << ", .csv, .md"
              << std::endl;
    if (stopped)
      std::cout << "stopped early: rerun the same command (or with --resume) to continue"
                << std::endl;
  }
  if (stopped) return exit_stopped;
  return refused ? exit_bad_input : exit_ok;
}

}  // namespace

int campaign_command(const CampaignOptions& o) {
  return run_under_mpi([&](const mpi::communicator& world) {
    run::install_stop_handlers();
    return campaign_main(world, o);
  });
}

}  // namespace neurofit::cli

#include "neurofit/run/campaign.hpp"

#include <algorithm>
#include <boost/mpi/collectives.hpp>
#include <chrono>
#include <filesystem>

#include "neurofit/campaign/summary.hpp"
#include "neurofit/clock.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/atomic_file.hpp"
#include "neurofit/run/agreement.hpp"
#include "neurofit/run/run_folder.hpp"
#include "neurofit/run/schedule.hpp"
#include "neurofit/run/stop_signals.hpp"
#include "neurofit/run/task_queue.hpp"

namespace neurofit::run {

namespace fs = std::filesystem;
namespace mpi = boost::mpi;

namespace {

// Runs one task on the ranks of `group`. A task whose input is refused on every rank of the group
// (`failing`: see every_rank_failed) is skipped; any other error ends the campaign.
TaskEnd run_task(const mpi::communicator& group, const mpi::communicator& failing,
                 const campaign::CampaignConfig& c, const campaign::Task& t, long position,
                 long count, const TaskRunner& runner, CampaignObserver& observer) {
  const fs::path dir = c.output / t.folder;
  int state = 0;  // 0 fresh, 1 partial, 2 finished
  if (group.rank() == 0) {
    fs::create_directories(dir);
    io::write_text_atomically(dir / "config.yaml",
                              [&](std::ostream& out) { out << t.config.text; });
    const auto done = campaign::read_outcome(c, t);
    state = done.finished && done.generation == t.config.generations ? 2
            : newest_state(dir).empty()                              ? 0
                                                                     : 1;
  }
  mpi::broadcast(group, state, 0);
  const bool first = group.rank() == 0;
  if (state == 2) {
    if (first) observer.task_ended(t, position, count, TaskEnd::already_finished, "", 0);
    return TaskEnd::already_finished;
  }
  FitOptions o;
  o.out = dir;
  o.resume = state == 1;
  o.task = static_cast<std::uint64_t>(t.index);
  if (first) observer.task_starting(t, position, count, o.resume);
  try {
    const auto start = std::chrono::steady_clock::now();
    const TaskEnd end = runner(group, t, o) ? TaskEnd::stopped : TaskEnd::finished;
    const double seconds = seconds_since(start);
    if (first) observer.task_ended(t, position, count, end, "", seconds);
    return end;
  } catch (const InputError& e) {
    if (!every_rank_failed(failing)) throw;  // this rank's own: it ends the campaign
    if (first) observer.task_ended(t, position, count, TaskEnd::refused, e.what(), 0);
    return TaskEnd::refused;
  }
}

// The position in `todo` of the group's next task (`taken` tasks so far; todo.size() when none
// is left): dynamic, the queue's next on the group's first rank, told to the others, in the order
// `costliest`; static, every groups-th task in the campaign's order from the group's colour.
std::size_t next_task(const mpi::communicator& group, TaskQueue& queue,
                      const std::vector<std::size_t>& costliest, bool static_schedule, long color,
                      long groups, long taken) {
  const auto none = costliest.size();
  if (static_schedule) return std::min(static_cast<std::size_t>(color + taken * groups), none);
  long i = group.rank() == 0 ? queue.next() : 0;
  mpi::broadcast(group, i, 0);
  return i < static_cast<long>(none) ? costliest[static_cast<std::size_t>(i)] : none;
}

// World rank 0: summary.h5, .csv and .md of every task's outcome; returns the markdown.
std::string write_summary(const campaign::CampaignConfig& c) {
  fs::create_directories(c.output);
  std::vector<campaign::TaskOutcome> outcomes;
  for (const auto& t : c.tasks) outcomes.push_back(campaign::read_outcome(c, t));
  const auto summary = campaign::summarize(c, outcomes);
  campaign::write_summary_h5(c, outcomes, summary);
  const std::string md = campaign::summary_markdown(c, outcomes, summary);
  io::write_text_atomically(c.output / "summary.csv",
                            [&](std::ostream& out) { out << campaign::summary_csv(c, outcomes); });
  io::write_text_atomically(c.output / "summary.md", [&](std::ostream& out) { out << md; });
  return md;
}

}  // namespace

CampaignEnd run_campaign(const mpi::communicator& world, const campaign::CampaignConfig& c,
                         const CampaignRun& o, const TaskRunner& runner,
                         CampaignObserver& observer) {
  const long size = world.size();
  if (c.ranks_per_task > size && !o.summary_only)
    throw InputError(c.file, "ranks_per_task (" + std::to_string(c.ranks_per_task) +
                                 ") exceeds the ranks of this run (" + std::to_string(size) + ")");
  std::vector<const campaign::Task*> todo;
  for (const auto& t : c.tasks)
    if (o.task < 0 || t.index == o.task) todo.push_back(&t);
  if (todo.empty())
    throw InputError(c.file, "--task " + std::to_string(o.task) + ": the campaign has tasks 0 to " +
                                 std::to_string(c.tasks.size() - 1));
  const long groups = size / c.ranks_per_task;
  const long color = world.rank() < groups * c.ranks_per_task ? world.rank() / c.ranks_per_task
                                                              : groups;  // idle leftover ranks
  if (world.rank() == 0) observer.starting(static_cast<long>(todo.size()), groups);
  const mpi::communicator group = world.split(static_cast<int>(color));
  const mpi::communicator failing(group, mpi::comm_duplicate);
  TaskQueue queue(world);
  std::vector<double> work;
  for (const auto* t : todo) work.push_back(estimated_work(t->config, c.ranks_per_task));
  const std::vector<std::size_t> costliest = longest_first(work);
  CampaignEnd end;
  if (!o.summary_only && color < groups) {
    for (long taken = 0;; ++taken) {
      if (mpi::all_reduce(group, stop_signal() != 0, std::logical_or<bool>())) {
        end.stopped = true;
        break;
      }
      const std::size_t i =
          next_task(group, queue, costliest, c.static_schedule, color, groups, taken);
      if (i == todo.size()) break;
      const TaskEnd e = run_task(group, failing, c, *todo[i], static_cast<long>(i),
                                 static_cast<long>(todo.size()), runner, observer);
      end.refused = end.refused || e == TaskEnd::refused;
      if (e == TaskEnd::stopped) {
        end.stopped = true;
        break;
      }
    }
  }
  end.stopped = mpi::all_reduce(world, end.stopped, std::logical_or<bool>());
  end.refused = mpi::all_reduce(world, end.refused, std::logical_or<bool>());
  if (world.rank() == 0) end.summary_markdown = write_summary(c);
  return end;
}

}  // namespace neurofit::run

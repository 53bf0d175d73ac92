// `[mpirun -n N] neurofit campaign CAMPAIGN.yaml [--task I] [--summary-only]`: runs a campaign
// (run/campaign.hpp) and prints a line per task as it starts and ends, each task's progress going
// to its log.txt, then the fit-ability matrix.
#include <boost/mpi/communicator.hpp>
#include <fstream>
#include <iostream>
#include <string>

#include "neurofit/campaign/campaign_config.hpp"
#include "neurofit/campaign/summary.hpp"
#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/fit_report.hpp"
#include "neurofit/cli/mpi_command.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/run/campaign.hpp"
#include "neurofit/run/stop_signals.hpp"

namespace neurofit::cli {

namespace mpi = boost::mpi;

namespace {

// "task 3/8 (hippocampus_ca1_basket x izhikevich2007, seed 1): done at generation 300, 6/8
// features within 2 sd, largest z 1.9; 2.87 s"
class CampaignPrinter : public run::CampaignObserver {
 public:
  explicit CampaignPrinter(const campaign::CampaignConfig& c) : c_(c) {}

  void starting(long tasks, long groups) override {
    std::cout << "neurofit campaign: " << c_.tasks.size() << " tasks (" << c_.cell_types.size()
              << " cell types x " << c_.models.size() << " models), " << tasks << " to run on "
              << groups << (groups == 1 ? " group" : " groups") << " of " << c_.ranks_per_task
              << (c_.ranks_per_task == 1 ? " rank" : " ranks") << "; output " << c_.output.string()
              << std::endl;
  }
  void task_starting(const campaign::Task& t, long position, long count, bool resume) override {
    std::cout << head(t, position, count) << (resume ? "resuming" : "starting") << std::endl;
  }
  void task_ended(const campaign::Task& t, long position, long count, run::TaskEnd end,
                  const std::string& detail, double seconds) override {
    std::cout << head(t, position, count);
    switch (end) {
      case run::TaskEnd::already_finished:
        std::cout << "already finished";
        break;
      case run::TaskEnd::stopped:
        std::cout << "stopped; its checkpoint is in " << (c_.output / t.folder).string();
        break;
      case run::TaskEnd::refused:
        std::cout << "refused: " << detail;
        break;
      case run::TaskEnd::finished: {
        const auto o = campaign::read_outcome(c_, t);
        std::cout << "done at generation " << o.generation << ", " << o.within_2sd << "/"
                  << o.n_features << " features within 2 sd, largest z " << o.max_z << "; "
                  << short_number(seconds, 3) << " s";
      }
    }
    std::cout << std::endl;
  }

 private:
  static std::string head(const campaign::Task& t, long position, long count) {
    return "task " + std::to_string(position + 1) + "/" + std::to_string(count) + " (" + t.label() +
           "): ";
  }
  const campaign::CampaignConfig& c_;
};

// A task's fit, its progress appended to <task folder>/log.txt.
bool run_task_fit(const mpi::communicator& group, const campaign::Task& t,
                  const run::FitOptions& fit) {
  std::ofstream log;
  if (group.rank() == 0) log.open(fit.out / "log.txt", std::ios::app);
  ReportOptions report;
  report.log = &log;
  return run_and_report(group, t.config, fit, report) == exit_stopped;
}

}  // namespace

int campaign_command(const CampaignOptions& o) {
  return run_under_mpi([&](const mpi::communicator& world) {
    run::install_stop_handlers();
    const campaign::CampaignConfig c = campaign::load_campaign(o.file);
    CampaignPrinter printer(c);
    const run::CampaignEnd end =
        run::run_campaign(world, c, {o.task, o.summary_only}, run_task_fit, printer);
    if (world.rank() == 0) {
      std::cout << '\n'
                << end.summary_markdown << "\nwrote " << (c.output / "summary.h5").string()
                << ", .csv, .md" << std::endl;
      if (end.stopped)
        std::cout << "stopped early: rerun the same command (or with --resume) to continue"
                  << std::endl;
    }
    if (end.stopped) return exit_stopped;
    return end.refused ? exit_bad_input : exit_ok;
  });
}

}  // namespace neurofit::cli

#include "neurofit/cli/fit_report.hpp"

#include <iostream>
#include <optional>
#include <string>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/progress.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/io/result_file.hpp"
#include "neurofit/island/topology.hpp"
#include "neurofit/run/stop_signals.hpp"

namespace neurofit::cli {

namespace {

void print_intro(std::ostream& out, const run::FitStart& f) {
  const io::RunConfig& c = f.config;
  const run::FitSetup& s = f.setup;
  const auto& a = c.algorithm.ga;
  if (s.fit) {
    const int fixed = s.fit->family().n_params() - static_cast<int>(s.problem->n_var());
    out << "neurofit: fitting " << c.model << " (" << s.problem->n_var() << " free, " << fixed
        << " fixed parameters) to " << c.cell_type << " (" << s.problem->n_obj() << " features)\n";
  } else {
    out << "neurofit: " << s.problem->name() << " (" << s.problem->n_var() << " variables, "
        << s.problem->n_obj() << " objectives)\n";
  }
  out << "  " << c.algorithm.name << (c.island_algorithms.empty() ? "" : " (varied per island)")
      << ", population " << a.population << ", " << c.generations << " generations, archive "
      << (c.archive_size ? std::to_string(c.archive_size) : "unbounded") << ", seed " << c.seed
      << "; output " << f.result.string() << '\n';
  const auto& m = f.islands.migration;
  out << "  islands: " << f.islands.n_islands() << " on " << f.ranks
      << (f.ranks == 1 ? " rank" : " ranks") << "; migration ";
  if (m.enabled() && f.islands.n_islands() > 1)
    out << "of " << m.emigrants << " every " << m.interval << " generations, "
        << island::topology_name(m.topology)
        << (m.topology == island::Topology::random ? " degree " + std::to_string(m.degree) : "")
        << ", replacing the " << island::replacement_name(m.replacement);
  else
    out << "off";
  out << "; fronts gathered every " << f.islands.gather_every << '\n'
      << "  hypervolume of the archive's " << (s.fit ? "z / 5" : "f")
      << " per objective w.r.t. 1.1 each"
      << (s.problem->n_obj() > 3 ? " (Monte Carlo beyond 64 points)" : "") << '\n';
  if (!f.resumed_from.empty())
    out << "  resuming from " << f.resumed_from.string() << " at generation " << f.generation
        << '\n';
}

// Rank 0's view of a fit: the intro and the progress lines.
class FitPrinter : public run::FitObserver {
 public:
  FitPrinter(std::ostream& out, const ReportOptions& o, bool root)
      : out_(out), o_(o), root_(root) {}

  void starting(const run::FitStart& f) override {
    print_intro(out_, f);
    lines_.emplace(out_, f.setup.problem->objective_names(), f.setup.fit ? "best z" : "best f",
                   f.config.generations, o_.log_every, o_.bar && root_);
  }
  void record(const evo::GenerationRecord& r) override {
    if (!o_.quiet && lines_) (*lines_)(r);
  }
  void clear_bar() {
    if (lines_) lines_->clear_bar();
  }

 private:
  std::ostream& out_;
  const ReportOptions& o_;
  bool root_;
  std::optional<ProgressLines> lines_;  // from the start, when the objectives are known
};

void print_done(std::ostream& out, const io::RunConfig& c, const run::FitOutcome& r) {
  const auto& last = r.history.back();
  out << "done: " << last.generation << " generations, " << last.evaluations << " evaluations in "
      << short_number(r.seconds, 3) << " s ("
      << short_number(static_cast<double>(r.evaluations) / r.seconds, 3) << " evaluations/s); "
      << last.migrations << " migrations; migration and gathering "
      << short_number(100.0 * r.exchange_seconds / r.seconds, 2)
      << "% of wall time (most on a rank); peak " << short_number(r.peak_mb, 3)
      << " MB resident (largest rank)";
  if (r.checkpoints > 0)
    out << "; " << r.checkpoints << " checkpoints of "
        << short_number(static_cast<double>(r.checkpoint_bytes) / 1e6, 3) << " MB, "
        << short_number(1e3 * r.checkpoint_seconds / r.checkpoints, 3) << " ms each ("
        << short_number(100.0 * r.checkpoint_seconds / r.seconds, 2) << "% of wall time)";
  out << "\narchive of " << r.archive.size() << ", hypervolume " << short_number(r.hypervolume)
      << '\n';
  const run::FitSetup& s = *r.setup;
  if (s.fit) {
    const ephys::ProtocolResult features = s.fit->features(r.archive.x());
    print_fit_summary(out, *s.fit, c.cell, r.archive, features);
    Eigen::VectorXd counts(static_cast<Eigen::Index>(r.verdicts.size()));
    for (std::size_t v = 0; v < r.verdicts.size(); ++v)
      counts[static_cast<Eigen::Index>(v)] = static_cast<double>(r.verdicts[v]);
    print_viability(out, {ephys::verdict_names.begin(), ephys::verdict_names.end()}, counts);
    if (r.identifiability) print_identifiability(out, *r.identifiability);
  } else {
    print_test_summary(out, r.archive, s.problem->objective_names());
  }
  out << "wrote " << r.file.string() << std::endl;
}

}  // namespace

int run_and_report(const boost::mpi::communicator& comm, const io::RunConfig& c,
                   const run::FitOptions& fit, const ReportOptions& report) {
  const bool root = comm.rank() == 0;
  std::ostream& out = report.log ? *report.log : std::cout;
  FitPrinter printer(out, report, root);
  const run::FitOutcome r = run::run_fit(comm, c, fit, printer);
  printer.clear_bar();
  if (!root) return r.end == run::FitEnd::stopped ? exit_stopped : exit_ok;
  switch (r.end) {
    case run::FitEnd::nothing_to_do:
      out << "nothing to do: " << r.file.string() << " is at generation " << r.generation << " of "
          << c.generations << '\n';
      return exit_ok;
    case run::FitEnd::stopped:
      out << "stopped by signal " << run::stop_signal() << " at generation " << r.generation
          << "; wrote " << r.file.string() << "\ncontinue with: neurofit run " << c.file
          << " --resume" << std::endl;
      return exit_stopped;
    case run::FitEnd::finished:
      print_done(out, c, r);
      return exit_ok;
  }
  return exit_ok;
}

}  // namespace neurofit::cli

// `neurofit inspect FILE.h5 [--top N]`: what a result file holds. A summary of the run (model,
// cell type, seed, generations, archive size, the last generation's evaluations and
// hypervolume), the best N archive members by the largest z (minimax) and by the sum of z, and
// the best one's features beside the cell type's observations. For a test problem, objectives
// and variables instead.
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/ranking.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/fit/scores.hpp"
#include "neurofit/io/result_reader.hpp"
#include "neurofit/io/run_config.hpp"

namespace neurofit::cli {

namespace {

// The run config stored in the file, re-parsed for the cell type's observations and the fixed
// parameters; it can fail (a cell type or observations file not found from here), which only
// leaves mean and sd out.
struct StoredConfig {
  std::optional<io::RunConfig> config;
  std::string why_not;
};

StoredConfig reparse_config(const io::StoredResult& r, const std::string& file) {
  StoredConfig s;
  try {
    s.config = io::parse_run_config(r.data.config_text, file + " (stored config)");
  } catch (const std::exception& e) {
    s.why_not = e.what();
  }
  return s;
}

void print_summary(std::ostream& out, const std::string& file, const io::StoredResult& r) {
  const auto& d = r.data;
  if (r.is_fit())
    out << file << ": " << d.model << " fitted to " << d.cell_type << '\n';
  else
    out << file << ": test problem " << d.problem << '\n';
  out << "  seed " << d.seed << ", " << d.generations << " generations; archive of " << r.size()
      << " models, " << d.parameters.rows() << (r.is_fit() ? " parameters, " : " variables, ")
      << d.objectives.rows() << " objectives\n";
  if (!d.history.empty()) {
    const auto& last = d.history.back();
    out << "  generation " << last.generation << ": " << last.evaluations << " evaluations";
    // The hypervolume is recorded every few generations (NaN in between): the latest one.
    for (auto it = d.history.rbegin(); it != d.history.rend(); ++it)
      if (!std::isnan(it->hypervolume)) {
        out << ", hypervolume " << short_number(it->hypervolume) << " (generation "
            << it->generation << ")";
        break;
      }
    out << '\n';
  }
  if (r.has_state) {
    out << "  " << (r.finished ? "finished" : "checkpoint") << " at generation " << r.generation
        << " of " << d.generations << "; " << r.islands
        << (r.islands == 1 ? " island, " : " islands, ") << r.migrations << " migrations\n";
    for (const auto& line : r.log) out << "  log: " << line << '\n';
  }
  out << "  written by neurofit " << r.neurofit_version << " at " << r.created << " (" << r.format
      << " version " << r.format_version << ")\n";
}

// Rows of `values` (one column per model) under their names, without units.
void print_rows(std::ostream& out, const std::vector<std::string>& names,
                const Eigen::MatrixXd& values) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::vector<std::string> cells;
    for (Eigen::Index c = 0; c < values.cols(); ++c)
      cells.push_back(short_number(values(static_cast<Eigen::Index>(i), c)));
    print_table_row(out, names[i], cells, "");
  }
}

Eigen::MatrixXd columns(const Eigen::MatrixXd& m, const std::vector<Eigen::Index>& members) {
  Eigen::MatrixXd out(m.rows(), static_cast<Eigen::Index>(members.size()));
  for (std::size_t k = 0; k < members.size(); ++k)
    out.col(static_cast<Eigen::Index>(k)) = m.col(members[k]);
  return out;
}

void print_ranking(std::ostream& out, const io::StoredResult& r, const StoredConfig& stored,
                   RankBy by, std::size_t top) {
  const auto& d = r.data;
  const std::vector<Eigen::Index> best = first(rank_members(d.objectives, by), top);
  const char* z = r.is_fit() ? "z" : "f";
  out << "\nbest " << best.size() << " of " << r.size() << " by the "
      << (by == RankBy::largest ? std::string("largest ") + z + " (minimax; ties by the sum)"
                                : std::string("sum of ") + z + " (ties by the largest)")
      << ":\n";
  std::vector<std::string> titles, member, largest, sum;
  for (std::size_t k = 0; k < best.size(); ++k) {
    const auto c = fit::compromise_of(d.objectives, best[k]);
    titles.push_back("#" + std::to_string(k + 1));
    member.push_back(std::to_string(best[k] + 1));
    largest.push_back(short_number(c.largest, 4));
    sum.push_back(short_number(c.sum, 4));
  }
  const Eigen::MatrixXd params = columns(d.parameters, best);
  if (r.is_fit()) {
    std::vector<char> fixed(d.parameter_names.size(), 0);
    if (stored.config)
      for (const auto& f : stored.config->fixed)
        for (std::size_t i = 0; i < fixed.size(); ++i)
          if (d.parameter_names[i] == f.parameter) fixed[i] = 1;
    print_parameter_table(out, titles, d.parameter_names, d.parameter_units, params, fixed);
  } else {
    print_table_row(out, "objective", titles, "");
    print_rows(out, d.objective_names, columns(d.objectives, best));
    print_table_row(out, "variable", titles, "");
    print_rows(out, d.parameter_names, params);
  }
  print_table_row(out, std::string("largest ") + z, largest, "");
  print_table_row(out, std::string("sum of ") + z, sum, "");
  print_table_row(out, "member", member, "(of the archive, from 1)");
}

void print_best_features(std::ostream& out, const io::StoredResult& r, const StoredConfig& stored) {
  const auto& d = r.data;
  const Eigen::Index j = rank_members(d.objectives, RankBy::largest).front();
  out << "\nfeatures of #1 by the largest z (archive member " << j + 1 << "):\n";
  if (d.features.rows() == 0) {
    out << "  (the file holds no features)\n";
    return;
  }
  const Eigen::VectorXd features = d.features.col(j);
  const fit::CellType* cell = stored.config ? &stored.config->cell : nullptr;
  print_feature_table(out, cell, d.feature_names, d.feature_units, d.objective_names, features,
                      d.objectives.col(j));
  if (features.hasNaN()) out << "  (not viable, or a feature without a value)\n";
  if (!cell) out << "  (mean and sd unknown: " << stored.why_not << ")\n";
  // Simulated again, so that a file written under older rules shows what the model does now.
  const Eigen::MatrixXd p = d.parameters.col(j);
  const auto protocol = stored.config ? stored.config->protocol : ephys::ne8_protocol();
  print_firing_at_rheobase(out, ephys::evaluate_protocol(sim::find_family(d.model), p, protocol),
                           0);
}

}  // namespace

int inspect_command(const InspectOptions& o) {
  const io::StoredResult r =
      io::read_result_file(o.file, {io::result_format, io::checkpoint_format});
  const StoredConfig stored = r.is_fit() ? reparse_config(r, o.file) : StoredConfig{};
  print_summary(std::cout, o.file, r);
  if (r.size() == 0) {
    std::cout << "the archive is empty\n";
    return exit_ok;
  }
  print_ranking(std::cout, r, stored, RankBy::largest, o.top);
  print_ranking(std::cout, r, stored, RankBy::sum, o.top);
  if (r.is_fit()) {
    print_best_features(std::cout, r, stored);
    if (!r.data.verdict_names.empty()) {
      std::cout << "\nthe run's evaluations by verdict:\n";
      print_viability(std::cout, r.data.verdict_names, r.data.verdict_counts);
    }
    if (r.data.identifiability)
      print_identifiability(std::cout, *r.data.identifiability);
    else
      std::cout << "\nno identifiability report (written at the end of a fit)\n";
  }
  return exit_ok;
}

}  // namespace neurofit::cli

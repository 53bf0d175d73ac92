#include "neurofit/cli/run_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <utility>

#include "neurofit/fit/scores.hpp"

namespace neurofit::cli {

std::string short_number(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

namespace {

void print_compromise_line(std::ostream& out, const evo::Archive& archive, Eigen::Index j,
                           const char* what) {
  const auto [mx, sum] = fit::compromise_of(archive.f(), j);
  out << "best compromise (smallest maximum " << what << ", ties by sum): archive member " << j + 1
      << " of " << archive.size() << ", max " << what << ' ' << short_number(mx, 4) << ", sum "
      << short_number(sum, 4) << '\n';
}

}  // namespace

void print_table_row(std::ostream& out, const std::string& label,
                     const std::vector<std::string>& cells, const std::string& tail) {
  out << "  " << std::left << std::setw(12) << label << std::right;
  for (const auto& c : cells) out << std::setw(12) << c;
  if (!tail.empty()) out << "  " << tail;
  out << '\n';
}

void print_parameter_table(std::ostream& out, const std::vector<std::string>& titles,
                           const std::vector<std::string>& names,
                           const std::vector<std::string>& units, const Eigen::MatrixXd& values,
                           const std::vector<char>& fixed) {
  print_table_row(out, "parameter", titles, "unit");
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::vector<std::string> cells;
    for (Eigen::Index c = 0; c < values.cols(); ++c)
      cells.push_back(short_number(values(static_cast<Eigen::Index>(i), c)));
    const std::string unit = i < units.size() ? units[i] : "";
    std::ostringstream tail;
    if (i < fixed.size() && fixed[i])
      tail << std::left << std::setw(6) << unit << "  (fixed)";
    else
      tail << unit;
    print_table_row(out, names[i], cells, tail.str());
  }
}

void print_feature_table(std::ostream& out, const fit::CellType* cell,
                         const std::vector<std::string>& names,
                         const std::vector<std::string>& units,
                         const std::vector<std::string>& objective_names,
                         const Eigen::Ref<const Eigen::VectorXd>& features,
                         const Eigen::Ref<const Eigen::VectorXd>& z) {
  int width = 19;
  for (const auto& n : names) width = std::max(width, static_cast<int>(n.size()) + 2);
  out << "  " << std::left << std::setw(width) << "feature" << std::right << std::setw(12)
      << "model" << std::setw(12) << "mean" << std::setw(12) << "sd" << std::setw(11) << "z"
      << "  unit\n";
  for (std::size_t f = 0; f < names.size(); ++f) {
    const std::string& name = names[f];
    const auto* o = cell ? cell->find(name) : nullptr;
    std::string zs = o || !cell ? "not scored" : "no data";
    for (std::size_t k = 0; k < objective_names.size(); ++k)
      if (objective_names[k] == name) zs = short_number(z(static_cast<Eigen::Index>(k)), 3);
    out << "  " << std::left << std::setw(width) << name << std::right << std::setw(12)
        << short_number(features(static_cast<Eigen::Index>(f))) << std::setw(12)
        << (o ? short_number(o->mean) : "-") << std::setw(12) << (o ? short_number(o->sd) : "-")
        << std::setw(11) << zs << "  " << units[f] << '\n';
  }
}

void print_fit_summary(std::ostream& out, const fit::FitProblem& problem, const fit::CellType& cell,
                       const evo::Archive& archive, const ephys::ProtocolResult& features) {
  const Eigen::Index j = fit::best_compromise(archive.f());
  if (j < 0) return;
  print_compromise_line(out, archive, j, "z");
  const auto& family = problem.family();
  std::vector<std::string> names, units;
  for (const auto& spec : family.parameters) {
    names.emplace_back(spec.name);
    units.emplace_back(spec.unit);
  }
  std::vector<char> fixed(static_cast<std::size_t>(family.n_params()), 1);
  for (int i : problem.free_parameters()) fixed[static_cast<std::size_t>(i)] = 0;
  print_parameter_table(out, {"value"}, names, units, problem.full_parameters(archive.x().col(j)),
                        fixed);

  // The z-scores of the re-evaluated features, with the same rule as the objectives.
  ephys::ProtocolResult one;
  one.features = features.features.col(j);
  one.viable = {features.viable[static_cast<std::size_t>(j)]};
  one.why = {features.why[static_cast<std::size_t>(j)]};
  const Eigen::MatrixXd z = fit::zscores(problem.objectives(), one);
  print_feature_table(out, &cell, problem.protocol().feature_names(),
                      problem.protocol().feature_units(), problem.objectives().names,
                      features.features.col(j), z.col(0));
  print_firing_at_rheobase(out, features, j);
}

void print_firing_at_rheobase(std::ostream& out, const ephys::ProtocolResult& result,
                              Eigen::Index j) {
  const auto k = static_cast<std::size_t>(j);
  if (!result.viable[k]) {
    out << "  (not viable: " << result.why[k] << ")\n";
    return;
  }
  const int spikes = result.rheobase_spikes[k];
  if (spikes == 0) return;  // a protocol without ne8's step at rheobase
  out << "  at rheobase: " << spikes << (spikes == 1 ? " spike" : " spikes") << " in the 1 s step";
  if (spikes > 1)
    out << ", the shortest interval " << short_number(result.rheobase_min_isi[k], 4) << " ms";
  out << '\n';
}

void print_viability(std::ostream& out, const std::vector<std::string>& names,
                     const Eigen::Ref<const Eigen::VectorXd>& counts) {
  const double total = counts.sum();
  if (!(total > 0)) return;
  std::vector<std::size_t> order;
  double viable = 0;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (names[k] == "viable")
      viable = counts[static_cast<Eigen::Index>(k)];
    else if (counts[static_cast<Eigen::Index>(k)] > 0)
      order.push_back(k);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return counts[static_cast<Eigen::Index>(a)] > counts[static_cast<Eigen::Index>(b)];
  });
  const auto percent = [&](double n) { return short_number(100.0 * n / total, 3) + "%"; };
  out << "  evaluations: " << static_cast<std::uint64_t>(total) << ", of which "
      << percent(total - viable) << " not viable";
  std::string sep = ": ";
  for (std::size_t k : order)
    out << std::exchange(sep, ", ") << names[k] << ' '
        << percent(counts[static_cast<Eigen::Index>(k)]);
  out << '\n';
}

void print_test_summary(std::ostream& out, const evo::Archive& archive,
                        const std::vector<std::string>& objective_names) {
  const Eigen::Index j = fit::best_compromise(archive.f());
  if (j < 0) return;
  print_compromise_line(out, archive, j, "f");
  for (std::size_t k = 0; k < objective_names.size(); ++k)
    out << "  " << std::left << std::setw(8) << objective_names[k] << std::right << std::setw(12)
        << short_number(archive.f()(static_cast<Eigen::Index>(k), j)) << '\n';
}

namespace {

std::string percent_of_range(double x) {
  if (std::isnan(x)) return "-";
  return short_number(100 * x, 3) + "%";
}

}  // namespace

void print_identifiability(std::ostream& out, const fit::Identifiability& r) {
  out << "\nidentifiability (README \"Identifiability\"): " << r.within_1sd
      << " archive models with every z <= 1, " << r.within_2sd << " with every z <= 2; local "
      << "analysis at archive member " << r.best + 1 << "\n";
  print_table_row(out, "parameter", {"spread 1 sd", "spread 2 sd", "local sd"}, "verdict");
  for (std::size_t j = 0; j < r.parameters.size(); ++j) {
    const auto i = static_cast<Eigen::Index>(j);
    print_table_row(out, r.parameters[j],
                    {percent_of_range(r.spread_1sd[i]), percent_of_range(r.spread_2sd[i]),
                     percent_of_range(r.local_sd[i])},
                    std::string(fit::determination_names[static_cast<std::size_t>(r.verdict[j])]));
  }
  out << "  (of each search range; local sd: the parameter's spread after the data, linearised "
         "at that model, from a prior as wide as the range (28.9%: the features say nothing); "
         "determined <= "
      << short_number(100 * fit::determined_sd, 3)
      << "%, weakly <= " << short_number(100 * fit::weakly_determined_sd, 3) << "%)\n";
  if (r.singular_values.size() == 0) return;
  out << "  singular values of the sensitivity matrix:";
  for (double s : r.singular_values) out << ' ' << short_number(s, 3);
  out << "\n  least-seen direction:";
  std::vector<std::size_t> order(r.parameters.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  const auto w = [&](std::size_t j) {
    const double x = r.weakest[static_cast<Eigen::Index>(j)];
    return std::isnan(x) ? 0.0 : std::abs(x);
  };
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return w(a) > w(b); });
  for (std::size_t j : order)
    if (w(j) >= 0.1)
      out << ' ' << (r.weakest[static_cast<Eigen::Index>(j)] > 0 ? '+' : '-')
          << short_number(w(j), 2) << ' ' << r.parameters[j];
  out << "\n";
}

}  // namespace neurofit::cli

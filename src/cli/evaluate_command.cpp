// `neurofit evaluate`: a protocol's features (ne8 by default) and the z-scores against a cell
// type of every parameter set in a CSV file.
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/ephys/protocol.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/protocol_file.hpp"
#include "neurofit/fit/scores.hpp"
#include "neurofit/io/atomic_file.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/io/observations.hpp"
#include "neurofit/yaml_util.hpp"

namespace neurofit::cli {

namespace {

// The cell type scored against; none (no z-scores) without --cell-type and --observations.
fit::CellType observations_of(const EvaluateOptions& o, const ephys::Protocol& protocol) {
  if (!o.cell_type.empty()) return fit::find_cell_type(o.cell_type, protocol);
  if (o.observations.empty()) return {};
  auto ct = io::load_observations(o.observations, protocol);
  if (ct.name.empty()) ct.name = o.observations;
  return ct;
}

void write_table(std::ostream& out, const sim::ModelFamily& family, const Eigen::MatrixXd& p,
                 const std::vector<std::string>& features, const ephys::ProtocolResult& r,
                 const fit::Objectives& obj, const Eigen::MatrixXd& z) {
  std::string sep;
  for (const auto& spec : family.parameters) out << std::exchange(sep, ",") << spec.name;
  for (const auto& f : features) out << ',' << f;
  for (const auto& n : obj.names) out << ",z_" << n;
  out << ",spikes_at_rheobase,min_isi_at_rheobase,viable,verdict\n";
  for (Eigen::Index c = 0; c < p.cols(); ++c) {
    sep.clear();
    for (Eigen::Index i = 0; i < p.rows(); ++i)
      out << std::exchange(sep, ",") << io::format_number(p(i, c));
    for (Eigen::Index f = 0; f < r.features.rows(); ++f)
      out << ',' << io::format_number(r.features(f, c));
    for (int j = 0; j < obj.size(); ++j) out << ',' << io::format_number(z(j, c));
    const auto k = static_cast<std::size_t>(c);
    out << ',' << r.rheobase_spikes[k] << ',' << io::format_number(r.rheobase_min_isi[k]) << ','
        << int(r.viable[k]) << ',' << ephys::verdict_names[static_cast<std::size_t>(r.verdict[k])]
        << '\n';
  }
}

}  // namespace

int evaluate_command(const EvaluateOptions& o) {
  const auto& family = sim::find_family(o.model);
  const auto protocol = fit::find_protocol(o.protocol);
  const auto cell = observations_of(o, protocol);
  if (cell.observations.empty() && !o.features.empty())
    throw InputError(option("--features"), "--features: scores need --cell-type or --observations");
  const auto objectives = fit::Objectives::from(cell, o.features, protocol);
  std::vector<std::string> names;
  for (const auto& spec : family.parameters) names.emplace_back(spec.name);
  const Eigen::MatrixXd p = io::read_named_columns(o.params, names);

  const auto result = ephys::evaluate_protocol(family, p, protocol);
  const Eigen::MatrixXd z = fit::zscores(objectives, result);
  const auto features = protocol.feature_names();
  const auto write = [&](std::ostream& out) {
    write_table(out, family, p, features, result, objectives, z);
  };
  if (o.out.empty())
    write(std::cout);
  else
    io::write_text_atomically(o.out, write);
  std::map<std::string, int> why;
  int viable = 0;
  for (std::size_t c = 0; c < result.viable.size(); ++c) {
    if (result.viable[c])
      ++viable;
    else
      ++why[result.why[c]];
  }
  std::cerr << "evaluated " << p.cols() << " " << family.name << " models with protocol "
            << protocol.name << (cell.name.empty() ? "" : " against " + cell.name) << ": " << viable
            << " viable\n";
  for (const auto& [reason, count] : why)
    std::cerr << "  not viable (" << count << "): " << reason << '\n';
  return exit_ok;
}

}  // namespace neurofit::cli

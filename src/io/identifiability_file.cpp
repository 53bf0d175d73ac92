#include "neurofit/io/identifiability_file.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::io {

namespace {

constexpr const char* group_name = "identifiability";

std::vector<std::string> verdict_texts(const fit::Identifiability& r) {
  std::vector<std::string> out;
  for (auto v : r.verdict) out.emplace_back(fit::determination_names[static_cast<std::size_t>(v)]);
  return out;
}

fit::Determination verdict_of(const std::string& text) {
  for (std::size_t i = 0; i < fit::determination_names.size(); ++i)
    if (fit::determination_names[i] == text) return static_cast<fit::Determination>(i);
  throw std::runtime_error("/identifiability: unknown verdict '" + text + "'");
}

}  // namespace

void write_identifiability(hid_t file, const fit::Identifiability& r) {
  const hdf5::Id g = hdf5::create_group(file, group_name);
  hdf5::write_attribute(g.get(), "description",
                        "how well the data determine each searched parameter: its spread over "
                        "the archive models with every z <= 1 (<= 2), and the local sensitivity "
                        "of the scored features (signed z) at the best model (README "
                        "'Identifiability')");
  hdf5::write_attribute(g.get(), "best_member", static_cast<std::int64_t>(r.best + 1));
  hdf5::write_attribute(g.get(), "within_1sd", static_cast<std::int64_t>(r.within_1sd));
  hdf5::write_attribute(g.get(), "within_2sd", static_cast<std::int64_t>(r.within_2sd));
  hdf5::write_attribute(g.get(), "step", fit::sensitivity_step);
  hdf5::write_attribute(g.get(), "determined_sd", fit::determined_sd);
  hdf5::write_attribute(g.get(), "weakly_determined_sd", fit::weakly_determined_sd);
  hdf5::write_attribute(g.get(), "singular_values", r.singular_values);

  const auto n = static_cast<Eigen::Index>(r.parameters.size());
  hdf5::RowMatrix p(n, 4);
  p.col(0) = r.spread_1sd;
  p.col(1) = r.spread_2sd;
  p.col(2) = r.local_sd;
  p.col(3) = r.weakest;
  const hdf5::Id ps = hdf5::write_matrix(g.get(), "parameters", p);
  hdf5::write_attribute(
      ps.get(), "columns",
      std::vector<std::string>{"spread_1sd", "spread_2sd", "local_sd", "weakest_direction"});
  hdf5::write_attribute(ps.get(), "rows", r.parameters);
  hdf5::write_attribute(ps.get(), "verdicts", verdict_texts(r));
  hdf5::write_attribute(ps.get(), "description",
                        "per searched parameter, as fractions of its search range: spread over "
                        "the archive models within 1 and 2 sd, local standard deviation "
                        "(1/sqrt(12): the data say nothing), its part of the least-seen "
                        "direction");
  const hdf5::Id ss = hdf5::write_matrix(g.get(), "sensitivity", r.sensitivity);
  hdf5::write_attribute(ss.get(), "rows", r.features);
  hdf5::write_attribute(ss.get(), "columns", r.parameters);
  hdf5::write_attribute(ss.get(), "description",
                        "d(signed z of the feature) / d(parameter as a fraction of its search "
                        "range) at the best model, central differences; NaN: not assessed");
}

std::optional<fit::Identifiability> read_identifiability(hid_t file) {
  if (!hdf5::exists(file, group_name)) return std::nullopt;
  const hdf5::Id g = hdf5::open_group(file, group_name);
  fit::Identifiability r;
  r.best = hdf5::read_integer_attribute(g.get(), "best_member") - 1;
  r.within_1sd = hdf5::read_integer_attribute(g.get(), "within_1sd");
  r.within_2sd = hdf5::read_integer_attribute(g.get(), "within_2sd");
  r.singular_values = hdf5::read_numbers_attribute(g.get(), "singular_values");
  const hdf5::RowMatrix p = hdf5::read_matrix(g.get(), "parameters");
  const hdf5::Id ps = hdf5::open_dataset(g.get(), "parameters");
  r.parameters = hdf5::read_texts_attribute(ps.get(), "rows");
  const auto verdicts = hdf5::read_texts_attribute(ps.get(), "verdicts");
  r.sensitivity = hdf5::read_matrix(g.get(), "sensitivity");
  const hdf5::Id ss = hdf5::open_dataset(g.get(), "sensitivity");
  r.features = hdf5::read_texts_attribute(ss.get(), "rows");
  const auto n = static_cast<Eigen::Index>(r.parameters.size());
  if (p.rows() != n || p.cols() != 4 || verdicts.size() != r.parameters.size() ||
      r.sensitivity.cols() != n ||
      r.sensitivity.rows() != static_cast<Eigen::Index>(r.features.size()))
    throw std::runtime_error("/identifiability: its datasets disagree in shape");
  r.spread_1sd = p.col(0);
  r.spread_2sd = p.col(1);
  r.local_sd = p.col(2);
  r.weakest = p.col(3);
  for (const auto& v : verdicts) r.verdict.push_back(verdict_of(v));
  return r;
}

}  // namespace neurofit::io

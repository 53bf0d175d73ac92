#include "neurofit/io/result_table.hpp"

#include <stdexcept>

#include "neurofit/io/csv.hpp"

namespace neurofit::io {

std::string column_name(const std::string& name, const std::string& unit) {
  if (unit.empty()) return name;
  std::string u = unit.rfind("1/", 0) == 0 ? "per_" + unit.substr(2) : unit;
  std::string out = name + "_";
  for (char c : u) {
    if (c == '/')
      out += "_per_";
    else if (c == ' ' || c == ',')
      out += '_';
    else
      out += c;
  }
  return out;
}

void write_result_csv(std::ostream& out, const StoredResult& r,
                      const std::vector<Eigen::Index>& members) {
  const ResultData& d = r.data;
  out << "rank,member";
  for (std::size_t i = 0; i < d.parameter_names.size(); ++i)
    out << ',' << column_name(d.parameter_names[i], d.parameter_units[i]);
  for (std::size_t f = 0; f < d.feature_names.size(); ++f)
    out << ',' << column_name(d.feature_names[f], d.feature_units[f]);
  for (const auto& n : d.objective_names) out << ',' << (r.is_fit() ? "z_" + n : n);
  out << '\n';
  for (std::size_t k = 0; k < members.size(); ++k) {
    const Eigen::Index j = members[k];
    if (j < 0 || j >= r.size())
      throw std::invalid_argument("result table: no archive member " + std::to_string(j));
    out << k + 1 << ',' << j + 1;
    for (Eigen::Index i = 0; i < d.parameters.rows(); ++i)
      out << ',' << format_number(d.parameters(i, j));
    for (Eigen::Index f = 0; f < d.features.rows(); ++f)
      out << ',' << format_number(d.features(f, j));
    for (Eigen::Index o = 0; o < d.objectives.rows(); ++o)
      out << ',' << format_number(d.objectives(o, j));
    out << '\n';
  }
}

}  // namespace neurofit::io

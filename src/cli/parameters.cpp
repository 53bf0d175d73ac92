#include "neurofit/cli/parameters.hpp"

#include <stdexcept>

#include "neurofit/errors.hpp"

namespace neurofit::cli {

namespace {

double parse_number(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw InputError(option("--set"), what + ": '" + text + "' is not a number");
  return x;
}

}  // namespace

Eigen::MatrixXd parameters_from(const sim::ModelFamily& f, const std::vector<std::string>& sets) {
  Eigen::MatrixXd p(f.n_params(), 1);
  for (int i = 0; i < f.n_params(); ++i) p(i, 0) = f.parameters[static_cast<std::size_t>(i)].value;
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
      throw InputError(option("--set"), "--set '" + s + "': expected NAME=VALUE");
    const std::string name = s.substr(0, eq);
    const int idx = f.parameter_index(name);
    if (idx < 0) {
      std::string known;
      for (const auto& spec : f.parameters)
        known += (known.empty() ? "" : ", ") + std::string(spec.name);
      throw InputError(option("--set"), "--set '" + s + "': model " + std::string(f.name) +
                                            " has no parameter '" + name + "' (it has " + known +
                                            ")");
    }
    p(idx, 0) = parse_number(s.substr(eq + 1), "--set " + name);
  }
  return p;
}

}  // namespace neurofit::cli

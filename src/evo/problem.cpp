#include "neurofit/evo/problem.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace neurofit::evo {

namespace {

std::vector<std::string> numbered(const char* prefix, Eigen::Index n) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) names.push_back(prefix + std::to_string(i + 1));
  return names;
}

void check_sizes(Eigen::Index rows, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper) {
  if (lower.size() != rows || upper.size() != rows)
    throw std::invalid_argument("bounds of size " + std::to_string(lower.size()) + "/" +
                                std::to_string(upper.size()) + " for " + std::to_string(rows) +
                                " variables");
}

}  // namespace

std::vector<std::string> Problem::objective_names() const {
  return numbered("f", n_obj());
}

std::vector<std::string> Problem::variable_names() const {
  return numbered("x", n_var());
}

Eigen::MatrixXd to_problem_units(const Eigen::MatrixXd& unit, const Eigen::VectorXd& lower,
                                 const Eigen::VectorXd& upper) {
  check_sizes(unit.rows(), lower, upper);
  const Eigen::ArrayXd width = (upper - lower).array();
  return ((unit.array().colwise() * width).colwise() + lower.array()).matrix();
}

Eigen::MatrixXd to_unit(const Eigen::MatrixXd& x, const Eigen::VectorXd& lower,
                        const Eigen::VectorXd& upper) {
  check_sizes(x.rows(), lower, upper);
  Eigen::MatrixXd unit(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double width = upper[i] - lower[i];
    if (width > 0)
      unit.row(i) = (x.row(i).array() - lower[i]) / width;
    else
      unit.row(i).setZero();
  }
  return unit;
}

Eigen::MatrixXd to_problem_units(const Problem& problem, const Eigen::MatrixXd& unit) {
  return to_problem_units(unit, problem.lower(), problem.upper());
}

Eigen::MatrixXd to_unit(const Problem& problem, const Eigen::MatrixXd& x) {
  return to_unit(x, problem.lower(), problem.upper());
}

void check_bounds(const Problem& problem) {
  const Eigen::VectorXd lo = problem.lower();
  const Eigen::VectorXd hi = problem.upper();
  const std::string who = "problem '" + problem.name() + "': ";
  if (problem.n_var() < 1 || problem.n_obj() < 1)
    throw std::invalid_argument(who + "needs at least one variable and one objective");
  if (lo.size() != problem.n_var() || hi.size() != problem.n_var())
    throw std::invalid_argument(
        who + "bounds must have n_var = " + std::to_string(problem.n_var()) + " entries");
  for (Eigen::Index i = 0; i < lo.size(); ++i) {
    if (!std::isfinite(lo[i]) || !std::isfinite(hi[i]) || lo[i] > hi[i])
      throw std::invalid_argument(who + "bounds of variable " + std::to_string(i + 1) +
                                  " must be finite with lower <= upper");
  }
}

namespace {

void check_batch(const Problem& problem, const Eigen::MatrixXd& x) {
  if (x.rows() != problem.n_var())
    throw std::logic_error("evaluate: batch has " + std::to_string(x.rows()) + " rows, problem '" +
                           problem.name() + "' has " + std::to_string(problem.n_var()) +
                           " variables");
}

void check_objectives(const Problem& problem, const Eigen::MatrixXd& x, const Eigen::MatrixXd& f) {
  if (f.rows() != problem.n_obj() || f.cols() != x.cols())
    throw std::logic_error("evaluate: problem '" + problem.name() + "' returned " +
                           std::to_string(f.rows()) + "x" + std::to_string(f.cols()) +
                           " objectives, expected " + std::to_string(problem.n_obj()) + "x" +
                           std::to_string(x.cols()));
  for (Eigen::Index j = 0; j < f.cols(); ++j)
    for (Eigen::Index i = 0; i < f.rows(); ++i)
      if (!std::isfinite(f(i, j)))
        throw std::domain_error("evaluate: problem '" + problem.name() +
                                "' returned a non-finite " + "objective " + std::to_string(i + 1) +
                                " for candidate " + std::to_string(j));
}

}  // namespace

void evaluate_checked(const Problem& problem, const Eigen::MatrixXd& x, Eigen::MatrixXd& f) {
  check_batch(problem, x);
  problem.evaluate(x, f);
  check_objectives(problem, x, f);
}

void evaluate_checked(const Problem& problem, const Eigen::MatrixXd& x, Eigen::MatrixXd& f,
                      Eigen::MatrixXd& extra) {
  check_batch(problem, x);
  problem.evaluate(x, f, extra);
  check_objectives(problem, x, f);
  if (extra.rows() != problem.n_extra() || extra.cols() != x.cols())
    throw std::logic_error("evaluate: problem '" + problem.name() + "' returned " +
                           std::to_string(extra.rows()) + "x" + std::to_string(extra.cols()) +
                           " extra data, expected " + std::to_string(problem.n_extra()) + "x" +
                           std::to_string(x.cols()));
}

}  // namespace neurofit::evo

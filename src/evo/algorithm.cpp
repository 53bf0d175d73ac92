#include "neurofit/evo/algorithm.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "neurofit/evo/minimax.hpp"
#include "neurofit/evo/nondominated.hpp"

namespace neurofit::evo {

void Algorithm::set_population(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f,
                               const Eigen::MatrixXd& extra) {
  if (x.cols() != f.cols())
    throw std::invalid_argument("set_population: X has " + std::to_string(x.cols()) +
                                " columns but F has " + std::to_string(f.cols()));
  if (x.cols() < 2 || x.rows() < 1 || f.rows() < 1)
    throw std::invalid_argument("set_population: needs >= 2 columns, >= 1 variable and objective");
  if (!((x.array() >= 0.0).all() && (x.array() <= 1.0).all()))
    throw std::invalid_argument("set_population: X must be normalised to [0, 1]");
  if (!f.allFinite()) throw std::invalid_argument("set_population: F must be finite");
  if (extra.size() > 0 && extra.cols() != x.cols())
    throw std::invalid_argument("set_population: the extra data has " +
                                std::to_string(extra.cols()) + " columns for " +
                                std::to_string(x.cols()) + " members");
  x_ = x;
  f_ = f;
  e_ = extra.size() > 0 ? extra : Eigen::MatrixXd(0, x.cols());
  population_changed();
}

void Algorithm::keep_columns(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f,
                             const Eigen::MatrixXd& extra,
                             const std::vector<Eigen::Index>& columns) {
  const auto n = static_cast<Eigen::Index>(columns.size());
  x_.resize(x.rows(), n);
  f_.resize(f.rows(), n);
  e_.resize(extra.rows(), n);
  for (Eigen::Index k = 0; k < n; ++k) {
    const Eigen::Index c = columns[static_cast<std::size_t>(k)];
    x_.col(k) = x.col(c);
    f_.col(k) = f.col(c);
    if (extra.rows() > 0) e_.col(k) = extra.col(c);
  }
}

std::vector<Eigen::Index> Algorithm::first_front() const {
  return non_dominated_indices(f_);
}

std::vector<Eigen::Index> Algorithm::best_first() const {
  std::vector<Eigen::Index> order = pareto_order(f_);
  const auto best = std::find(order.begin(), order.end(), minimax_best(f_));
  if (best != order.end()) std::rotate(order.begin(), best, best + 1);
  return order;
}

void Algorithm::initialize_uniform(const Problem& problem, Rng& rng, Eigen::Index size) {
  check_bounds(problem);
  Eigen::MatrixXd x(problem.n_var(), size);
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = rng.uniform();
  generation_ = 0;
  evaluations_ = 0;
  Eigen::MatrixXd extra;
  Eigen::MatrixXd f = evaluate_unit(problem, x, extra);
  x_ = std::move(x);
  f_ = std::move(f);
  e_ = std::move(extra);
  population_changed();
}

Eigen::MatrixXd Algorithm::evaluate_unit(const Problem& problem, const Eigen::MatrixXd& unit_x,
                                         Eigen::MatrixXd& extra) {
  Eigen::MatrixXd f;
  evaluate_checked(problem, to_problem_units(problem, unit_x), f, extra);
  evaluations_ += static_cast<std::uint64_t>(unit_x.cols());
  return f;
}

void Algorithm::check_population(const Problem& problem) const {
  if (!initialized())
    throw std::invalid_argument(name() + ": step() before initialize() or set_population()");
  if (x_.rows() != problem.n_var() || f_.rows() != problem.n_obj())
    throw std::invalid_argument(
        name() + ": population is " + std::to_string(x_.rows()) + " variables x " +
        std::to_string(f_.rows()) + " objectives, problem '" + problem.name() + "' has " +
        std::to_string(problem.n_var()) + " x " + std::to_string(problem.n_obj()));
}

}  // namespace neurofit::evo

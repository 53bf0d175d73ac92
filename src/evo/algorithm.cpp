#include "neurofit/evo/algorithm.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "neurofit/evo/nondominated.hpp"

namespace neurofit::evo {

void Algorithm::set_population(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f) {
  if (x.cols() != f.cols())
    throw std::invalid_argument("set_population: X has " + std::to_string(x.cols()) +
                                " columns but F has " + std::to_string(f.cols()));
  if (x.cols() < 2 || x.rows() < 1 || f.rows() < 1)
    throw std::invalid_argument("set_population: needs >= 2 columns, >= 1 variable and objective");
  if (!((x.array() >= 0.0).all() && (x.array() <= 1.0).all()))
    throw std::invalid_argument("set_population: X must be normalised to [0, 1]");
  if (!f.allFinite()) throw std::invalid_argument("set_population: F must be finite");
  x_ = x;
  f_ = f;
}

std::vector<Eigen::Index> Algorithm::first_front() const {
  return non_dominated_indices(f_);
}

Eigen::MatrixXd Algorithm::evaluate_unit(const Problem& problem, const Eigen::MatrixXd& unit_x) {
  Eigen::MatrixXd f;
  evaluate_checked(problem, to_problem_units(problem, unit_x), f);
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

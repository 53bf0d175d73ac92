// The optimizer's view of a problem: bounded real variables, a batch of candidates in, a batch of
// minimised objectives out. The optimizer itself works in [0,1]^n and maps to problem units here.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace neurofit::evo {

class Problem {
 public:
  virtual ~Problem() = default;

  virtual Eigen::Index n_var() const = 0;
  virtual Eigen::Index n_obj() const = 0;
  // Bounds in problem units, each of size n_var(), lower <= upper.
  virtual Eigen::VectorXd lower() const = 0;
  virtual Eigen::VectorXd upper() const = 0;

  // Evaluates a whole batch: x is n_var x N (one column per candidate, problem units); f must be
  // set to n_obj x N finite objective values, all minimised.
  virtual void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const = 0;

  // Per-candidate data computed besides the objectives (a fit's features), kept with the
  // population and the archive; NaN allowed. None by default.
  virtual Eigen::Index n_extra() const { return 0; }
  // evaluate() plus that data (extra: n_extra() x N). The default leaves it with 0 rows.
  virtual void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f,
                        Eigen::MatrixXd& extra) const {
    evaluate(x, f);
    extra.resize(0, x.cols());
  }

  virtual std::string name() const { return "problem"; }
  // Defaults: "f1".."fm" and "x1".."xn".
  virtual std::vector<std::string> objective_names() const;
  virtual std::vector<std::string> variable_names() const;
};

// Maps normalised columns in [0,1]^n to problem units: lower + u * (upper - lower).
Eigen::MatrixXd to_problem_units(const Eigen::MatrixXd& unit, const Eigen::VectorXd& lower,
                                 const Eigen::VectorXd& upper);
// Inverse map; a variable with upper == lower maps to 0.
Eigen::MatrixXd to_unit(const Eigen::MatrixXd& x, const Eigen::VectorXd& lower,
                        const Eigen::VectorXd& upper);
Eigen::MatrixXd to_problem_units(const Problem& problem, const Eigen::MatrixXd& unit);
Eigen::MatrixXd to_unit(const Problem& problem, const Eigen::MatrixXd& x);

// Throws std::invalid_argument when the bounds have the wrong size, are not finite or lower >
// upper.
void check_bounds(const Problem& problem);

// Calls problem.evaluate once and checks the result: f is n_obj x N and finite, else throws
// std::logic_error (wrong shape) or std::domain_error (naming objective and candidate).
void evaluate_checked(const Problem& problem, const Eigen::MatrixXd& x, Eigen::MatrixXd& f);
// The same with the extra data, checked to be n_extra() x N.
void evaluate_checked(const Problem& problem, const Eigen::MatrixXd& x, Eigen::MatrixXd& f,
                      Eigen::MatrixXd& extra);

}  // namespace neurofit::evo

#include "neurofit/evo/test_problems.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace neurofit::evo {

namespace {

constexpr double pi = std::numbers::pi;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Zdt::Zdt(int variant, Eigen::Index n_var) : variant_(variant), n_var_(n_var) {
  if (variant < 1 || variant > 6 || variant == 5)
    throw std::invalid_argument("Zdt: variant must be 1, 2, 3, 4 or 6, got " +
                                std::to_string(variant));
  if (n_var < 2)
    throw std::invalid_argument("zdt" + std::to_string(variant) + ": n_var must be >= 2, got " +
                                std::to_string(n_var));
}

Eigen::VectorXd Zdt::lower() const {
  Eigen::VectorXd lo = Eigen::VectorXd::Zero(n_var_);
  if (variant_ == 4) lo.tail(n_var_ - 1).setConstant(-5.0);
  return lo;
}

Eigen::VectorXd Zdt::upper() const {
  Eigen::VectorXd hi = Eigen::VectorXd::Ones(n_var_);
  if (variant_ == 4) hi.tail(n_var_ - 1).setConstant(5.0);
  return hi;
}

void Zdt::evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const {
  f.resize(2, x.cols());
  const double rest = static_cast<double>(n_var_ - 1);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double x1 = x(0, j);
    double sum = 0.0;
    for (Eigen::Index i = 1; i < n_var_; ++i) {
      const double xi = x(i, j);
      sum += variant_ == 4 ? xi * xi - 10.0 * std::cos(4.0 * pi * xi) : xi;
    }
    double f1 = x1;
    double g = 1.0 + 9.0 * sum / rest;
    if (variant_ == 4) g = 1.0 + 10.0 * rest + sum;
    if (variant_ == 6) {
      f1 = 1.0 - std::exp(-4.0 * x1) * std::pow(std::sin(6.0 * pi * x1), 6);
      g = 1.0 + 9.0 * std::pow(sum / rest, 0.25);
    }
    const double r = f1 / g;
    double h = 1.0 - std::sqrt(r);  // ZDT1, ZDT4
    if (variant_ == 2 || variant_ == 6) h = 1.0 - r * r;
    if (variant_ == 3) h = 1.0 - std::sqrt(r) - r * std::sin(10.0 * pi * f1);
    f(0, j) = f1;
    f(1, j) = g * h;
  }
}

Dtlz::Dtlz(int variant, Eigen::Index n_var, Eigen::Index n_obj)
    : variant_(variant), n_var_(n_var), n_obj_(n_obj) {
  if (variant < 1 || variant > 2)
    throw std::invalid_argument("Dtlz: variant must be 1 or 2, got " + std::to_string(variant));
  if (n_obj < 2)
    throw std::invalid_argument("dtlz" + std::to_string(variant) + ": n_obj must be >= 2, got " +
                                std::to_string(n_obj));
  if (n_var < n_obj)
    throw std::invalid_argument("dtlz" + std::to_string(variant) + ": n_var must be >= n_obj = " +
                                std::to_string(n_obj) + ", got " + std::to_string(n_var));
}

void Dtlz::evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const {
  const Eigen::Index m = n_obj_;
  f.resize(m, x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    double g = 0.0;
    for (Eigen::Index i = m - 1; i < n_var_; ++i) {
      const double d = x(i, j) - 0.5;
      g += variant_ == 1 ? d * d - std::cos(20.0 * pi * d) : d * d;
    }
    if (variant_ == 1) g = 100.0 * (static_cast<double>(n_var_ - m + 1) + g);
    // f_k (k = 0..m-1) uses the first m-1-k position variables, then one "closing" factor.
    for (Eigen::Index k = 0; k < m; ++k) {
      double v = variant_ == 1 ? 0.5 * (1.0 + g) : 1.0 + g;
      for (Eigen::Index i = 0; i < m - 1 - k; ++i)
        v *= variant_ == 1 ? x(i, j) : std::cos(0.5 * pi * x(i, j));
      if (k > 0) {
        const double xc = x(m - 1 - k, j);
        v *= variant_ == 1 ? 1.0 - xc : std::sin(0.5 * pi * xc);
      }
      f(k, j) = v;
    }
  }
}

std::unique_ptr<Problem> make_test_problem(std::string_view name, Eigen::Index n_var,
                                           Eigen::Index n_obj) {
  const std::string key = lowercase(name);
  if (n_var < 0 || n_obj < 0)
    throw std::invalid_argument("test problem '" + key + "': sizes must not be negative");
  if (key.size() == 4 && key.starts_with("zdt") &&
      std::string("12346").find(key[3]) != std::string::npos) {
    const int variant = key[3] - '0';
    if (n_obj != 0 && n_obj != 2)
      throw std::invalid_argument("test problem '" + key + "' has 2 objectives, not " +
                                  std::to_string(n_obj));
    if (n_var == 0) n_var = variant <= 3 ? 30 : 10;
    return std::make_unique<Zdt>(variant, n_var);
  }
  if (key == "dtlz1" || key == "dtlz2") {
    const int variant = key[4] - '0';
    if (n_obj == 0) n_obj = 3;
    if (n_var == 0) n_var = n_obj + (variant == 1 ? 4 : 9);
    return std::make_unique<Dtlz>(variant, n_var, n_obj);
  }
  throw std::invalid_argument("unknown test problem '" + std::string(name) +
                              "' (expected zdt1, zdt2, zdt3, zdt4, zdt6, dtlz1 or dtlz2)");
}

}  // namespace neurofit::evo

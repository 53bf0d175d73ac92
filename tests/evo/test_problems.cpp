#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "neurofit/evo/problem.hpp"
#include "neurofit/evo/rng.hpp"
#include "neurofit/evo/test_problems.hpp"

using namespace neurofit::evo;

namespace {

Eigen::MatrixXd evaluate(const Problem& p, const Eigen::MatrixXd& x) {
  Eigen::MatrixXd f;
  evaluate_checked(p, x, f);
  return f;
}

// Plain loops: Eigen's AVX-512 reductions trip a GCC 12 -Wmaybe-uninitialized false positive.
double column_sum(const Eigen::MatrixXd& m, Eigen::Index j, bool squares = false) {
  double s = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i) s += squares ? m(i, j) * m(i, j) : m(i, j);
  return s;
}

Eigen::MatrixXd random_unit(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd x(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) x(i, j) = rng.uniform();
  return x;
}

// A problem that returns what it is told to, to check evaluate_checked.
class Broken : public Problem {
 public:
  explicit Broken(int mode) : mode_(mode) {}
  Eigen::Index n_var() const override { return 2; }
  Eigen::Index n_obj() const override { return 2; }
  Eigen::VectorXd lower() const override { return Eigen::VectorXd::Zero(2); }
  Eigen::VectorXd upper() const override { return Eigen::VectorXd::Ones(mode_ == 3 ? 3 : 2); }
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override {
    f = Eigen::MatrixXd::Zero(mode_ == 1 ? 3 : 2, x.cols());
    if (mode_ == 2) f(1, x.cols() - 1) = std::nan("");
  }

 private:
  int mode_;
};

}  // namespace

TEST(Problem, UnitMappingRoundTripsAndHandlesFixedVariables) {
  Eigen::VectorXd lo(3), hi(3);
  lo << -1, 0, 2;
  hi << 1, 10, 2;
  Eigen::MatrixXd u(3, 2);
  u << 0, 1, 0.5, 0.25, 0.3, 0.7;
  const Eigen::MatrixXd x = to_problem_units(u, lo, hi);
  EXPECT_DOUBLE_EQ(x(0, 0), -1);
  EXPECT_DOUBLE_EQ(x(0, 1), 1);
  EXPECT_DOUBLE_EQ(x(1, 1), 2.5);
  EXPECT_DOUBLE_EQ(x(2, 0), 2);
  const Eigen::MatrixXd back = to_unit(x, lo, hi);
  for (Eigen::Index j = 0; j < 2; ++j)
    for (Eigen::Index i = 0; i < 2; ++i) EXPECT_NEAR(back(i, j), u(i, j), 1e-15);
  EXPECT_EQ(back(2, 0), 0.0);  // fixed variable
  EXPECT_THROW(to_unit(x, lo.head(2), hi.head(2)), std::invalid_argument);
}

TEST(Problem, DefaultNames) {
  const Zdt p(1, 3);
  EXPECT_EQ(p.objective_names(), (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(p.variable_names(), (std::vector<std::string>{"x1", "x2", "x3"}));
}

TEST(Problem, EvaluateCheckedCatchesBadOutput) {
  Eigen::MatrixXd f;
  const Eigen::MatrixXd x = Eigen::MatrixXd::Zero(2, 4);
  EXPECT_NO_THROW(evaluate_checked(Broken(0), x, f));
  EXPECT_THROW(evaluate_checked(Broken(1), x, f), std::logic_error);
  EXPECT_THROW(evaluate_checked(Broken(2), x, f), std::domain_error);
  EXPECT_THROW(evaluate_checked(Broken(0), Eigen::MatrixXd::Zero(3, 4), f), std::logic_error);
  EXPECT_NO_THROW(check_bounds(Broken(0)));
  EXPECT_THROW(check_bounds(Broken(3)), std::invalid_argument);
}

TEST(TestProblems, Zdt1KnownValues) {
  const Zdt p(1, 3);
  Eigen::MatrixXd x(3, 2);
  x << 0.25, 1.0, 0.0, 0.5, 0.0, 0.5;
  const Eigen::MatrixXd f = evaluate(p, x);
  EXPECT_DOUBLE_EQ(f(0, 0), 0.25);
  EXPECT_DOUBLE_EQ(f(1, 0), 0.5);  // g = 1 on the front: 1 - sqrt(0.25)
  const double g = 1 + 9 * 1.0 / 2;
  EXPECT_DOUBLE_EQ(f(1, 1), g * (1 - std::sqrt(1.0 / g)));
}

TEST(TestProblems, ZdtFrontsForOptimalTails) {
  // With the tail on its optimum (0 in problem units), f2 follows the analytic front.
  for (const char* name : {"zdt1", "zdt2", "zdt3", "zdt4", "zdt6"}) {
    auto p = make_test_problem(name, 10);
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(10, 5);
    for (int j = 0; j < 5; ++j) x(0, j) = 0.1 + 0.2 * j;
    const Eigen::MatrixXd f = evaluate(*p, x);
    for (int j = 0; j < 5; ++j) {
      const double f1 = f(0, j);
      double f2 = 1 - std::sqrt(f1);
      if (std::string(name) == "zdt2" || std::string(name) == "zdt6") f2 = 1 - f1 * f1;
      if (std::string(name) == "zdt3")
        f2 = 1 - std::sqrt(f1) - f1 * std::sin(10 * std::numbers::pi * f1);
      EXPECT_NEAR(f(1, j), f2, 1e-12) << name << " column " << j;
    }
  }
}

TEST(TestProblems, Zdt4Bounds) {
  auto p = make_test_problem("ZDT4", 10);
  EXPECT_EQ(p->lower()[0], 0);
  EXPECT_EQ(p->upper()[0], 1);
  EXPECT_EQ(p->lower()[5], -5);
  EXPECT_EQ(p->upper()[9], 5);
}

TEST(TestProblems, Dtlz2OptimalPointsLieOnTheUnitSphere) {
  for (Eigen::Index m : {2, 3, 5}) {
    const Dtlz p(2, m + 9, m);
    Eigen::MatrixXd x = random_unit(m + 9, 20, 5);
    x.bottomRows(10).setConstant(0.5);
    const Eigen::MatrixXd f = evaluate(p, x);
    for (Eigen::Index j = 0; j < 20; ++j) EXPECT_NEAR(column_sum(f, j, true), 1.0, 1e-12);
    // Off the optimum the radius grows by 1 + g.
    x.bottomRows(10).setConstant(0.0);
    const Eigen::MatrixXd g = evaluate(p, x);
    EXPECT_NEAR(std::sqrt(column_sum(g, 0, true)), 1.0 + 10 * 0.25, 1e-12);
  }
}

TEST(TestProblems, Dtlz1OptimalPointsLieOnTheSimplex) {
  const Dtlz p(1, 7, 3);
  Eigen::MatrixXd x = random_unit(7, 20, 6);
  x.bottomRows(5).setConstant(0.5);
  const Eigen::MatrixXd f = evaluate(p, x);
  for (Eigen::Index j = 0; j < 20; ++j) EXPECT_NEAR(column_sum(f, j), 0.5, 1e-12);
}

TEST(TestProblems, FactoryDefaultsAndErrors) {
  EXPECT_EQ(make_test_problem("zdt1")->n_var(), 30);
  EXPECT_EQ(make_test_problem("zdt6")->n_var(), 10);
  EXPECT_EQ(make_test_problem("dtlz2")->n_obj(), 3);
  EXPECT_EQ(make_test_problem("dtlz2")->n_var(), 12);
  EXPECT_EQ(make_test_problem("dtlz1", 0, 5)->n_var(), 9);
  EXPECT_EQ(make_test_problem("dtlz2", 12, 8)->n_obj(), 8);
  try {
    make_test_problem("zdt5");
    FAIL() << "zdt5 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown test problem 'zdt5'"), std::string::npos);
  }
  EXPECT_THROW(make_test_problem("rosenbrock"), std::invalid_argument);
  EXPECT_THROW(make_test_problem("zdt1", 1), std::invalid_argument);
  EXPECT_THROW(make_test_problem("zdt1", 30, 3), std::invalid_argument);
  EXPECT_THROW(make_test_problem("dtlz2", 2, 3), std::invalid_argument);
  EXPECT_THROW(make_test_problem("dtlz1", 5, 1), std::invalid_argument);
  EXPECT_THROW(make_test_problem("dtlz1", -1, 3), std::invalid_argument);
}

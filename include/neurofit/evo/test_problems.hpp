// Standard multi-objective benchmark problems (Zitzler, Deb & Thiele 2000; Deb, Thiele, Laumanns
// & Zitzler 2002), used to check the optimizer against published results.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "neurofit/evo/problem.hpp"

namespace neurofit::evo {

// ZDT1, ZDT2, ZDT3, ZDT4, ZDT6: two objectives, n_var >= 2. Bounds [0,1], except ZDT4 with
// x2..xn in [-5,5].
class Zdt : public Problem {
 public:
  Zdt(int variant, Eigen::Index n_var);

  Eigen::Index n_var() const override { return n_var_; }
  Eigen::Index n_obj() const override { return 2; }
  Eigen::VectorXd lower() const override;
  Eigen::VectorXd upper() const override;
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override;
  std::string name() const override { return "zdt" + std::to_string(variant_); }

 private:
  int variant_;
  Eigen::Index n_var_;
};

// DTLZ1, DTLZ2: any n_obj >= 2 and n_var >= n_obj (k = n_var - n_obj + 1), bounds [0,1].
class Dtlz : public Problem {
 public:
  Dtlz(int variant, Eigen::Index n_var, Eigen::Index n_obj);

  Eigen::Index n_var() const override { return n_var_; }
  Eigen::Index n_obj() const override { return n_obj_; }
  Eigen::VectorXd lower() const override { return Eigen::VectorXd::Zero(n_var_); }
  Eigen::VectorXd upper() const override { return Eigen::VectorXd::Ones(n_var_); }
  void evaluate(const Eigen::MatrixXd& x, Eigen::MatrixXd& f) const override;
  std::string name() const override { return "dtlz" + std::to_string(variant_); }

 private:
  int variant_;
  Eigen::Index n_var_;
  Eigen::Index n_obj_;
};

// Builds a test problem by name ("zdt1".."zdt4", "zdt6", "dtlz1", "dtlz2"; case-insensitive).
// n_var = 0 picks the usual size (ZDT1-3: 30, ZDT4/6: 10, DTLZ1: n_obj + 4, DTLZ2: n_obj + 9);
// n_obj = 0 means 2 for ZDT and 3 for DTLZ. Throws std::invalid_argument for an unknown name or
// sizes the problem does not admit.
std::unique_ptr<Problem> make_test_problem(std::string_view name, Eigen::Index n_var = 0,
                                           Eigen::Index n_obj = 0);

}  // namespace neurofit::evo

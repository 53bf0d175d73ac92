#pragma once
// IBEA, the indicator-based evolutionary algorithm (Zitzler & Kuenzli 2004), adaptive version
// with the additive epsilon indicator: the original (2021) optimizer's default, and stronger
// than NSGA-II when there are many objectives (ne8 has up to 8). Fitness of x in population P:
//   F(x) = sum over y != x of -exp(-I(y, x) / (c kappa)),  I(y, x) = max_i (f_i(y) - f_i(x))
// on objectives scaled to [0,1] over P, c = max |I|. Survival removes the least fit one at a time;
// mating is a binary tournament on F; variation is NSGA-II's (SBX, polynomial mutation).
#include <Eigen/Core>
#include <string>

#include "neurofit/evo/algorithm.hpp"
#include "neurofit/evo/nsga2.hpp"

namespace neurofit::evo {

struct IbeaSettings {
  Nsga2Settings ga;     // population and variation operators, as for NSGA-II
  double kappa = 0.05;  // fitness scaling factor

  // Throws std::invalid_argument naming the first bad field.
  void validate() const;
};

class Ibea : public Algorithm {
 public:
  explicit Ibea(const IbeaSettings& settings = {});

  std::string name() const override { return "ibea"; }
  void initialize(const Problem& problem, Rng& rng) override;
  void step(const Problem& problem, Rng& rng) override;
  // set_population() computes the fitness afresh from the population alone (as after
  // migration); state()/set_state() carry the mating fitness that step() left, for an exact
  // restart.
  std::vector<double> state() const override;
  void set_state(const std::vector<double>& state) override;

  const IbeaSettings& settings() const { return settings_; }
  // Fitness of each member of the current population (higher is better).
  const Eigen::VectorXd& fitness() const { return fitness_; }

 private:
  void population_changed() override;

  IbeaSettings settings_;
  Eigen::VectorXd fitness_;
};

// The members of f (one column each) that IBEA's environmental selection keeps, `keep` of them,
// in column order, and their fitness within the kept set.
std::vector<Eigen::Index> ibea_select(const Eigen::MatrixXd& f, Eigen::Index keep, double kappa,
                                      Eigen::VectorXd* fitness = nullptr);

}  // namespace neurofit::evo

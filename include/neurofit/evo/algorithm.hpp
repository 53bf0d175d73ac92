// Interface of the population-based algorithms (NSGA-II now; IBEA, NSGA-III later). An algorithm
// owns a population of normalised parameters X (n_var x mu, in [0,1]) and their objectives F
// (n_obj x mu, problem units); each generation evaluates its whole offspring in one batch.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurofit/evo/problem.hpp"
#include "neurofit/evo/rng.hpp"

namespace neurofit::evo {

class Algorithm {
 public:
  virtual ~Algorithm() = default;

  virtual std::string name() const = 0;
  // Random initial population, evaluated; resets the generation and evaluation counters.
  virtual void initialize(const Problem& problem, Rng& rng) = 0;
  // One generation: variation, one problem.evaluate call on the offspring, survival.
  virtual void step(const Problem& problem, Rng& rng) = 0;

  // Replaces the population (migration, checkpoint restart); x in [0,1], one F column (and one
  // extra column, or none) per X column. Derived classes recompute what they derive from F.
  // Throws std::invalid_argument.
  void set_population(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f,
                      const Eigen::MatrixXd& extra = Eigen::MatrixXd());
  // What, besides the population, the counters and the Rng, the next step depends on (IBEA's
  // mating fitness; nothing for NSGA-II, whose ranks and crowding follow from F): saved with a
  // checkpoint and restored after set_population() for a bit-identical restart.
  virtual std::vector<double> state() const { return {}; }
  virtual void set_state(const std::vector<double>& state) {
    if (!state.empty()) throw std::invalid_argument(name() + ": takes no saved state");
  }

  bool initialized() const { return x_.cols() > 0; }
  const Eigen::MatrixXd& x() const { return x_; }
  const Eigen::MatrixXd& f() const { return f_; }
  // The problem's extra data of each member (Problem::n_extra() rows; e.g. a fit's features).
  const Eigen::MatrixXd& extra() const { return e_; }
  Eigen::Index population_size() const { return x_.cols(); }
  // Columns of the population's first (non-dominated) front.
  std::vector<Eigen::Index> first_front() const;
  // Every column from best to worst, for migration (emigrants are the first, immigrants replace
  // the last). By default the best in the minimax order (minimax.hpp: for a fit the best
  // compromise) comes first, then the others by front and crowding (pareto_order).
  virtual std::vector<Eigen::Index> best_first() const;

  std::uint64_t generation() const { return generation_; }
  std::uint64_t evaluations() const { return evaluations_; }
  // For a restart from a checkpoint.
  void set_counters(std::uint64_t generation, std::uint64_t evaluations) {
    generation_ = generation;
    evaluations_ = evaluations;
  }

 protected:
  // What derives from the population (ranks, fitness): recomputed after set_population().
  virtual void population_changed() {}
  // Draws `size` members uniformly in [0,1]^n_var, evaluates them in one batch and makes them the
  // population (population_changed() follows); the counters start again. Checks the bounds.
  void initialize_uniform(const Problem& problem, Rng& rng, Eigen::Index size);
  // Maps normalised columns to problem units, evaluates them in one call, counts evaluations;
  // the problem's extra data goes to `extra`.
  Eigen::MatrixXd evaluate_unit(const Problem& problem, const Eigen::MatrixXd& unit_x,
                                Eigen::MatrixXd& extra);
  // Keeps the given columns of (x, f, extra) as the population, in that order.
  void keep_columns(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f,
                    const Eigen::MatrixXd& extra, const std::vector<Eigen::Index>& columns);
  // Throws std::invalid_argument unless the population matches the problem's sizes.
  void check_population(const Problem& problem) const;

  Eigen::MatrixXd x_;
  Eigen::MatrixXd f_;
  Eigen::MatrixXd e_;
  std::uint64_t generation_ = 0;
  std::uint64_t evaluations_ = 0;
};

}  // namespace neurofit::evo

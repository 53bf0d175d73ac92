#pragma once
// SHADE, success-history based adaptive differential evolution (Tanabe & Fukunaga 2013), on the
// minimax order of the objectives (minimax.hpp): it minimises the largest objective, ties by
// their sum. For a fit, whose objectives are z-scores, that is a direct search for the best
// compromise model, where IBEA spreads over the Pareto front; islands of both exchange migrants.
//
// Each generation, every member x_i makes one trial, and the trial replaces it when it is not
// worse in the minimax order:
//   mutant  v = x_i + F_i (x_pbest - x_i) + F_i (x_r1 - x_r2)        (current-to-pbest/1)
//   x_pbest drawn from the best max(2, round(p_i N)) members, p_i uniform in [2/N, p_max];
//   x_r1 a member other than x_i, x_r2 a member or an archived parent other than x_i and x_r1;
//   a component outside [0, 1] is put halfway between x_i's and the bound it passed;
//   trial   u_j = v_j with probability CR_i (and for one random j), else x_{i,j}  (binomial).
// F_i is drawn from a Cauchy distribution (location M_F[r], scale 0.1; redrawn while <= 0,
// capped at 1) and CR_i from a normal one (mean M_CR[r], sd 0.1, clipped to [0, 1]), r a random
// slot of the H-slot memory. Parents that a better trial replaces go to an archive of at most N
// (random ones leave when it is full); the F and CR of those trials, weighted by how much they
// lowered the largest objective, update one memory slot per generation (weighted Lehmer mean
// for F, weighted mean for CR), slot after slot. All trials are evaluated in one batch.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "neurofit/evo/algorithm.hpp"

namespace neurofit::evo {

struct ShadeSettings {
  Eigen::Index population = 100;  // N
  int memory = 6;                 // H, slots of the success history (L-SHADE's choice)
  double p_max = 0.2;             // largest fraction of the population x_pbest is drawn from

  // Throws std::invalid_argument naming the first bad field.
  void validate() const;
};

class Shade : public Algorithm {
 public:
  explicit Shade(const ShadeSettings& settings = {});

  std::string name() const override { return "shade"; }
  void initialize(const Problem& problem, Rng& rng) override;
  void step(const Problem& problem, Rng& rng) override;
  // The minimax order: migrants are its best members, immigrants replace its worst.
  std::vector<Eigen::Index> best_first() const override;
  // The memory (M_F, M_CR, next slot) and the archive of replaced parents.
  std::vector<double> state() const override;
  void set_state(const std::vector<double>& state) override;

  const ShadeSettings& settings() const { return settings_; }
  const Eigen::VectorXd& memory_f() const { return m_f_; }
  const Eigen::VectorXd& memory_cr() const { return m_cr_; }
  const Eigen::MatrixXd& archive() const { return archive_; }

 private:
  // The trial of member i (a column in [0,1]^n) with its F and CR drawn.
  struct Trial {
    double f = 0, cr = 0;
  };
  Eigen::VectorXd make_trial(Eigen::Index i, const std::vector<Eigen::Index>& order, Trial& t,
                             Rng& rng) const;
  void archive_parent(const Eigen::VectorXd& parent, Rng& rng);
  void reset_memory();

  ShadeSettings settings_;
  Eigen::VectorXd m_f_, m_cr_;
  int next_slot_ = 0;
  Eigen::MatrixXd archive_;  // replaced parents, n_var x at most N
};

}  // namespace neurofit::evo

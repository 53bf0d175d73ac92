// NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002): binary tournament on (rank, crowding), SBX and
// polynomial mutation, elitist (mu + lambda) survival by fronts with crowding truncation.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "neurofit/evo/algorithm.hpp"

namespace neurofit::evo {

struct Nsga2Settings {
  Eigen::Index population = 100;  // mu = lambda
  double eta_c = 20.0;            // SBX distribution index
  double eta_m = 20.0;            // polynomial mutation distribution index
  double p_crossover = 0.9;       // per pair
  double p_mutation = -1.0;       // per variable; -1 means 1 / n_var

  // Throws std::invalid_argument naming the first bad field.
  void validate() const;
  bool operator==(const Nsga2Settings&) const = default;
  double mutation_probability(Eigen::Index n_var) const {
    return p_mutation < 0 ? 1.0 / static_cast<double>(n_var) : p_mutation;
  }
};

class Nsga2 : public Algorithm {
 public:
  explicit Nsga2(const Nsga2Settings& settings = {});

  std::string name() const override { return "nsga2"; }
  void initialize(const Problem& problem, Rng& rng) override;
  void step(const Problem& problem, Rng& rng) override;

  const Nsga2Settings& settings() const { return settings_; }
  // Front index and crowding distance of each member of the current population.
  const std::vector<int>& ranks() const { return rank_; }
  const Eigen::VectorXd& crowding() const { return crowding_; }

  // The variation half of step(): the unevaluated offspring matrix (n_var x population).
  Eigen::MatrixXd make_offspring(Rng& rng) const;

 private:
  // Keeps the best `population` columns of (x, f, extra) and their ranks and crowding distances.
  void survive(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f, const Eigen::MatrixXd& extra);
  void population_changed() override;

  Nsga2Settings settings_;
  std::vector<int> rank_;
  Eigen::VectorXd crowding_;
};

}  // namespace neurofit::evo

// Variation and selection operators of NSGA-II, on normalised variables in [0,1]. They follow
// Deb's reference implementation (nsga2-v1.1, as also used by pymoo); every draw comes from the
// given Rng in a fixed order, so a seed fixes the result.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "neurofit/evo/rng.hpp"

namespace neurofit::evo {

// Bounded simulated binary crossover (Deb & Agrawal 1995) of parents p1, p2 into c1, c2. With
// probability `probability` the pair is crossed; then each variable is recombined with
// probability 1/2 (when the parents differ) and the children swapped with probability 1/2.
void sbx_crossover(const Eigen::Ref<const Eigen::VectorXd>& p1,
                   const Eigen::Ref<const Eigen::VectorXd>& p2, Eigen::Ref<Eigen::VectorXd> c1,
                   Eigen::Ref<Eigen::VectorXd> c2, double eta_c, double probability, Rng& rng);

// Bounded polynomial mutation (Deb & Goyal 1996), each variable with probability `probability`.
void polynomial_mutation(Eigen::Ref<Eigen::VectorXd> x, double eta_m, double probability, Rng& rng);

// Binary tournament: two distinct random columns; lower rank wins, then larger crowding
// distance, then the first drawn. Needs at least 2 candidates.
Eigen::Index binary_tournament(const std::vector<int>& rank, const Eigen::VectorXd& crowding,
                               Rng& rng);

}  // namespace neurofit::evo

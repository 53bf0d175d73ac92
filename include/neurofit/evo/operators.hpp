// Variation and selection operators of NSGA-II, on normalised variables in [0,1]. They follow
// Deb's reference implementation (nsga2-v1.1, as also used by pymoo); every draw comes from the
// given Rng in a fixed order, so a seed fixes the result.
#pragma once
#include <utility>

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

// The two distinct random columns a binary tournament compares (a drawn first).
std::pair<Eigen::Index, Eigen::Index> tournament_pair(Eigen::Index n, Rng& rng);

// Variation shared by the algorithms: `lambda` children from pairs of parents chosen by
// `select()` (a column of x), crossed by SBX and mutated by polynomial mutation, all in [0,1].
template <class Select>
Eigen::MatrixXd make_children(const Eigen::MatrixXd& x, Eigen::Index lambda, double eta_c,
                              double p_crossover, double eta_m, double p_mutation, Rng& rng,
                              Select select) {
  Eigen::MatrixXd child(x.rows(), lambda + (lambda % 2));  // pairs; an odd last child is dropped
  for (Eigen::Index j = 0; j < child.cols(); j += 2) {
    const Eigen::Index a = select();
    const Eigen::Index b = select();
    sbx_crossover(x.col(a), x.col(b), child.col(j), child.col(j + 1), eta_c, p_crossover, rng);
    polynomial_mutation(child.col(j), eta_m, p_mutation, rng);
    polynomial_mutation(child.col(j + 1), eta_m, p_mutation, rng);
  }
  return child.leftCols(lambda);
}

}  // namespace neurofit::evo

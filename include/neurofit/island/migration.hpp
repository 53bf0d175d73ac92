#pragma once
// Choosing emigrants and placing immigrants in one island's population (no MPI here).
#include <Eigen/Core>
#include <vector>

#include "neurofit/island/settings.hpp"

namespace neurofit::island {

// The first `k` columns of `best_first` (an algorithm's order, evo::Algorithm::best_first), at
// most all of them.
std::vector<Eigen::Index> select_emigrants(const std::vector<Eigen::Index>& best_first, long k);

// Places immigrants (columns of imm_x, imm_f, imm_e, in the order given) into the population
// (x, f, e; e and imm_e may have 0 rows):
// `worst` replaces the worst members (the last of `best_first`, the population's order from best
// to worst), one per immigrant; `dominated` replaces, for each immigrant, the worst member it
// dominates, if any. A member is replaced at most once; an
// immigrant whose parameters equal a member's is skipped (no clones). Returns how many entered.
long place_immigrants(Eigen::MatrixXd& x, Eigen::MatrixXd& f, Eigen::MatrixXd& e,
                      const Eigen::MatrixXd& imm_x, const Eigen::MatrixXd& imm_f,
                      const Eigen::MatrixXd& imm_e, Replacement replacement,
                      const std::vector<Eigen::Index>& best_first);

}  // namespace neurofit::island

#include "neurofit/evo/nsga2.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "neurofit/evo/nondominated.hpp"
#include "neurofit/evo/operators.hpp"

namespace neurofit::evo {

void Nsga2Settings::validate() const {
  auto fail = [](const char* what) { throw std::invalid_argument(std::string("nsga2: ") + what); };
  if (population < 2) fail("population must be >= 2");
  if (!std::isfinite(eta_c) || eta_c < 0) fail("eta_c must be finite and >= 0");
  if (!std::isfinite(eta_m) || eta_m < 0) fail("eta_m must be finite and >= 0");
  if (!(p_crossover >= 0 && p_crossover <= 1)) fail("p_crossover must be in [0, 1]");
  if (!(p_mutation == -1.0 || (p_mutation >= 0 && p_mutation <= 1)))
    fail("p_mutation must be in [0, 1], or -1 for 1/n_var");
}

Nsga2::Nsga2(const Nsga2Settings& settings) : settings_(settings) {
  settings_.validate();
}

void Nsga2::initialize(const Problem& problem, Rng& rng) {
  initialize_uniform(problem, rng, settings_.population);
}

Eigen::MatrixXd Nsga2::make_offspring(Rng& rng) const {
  const auto& g = settings_;
  return make_children(x_, g.population, g.eta_c, g.p_crossover, g.eta_m,
                       g.mutation_probability(x_.rows()), rng,
                       [&] { return binary_tournament(rank_, crowding_, rng); });
}

void Nsga2::step(const Problem& problem, Rng& rng) {
  check_population(problem);
  const Eigen::MatrixXd child = make_offspring(rng);
  Eigen::MatrixXd child_e;
  const Eigen::MatrixXd child_f = evaluate_unit(problem, child, child_e);
  Eigen::MatrixXd x(x_.rows(), x_.cols() + child.cols());
  Eigen::MatrixXd f(f_.rows(), x.cols());
  Eigen::MatrixXd e(child_e.rows(), x.cols());
  x << x_, child;
  f << f_, child_f;
  if (e.rows() > 0) e << e_, child_e;
  survive(x, f, e);
  ++generation_;
}

void Nsga2::survive(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f,
                    const Eigen::MatrixXd& extra) {
  const auto mu = static_cast<std::size_t>(std::min<Eigen::Index>(settings_.population, x.cols()));
  const std::vector<int> rank = non_dominated_sort(f);
  std::vector<Eigen::Index> keep;
  keep.reserve(mu);
  std::vector<int> keep_rank;
  for (const auto& front : fronts_from_ranks(rank)) {
    if (keep.size() == mu) break;
    const std::vector<double> d = crowding_distance(f, front);
    std::vector<std::size_t> order(front.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (keep.size() + front.size() > mu)  // last front: the least crowded first, stable by index
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return d[a] > d[b]; });
    for (std::size_t i = 0; i < order.size() && keep.size() < mu; ++i) {
      keep.push_back(front[order[i]]);
      keep_rank.push_back(rank[static_cast<std::size_t>(front[order[i]])]);
    }
  }
  keep_columns(x, f, extra, keep);
  // Whole fronts are kept before the last, so the merged ranks are the survivors' own ranks.
  // Crowding is recomputed on the survivors: it then depends on (X, F) alone, so a population
  // restored by set_population() continues bit-identically.
  rank_ = std::move(keep_rank);
  crowding_ = crowding_distances(f_, rank_);
}

void Nsga2::population_changed() {
  rank_ = non_dominated_sort(f_);
  crowding_ = crowding_distances(f_, rank_);
}

}  // namespace neurofit::evo

#include "neurofit/evo/ibea.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurofit/evo/operators.hpp"

namespace neurofit::evo {

void IbeaSettings::validate() const {
  ga.validate();
  if (!(kappa > 0) || !std::isfinite(kappa))
    throw std::invalid_argument("ibea: kappa must be a finite number > 0");
}

namespace {

// Additive epsilon indicator I(a, b) for every pair, on objectives scaled to [0,1] over f.
Eigen::MatrixXd epsilon_indicator(const Eigen::MatrixXd& f) {
  const Eigen::Index m = f.rows(), n = f.cols();
  Eigen::MatrixXd scaled(m, n);
  for (Eigen::Index i = 0; i < m; ++i) {
    double lo = f(i, 0), hi = f(i, 0);
    for (Eigen::Index c = 1; c < n; ++c) {
      lo = std::min(lo, f(i, c));
      hi = std::max(hi, f(i, c));
    }
    const double range = hi > lo ? hi - lo : 1.0;
    for (Eigen::Index c = 0; c < n; ++c) scaled(i, c) = (f(i, c) - lo) / range;
  }
  Eigen::MatrixXd ind(n, n);
  for (Eigen::Index a = 0; a < n; ++a)
    for (Eigen::Index b = 0; b < n; ++b) {
      double e = scaled(0, a) - scaled(0, b);
      for (Eigen::Index i = 1; i < m; ++i) e = std::max(e, scaled(i, a) - scaled(i, b));
      ind(a, b) = e;
    }
  return ind;
}

}  // namespace

std::vector<Eigen::Index> ibea_select(const Eigen::MatrixXd& f, Eigen::Index keep, double kappa,
                                      Eigen::VectorXd* fitness) {
  const Eigen::Index n = f.cols();
  const Eigen::MatrixXd ind = epsilon_indicator(f);
  double c = 0;
  for (Eigen::Index a = 0; a < n; ++a)
    for (Eigen::Index b = 0; b < n; ++b)
      if (a != b) c = std::max(c, std::abs(ind(a, b)));
  const double scale = (c > 0 ? c : 1.0) * kappa;
  Eigen::VectorXd fit = Eigen::VectorXd::Zero(n);
  for (Eigen::Index b = 0; b < n; ++b)
    for (Eigen::Index a = 0; a < n; ++a)
      if (a != b) fit[b] -= std::exp(-ind(a, b) / scale);
  std::vector<char> alive(static_cast<std::size_t>(n), 1);
  for (Eigen::Index left = n; left > keep; --left) {
    Eigen::Index worst = -1;
    for (Eigen::Index b = 0; b < n; ++b)  // the least fit; ties go to the lower column
      if (alive[static_cast<std::size_t>(b)] && (worst < 0 || fit[b] < fit[worst])) worst = b;
    if (worst < 0) break;  // cannot happen while left > keep >= 0; keeps GCC's bounds check calm
    alive[static_cast<std::size_t>(worst)] = 0;
    for (Eigen::Index b = 0; b < n; ++b)
      if (alive[static_cast<std::size_t>(b)]) fit[b] += std::exp(-ind(worst, b) / scale);
  }
  std::vector<Eigen::Index> kept;
  for (Eigen::Index b = 0; b < n; ++b)
    if (alive[static_cast<std::size_t>(b)]) kept.push_back(b);
  if (fitness) {
    fitness->resize(static_cast<Eigen::Index>(kept.size()));
    for (std::size_t k = 0; k < kept.size(); ++k)
      (*fitness)[static_cast<Eigen::Index>(k)] = fit[kept[k]];
  }
  return kept;
}

Ibea::Ibea(const IbeaSettings& settings) : settings_(settings) {
  settings_.validate();
}

void Ibea::initialize(const Problem& problem, Rng& rng) {
  check_bounds(problem);
  Eigen::MatrixXd x(problem.n_var(), settings_.ga.population);
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = rng.uniform();
  generation_ = 0;
  evaluations_ = 0;
  Eigen::MatrixXd f = evaluate_unit(problem, x);
  set_population(x, f);
}

void Ibea::set_population(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f) {
  Algorithm::set_population(x, f);
  ibea_select(f_, f_.cols(), settings_.kappa, &fitness_);  // fitness of the whole population
}

void Ibea::step(const Problem& problem, Rng& rng) {
  check_population(problem);
  const auto& g = settings_.ga;
  const Eigen::MatrixXd child = make_children(x_, g.population, g.eta_c, g.p_crossover, g.eta_m,
                                              g.mutation_probability(x_.rows()), rng, [&] {
                                                const auto [a, b] = tournament_pair(x_.cols(), rng);
                                                return fitness_[b] > fitness_[a] ? b : a;
                                              });
  const Eigen::MatrixXd child_f = evaluate_unit(problem, child);
  Eigen::MatrixXd x(x_.rows(), x_.cols() + child.cols()), f(f_.rows(), x.cols());
  x << x_, child;
  f << f_, child_f;
  const auto kept = ibea_select(f, std::min<Eigen::Index>(g.population, f.cols()), settings_.kappa);
  x_.resize(x.rows(), static_cast<Eigen::Index>(kept.size()));
  f_.resize(f.rows(), static_cast<Eigen::Index>(kept.size()));
  for (std::size_t k = 0; k < kept.size(); ++k) {
    x_.col(static_cast<Eigen::Index>(k)) = x.col(kept[k]);
    f_.col(static_cast<Eigen::Index>(k)) = f.col(kept[k]);
  }
  // Mating fitness from the survivors alone, so that a restored population continues the same.
  ibea_select(f_, f_.cols(), settings_.kappa, &fitness_);
  ++generation_;
}

}  // namespace neurofit::evo

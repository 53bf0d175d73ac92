#include "neurofit/evo/ibea.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "neurofit/evo/operators.hpp"
#include "neurofit/vec_math.hpp"

namespace neurofit::evo {

void IbeaSettings::validate() const {
  ga.validate();
  if (!(kappa > 0) || !std::isfinite(kappa))
    throw std::invalid_argument("ibea: kappa must be a finite number > 0");
}

namespace {

// For every pair, e(a, b) = exp(-I(a, b) / (c kappa)) with the additive epsilon indicator
// I(a, b) = max_i (f_i(a) - f_i(b)) on objectives scaled to [0,1] over f, c = max |I|.
// Stored with b fastest (column a holds every b), so that the loops over b vectorize (with our
// vectorizable exp: |I / (c kappa)| <= 1/kappa, well inside its range).
std::vector<double> indicator_losses(const Eigen::MatrixXd& f, double kappa) {
  const auto m = static_cast<std::size_t>(f.rows()), n = static_cast<std::size_t>(f.cols());
  std::vector<double> scaled(m * n);  // objective i of member c at i * n + c
  for (std::size_t i = 0; i < m; ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    double lo = f(row, 0), hi = f(row, 0);
    for (Eigen::Index c = 1; c < f.cols(); ++c) {
      lo = std::min(lo, f(row, c));
      hi = std::max(hi, f(row, c));
    }
    const double range = hi > lo ? hi - lo : 1.0;
    for (std::size_t c = 0; c < n; ++c)
      scaled[i * n + c] = (f(row, static_cast<Eigen::Index>(c)) - lo) / range;
  }
  std::vector<double> e(n * n);
  for (std::size_t a = 0; a < n; ++a) {
    double* col = &e[a * n];
    for (std::size_t b = 0; b < n; ++b) col[b] = scaled[a] - scaled[b];
    for (std::size_t i = 1; i < m; ++i) {
      const double* s = &scaled[i * n];
      for (std::size_t b = 0; b < n; ++b) col[b] = std::max(col[b], s[a] - s[b]);
    }
  }
  double c = 0;
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      if (a != b) c = std::max(c, std::abs(e[a * n + b]));
  const double scale = (c > 0 ? c : 1.0) * kappa;
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) e[a * n + b] = exp_clamped(-e[a * n + b] / scale);
    e[a * n + a] = 0.0;  // no member counts against itself
  }
  return e;
}

}  // namespace

std::vector<Eigen::Index> ibea_select(const Eigen::MatrixXd& f, Eigen::Index keep, double kappa,
                                      Eigen::VectorXd* fitness) {
  const auto n = static_cast<std::size_t>(f.cols());
  const std::vector<double> loss = indicator_losses(f, kappa);
  std::vector<double> fit(n, 0.0);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) fit[b] -= loss[a * n + b];
  std::vector<char> alive(n, 1);
  for (auto left = static_cast<Eigen::Index>(n); left > keep; --left) {
    std::size_t worst = n;
    for (std::size_t b = 0; b < n; ++b)  // the least fit; ties go to the lower column
      if (alive[b] && (worst == n || fit[b] < fit[worst])) worst = b;
    if (worst == n) break;
    alive[worst] = 0;
    const double* gone = &loss[worst * n];
    for (std::size_t b = 0; b < n; ++b) fit[b] += gone[b];  // harmless for the dead
  }
  std::vector<Eigen::Index> kept;
  for (std::size_t b = 0; b < n; ++b)
    if (alive[b]) kept.push_back(static_cast<Eigen::Index>(b));
  if (fitness) {
    fitness->resize(static_cast<Eigen::Index>(kept.size()));
    for (std::size_t k = 0; k < kept.size(); ++k)
      (*fitness)[static_cast<Eigen::Index>(k)] = fit[static_cast<std::size_t>(kept[k])];
  }
  return kept;
}

Ibea::Ibea(const IbeaSettings& settings) : settings_(settings) {
  settings_.validate();
}

void Ibea::initialize(const Problem& problem, Rng& rng) {
  initialize_uniform(problem, rng, settings_.ga.population);
}

void Ibea::population_changed() {
  ibea_select(f_, f_.cols(), settings_.kappa, &fitness_);  // fitness of the whole population
}

std::vector<double> Ibea::state() const {
  return {fitness_.data(), fitness_.data() + fitness_.size()};
}

void Ibea::set_state(const std::vector<double>& state) {
  if (static_cast<Eigen::Index>(state.size()) != x_.cols())
    throw std::invalid_argument("ibea: the saved state has " + std::to_string(state.size()) +
                                " fitness values for a population of " + std::to_string(x_.cols()));
  fitness_ = Eigen::Map<const Eigen::VectorXd>(state.data(), x_.cols());
}

void Ibea::step(const Problem& problem, Rng& rng) {
  check_population(problem);
  const auto& g = settings_.ga;
  const Eigen::MatrixXd child = make_children(x_, g.population, g.eta_c, g.p_crossover, g.eta_m,
                                              g.mutation_probability(x_.rows()), rng, [&] {
                                                const auto [a, b] = tournament_pair(x_.cols(), rng);
                                                return fitness_[b] > fitness_[a] ? b : a;
                                              });
  Eigen::MatrixXd child_e;
  const Eigen::MatrixXd child_f = evaluate_unit(problem, child, child_e);
  Eigen::MatrixXd x(x_.rows(), x_.cols() + child.cols()), f(f_.rows(), x.cols());
  Eigen::MatrixXd e(child_e.rows(), x.cols());
  x << x_, child;
  f << f_, child_f;
  if (e.rows() > 0) e << e_, child_e;
  // The survivors' fitness as environmental selection leaves it is the mating fitness of the next
  // generation (Zitzler & Kuenzli 2004); a restart restores it with set_state().
  const auto kept =
      ibea_select(f, std::min<Eigen::Index>(g.population, f.cols()), settings_.kappa, &fitness_);
  keep_columns(x, f, e, kept);
  ++generation_;
}

}  // namespace neurofit::evo

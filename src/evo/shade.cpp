#include "neurofit/evo/shade.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "neurofit/evo/minimax.hpp"

namespace neurofit::evo {

namespace {

constexpr double initial_memory = 0.5, spread = 0.1;  // Tanabe & Fukunaga 2013

// Our own draws from uniform ones (std:: distributions differ between standard libraries).
double normal(double mean, double sd, Rng& rng) {
  const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();  // u1 in (0, 1]
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}
double cauchy(double location, double scale, Rng& rng) {
  return location + scale * std::tan(std::numbers::pi * (rng.uniform() - 0.5));
}

}  // namespace

void ShadeSettings::validate() const {
  if (population < 4) throw std::invalid_argument("shade: population must be >= 4");
  if (memory < 1) throw std::invalid_argument("shade: memory must be >= 1");
  if (!(p_max > 0 && p_max <= 1)) throw std::invalid_argument("shade: p_max must be in (0, 1]");
}

Shade::Shade(const ShadeSettings& settings) : settings_(settings) {
  settings_.validate();
  reset_memory();
}

void Shade::reset_memory() {
  m_f_ = Eigen::VectorXd::Constant(settings_.memory, initial_memory);
  m_cr_ = Eigen::VectorXd::Constant(settings_.memory, initial_memory);
  next_slot_ = 0;
  archive_.resize(x_.rows(), 0);
}

void Shade::initialize(const Problem& problem, Rng& rng) {
  initialize_uniform(problem, rng, settings_.population);
  reset_memory();
}

std::vector<Eigen::Index> Shade::best_first() const {
  return minimax_order(f_);
}

Eigen::VectorXd Shade::make_trial(Eigen::Index i, const std::vector<Eigen::Index>& order, Trial& t,
                                  Rng& rng) const {
  const Eigen::Index n = x_.cols(), d = x_.rows();
  const auto slot = static_cast<Eigen::Index>(rng.uniform_int(m_f_.size()));
  t.cr = std::clamp(normal(m_cr_[slot], spread, rng), 0.0, 1.0);
  do {
    t.f = cauchy(m_f_[slot], spread, rng);
  } while (!(t.f > 0));
  t.f = std::min(t.f, 1.0);
  const double p_min = 2.0 / static_cast<double>(n);
  const double p = p_min + rng.uniform() * std::max(0.0, settings_.p_max - p_min);
  const auto top = std::clamp<Eigen::Index>(std::lround(p * static_cast<double>(n)), 2, n);
  const Eigen::Index best = order[rng.uniform_int(static_cast<std::uint64_t>(top))];
  Eigen::Index r1, r2;
  do {
    r1 = static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(n)));
  } while (r1 == i);
  do {
    r2 =
        static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(n + archive_.cols())));
  } while (r2 == i || r2 == r1);
  const auto xi = x_.col(i);
  const Eigen::VectorXd second = r2 < n ? x_.col(r2) : archive_.col(r2 - n);
  Eigen::VectorXd v = xi + t.f * (x_.col(best) - xi) + t.f * (x_.col(r1) - second);
  for (Eigen::Index j = 0; j < d; ++j) {
    if (v[j] < 0.0) v[j] = 0.5 * xi[j];
    if (v[j] > 1.0) v[j] = 0.5 * (1.0 + xi[j]);
  }
  const auto forced = static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(d)));
  Eigen::VectorXd u = xi;
  for (Eigen::Index j = 0; j < d; ++j)
    if (rng.uniform() < t.cr || j == forced) u[j] = v[j];
  return u;
}

void Shade::archive_parent(const Eigen::VectorXd& parent, Rng& rng) {
  if (archive_.rows() != parent.size()) archive_.resize(parent.size(), 0);
  if (archive_.cols() < x_.cols()) {
    archive_.conservativeResize(Eigen::NoChange, archive_.cols() + 1);
    archive_.rightCols(1) = parent;
  } else {  // full: a random archived parent makes room
    archive_.col(static_cast<Eigen::Index>(
        rng.uniform_int(static_cast<std::uint64_t>(archive_.cols())))) = parent;
  }
}

void Shade::step(const Problem& problem, Rng& rng) {
  check_population(problem);
  const Eigen::Index n = x_.cols();
  const std::vector<Eigen::Index> order = minimax_order(f_);
  Eigen::MatrixXd trials(x_.rows(), n);
  std::vector<Trial> drawn(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    trials.col(i) = make_trial(i, order, drawn[static_cast<std::size_t>(i)], rng);
  Eigen::MatrixXd trial_e;
  const Eigen::MatrixXd trial_f = evaluate_unit(problem, trials, trial_e);

  double sum_w = 0, sum_wf = 0, sum_wff = 0, sum_wcr = 0;
  int successes = 0;
  std::vector<double> weight;
  for (Eigen::Index i = 0; i < n; ++i) {
    const Minimax parent = minimax_of(f_, i), trial = minimax_of(trial_f, i);
    if (parent < trial) continue;  // worse: the parent stays
    if (trial < parent) {          // better: a success for the memory
      archive_parent(x_.col(i), rng);
      const Trial& t = drawn[static_cast<std::size_t>(i)];
      const double w = parent.largest - trial.largest;  // 0 when only the sum improved
      sum_w += w;
      sum_wf += w * t.f;
      sum_wff += w * t.f * t.f;
      sum_wcr += w * t.cr;
      ++successes;
    }
    x_.col(i) = trials.col(i);
    f_.col(i) = trial_f.col(i);
    if (e_.rows() > 0) e_.col(i) = trial_e.col(i);
  }
  if (successes > 0 && sum_w > 0 && sum_wf > 0) {
    m_f_[next_slot_] = sum_wff / sum_wf;  // weighted Lehmer mean
    m_cr_[next_slot_] = sum_wcr / sum_w;
    next_slot_ = (next_slot_ + 1) % static_cast<int>(m_f_.size());
  }
  ++generation_;
}

std::vector<double> Shade::state() const {
  std::vector<double> s{static_cast<double>(m_f_.size()), static_cast<double>(next_slot_)};
  s.insert(s.end(), m_f_.data(), m_f_.data() + m_f_.size());
  s.insert(s.end(), m_cr_.data(), m_cr_.data() + m_cr_.size());
  s.push_back(static_cast<double>(archive_.cols()));
  s.insert(s.end(), archive_.data(), archive_.data() + archive_.size());
  return s;
}

void Shade::set_state(const std::vector<double>& s) {
  const auto h = static_cast<std::size_t>(settings_.memory);
  const auto d = static_cast<std::size_t>(x_.rows());
  const auto fail = [] { throw std::invalid_argument("shade: the saved state does not fit"); };
  if (s.size() < 3 + 2 * h || s[0] != static_cast<double>(h)) fail();
  const double slot = s[1], cols = s[2 + 2 * h];
  if (!(slot >= 0 && slot < static_cast<double>(h)) || !(cols >= 0) ||
      cols > static_cast<double>(x_.cols()) ||
      s.size() != 3 + 2 * h + static_cast<std::size_t>(cols) * d)
    fail();
  next_slot_ = static_cast<int>(slot);
  m_f_ = Eigen::Map<const Eigen::VectorXd>(&s[2], static_cast<Eigen::Index>(h));
  m_cr_ = Eigen::Map<const Eigen::VectorXd>(&s[2 + h], static_cast<Eigen::Index>(h));
  archive_ = Eigen::Map<const Eigen::MatrixXd>(&s[3 + 2 * h], static_cast<Eigen::Index>(d),
                                               static_cast<Eigen::Index>(cols));
}

}  // namespace neurofit::evo

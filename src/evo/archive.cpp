#include "neurofit/evo/archive.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

#include "neurofit/evo/minimax.hpp"
#include "neurofit/evo/nondominated.hpp"

namespace neurofit::evo {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Copies the listed columns of m.
Eigen::MatrixXd pick(const Eigen::MatrixXd& m, const std::vector<Eigen::Index>& cols) {
  Eigen::MatrixXd out(m.rows(), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t j = 0; j < cols.size(); ++j)
    out.col(static_cast<Eigen::Index>(j)) = m.col(cols[j]);
  return out;
}

// [a b] side by side (a and b have the same row count).
Eigen::MatrixXd join(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd out(a.rows(), a.cols() + b.cols());
  out.leftCols(a.cols()) = a;
  out.rightCols(b.cols()) = b;
  return out;
}

// Lanes of the dominance test: one point against this many kept points at a time.
constexpr std::size_t block = 8;

// The kept points so far, objective by objective (SoA), padded to whole blocks with +inf (never
// <= a finite objective), so that one point is tested against a block in lock-step.
class KeptPoints {
 public:
  explicit KeptPoints(Eigen::Index m) : rows_(static_cast<std::size_t>(m)) {}

  // Whether a kept point is <= `p` in every objective (dominates or equals it).
  bool cover(const double* p) const {
    for (std::size_t b = 0; b < size_; b += block) {
      unsigned mask = (1u << block) - 1;
      for (std::size_t k = 0; k < rows_.size() && mask; ++k) {
        const double* row = rows_[k].data() + b;
        unsigned bits = 0;
        for (std::size_t l = 0; l < block; ++l) bits |= static_cast<unsigned>(row[l] <= p[k]) << l;
        mask &= bits;
      }
      if (mask) return true;
    }
    return false;
  }
  void add(const double* p, Eigen::Index id) {
    if (size_ % block == 0)
      for (auto& row : rows_) row.resize(size_ + block, inf);
    for (std::size_t k = 0; k < rows_.size(); ++k) rows_[k][size_] = p[k];
    ids_.push_back(id);
    ++size_;
  }
  // Turns kept point `i` back into padding (it never covers anything again).
  void remove(std::size_t i) {
    for (auto& row : rows_) row[i] = inf;
    ids_[i] = -1;
  }
  std::size_t size() const { return size_; }
  Eigen::Index id(std::size_t i) const { return ids_[i]; }

 private:
  std::vector<std::vector<double>> rows_;
  std::vector<Eigen::Index> ids_;  // the columns of f; -1 where removed
  std::size_t size_ = 0;
};

// keep[j] == 0 when column j of f is dominated by another column or equals an earlier one. The
// columns are visited by increasing sum of objectives (then index): one that dominates another
// has a sum no larger (rounding keeps <= but may turn < into ==), so each column is tested only
// against those kept before it; a kept column then removes earlier ones of the same sum that it
// dominates. The result is the same set as testing every pair.
std::vector<char> nondominated_first_of_equal(const Eigen::MatrixXd& f) {
  const Eigen::Index n = f.cols(), m = f.rows();
  std::vector<double> sum(static_cast<std::size_t>(n), 0.0);
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index k = 0; k < m; ++k) sum[static_cast<std::size_t>(j)] += f(k, j);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j) order[static_cast<std::size_t>(j)] = j;
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    const double sa = sum[static_cast<std::size_t>(a)], sb = sum[static_cast<std::size_t>(b)];
    return sa < sb || (sa == sb && a < b);
  });
  KeptPoints kept(m);
  for (Eigen::Index j : order) {
    const double* p = f.col(j).data();
    if (kept.cover(p)) continue;
    for (std::size_t i = kept.size(); i-- > 0;) {
      const Eigen::Index id = kept.id(i);
      if (id < 0) continue;
      if (sum[static_cast<std::size_t>(id)] != sum[static_cast<std::size_t>(j)]) break;
      if (compare_dominance(p, f.col(id).data(), m) == Dominance::first) kept.remove(i);
    }
    kept.add(p, j);
  }
  std::vector<char> keep(static_cast<std::size_t>(n), 0);
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (kept.id(i) >= 0) keep[static_cast<std::size_t>(kept.id(i))] = 1;
  return keep;
}

}  // namespace

Archive::Archive(Eigen::Index capacity) : capacity_(capacity) {
  if (capacity < 0) throw std::invalid_argument("Archive: capacity must be >= 0 (0 = unbounded)");
}

void Archive::clear() {
  x_.resize(0, 0);
  f_.resize(0, 0);
  extra_.resize(0, 0);
}

Eigen::Index Archive::insert(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f,
                             const Eigen::MatrixXd& extra) {
  const Eigen::Index n = f.cols();
  const bool has_extra = extra.size() > 0 || extra.rows() > 0;
  if (x.cols() != n || (has_extra && extra.cols() != n))
    throw std::invalid_argument("Archive::insert: x, f and extra must have the same column count");
  if (!f.allFinite()) throw std::invalid_argument("Archive::insert: objectives must be finite");
  if (empty()) {
    x_.resize(x.rows(), 0);
    f_.resize(f.rows(), 0);
    extra_.resize(has_extra ? extra.rows() : 0, 0);
  } else if (x.rows() != x_.rows() || f.rows() != f_.rows() ||
             (has_extra ? extra.rows() : 0) != extra_.rows()) {
    throw std::invalid_argument("Archive::insert: expected " + std::to_string(x_.rows()) +
                                " parameter, " + std::to_string(f_.rows()) + " objective and " +
                                std::to_string(extra_.rows()) + " extra rows");
  }
  if (n == 0) return 0;
  const Eigen::Index m = f.rows();

  // 1. Non-dominated among the new points, the first of equal objective vectors only.
  std::vector<char> keep = nondominated_first_of_equal(f);
  // 2. Against the archive, whose points do not dominate each other: a new point dominated by
  // (or equal to) an archived one cannot dominate any other archived one.
  std::vector<char> alive(static_cast<std::size_t>(size()), 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!keep[static_cast<std::size_t>(i)]) continue;
    for (Eigen::Index a = 0; a < size(); ++a) {
      if (!alive[static_cast<std::size_t>(a)]) continue;
      const Dominance d = compare_dominance(f_.col(a).data(), f.col(i).data(), m);
      if (d == Dominance::first || d == Dominance::equal) {
        keep[static_cast<std::size_t>(i)] = 0;
        break;
      }
      if (d == Dominance::second) alive[static_cast<std::size_t>(a)] = 0;
    }
  }
  // 3. Survivors of the archive in their order, then the new points in theirs.
  std::vector<Eigen::Index> old_cols, new_cols;
  for (Eigen::Index a = 0; a < size(); ++a)
    if (alive[static_cast<std::size_t>(a)]) old_cols.push_back(a);
  for (Eigen::Index i = 0; i < n; ++i)
    if (keep[static_cast<std::size_t>(i)]) new_cols.push_back(i);
  const auto n_old = static_cast<Eigen::Index>(old_cols.size());
  const auto n_new = static_cast<Eigen::Index>(new_cols.size());
  x_ = join(pick(x_, old_cols), pick(x, new_cols));
  f_ = join(pick(f_, old_cols), pick(f, new_cols));
  if (extra_.rows() > 0)
    extra_ = join(pick(extra_, old_cols), pick(extra, new_cols));
  else
    extra_.resize(0, n_old + n_new);

  std::vector<char> is_new(static_cast<std::size_t>(size()), 0);
  std::fill(is_new.begin() + n_old, is_new.end(), 1);
  if (capacity_ > 0 && size() > capacity_) truncate(is_new);
  return std::count(is_new.begin(), is_new.end(), 1);
}

void Archive::truncate(std::vector<char>& is_new) {
  const Eigen::Index n = size();
  const Eigen::Index m = f_.rows();
  // Per objective: doubly linked list of the points in sorted order; the normalising range is
  // that of the untruncated set (extremes are infinite, so it only changes when all points are).
  Eigen::MatrixXi prev(m, n), next(m, n);
  Eigen::VectorXd range(m);
  std::vector<Eigen::Index> all(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
  for (Eigen::Index k = 0; k < m; ++k) {
    const std::vector<Eigen::Index> order = sorted_by_objective(f_, all, k);
    for (std::size_t p = 0; p < order.size(); ++p) {
      prev(k, order[p]) = p == 0 ? -1 : static_cast<int>(order[p - 1]);
      next(k, order[p]) = p + 1 == order.size() ? -1 : static_cast<int>(order[p + 1]);
    }
    range[k] = f_(k, order.back()) - f_(k, order.front());
  }
  auto distance = [&](Eigen::Index i) {
    double d = 0.0;
    for (Eigen::Index k = 0; k < m; ++k) {
      const int p = prev(k, i), q = next(k, i);
      if (p < 0 || q < 0) return inf;
      if (range[k] > 0) d += (f_(k, q) - f_(k, p)) / range[k];
    }
    return d;
  };
  Eigen::VectorXd dist(n);
  for (Eigen::Index i = 0; i < n; ++i) dist[i] = distance(i);
  std::vector<char> alive(static_cast<std::size_t>(n), 1);
  // The best point by the minimax order (a fit's best compromise) is never truncated: it can sit
  // amid a dense part of the front, and crowding alone would drop it.
  const Eigen::Index best = minimax_best(f_);
  // The candidates by distance, the lowest column first on ties: begin() is the next to go.
  std::set<std::pair<double, Eigen::Index>> by_distance;
  for (Eigen::Index i = 0; i < n; ++i)
    if (i != best) by_distance.emplace(dist[i], i);
  auto update = [&](Eigen::Index i) {  // a neighbour of a removed point
    if (i != best) by_distance.erase({dist[i], i});
    dist[i] = distance(i);
    if (i != best) by_distance.emplace(dist[i], i);
  };
  for (Eigen::Index left = n; left > capacity_; --left) {
    const Eigen::Index worst = by_distance.begin()->second;
    by_distance.erase(by_distance.begin());
    alive[static_cast<std::size_t>(worst)] = 0;
    for (Eigen::Index k = 0; k < m; ++k) {
      const int p = prev(k, worst), q = next(k, worst);
      if (p >= 0) next(k, p) = q;
      if (q >= 0) prev(k, q) = p;
    }
    for (Eigen::Index k = 0; k < m; ++k) {
      if (prev(k, worst) >= 0) update(prev(k, worst));
      if (next(k, worst) >= 0) update(next(k, worst));
    }
  }
  std::vector<Eigen::Index> cols;
  std::vector<char> kept_new;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!alive[static_cast<std::size_t>(i)]) continue;
    cols.push_back(i);
    kept_new.push_back(is_new[static_cast<std::size_t>(i)]);
  }
  x_ = pick(x_, cols);
  f_ = pick(f_, cols);
  if (extra_.rows() > 0)
    extra_ = pick(extra_, cols);
  else
    extra_.resize(0, static_cast<Eigen::Index>(cols.size()));
  is_new = std::move(kept_new);
}

}  // namespace neurofit::evo

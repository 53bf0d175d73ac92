#include "neurofit/evo/nondominated.hpp"

#include <numeric>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace neurofit::evo {

bool dominates(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  if (a.size() != b.size()) throw std::invalid_argument("dominates: vectors differ in size");
  return dominates(a.data(), b.data(), a.size());
}

std::vector<int> non_dominated_sort(const Eigen::MatrixXd& f) {
  const Eigen::Index n = f.cols();
  const Eigen::Index m = f.rows();
  std::vector<std::vector<Eigen::Index>> dominated(static_cast<std::size_t>(n));
  std::vector<int> count(static_cast<std::size_t>(n), 0);  // how many points dominate i
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const Dominance d = compare_dominance(f.col(i).data(), f.col(j).data(), m);
      if (d == Dominance::first) {
        dominated[static_cast<std::size_t>(i)].push_back(j);
        ++count[static_cast<std::size_t>(j)];
      } else if (d == Dominance::second) {
        dominated[static_cast<std::size_t>(j)].push_back(i);
        ++count[static_cast<std::size_t>(i)];
      }
    }
  }
  std::vector<int> rank(static_cast<std::size_t>(n), -1);
  std::vector<Eigen::Index> current;
  for (Eigen::Index i = 0; i < n; ++i)
    if (count[static_cast<std::size_t>(i)] == 0) current.push_back(i);
  int front = 0;
  while (!current.empty()) {
    std::vector<Eigen::Index> next;
    for (Eigen::Index i : current) {
      rank[static_cast<std::size_t>(i)] = front;
      for (Eigen::Index j : dominated[static_cast<std::size_t>(i)])
        if (--count[static_cast<std::size_t>(j)] == 0) next.push_back(j);
    }
    current = std::move(next);
    ++front;
  }
  return rank;
}

std::vector<std::vector<Eigen::Index>> fronts_from_ranks(const std::vector<int>& ranks) {
  std::vector<std::vector<Eigen::Index>> fronts;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    const auto r = static_cast<std::size_t>(ranks[i]);
    if (fronts.size() <= r) fronts.resize(r + 1);
    fronts[r].push_back(static_cast<Eigen::Index>(i));
  }
  return fronts;
}

std::vector<Eigen::Index> non_dominated_indices(const Eigen::MatrixXd& f) {
  const Eigen::Index n = f.cols();
  std::vector<char> dominated(static_cast<std::size_t>(n), 0);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const Dominance d = compare_dominance(f.col(i).data(), f.col(j).data(), f.rows());
      if (d == Dominance::first) dominated[static_cast<std::size_t>(j)] = 1;
      if (d == Dominance::second) dominated[static_cast<std::size_t>(i)] = 1;
    }
  }
  std::vector<Eigen::Index> out;
  for (Eigen::Index i = 0; i < n; ++i)
    if (!dominated[static_cast<std::size_t>(i)]) out.push_back(i);
  return out;
}

std::vector<Eigen::Index> sorted_by_objective(const Eigen::MatrixXd& f,
                                              std::vector<Eigen::Index> front, Eigen::Index k) {
  std::sort(front.begin(), front.end(), [&](Eigen::Index a, Eigen::Index b) {
    return f(k, a) < f(k, b) || (f(k, a) == f(k, b) && a < b);
  });
  return front;
}

std::vector<double> crowding_distance(const Eigen::MatrixXd& f,
                                      const std::vector<Eigen::Index>& front) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const std::size_t n = front.size();
  std::vector<double> dist(n, 0.0);
  if (n <= 2) {
    std::fill(dist.begin(), dist.end(), inf);
    return dist;
  }
  // Positions 0..n-1 of `front`, sorted per objective through their column values.
  std::vector<Eigen::Index> pos(n);
  for (std::size_t i = 0; i < n; ++i) pos[i] = static_cast<Eigen::Index>(i);
  for (Eigen::Index k = 0; k < f.rows(); ++k) {
    auto value = [&](Eigen::Index p) { return f(k, front[static_cast<std::size_t>(p)]); };
    std::sort(pos.begin(), pos.end(), [&](Eigen::Index a, Eigen::Index b) {
      return value(a) < value(b) ||
             (value(a) == value(b) &&
              front[static_cast<std::size_t>(a)] < front[static_cast<std::size_t>(b)]);
    });
    dist[static_cast<std::size_t>(pos.front())] = inf;
    dist[static_cast<std::size_t>(pos.back())] = inf;
    const double range = value(pos.back()) - value(pos.front());
    if (!(range > 0)) continue;
    for (std::size_t i = 1; i + 1 < n; ++i)
      dist[static_cast<std::size_t>(pos[i])] += (value(pos[i + 1]) - value(pos[i - 1])) / range;
  }
  return dist;
}

Eigen::VectorXd crowding_distances(const Eigen::MatrixXd& f, const std::vector<int>& ranks) {
  if (static_cast<Eigen::Index>(ranks.size()) != f.cols())
    throw std::invalid_argument("crowding_distances: one rank per column expected");
  Eigen::VectorXd out(f.cols());
  for (const auto& front : fronts_from_ranks(ranks)) {
    const std::vector<double> d = crowding_distance(f, front);
    for (std::size_t i = 0; i < front.size(); ++i) out[front[i]] = d[i];
  }
  return out;
}

std::vector<Eigen::Index> pareto_order(const Eigen::MatrixXd& f) {
  const std::vector<int> rank = non_dominated_sort(f);
  const Eigen::VectorXd crowd = crowding_distances(f, rank);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(f.cols()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    if (crowd[a] != crowd[b]) return crowd[a] > crowd[b];
    return a < b;
  });
  return order;
}

}  // namespace neurofit::evo

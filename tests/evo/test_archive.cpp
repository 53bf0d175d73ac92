#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

#include <set>
#include <utility>

#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/minimax.hpp"
#include "neurofit/evo/nondominated.hpp"
#include "neurofit/evo/rng.hpp"

using namespace neurofit::evo;

namespace {

// n points on the 2-objective front f2 = 1 - f1 (param = f1), optionally shifted up by `lift`.
Eigen::MatrixXd line(const std::vector<double>& f1, double lift = 0) {
  Eigen::MatrixXd f(2, static_cast<Eigen::Index>(f1.size()));
  for (std::size_t j = 0; j < f1.size(); ++j)
    f.col(static_cast<Eigen::Index>(j)) << f1[j], 1 - f1[j] + lift;
  return f;
}

// Plain loops: Eigen's AVX-512 reductions trip a GCC 12 -Wmaybe-uninitialized false positive.
Eigen::MatrixXd column_sums(const Eigen::MatrixXd& m) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(1, m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(0, j) += m(i, j);
  return out;
}

bool contains(const Eigen::MatrixXd& f, const Eigen::VectorXd& p) {
  for (Eigen::Index j = 0; j < f.cols(); ++j)
    if (f.col(j) == p) return true;
  return false;
}

}  // namespace

TEST(Archive, KeepsOnlyTheNonDominatedSetWithPayload) {
  Archive archive;
  Eigen::MatrixXd f(2, 5);
  f << 1, 2, 3, 2, 2,  //
      3, 2, 1, 3, 2;   // column 3 is dominated, column 4 duplicates column 1
  const Eigen::MatrixXd x = f * 10;
  const Eigen::MatrixXd extra = column_sums(f);
  EXPECT_EQ(archive.insert(x, f, extra), 3);
  ASSERT_EQ(archive.size(), 3);
  EXPECT_EQ(archive.extra().rows(), 1);
  for (Eigen::Index j = 0; j < 3; ++j) {
    EXPECT_EQ(archive.x().col(j), archive.f().col(j) * 10);
    EXPECT_EQ(archive.extra()(0, j), column_sums(archive.f().col(j))(0, 0));
  }
  // A new point dominating (2,2) replaces it; a dominated and a duplicate one are ignored.
  Eigen::MatrixXd g(2, 3);
  g << 1.5, 4, 3, 1.5, 4, 1;
  EXPECT_EQ(archive.insert(g * 10, g, column_sums(g)), 1);
  EXPECT_EQ(archive.size(), 3);
  EXPECT_FALSE(contains(archive.f(), Eigen::Vector2d(2, 2)));
  EXPECT_TRUE(contains(archive.f(), Eigen::Vector2d(1.5, 1.5)));
  EXPECT_EQ(non_dominated_indices(archive.f()).size(), 3u);
}

TEST(Archive, NeverDropsAStillNonDominatedPoint) {
  Rng rng(1);
  Archive archive;
  std::vector<Eigen::VectorXd> seen;
  for (int round = 0; round < 30; ++round) {
    Eigen::MatrixXd f(3, 20);
    for (Eigen::Index j = 0; j < 20; ++j)
      for (Eigen::Index k = 0; k < 3; ++k) f(k, j) = rng.uniform() + 1.0 / (round + 1);
    archive.insert(f, f);
    for (Eigen::Index j = 0; j < 20; ++j) seen.push_back(f.col(j));
    // The archive is exactly the non-dominated set of everything seen so far.
    std::set<std::vector<double>> expected;
    for (const auto& p : seen) {
      bool dominated = false;
      for (const auto& q : seen) dominated = dominated || dominates(q, p);
      if (!dominated) expected.insert(std::vector<double>(p.data(), p.data() + 3));
    }
    std::set<std::vector<double>> got;
    for (Eigen::Index j = 0; j < archive.size(); ++j)
      got.insert(std::vector<double>(archive.f().col(j).data(), archive.f().col(j).data() + 3));
    ASSERT_EQ(got, expected) << "round " << round;
    ASSERT_EQ(archive.size(), static_cast<Eigen::Index>(expected.size()));
  }
}

TEST(Archive, CapacityTruncationKeepsExtremesAndSpreads) {
  Archive archive(5);
  std::vector<double> f1;
  for (int i = 0; i <= 20; ++i) f1.push_back(i / 20.0);
  const Eigen::MatrixXd f = line(f1);
  EXPECT_EQ(archive.insert(f, f), 5);
  ASSERT_EQ(archive.size(), 5);
  EXPECT_TRUE(contains(archive.f(), Eigen::Vector2d(0, 1)));
  EXPECT_TRUE(contains(archive.f(), Eigen::Vector2d(1, 0)));
  // Evenly spread: no gap much larger than a quarter of the front.
  std::vector<double> kept;
  for (Eigen::Index j = 0; j < 5; ++j) kept.push_back(archive.f()(0, j));
  std::sort(kept.begin(), kept.end());
  for (std::size_t i = 1; i < kept.size(); ++i) EXPECT_LE(kept[i] - kept[i - 1], 0.35);
  // Points are kept with their own parameters.
  for (Eigen::Index j = 0; j < 5; ++j) EXPECT_EQ(archive.x().col(j), archive.f().col(j));
}

TEST(Archive, TruncationRemovesTheMostCrowdedPoint) {
  Archive archive(4);
  const Eigen::MatrixXd f = line({0.0, 0.7, 0.72, 1.0, 0.45});
  archive.insert(f, f);
  ASSERT_EQ(archive.size(), 4);
  // 0.7 and 0.72 are the closest pair; 0.7 has neighbours (0.45, 0.72), 0.72 has (0.7, 1.0).
  EXPECT_FALSE(contains(archive.f(), Eigen::Vector2d(0.7, 0.3)));
  EXPECT_TRUE(contains(archive.f(), Eigen::Vector2d(0.72, 0.28)));
}

// The point with the smallest largest objective (0.5, 0.5) is the most crowded, yet it stays.
TEST(Archive, TruncationKeepsTheMinimaxBest) {
  Archive archive(4);
  const Eigen::MatrixXd f = line({0.0, 0.5, 0.51, 1.0, 0.25});
  archive.insert(f, f);
  ASSERT_EQ(archive.size(), 4);
  EXPECT_TRUE(contains(archive.f(), Eigen::Vector2d(0.5, 0.5)));
  EXPECT_FALSE(contains(archive.f(), Eigen::Vector2d(0.51, 0.49)));
}

TEST(Archive, RejectsInconsistentShapesAndRestoresInOrder) {
  Archive archive;
  const Eigen::MatrixXd f = line({0.1, 0.6, 0.3});
  archive.insert(f, f, Eigen::MatrixXd::Ones(2, 3));
  EXPECT_THROW(archive.insert(f, f), std::invalid_argument);  // payload rows missing
  EXPECT_THROW(archive.insert(f, line({0.2})), std::invalid_argument);
  EXPECT_THROW(archive.insert(f.topRows(1), f, Eigen::MatrixXd::Ones(2, 3)), std::invalid_argument);
  EXPECT_THROW(Archive(-1), std::invalid_argument);

  Archive restored;
  restored.insert(archive.x(), archive.f(), archive.extra());
  EXPECT_EQ(restored.f(), archive.f());
  EXPECT_EQ(restored.x(), archive.x());
  archive.clear();
  EXPECT_TRUE(archive.empty());
  EXPECT_EQ(archive.insert(f, f), 3);  // new shapes after clear()
}

namespace neurofit::evo {
namespace {

// The definition, recomputed from scratch at every removal: each objective's order (ties by
// column), crowding distances normalised by the untruncated ranges, extremes infinite; the
// smallest goes (the lowest column on ties), never the minimax best.
std::vector<Eigen::Index> truncated_by_definition(const Eigen::MatrixXd& f, Eigen::Index capacity) {
  const Eigen::Index m = f.rows();
  std::vector<Eigen::Index> alive(static_cast<std::size_t>(f.cols()));
  for (Eigen::Index i = 0; i < f.cols(); ++i) alive[static_cast<std::size_t>(i)] = i;
  const Eigen::VectorXd range = f.rowwise().maxCoeff() - f.rowwise().minCoeff();
  const Eigen::Index best = minimax_best(f);
  while (static_cast<Eigen::Index>(alive.size()) > capacity) {
    std::vector<double> dist(alive.size(), 0.0);
    for (Eigen::Index k = 0; k < m; ++k) {
      std::vector<std::size_t> order(alive.size());
      for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double fa = f(k, alive[a]), fb = f(k, alive[b]);
        return fa < fb || (fa == fb && alive[a] < alive[b]);
      });
      for (std::size_t p = 0; p < order.size(); ++p) {
        if (p == 0 || p + 1 == order.size())
          dist[order[p]] = std::numeric_limits<double>::infinity();
        else if (range[k] > 0)
          dist[order[p]] += (f(k, alive[order[p + 1]]) - f(k, alive[order[p - 1]])) / range[k];
      }
    }
    std::size_t worst = alive.size();
    for (std::size_t p = 0; p < alive.size(); ++p)
      if (alive[p] != best && (worst == alive.size() || dist[p] < dist[worst])) worst = p;
    alive.erase(alive.begin() + static_cast<std::ptrdiff_t>(worst));
  }
  return alive;
}

// Many mutually non-dominated points of 5 objectives (on a sphere) truncated to 40: the archive
// keeps exactly the points the definition keeps.
TEST(Archive, TruncationKeepsWhatTheDefinitionKeeps) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  const Eigen::Index n = 400, m = 5;
  Eigen::MatrixXd f(m, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index k = 0; k < m; ++k) f(k, j) = std::abs(normal(rng));
    f.col(j) /= f.col(j).norm();
  }
  Archive archive(40);
  archive.insert(f, f);
  const auto kept = truncated_by_definition(f, 40);
  ASSERT_EQ(archive.size(), 40);
  for (std::size_t i = 0; i < kept.size(); ++i)
    EXPECT_EQ(archive.f().col(static_cast<Eigen::Index>(i)), f.col(kept[i])) << i;
}

// The columns an unbounded archive keeps of one batch, by the definition: not dominated by any
// other column and not equal to an earlier one.
std::vector<Eigen::Index> nondominated_by_definition(const Eigen::MatrixXd& f) {
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < f.cols(); ++j) {
    bool out = false;
    for (Eigen::Index i = 0; i < f.cols() && !out; ++i) {
      const bool no_worse = (f.col(i).array() <= f.col(j).array()).all();
      const bool equal = f.col(i) == f.col(j);
      out = i != j && no_worse && (!equal || i < j);
    }
    if (!out) kept.push_back(j);
  }
  return kept;
}

// Points on a coarse grid (many dominated, many equal, ties in sums) and points of 8 objectives
// (nearly all non-dominated): the archive keeps exactly the definition's points, in their order.
TEST(Archive, KeepsWhatTheDefinitionKeeps) {
  std::mt19937_64 rng(11);
  for (const auto& [m, levels] : {std::pair<Eigen::Index, int>{3, 5}, {8, 0}}) {
    Eigen::MatrixXd f(m, 600);
    std::uniform_int_distribution<int> level(0, std::max(levels - 1, 0));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (Eigen::Index j = 0; j < f.cols(); ++j)
      for (Eigen::Index k = 0; k < m; ++k) f(k, j) = levels ? level(rng) * 0.25 : uniform(rng);
    Archive archive;
    archive.insert(f, f);
    const auto kept = nondominated_by_definition(f);
    ASSERT_EQ(archive.size(), static_cast<Eigen::Index>(kept.size())) << m;
    for (std::size_t i = 0; i < kept.size(); ++i)
      EXPECT_EQ(archive.f().col(static_cast<Eigen::Index>(i)), f.col(kept[i])) << m << " " << i;
  }
}

}  // namespace
}  // namespace neurofit::evo

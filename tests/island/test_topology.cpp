// Migration graphs: who receives from whom, independent of ranks, and seeded for `random`.
#include <gtest/gtest.h>

#include <algorithm>

#include "neurofit/island/topology.hpp"

using namespace neurofit::island;

TEST(Topology, RingReceivesFromThePreviousIsland) {
  const auto s = sources_of(Topology::ring, 4, 0, 1);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0], std::vector<long>{3});
  EXPECT_EQ(s[1], std::vector<long>{0});
  EXPECT_EQ(s[3], std::vector<long>{2});
}

TEST(Topology, FullReceivesFromEveryOtherIsland) {
  const auto s = sources_of(Topology::full, 3, 0, 1);
  EXPECT_EQ(s[0], (std::vector<long>{1, 2}));
  EXPECT_EQ(s[1], (std::vector<long>{0, 2}));
  EXPECT_EQ(s[2], (std::vector<long>{0, 1}));
}

TEST(Topology, OneIslandHasNoNeighbours) {
  for (auto t : {Topology::ring, Topology::full, Topology::random})
    EXPECT_TRUE(sources_of(t, 1, 1, 1)[0].empty());
}

TEST(Topology, RandomGraphHasTheDegreeNoSelfLoopsAndDependsOnTheSeed) {
  const long n = 9, degree = 3;
  const auto a = sources_of(Topology::random, n, degree, 7);
  EXPECT_EQ(a, sources_of(Topology::random, n, degree, 7));
  std::vector<long> out_degree(n, 0);
  for (long i = 0; i < n; ++i) {
    EXPECT_TRUE(std::is_sorted(a[i].begin(), a[i].end()));
    EXPECT_EQ(std::adjacent_find(a[i].begin(), a[i].end()), a[i].end());  // no repeated edge
    for (long s : a[i]) {
      EXPECT_NE(s, i);
      ++out_degree[s];
    }
  }
  for (long d : out_degree) EXPECT_EQ(d, degree);
  EXPECT_NE(a, sources_of(Topology::random, n, degree, 8));
}

TEST(Topology, BadDegreeIsRefused) {
  EXPECT_THROW(sources_of(Topology::random, 4, 4, 1), std::invalid_argument);
  EXPECT_THROW(sources_of(Topology::random, 4, 0, 1), std::invalid_argument);
  EXPECT_THROW(sources_of(Topology::ring, 0, 0, 1), std::invalid_argument);
}

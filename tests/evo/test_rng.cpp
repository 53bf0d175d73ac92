#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "neurofit/evo/rng.hpp"

using namespace neurofit::evo;

TEST(Rng, SplitMix64MatchesReferenceValues) {
  // First outputs of the reference splitmix64.c seeded with 0 and 1234567.
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ULL);
  state = 1234567;
  EXPECT_EQ(splitmix64(state), 6457827717110365317ULL);
  EXPECT_EQ(splitmix64(state), 3203168211198807973ULL);
}

TEST(Rng, StreamSeedsDifferPerTaskAndIsland) {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t task = 0; task < 4; ++task)
    for (std::uint64_t island = 0; island < 4; ++island) seeds.insert(stream_seed(7, task, island));
  EXPECT_EQ(seeds.size(), 16u);
  EXPECT_EQ(stream_seed(7, 1, 2), stream_seed(7, 1, 2));
  EXPECT_NE(stream_seed(7, 1, 2), stream_seed(8, 1, 2));
  EXPECT_NE(stream_seed(0, 1, 0), stream_seed(0, 0, 1));
}

TEST(Rng, EngineMatchesTheStandardSequence) {
  // The 10000th output of a default-seeded mt19937_64 is fixed by the C++ standard.
  Rng rng(5489u);
  for (int i = 0; i < 9999; ++i) rng.next_u64();
  EXPECT_EQ(rng.next_u64(), 9981545732273789042ULL);
}

TEST(Rng, UniformIsInUnitIntervalWithTheRightMean) {
  Rng rng(42);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
}

TEST(Rng, UniformUsesTheTop53Bits) {
  Rng a(3), b(3);
  const std::uint64_t x = a.next_u64();
  EXPECT_EQ(b.uniform(), static_cast<double>(x >> 11) / 9007199254740992.0);
}

TEST(Rng, UniformIntCoversRangeEvenly) {
  Rng rng(1);
  std::vector<int> count(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) {
    const auto k = rng.uniform_int(7);
    ASSERT_LT(k, 7u);
    ++count[k];
  }
  for (int c : count) EXPECT_NEAR(c, n / 7, 400);
  EXPECT_EQ(rng.uniform_int(1), 0u);
  EXPECT_THROW(rng.uniform_int(0), std::invalid_argument);
}

TEST(Rng, UniformIntRejectsTheBiasedLowValues) {
  // For n = 2^63 + 1 the threshold is 2^63 - 1: about half the raw draws are rejected, so the
  // sequence differs from the naive x % n.
  Rng a(9), b(9);
  const std::uint64_t n = (1ULL << 63) + 1;
  int differ = 0;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t raw = b.next_u64();
    if (a.uniform_int(n) != raw % n) ++differ;
  }
  EXPECT_GT(differ, 10);
}

TEST(Rng, StateRoundTripsAsTextAndStream) {
  Rng rng(11);
  for (int i = 0; i < 1000; ++i) rng.uniform();
  const std::string saved = rng.save_state();
  std::vector<double> expected;
  for (int i = 0; i < 10; ++i) expected.push_back(rng.uniform());

  Rng restored(999);
  restored.load_state(saved);
  for (double e : expected) EXPECT_EQ(restored.uniform(), e);

  std::stringstream ss;
  ss << rng;
  Rng streamed;
  ss >> streamed;
  EXPECT_TRUE(streamed == rng);
  EXPECT_EQ(streamed.uniform(), rng.uniform());
}

TEST(Rng, LoadStateRejectsMalformedText) {
  Rng rng(1);
  const Rng before = rng;
  EXPECT_THROW(rng.load_state("1 2 3"), std::invalid_argument);
  EXPECT_THROW(rng.load_state(rng.save_state() + " junk"), std::invalid_argument);
  EXPECT_TRUE(rng == before);
}

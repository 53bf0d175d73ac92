// The lane block's rows start at a cache line: the kernels load and store them 8 doubles at a
// time, and a row off the line splits every such access in two (src/sim/aligned.hpp).
#include <gtest/gtest.h>

#include <cstdint>

#include "../../src/sim/lane_block.hpp"

namespace {

bool on_cache_line(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p) % neurofit::sim::row_alignment == 0;
}

TEST(LaneBlock, EveryRowStartsAtACacheLine) {
  // Capacities that are and are not a multiple of the lane width, rows of several models.
  for (int capacity : {1, 8, 13, 64}) {
    neurofit::sim::LaneBlock blk(11, 2, capacity);
    for (int j = 0; j < 11; ++j) EXPECT_TRUE(on_cache_line(blk.param(j))) << capacity << " " << j;
    for (int j = 0; j < 2; ++j) EXPECT_TRUE(on_cache_line(blk.state(j))) << capacity << " " << j;
    const auto a = blk.step_arrays();
    EXPECT_TRUE(on_cache_line(a.current));
    EXPECT_TRUE(on_cache_line(a.v_sample));
    EXPECT_TRUE(on_cache_line(a.spiked));
  }
}

TEST(LaneBlock, AlignedVectorKeepsItsAlignmentWhenCopiedAndGrown) {
  neurofit::sim::AlignedVector<double> v(3, 1.0);
  EXPECT_TRUE(on_cache_line(v.data()));
  for (int i = 0; i < 1000; ++i) v.push_back(i);
  EXPECT_TRUE(on_cache_line(v.data()));
  const auto copy = v;
  EXPECT_TRUE(on_cache_line(copy.data()));
  EXPECT_EQ(copy, v);
}

}  // namespace

// The settle box (settle_box.hpp) of AdEx and Izhikevich lanes: a state placed anywhere in it,
// corners included, stays in it under the model's own Euler step and never spikes.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "neurofit/model/adex.hpp"
#include "neurofit/model/izhikevich2007.hpp"

namespace nm = neurofit::model;

namespace {

constexpr int box_lanes = nm::lane_width;

// One candidate in every lane of a block, with its box prepared under a constant current and a
// time step dt [ms].
template <class M>
struct BoxLanes {
  std::vector<std::array<double, box_lanes>> param{static_cast<std::size_t>(M::n_rows)};
  std::vector<std::array<double, box_lanes>> state{2};
  std::array<double, box_lanes> current{}, v_sample{};
  std::array<std::int64_t, box_lanes> spiked{};
  std::vector<double*> param_rows, state_rows;
  nm::SettleBox box;

  BoxLanes(std::mt19937_64& rng, double amp, double dt) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int j = 0; j < M::n_params; ++j) {
      const auto& spec = M::parameters[static_cast<std::size_t>(j)];
      param[j].fill(spec.lower + u(rng) * (spec.upper - spec.lower));
    }
    for (auto& r : param) param_rows.push_back(r.data());
    for (auto& r : state) state_rows.push_back(r.data());
    current.fill(amp);
    M::derive(dt, param_rows.data(), param_rows.data(), box_lanes);
    double p[M::n_rows], aux[M::n_settle];
    for (int j = 0; j < M::n_rows; ++j) p[j] = param[j][0];
    M::settle_prepare(p, amp, aux);
    box = nm::unpack_box(aux);
  }
  // Lanes 0-3 at the box's corners, the others inside it at random.
  void place(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int l = 0; l < box_lanes; ++l) {
      const double fv = l < 4 ? (l & 1) : u(rng), fw = l < 4 ? (l >> 1) : u(rng);
      state[0][l] = box.v_lo + fv * (box.v_hi - box.v_lo);
      state[1][l] = box.w_lo + fw * (box.w_hi - box.w_lo);
    }
  }
  std::int64_t step() {
    const nm::StepArrays a{param_rows.data(), state_rows.data(), current.data(), v_sample.data(),
                           spiked.data()};
    return M::template step<false>(a, box_lanes);
  }
};

template <class M>
class SettleBoxOf : public ::testing::Test {};
using BoxModels = ::testing::Types<nm::Adex, nm::Izhikevich2007>;
TYPED_TEST_SUITE(SettleBoxOf, BoxModels);

// At the time steps of ne8 (0.025 ms), and finer and coarser ones.
TYPED_TEST(SettleBoxOf, StatesInTheBoxStayAndNeverSpike) {
  using M = TypeParam;
  std::mt19937_64 rng(23);
  std::uniform_real_distribution<double> amp(0.0, 600.0);
  const double dts[] = {0.025, 0.005, 0.1};
  int boxes = 0;
  for (int c = 0; c < 300; ++c) {
    BoxLanes<M> b(rng, amp(rng), dts[c % 3]);
    if (!b.box.applies) continue;
    ++boxes;
    ASSERT_LT(b.box.v_hi, b.param[M::spike_sample][0]);  // below the spike level
    b.place(rng);
    for (int i = 0; i < 2000; ++i) {
      ASSERT_EQ(b.step(), 0) << "candidate " << c << ", step " << i << ", dt " << dts[c % 3];
      for (int l = 0; l < box_lanes; ++l)
        ASSERT_TRUE(nm::inside(b.box, b.state[0][l], b.state[1][l]))
            << "candidate " << c << ", lane " << l << ", step " << i << ": V " << b.state[0][l]
            << ", w " << b.state[1][l] << " left [" << b.box.v_lo << ", " << b.box.v_hi << "] x ["
            << b.box.w_lo << ", " << b.box.w_hi << "]";
    }
  }
  // Boxes must be found for a fair share of random candidates, or the proof is idle.
  EXPECT_GT(boxes, 30) << "candidates with a box: " << boxes;
}

// The box is wider than the fixed point alone: its sides span at least a millivolt for most
// candidates that have one (a box shrunk to a point would be sound but useless).
TYPED_TEST(SettleBoxOf, BoxesAreWide) {
  using M = TypeParam;
  std::mt19937_64 rng(29);
  std::uniform_real_distribution<double> amp(0.0, 600.0);
  int boxes = 0, wide = 0;
  for (int c = 0; c < 300; ++c) {
    BoxLanes<M> b(rng, amp(rng), 0.025);
    if (!b.box.applies) continue;
    ++boxes;
    wide += b.box.v_hi - b.box.v_lo > 1.0 ? 1 : 0;
  }
  EXPECT_GT(wide, boxes * 3 / 4) << wide << " of " << boxes;
}

}  // namespace

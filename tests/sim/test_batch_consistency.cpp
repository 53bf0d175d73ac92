// A batch of mixed candidates (own parameters and stimulus per lane; lanes that spike a lot,
// never spike, are invalid or blow up) gives, lane by lane and bit for bit, what each candidate
// gives alone: whatever the block size, the stop rule, the trace window and the lane order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "sim_test_support.hpp"

namespace neurofit::sim {
namespace {

using testing::params_of;
using testing::step_stimulus;

constexpr double dt = 0.025, duration = 250;
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

struct Candidate {
  std::string what;
  Eigen::VectorXd params;
  Stimulus stimulus;
};

class Random {
 public:
  explicit Random(std::uint64_t seed) : gen_(seed) {}
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(gen_() >> 11) * 0x1p-53;
  }
  double time(double lo, double hi) { return std::round(uniform(lo, hi) * 1000) / 1000; }
  std::mt19937_64& gen() { return gen_; }

 private:
  std::mt19937_64 gen_;
};

// Random parameters inside the family's bounds and one to three random off-grid current steps.
void add_random(const ModelFamily& f, std::vector<Candidate>& out, int n, double max_current,
                std::uint64_t seed) {
  Random rnd(seed);
  for (int c = 0; c < n; ++c) {
    Eigen::VectorXd p(f.n_params());
    for (int i = 0; i < f.n_params(); ++i) {
      const auto& s = f.parameters[static_cast<std::size_t>(i)];
      p[i] = rnd.uniform(s.lower, s.upper);
    }
    Stimulus stim;
    const int steps = 1 + c % 3;
    for (int k = 0; k < steps; ++k) {
      const double start = rnd.time(0, duration - 20);
      stim.steps.push_back(
          {rnd.uniform(-0.1, 1.0) * max_current, start, start + rnd.time(0.01, duration - start)});
    }
    out.push_back({"random " + std::to_string(c), p, stim});
  }
}

std::vector<Candidate> izhikevich_candidates() {
  const auto& f = find_family("izhikevich2007");
  std::vector<Candidate> c = {
      {"RS 100 pA", params_of(f), step_stimulus(100, 20.0125, 230.3)},
      {"RS 2000 pA: spikes a lot", params_of(f), step_stimulus(2000, 5, 240)},
      {"RS no current: never spikes", params_of(f), Stimulus{}},
      {"RS -100 pA: never spikes", params_of(f), step_stimulus(-100, 50, 150)},
      {"invalid: C NaN", params_of(f, {{"C", not_a_number}}), step_stimulus(100, 10, 200)},
      {"invalid: C = 0", params_of(f, {{"C", 0}}), step_stimulus(100, 10, 200)},
      {"invalid: c = vpeak", params_of(f, {{"c", 35}}), step_stimulus(100, 10, 200)},
      {"blows up: d = -1e8", params_of(f, {{"d", -1e8}}), step_stimulus(100, 10.0375, 200)},
      {"blows up: k = 1e8", params_of(f, {{"k", 1e8}}), step_stimulus(100, 33.3, 200)},
      {"blows up, spiking: b = -1e4", params_of(f, {{"b", -1e4}, {"a", 0.2}}),
       step_stimulus(-20, 5.5, 90)},
      {"blows up before any spike: -1e12 pA", params_of(f), step_stimulus(-1e12, 61.0125, 90)},
      // Reset 1 mV below the peak, far above vt, and no jump of u: fires every few steps.
      {"degenerate: c just below vpeak, d < 0", params_of(f, {{"vpeak", 0}, {"c", -1}, {"d", -5}}),
       step_stimulus(300, 40.0125, 200)},
  };
  add_random(f, c, 27, 1200, 11);
  return c;
}

std::vector<Candidate> adex_candidates() {
  const auto& f = find_family("adex");
  auto naud = [&](double C, double gL, double EL, double a, double tau_w, double b, double Vr) {
    return params_of(f, {{"C", C},
                         {"gL", gL},
                         {"EL", EL},
                         {"VT", -50},
                         {"DeltaT", 2},
                         {"a", a},
                         {"tau_w", tau_w},
                         {"b", b},
                         {"V_reset", Vr},
                         {"V_peak", 0}});
  };
  std::vector<Candidate> c = {
      {"NEST 800 pA", params_of(f), step_stimulus(800, 12.3456, 240)},
      {"tonic", naud(200, 10, -70, 2, 30, 0, -58), step_stimulus(500, 100, 200)},
      {"adapting", naud(200, 12, -70, 2, 300, 60, -58), step_stimulus(500, 10.05, 249)},
      {"regular bursting", naud(200, 10, -58, 2, 120, 100, -46), step_stimulus(210, 0, 250)},
      {"NEST 5000 pA: spikes a lot", params_of(f), step_stimulus(5000, 1, 250)},
      {"NEST no current: never spikes", params_of(f), Stimulus{}},
      {"invalid: DeltaT = 0", params_of(f, {{"DeltaT", 0}}), step_stimulus(800, 10, 200)},
      {"invalid: (V_peak - VT)/DeltaT > 663.7", params_of(f, {{"DeltaT", 0.05}}),
       step_stimulus(800, 10, 200)},
      {"invalid: gL NaN", params_of(f, {{"gL", not_a_number}}), step_stimulus(800, 10, 200)},
      {"blows up: -1e12 pA", params_of(f), step_stimulus(-1e12, 77.7, 200)},
      // Reset above VT with a sharp exponential: V runs away again within a step or two.
      {"degenerate: V_reset above VT, DeltaT 0.5",
       params_of(f, {{"VT", -45.67}, {"DeltaT", 0.503}, {"V_reset", -40.3}, {"V_peak", 37.71}}),
       step_stimulus(900, 20, 240)},
  };
  add_random(f, c, 26, 2000, 12);
  return c;
}

std::vector<Candidate> lif_candidates() {
  const auto& f = find_family("lif");
  std::vector<Candidate> c = {
      {"NEST 500 pA", params_of(f), step_stimulus(500, 3.3, 240)},
      {"t_ref 0, 1e6 pA: spikes every step", params_of(f, {{"t_ref", 0}}),
       step_stimulus(1e6, 100, 130.0125)},
      {"NEST 2000 pA: refractory-limited", params_of(f), step_stimulus(2000, 10, 200)},
      {"NEST 300 pA: subthreshold", params_of(f), step_stimulus(300, 10, 200)},
      {"NEST no current", params_of(f), Stimulus{}},
      {"invalid: V_reset = V_th", params_of(f, {{"V_reset", -55}}), step_stimulus(500, 10, 200)},
      {"invalid: gL = 0", params_of(f, {{"gL", 0}}), step_stimulus(500, 10, 200)},
      {"invalid: t_ref < 0", params_of(f, {{"t_ref", -1}}), step_stimulus(500, 10, 200)},
      {"blows up: -1e12 pA", params_of(f), step_stimulus(-1e12, 150.01, 200)},
  };
  add_random(f, c, 27, 2000, 13);
  return c;
}

struct Config {
  std::string what;
  int stop_after_spikes = 0;
  int block_lanes = 64;
  std::int64_t first_sample = 0;
  bool initial_state = false;
  std::int64_t trace_first = -1, trace_last = -1;  // -2: the last sample
  bool per_lane = false;  // lane_last_sample and lane_trace_first, different for every lane
  std::int64_t min_isi_samples = 0;
};

// Per-lane last sample and trace start of candidate c (used when Config::per_lane).
std::int64_t lane_last_of(int c, std::int64_t first, std::int64_t last) {
  return c % 4 == 0 ? last : first + (last - first) * (5 + c % 7) / 12 + c;
}
std::int64_t lane_trace_first_of(int c, std::int64_t first, std::int64_t last, std::int64_t len) {
  return first + (static_cast<std::int64_t>(c) * 977) % (last - first - len + 2);
}

BatchRequest request_for(const Config& c) {
  BatchRequest r;
  r.dt = dt;
  r.first_sample = c.first_sample;
  r.last_sample = first_sample_at_or_after(duration, dt);
  r.stop_after_spikes = c.stop_after_spikes;
  r.block_lanes = c.block_lanes;
  r.trace_first = c.trace_first;
  r.trace_last = c.trace_last == -2 ? r.last_sample : c.trace_last;
  r.min_isi_samples = c.min_isi_samples;
  return r;
}

// Rest states moved off rest, so that a given initial state is visibly used.
Eigen::MatrixXd initial_states(const ModelFamily& f, const Eigen::MatrixXd& params) {
  Eigen::MatrixXd s(f.n_state(), params.cols());
  for (Eigen::Index l = 0; l < params.cols(); ++l) {
    f.rest_state(params.col(l).data(), s.col(l).data());
    s(0, l) += static_cast<double>(l % 5) * 2.5;
    s(1, l) = f.name == "lif" ? static_cast<double>(l % 3) * 4 : static_cast<double>(l % 4) * 7.5;
  }
  return s;
}

// What holds for any lane of any batch: spikes strictly increase inside the simulated samples,
// and the lane ended where its status and the stop rule say.
void expect_lane_invariants(const BatchResult& r, Eigen::Index lane, const BatchRequest& req) {
  const auto l = static_cast<std::size_t>(lane);
  const auto& s = r.spikes[l];
  const std::int64_t last =
      req.lane_last_sample.empty() ? req.last_sample : req.lane_last_sample[l];
  for (std::size_t j = 0; j < s.size(); ++j) {
    EXPECT_GT(s[j], req.first_sample);
    EXPECT_LE(s[j], r.last_sample[l]);
    if (j > 0) {
      EXPECT_GT(s[j], s[j - 1]);
    }
    if (j > 0 && req.min_isi_samples > 0 && j + 1 < s.size()) {
      EXPECT_GE(s[j] - s[j - 1], req.min_isi_samples) << "only the last interval may be short";
    }
  }
  const auto k = static_cast<std::size_t>(req.stop_after_spikes);
  switch (r.status[l]) {
    case LaneStatus::invalid:
      EXPECT_TRUE(s.empty());
      EXPECT_EQ(r.last_sample[l], req.first_sample);
      break;
    case LaneStatus::ok:
      EXPECT_TRUE(std::isfinite(r.state(0, lane)));
      if (k > 0 && s.size() == k) {
        EXPECT_EQ(r.last_sample[l], s.back());
      } else {
        if (k > 0) {
          EXPECT_LT(s.size(), k);
        }
        EXPECT_EQ(r.last_sample[l], last);
      }
      break;
    case LaneStatus::too_fast:
      ASSERT_GE(s.size(), 2u);
      EXPECT_LT(s.back() - s[s.size() - 2], req.min_isi_samples);
      EXPECT_EQ(r.last_sample[l], s.back());
      break;
    case LaneStatus::failed:
      EXPECT_LE(r.last_sample[l], last);
      EXPECT_FALSE(std::fabs(r.state(0, lane)) < 1e6 && std::fabs(r.state(1, lane)) < 1e9)
          << "a failed lane ends in a state outside the finite range";
      break;
  }
}

class BatchConsistency : public ::testing::TestWithParam<std::string> {
 protected:
  const ModelFamily& family() const { return find_family(GetParam()); }
  std::vector<Candidate> candidates() const {
    if (GetParam() == "izhikevich2007") return izhikevich_candidates();
    if (GetParam() == "adex") return adex_candidates();
    return lif_candidates();
  }

  // Runs the candidates in `order` as one batch and each alone; compares lane by lane.
  void check(const Config& cfg, std::vector<int> order = {}) {
    const auto cand = candidates();
    const auto n = static_cast<Eigen::Index>(cand.size());
    if (order.empty()) {
      order.resize(cand.size());
      std::iota(order.begin(), order.end(), 0);
    }
    const auto& f = family();
    Eigen::MatrixXd params(f.n_params(), n);
    std::vector<Stimulus> stimuli;
    for (Eigen::Index l = 0; l < n; ++l) {
      params.col(l) = cand[static_cast<std::size_t>(order[static_cast<std::size_t>(l)])].params;
      stimuli.push_back(
          cand[static_cast<std::size_t>(order[static_cast<std::size_t>(l)])].stimulus);
    }
    const Eigen::MatrixXd init = initial_states(f, params);
    const Eigen::MatrixXd* init_ptr = cfg.initial_state ? &init : nullptr;
    auto req = request_for(cfg);
    const std::int64_t len = req.trace_last - req.trace_first + 1;
    auto cand_of = [&](Eigen::Index l) { return order[static_cast<std::size_t>(l)]; };
    if (cfg.per_lane) {
      for (Eigen::Index l = 0; l < n; ++l) {
        req.lane_last_sample.push_back(lane_last_of(cand_of(l), req.first_sample, req.last_sample));
        if (req.trace_first >= 0)
          req.lane_trace_first.push_back(
              lane_trace_first_of(cand_of(l), req.first_sample, req.last_sample, len));
      }
    }
    const auto batch = run_batch(f, params, init_ptr, stimuli, req);
    ASSERT_EQ(batch.status.size(), cand.size());

    int n_invalid = 0, n_failed = 0, n_silent = 0, n_busy = 0, n_too_fast = 0;
    for (Eigen::Index l = 0; l < n; ++l) {
      const auto& c = cand[static_cast<std::size_t>(order[static_cast<std::size_t>(l)])];
      SCOPED_TRACE(GetParam() + ", " + cfg.what + ", lane " + std::to_string(l) + ": " + c.what);
      const Eigen::MatrixXd p1 = params.col(l);
      const Eigen::MatrixXd s1 = init.col(l);
      BatchRequest req1 = req;
      req1.block_lanes = 64;
      if (cfg.per_lane) {
        req1.lane_last_sample = {req.lane_last_sample[static_cast<std::size_t>(l)]};
        if (req.trace_first >= 0)
          req1.lane_trace_first = {req.lane_trace_first[static_cast<std::size_t>(l)]};
      }
      const auto alone = run_batch(f, p1, cfg.initial_state ? &s1 : nullptr,
                                   std::span(&stimuli[static_cast<std::size_t>(l)], 1), req1);
      testing::expect_same_lane(batch, static_cast<int>(l), alone, 0);
      const auto st = batch.status[static_cast<std::size_t>(l)];
      const auto spikes = batch.spikes[static_cast<std::size_t>(l)].size();
      expect_lane_invariants(batch, l, req);
      n_invalid += st == LaneStatus::invalid;
      n_failed += st == LaneStatus::failed;
      n_too_fast += st == LaneStatus::too_fast;
      n_silent += st == LaneStatus::ok && spikes == 0;
      n_busy += spikes >= 50;
    }
    // The mix is what it claims to be.
    EXPECT_GE(n_invalid, 3);
    EXPECT_GE(n_failed, 1);
    EXPECT_GE(n_silent, 2);
    if (cfg.stop_after_spikes == 0 && cfg.min_isi_samples == 0) {
      EXPECT_GE(n_busy, 1);
    }
    if (cfg.min_isi_samples > 0) {
      EXPECT_GE(n_too_fast, 1);
    } else {
      EXPECT_EQ(n_too_fast, 0);
    }
  }
};

TEST_P(BatchConsistency, WholeRunFullTrace) {
  check({"whole run", 0, 64, 0, false, 0, -2});
}

TEST_P(BatchConsistency, SmallBlocksPartialTrace) {
  check({"block 8, trace 3000..7000", 0, 8, 0, false, 3000, 7000});
}

TEST_P(BatchConsistency, StopAfterOneSpike) {
  check({"stop 1, block 8", 1, 8, 0, false, 0, -2});
}

TEST_P(BatchConsistency, StopAfterThreeSpikes) {
  check({"stop 3, block 8", 3, 8, 0, false, 0, -2});
}

TEST_P(BatchConsistency, StopAfterThreeSpikesWideBlockNoTrace) {
  check({"stop 3, block 64, no trace", 3, 64, 0, false, -1, -1});
}

TEST_P(BatchConsistency, GivenInitialStateFromALaterSample) {
  check({"first sample 400, initial state, block 16", 0, 16, 400, true, 400, -2});
}

TEST_P(BatchConsistency, PerLaneLastSampleAndTraceWindow) {
  Config cfg{"per-lane last sample and trace window, block 8", 0, 8, 0, false, 100, 2099};
  cfg.per_lane = true;
  check(cfg);
  cfg.what += ", stop 2";
  cfg.stop_after_spikes = 2;
  check(cfg);
}

TEST_P(BatchConsistency, RefractoryFloorStopsLanesThatFireTooFast) {
  Config cfg{"min ISI 40 samples, block 8", 0, 8, 0, false, 0, -2};
  cfg.min_isi_samples = 40;
  check(cfg);
  cfg.what = "min ISI 40 samples, stop 3, per-lane windows, block 16";
  cfg.stop_after_spikes = 3;
  cfg.block_lanes = 16;
  cfg.trace_first = 100;
  cfg.trace_last = 2099;
  cfg.per_lane = true;
  check(cfg);
}

// A lane's own last sample gives what a run to that last sample gives.
TEST_P(BatchConsistency, PerLaneLastSampleEqualsAShorterRun) {
  const auto cand = candidates();
  const auto& f = family();
  for (std::size_t c = 0; c < cand.size(); ++c) {
    SCOPED_TRACE(GetParam() + ": " + cand[c].what);
    const Eigen::MatrixXd p = cand[c].params;
    BatchRequest req = request_for({"", 0, 8, 0, false, -1, -1});
    req.lane_last_sample = {lane_last_of(static_cast<int>(c), 0, req.last_sample)};
    const auto a = run_batch(f, p, nullptr, std::span(&cand[c].stimulus, 1), req);
    req.last_sample = req.lane_last_sample[0];
    req.lane_last_sample.clear();
    const auto b = run_batch(f, p, nullptr, std::span(&cand[c].stimulus, 1), req);
    testing::expect_same_lane(a, 0, b, 0);
  }
}

TEST_P(BatchConsistency, IndependentOfLaneOrder) {
  const auto n = candidates().size();
  std::vector<int> reversed(n), shuffled(n);
  std::iota(reversed.rbegin(), reversed.rend(), 0);
  std::iota(shuffled.begin(), shuffled.end(), 0);
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(7));
  check({"reversed, stop 3, block 8", 3, 8, 0, false, 0, -2}, reversed);
  check({"shuffled, block 8", 0, 8, 0, false, 0, -2}, shuffled);
  check({"shuffled, stop 1, block 64", 1, 64, 0, false, 1000, 9000}, shuffled);
  Config per_lane{"shuffled, per-lane windows, stop 3, block 8", 3, 8, 0, false, 0, 3999};
  per_lane.per_lane = true;
  check(per_lane, shuffled);
}

INSTANTIATE_TEST_SUITE_P(Families, BatchConsistency,
                         ::testing::Values("izhikevich2007", "adex", "lif"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace neurofit::sim

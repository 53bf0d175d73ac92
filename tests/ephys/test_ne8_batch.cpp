// ne8 results are defined per candidate (reference protocol-ne8.md): evaluating a batch must
// give, bit for bit, what evaluating each candidate alone gives, whatever the candidates' order
// and the tiling / windowing settings that only bound memory.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "neurofit/ephys/ne8.hpp"

namespace neurofit::ephys {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// `n` candidates drawn uniformly within the family's default bounds, then the given extras.
Eigen::MatrixXd candidates(const sim::ModelFamily& f, int n, std::uint64_t seed,
                           const std::vector<Eigen::VectorXd>& extra) {
  std::mt19937_64 rng(seed);
  const Eigen::VectorXd lo = f.lower_bounds(), hi = f.upper_bounds();
  Eigen::MatrixXd p(f.n_params(), n + static_cast<Eigen::Index>(extra.size()));
  for (int c = 0; c < n; ++c)
    for (int i = 0; i < f.n_params(); ++i)
      p(i, c) = std::uniform_real_distribution<double>(lo[i], hi[i])(rng);
  for (std::size_t k = 0; k < extra.size(); ++k) p.col(n + static_cast<Eigen::Index>(k)) = extra[k];
  return p;
}

Eigen::VectorXd reference_with(const sim::ModelFamily& f, const char* name, double value) {
  Eigen::VectorXd p(f.n_params());
  for (int i = 0; i < f.n_params(); ++i) p[i] = f.parameters[static_cast<std::size_t>(i)].value;
  const int i = f.parameter_index(name);
  EXPECT_GE(i, 0) << name;
  p[i] = value;
  return p;
}

bool same_bits(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) ||
         std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Candidate `ca` of `a` and candidate `cb` of `b` agree in every output.
void expect_same_candidate(const Ne8Result& a, Eigen::Index ca, const Ne8Result& b, Eigen::Index cb,
                           const std::string& what) {
  const auto ua = static_cast<std::size_t>(ca), ub = static_cast<std::size_t>(cb);
  EXPECT_EQ(int(a.viable[ua]), int(b.viable[ub])) << what;
  EXPECT_EQ(a.why[ua], b.why[ub]) << what;
  for (int f = 0; f < n_ne8_features; ++f)
    EXPECT_TRUE(same_bits(a.features(f, ca), b.features(f, cb)))
        << what << ": " << ne8_feature_names[static_cast<std::size_t>(f)] << " "
        << a.features(f, ca) << " vs " << b.features(f, cb);
}

class Ne8Batch : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const auto& f = sim::find_family(GetParam());
    std::vector<Eigen::VectorXd> extra;
    Eigen::VectorXd bad_nan = reference_with(f, "C", 100);
    bad_nan[1] = nan;
    extra.push_back(bad_nan);                       // invalid: not finite
    extra.push_back(reference_with(f, "C", -5));    // invalid: C <= 0
    extra.push_back(reference_with(f, "C", 1e-3));  // Euler unstable or blows up
    if (std::string(GetParam()) == "adex")
      extra.push_back(reference_with(f, "EL", -45));  // above VT -50.4: spikes at rest
    else
      extra.push_back(reference_with(f, "vpeak", 1e7));  // v passes 1e6 mV before the peak
    params_ = candidates(f, 18, std::string(GetParam()) == "adex" ? 7 : 11, extra);
    // Put the non-viable ones among the others, not only at the end.
    params_.col(3).swap(params_.col(18));
    params_.col(10).swap(params_.col(20));
  }
  const sim::ModelFamily& family() const { return sim::find_family(GetParam()); }
  Eigen::MatrixXd params_;
};

TEST_P(Ne8Batch, BatchEqualsOneAtATime) {
  const auto batch = evaluate_ne8(family(), params_);
  int viable = 0;
  for (Eigen::Index c = 0; c < params_.cols(); ++c) {
    const auto alone = evaluate_ne8(family(), Eigen::MatrixXd(params_.col(c)));
    expect_same_candidate(batch, c, alone, 0, "candidate " + std::to_string(c));
    viable += batch.viable[static_cast<std::size_t>(c)];
  }
  // Both kinds present, so that the comparison covers each path.
  EXPECT_GE(viable, 2);
  EXPECT_LE(viable, params_.cols() - 4);
}

TEST_P(Ne8Batch, OrderOfCandidatesDoesNotMatter) {
  const auto batch = evaluate_ne8(family(), params_);
  std::vector<Eigen::Index> perm(static_cast<std::size_t>(params_.cols()));
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), std::mt19937_64(42));
  Eigen::MatrixXd shuffled(params_.rows(), params_.cols());
  for (std::size_t k = 0; k < perm.size(); ++k)
    shuffled.col(static_cast<Eigen::Index>(k)) = params_.col(perm[k]);
  const auto r = evaluate_ne8(family(), shuffled);
  for (std::size_t k = 0; k < perm.size(); ++k)
    expect_same_candidate(batch, perm[k], r, static_cast<Eigen::Index>(k),
                          "candidate " + std::to_string(perm[k]));
}

TEST_P(Ne8Batch, TilesShapeWindowAndEarlyStopDoNotMatter) {
  const auto reference = evaluate_ne8(family(), params_);
  struct Variant {
    int passive_tile, shape_tile, shape_window;
    bool stop_when_settled;
    int passive_window = 4000;
  };
  // shape_window 5 (and 0) are too short for any spike's half-height crossings, forcing the
  // whole-trace fallback; 100000 is longer than the whole step; tiles of 1, 3, ... split the
  // batch unevenly; stop_when_settled false runs the plain procedure. S1's passive_window: 0
  // runs the step as one simulation, 40 sends nearly every lane to the fallback, 17999 ends the
  // first simulation just before the steady-state window.
  for (const auto v :
       {Variant{1, 1, 2000, true}, Variant{3, 5, 5, true, 40}, Variant{64, 1024, 0, false, 0},
        Variant{7, 2, 40, true, 17999}, Variant{0, 0, 100000, false, 120}}) {
    Ne8Settings s;
    s.passive_tile = v.passive_tile;
    s.shape_tile = v.shape_tile;
    s.shape_window = v.shape_window;
    s.stop_when_settled = v.stop_when_settled;
    s.passive_window = v.passive_window;
    const auto r = evaluate_ne8(family(), params_, s);
    const std::string what =
        "tiles " + std::to_string(v.passive_tile) + "/" + std::to_string(v.shape_tile) +
        " window " + std::to_string(v.shape_window) + " settle " +
        std::to_string(v.stop_when_settled) + " S1 window " + std::to_string(v.passive_window);
    for (Eigen::Index c = 0; c < params_.cols(); ++c)
      expect_same_candidate(reference, c, r, c, what + " candidate " + std::to_string(c));
  }
}

TEST_P(Ne8Batch, EmptyBatchGivesEmptyResult) {
  const auto r = evaluate_ne8(family(), Eigen::MatrixXd(family().n_params(), 0));
  EXPECT_EQ(r.features.rows(), n_ne8_features);
  EXPECT_EQ(r.features.cols(), 0);
  EXPECT_TRUE(r.viable.empty());
  EXPECT_TRUE(r.why.empty());
}

INSTANTIATE_TEST_SUITE_P(Families, Ne8Batch, ::testing::Values("izhikevich2007", "adex"));

}  // namespace
}  // namespace neurofit::ephys

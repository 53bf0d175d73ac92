// The rheobase search's early stop of settled lanes gives exactly the features of the plain
// procedure (reference protocol-ne8.md: shortcuts allowed when the results are the same).
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "../common/random_params.hpp"
#include "neurofit/ephys/ne8.hpp"

namespace neurofit::ephys {
namespace {

class Ne8Settle : public ::testing::TestWithParam<const char*> {};

TEST_P(Ne8Settle, SameFeaturesAsThePlainProcedure) {
  const auto& f = sim::find_family(GetParam());
  const int n = 200;
  const Eigen::MatrixXd p = test_support::random_params(f, n, 5);
  Ne8Settings plain;
  plain.stop_when_settled = false;
  const auto a = evaluate_ne8(f, p, plain);
  const auto b = evaluate_ne8(f, p);
  EXPECT_EQ(a.viable, b.viable);
  EXPECT_EQ(a.why, b.why);
  // Bit for bit, NaN included.
  EXPECT_EQ(0, std::memcmp(a.features.data(), b.features.data(),
                           sizeof(double) * static_cast<std::size_t>(a.features.size())));
  EXPECT_LT(b.lane_steps, a.lane_steps);  // and it did save work
}

INSTANTIATE_TEST_SUITE_P(Families, Ne8Settle, ::testing::Values("izhikevich2007", "adex", "lif"));

}  // namespace
}  // namespace neurofit::ephys

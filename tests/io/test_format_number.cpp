// format_number: the shortest decimal text that reads back to the same double.
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include "neurofit/io/csv.hpp"

namespace neurofit::io {
namespace {

double parse(const std::string& s) {
  double x = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  EXPECT_EQ(ec, std::errc()) << s;
  EXPECT_EQ(ptr, s.data() + s.size()) << s;
  return x;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

TEST(FormatNumber, RandomDoublesRoundTripExactly) {
  std::mt19937_64 rng(2024);
  int checked = 0;
  for (int k = 0; k < 200000; ++k) {
    // Every bit pattern (all exponents, subnormals, both signs) ...
    const double x = std::bit_cast<double>(rng());
    if (!std::isfinite(x)) continue;
    const auto s = format_number(x);
    ASSERT_TRUE(same_bits(parse(s), x)) << s;
    // ... and strtod, the C library's reader, agrees.
    ASSERT_TRUE(same_bits(std::strtod(s.c_str(), nullptr), x)) << s;
    ++checked;
  }
  EXPECT_GT(checked, 190000);
  // Values of the size neurofit writes (parameters, features).
  std::uniform_real_distribution<double> u(-1000, 1000);
  for (int k = 0; k < 100000; ++k) {
    const double x = u(rng);
    ASSERT_TRUE(same_bits(parse(format_number(x)), x)) << format_number(x);
  }
}

TEST(FormatNumber, ShortestForm) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(100), "100");
  EXPECT_EQ(format_number(-60), "-60");
  EXPECT_EQ(format_number(52.734375), "52.734375");         // exact in binary: all 8 digits needed
  EXPECT_EQ(format_number(1.0 / 3), "0.3333333333333333");  // 16 digits suffice, 15 do not
  EXPECT_EQ(format_number(0.1 + 0.2), "0.30000000000000004");  // 17 needed
  EXPECT_EQ(format_number(0.0), "0");
  EXPECT_TRUE(same_bits(parse(format_number(-0.0)), -0.0));  // the sign of zero survives
  EXPECT_TRUE(same_bits(parse(format_number(std::numeric_limits<double>::denorm_min())),
                        std::numeric_limits<double>::denorm_min()));
  EXPECT_TRUE(same_bits(parse(format_number(std::numeric_limits<double>::max())),
                        std::numeric_limits<double>::max()));
}

TEST(FormatNumber, NonFiniteValues) {
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_number(-std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity()), "-inf");
}

}  // namespace
}  // namespace neurofit::io

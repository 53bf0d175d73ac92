// Parameter tables, rest states and the parameter checks of every model family.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "neurofit/model/adex.hpp"
#include "neurofit/model/izhikevich2007.hpp"
#include "neurofit/model/lif.hpp"

namespace nm = neurofit::model;

namespace {

template <class M>
std::vector<double> reference_values() {
  std::vector<double> p;
  for (const auto& s : M::parameters) p.push_back(s.value);
  return p;
}

// Whether `word` occurs in `text` as a whole identifier (not inside a longer one).
bool names(const std::string& text, std::string_view word) {
  auto is_ident = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool left = at == 0 || !is_ident(text[at - 1]);
    const bool right = at + word.size() == text.size() || !is_ident(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

template <class M>
class ModelTable : public ::testing::Test {};
using Models = ::testing::Types<nm::Izhikevich2007, nm::Adex, nm::Lif>;
TYPED_TEST_SUITE(ModelTable, Models);

TYPED_TEST(ModelTable, ParameterTableIsWellFormed) {
  using M = TypeParam;
  static_assert(M::parameters.size() == static_cast<std::size_t>(M::n_params));
  static_assert(static_cast<int>(M::n_rows) >= static_cast<int>(M::n_params));
  EXPECT_FALSE(M::name.empty());
  std::set<std::string_view> seen;
  for (const auto& s : M::parameters) {
    SCOPED_TRACE(std::string(s.name));
    EXPECT_FALSE(s.name.empty());
    EXPECT_FALSE(s.unit.empty());
    EXPECT_FALSE(s.description.empty());
    EXPECT_TRUE(seen.insert(s.name).second) << "duplicate parameter name";
    EXPECT_TRUE(std::isfinite(s.value));
    EXPECT_TRUE(std::isfinite(s.lower));
    EXPECT_TRUE(std::isfinite(s.upper));
    EXPECT_LT(s.lower, s.upper);
  }
}

TYPED_TEST(ModelTable, StateNamesAreWellFormed) {
  using M = TypeParam;
  ASSERT_EQ(M::state_names.size(), 2u);
  std::set<std::string_view> seen;
  for (auto n : M::state_names) {
    EXPECT_FALSE(n.empty());
    EXPECT_TRUE(seen.insert(n).second);
  }
}

TYPED_TEST(ModelTable, ReferenceValuesPassTheCheck) {
  using M = TypeParam;
  const auto p = reference_values<M>();
  EXPECT_EQ(M::check(p.data()), "");
}

// The finiteness rule: each parameter in turn set to NaN, +inf or -inf is rejected by name.
TYPED_TEST(ModelTable, NonFiniteParameterIsRejectedByName) {
  using M = TypeParam;
  const double bad[] = {std::numeric_limits<double>::quiet_NaN(),
                        std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity()};
  for (int i = 0; i < M::n_params; ++i) {
    for (double x : bad) {
      auto p = reference_values<M>();
      p[static_cast<std::size_t>(i)] = x;
      const auto msg = M::check(p.data());
      SCOPED_TRACE(std::string(M::parameters[static_cast<std::size_t>(i)].name) + " = " +
                   std::to_string(x));
      EXPECT_FALSE(msg.empty());
      EXPECT_TRUE(names(msg, M::parameters[static_cast<std::size_t>(i)].name)) << msg;
    }
  }
}

TEST(RestState, Izhikevich2007IsVrAndZeroRecovery) {
  using M = nm::Izhikevich2007;
  auto p = reference_values<M>();
  p[M::vr] = -63.25;
  double s[2] = {1, 1};
  M::rest_state(p.data(), s);
  EXPECT_EQ(s[0], -63.25);
  EXPECT_EQ(s[1], 0.0);
}

TEST(RestState, AdexIsELAndZeroAdaptation) {
  using M = nm::Adex;
  auto p = reference_values<M>();
  p[M::EL] = -71.5;
  double s[2] = {1, 1};
  M::rest_state(p.data(), s);
  EXPECT_EQ(s[0], -71.5);
  EXPECT_EQ(s[1], 0.0);
}

TEST(RestState, LifIsELAndNotRefractory) {
  using M = nm::Lif;
  auto p = reference_values<M>();
  p[M::EL] = -66.5;
  double s[2] = {1, 1};
  M::rest_state(p.data(), s);
  EXPECT_EQ(s[0], -66.5);
  EXPECT_EQ(s[1], 0.0);
}

// One rule of a model's check(): `violate` breaks exactly that rule, `satisfy` is the closest
// parameter set that keeps it; the message must name `parameter`.
struct Rule {
  std::string what;
  std::function<void(double*)> violate;
  std::function<void(double*)> satisfy;
  std::string_view parameter;
};

template <class M>
void check_rules(const std::vector<Rule>& rules) {
  for (const auto& r : rules) {
    SCOPED_TRACE(std::string(M::name) + ": " + r.what);
    auto good = reference_values<M>();
    r.satisfy(good.data());
    EXPECT_EQ(M::check(good.data()), "");
    auto bad = reference_values<M>();
    r.violate(bad.data());
    const auto msg = M::check(bad.data());
    EXPECT_FALSE(msg.empty());
    EXPECT_TRUE(names(msg, r.parameter)) << msg;
  }
}

TEST(Check, Izhikevich2007Rules) {
  using M = nm::Izhikevich2007;
  check_rules<M>({
      {"C = 0", [](double* p) { p[M::C] = 0; }, [](double* p) { p[M::C] = 1e-9; }, "C"},
      {"C < 0", [](double* p) { p[M::C] = -100; }, [](double* p) { p[M::C] = 20; }, "C"},
      {"a < 0", [](double* p) { p[M::a] = -1e-6; }, [](double* p) { p[M::a] = 0; }, "a"},
      {"c = vpeak", [](double* p) { p[M::c] = p[M::vpeak]; },
       [](double* p) { p[M::c] = p[M::vpeak] - 1e-9; }, "c"},
      {"c > vpeak", [](double* p) { p[M::c] = 40, p[M::vpeak] = 30; },
       [](double* p) { p[M::c] = 29, p[M::vpeak] = 30; }, "c"},
      // A peak at or above the failure level (|V| >= 1e6 mV) could never be reached.
      {"vpeak = 1e6", [](double* p) { p[M::vpeak] = 1e6; }, [](double* p) { p[M::vpeak] = 999999; },
       "vpeak"},
  });
}

TEST(Check, AdexRules) {
  using M = nm::Adex;
  check_rules<M>({
      {"C = 0", [](double* p) { p[M::C] = 0; }, [](double* p) { p[M::C] = 1e-3; }, "C"},
      {"C < 0", [](double* p) { p[M::C] = -281; }, [](double* p) { p[M::C] = 50; }, "C"},
      {"gL = 0", [](double* p) { p[M::gL] = 0; }, [](double* p) { p[M::gL] = 1e-3; }, "gL"},
      {"gL < 0", [](double* p) { p[M::gL] = -3; }, [](double* p) { p[M::gL] = 2; }, "gL"},
      {"DeltaT = 0", [](double* p) { p[M::DeltaT] = 0; }, [](double* p) { p[M::DeltaT] = 0.5; },
       "DeltaT"},
      {"DeltaT < 0", [](double* p) { p[M::DeltaT] = -2; }, [](double* p) { p[M::DeltaT] = 5; },
       "DeltaT"},
      {"tau_w = 0", [](double* p) { p[M::tau_w] = 0; }, [](double* p) { p[M::tau_w] = 1e-3; },
       "tau_w"},
      {"tau_w < 0", [](double* p) { p[M::tau_w] = -144; }, [](double* p) { p[M::tau_w] = 10; },
       "tau_w"},
      {"V_reset = V_peak", [](double* p) { p[M::V_reset] = p[M::V_peak]; },
       [](double* p) { p[M::V_reset] = p[M::V_peak] - 1e-9; }, "V_reset"},
      {"V_reset > V_peak", [](double* p) { p[M::V_reset] = 10; },
       [](double* p) { p[M::V_reset] = -1; }, "V_reset"},
      // (V_peak - VT)/DeltaT = 663.7 exactly, and just below.
      {"(V_peak - VT)/DeltaT = 663.7",
       [](double* p) { p[M::V_peak] = 0, p[M::VT] = -663.7, p[M::DeltaT] = 1; },
       [](double* p) { p[M::V_peak] = 0, p[M::VT] = -663.6, p[M::DeltaT] = 1; }, "DeltaT"},
      {"(V_peak - VT)/DeltaT > 663.7 by a small DeltaT", [](double* p) { p[M::DeltaT] = 0.05; },
       [](double* p) { p[M::DeltaT] = 0.5; }, "DeltaT"},
      {"(V_peak - VT)/DeltaT > 663.7 by a high V_peak", [](double* p) { p[M::V_peak] = 2000; },
       [](double* p) { p[M::V_peak] = 40; }, "V_peak"},
      {"V_peak = 1e6", [](double* p) { p[M::V_peak] = 1e6, p[M::VT] = 1e6 - 600; },
       [](double* p) { p[M::V_peak] = 999999, p[M::VT] = 999999 - 600; }, "V_peak"},
  });
}

TEST(Check, LifRules) {
  using M = nm::Lif;
  check_rules<M>({
      {"C = 0", [](double* p) { p[M::C] = 0; }, [](double* p) { p[M::C] = 1e-3; }, "C"},
      {"C < 0", [](double* p) { p[M::C] = -250; }, [](double* p) { p[M::C] = 20; }, "C"},
      {"gL = 0", [](double* p) { p[M::gL] = 0; }, [](double* p) { p[M::gL] = 1e-3; }, "gL"},
      {"gL < 0", [](double* p) { p[M::gL] = -25; }, [](double* p) { p[M::gL] = 2; }, "gL"},
      {"t_ref < 0", [](double* p) { p[M::t_ref] = -0.025; }, [](double* p) { p[M::t_ref] = 0; },
       "t_ref"},
      {"V_reset = V_th", [](double* p) { p[M::V_reset] = p[M::V_th]; },
       [](double* p) { p[M::V_reset] = p[M::V_th] - 1e-9; }, "V_reset"},
      {"V_reset > V_th", [](double* p) { p[M::V_reset] = -50; },
       [](double* p) { p[M::V_reset] = -56; }, "V_reset"},
      {"V_th = 1e6", [](double* p) { p[M::V_th] = 1e6; }, [](double* p) { p[M::V_th] = 999999; },
       "V_th"},
  });
}

}  // namespace

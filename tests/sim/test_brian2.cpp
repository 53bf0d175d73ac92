// Spike times against Brian2 (an independent simulator of the same forward-Euler equations):
// tests/data/brian2_spikes.yaml. Brian2 stamps a spike with the start of its Euler step, so our
// time must equal Brian2's + dt, within one step.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim_test_support.hpp"

namespace neurofit::sim {
namespace {

struct Brian2Case {
  std::string model, cell;
  double dt = 0, current = 0;
  std::vector<std::pair<std::string, double>> params;
  std::vector<double> spikes_ms;
};

std::vector<Brian2Case> load_cases() {
  const YAML::Node root = YAML::LoadFile(std::string(NEUROFIT_TEST_DATA) + "/brian2_spikes.yaml");
  std::vector<Brian2Case> cases;
  for (const auto& n : root["cases"]) {
    Brian2Case c;
    c.model = n["model"].as<std::string>();
    c.cell = n["cell"].as<std::string>();
    c.dt = n["dt_ms"].as<double>();
    c.current = n["I_pA"].as<double>();
    for (const auto& kv : n["params"])
      c.params.emplace_back(kv.first.as<std::string>(), kv.second.as<double>());
    c.spikes_ms = n["spikes_ms"].as<std::vector<double>>();
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string label(const Brian2Case& c) {
  return c.model + " " + c.cell + " at " + std::to_string(c.current) + " pA";
}

// Runs `cases` (all of one model) as one batch, one stimulus per lane.
BatchResult run_cases(const std::vector<const Brian2Case*>& cases) {
  const auto& f = find_family(cases.front()->model);
  Eigen::MatrixXd p(f.n_params(), static_cast<Eigen::Index>(cases.size()));
  std::vector<Stimulus> stimuli;
  for (std::size_t l = 0; l < cases.size(); ++l) {
    const auto& c = *cases[l];
    EXPECT_EQ(static_cast<int>(c.params.size()), f.n_params()) << label(c);
    for (const auto& [name, value] : c.params) {
      const int i = f.parameter_index(name);
      EXPECT_GE(i, 0) << label(c) << ": unknown parameter " << name;
      if (i >= 0) p(i, static_cast<Eigen::Index>(l)) = value;
    }
    EXPECT_EQ(f.check(p.col(static_cast<Eigen::Index>(l)).data()), "") << label(c);
    stimuli.push_back(testing::step_stimulus(c.current, 100, 600));
  }
  BatchRequest req;
  req.dt = cases.front()->dt;
  req.last_sample = first_sample_at_or_after(700, req.dt);
  return run_batch(f, p, nullptr, stimuli, req);
}

void expect_matches_brian2(const Brian2Case& c, const BatchResult& r, int lane) {
  SCOPED_TRACE(label(c));
  const auto l = static_cast<std::size_t>(lane);
  ASSERT_EQ(r.status[l], LaneStatus::ok);
  EXPECT_EQ(r.last_sample[l], first_sample_at_or_after(700, c.dt));
  ASSERT_EQ(r.spikes[l].size(), c.spikes_ms.size());
  for (std::size_t j = 0; j < c.spikes_ms.size(); ++j) {
    const double ours = static_cast<double>(r.spikes[l][j]) * c.dt;
    const double want = c.spikes_ms[j] + c.dt;
    EXPECT_LE(std::fabs(ours - want), c.dt * (1 + 1e-9))
        << "spike " << j << ": ours " << ours << " ms, Brian2 + dt " << want << " ms";
  }
}

TEST(Brian2, FileHasTheExpectedCases) {
  const auto cases = load_cases();
  int izh = 0, adex = 0;
  for (const auto& c : cases) {
    izh += c.model == "izhikevich2007";
    adex += c.model == "adex";
    EXPECT_EQ(c.dt, 0.025);
    EXPECT_FALSE(c.spikes_ms.empty()) << label(c);
  }
  EXPECT_EQ(izh, 4);   // RS at the book's four currents
  EXPECT_EQ(adex, 3);  // tonic, adapting, regular_bursting
}

TEST(Brian2, IzhikevichRsAtTheBookCurrents) {
  const auto cases = load_cases();
  std::vector<const Brian2Case*> mine;
  for (const auto& c : cases)
    if (c.model == "izhikevich2007") mine.push_back(&c);
  ASSERT_FALSE(mine.empty());
  const auto r = run_cases(mine);
  for (std::size_t l = 0; l < mine.size(); ++l)
    expect_matches_brian2(*mine[l], r, static_cast<int>(l));
}

TEST(Brian2, AdexFiringPatterns) {
  const auto cases = load_cases();
  std::vector<const Brian2Case*> mine;
  for (const auto& c : cases)
    if (c.model == "adex") mine.push_back(&c);
  ASSERT_FALSE(mine.empty());
  const auto r = run_cases(mine);
  for (std::size_t l = 0; l < mine.size(); ++l)
    expect_matches_brian2(*mine[l], r, static_cast<int>(l));
}

TEST(Brian2, EachCaseAloneMatchesToo) {
  for (const auto& c : load_cases()) {
    const auto r = run_cases({&c});
    expect_matches_brian2(c, r, 0);
  }
}

}  // namespace
}  // namespace neurofit::sim

// The problem a run config poses, and the result data its states are written from.
#include "fit_parts.hpp"
#include "neurofit/evo/test_problems.hpp"
#include "neurofit/fit/protocol_file.hpp"

namespace neurofit::run {

namespace {

// Hypervolume of a fit: each z-score divided by this scale, reference point 1.1 per objective, so
// models with every z below 5.5 count. Test problems use scale 1, reference 1.1.
constexpr double fit_hv_scale = 5.0;
constexpr double hv_reference = 1.1;
// Monte Carlo samples for more than 3 objectives with a large archive: a standard error of about
// 1% of the box, enough for a progress signal, at about 2 ms per generation with an archive of
// 500 (20,000 samples took 29% of a 100-generation Izhikevich fit; see bench/bench_fit.cpp).
constexpr std::uint64_t hv_samples = 2000;

}  // namespace

FitSetup make_setup(const io::RunConfig& c) {
  FitSetup s;
  double scale = 1.0;
  if (c.is_fit()) {
    Eigen::VectorXd lower, upper;
    c.model_bounds(lower, upper);
    auto p = std::make_unique<fit::FitProblem>(
        sim::find_family(c.model), fit::Objectives::from(c.cell, c.features, c.protocol),
        std::move(lower), std::move(upper), c.protocol);
    s.fit = p.get();
    s.problem = std::move(p);
    scale = fit_hv_scale;
  } else {
    s.problem =
        evo::make_test_problem(c.problem->name, c.problem->variables, c.problem->objectives);
  }
  const Eigen::Index m = s.problem->n_obj();
  s.record.scale = Eigen::VectorXd::Constant(m, scale);
  s.record.reference = Eigen::VectorXd::Constant(m, hv_reference);
  s.record.hv.samples = hv_samples;
  s.record.hv_seed = c.seed;
  return s;
}

namespace detail {

io::ResultData result_data(const io::RunConfig& c, const FitSetup& s, const evo::Archive& archive,
                           const evo::History& history) {
  io::ResultData d;
  d.config_text = c.text;
  d.seed = c.seed;
  d.generations = c.generations;
  d.problem = s.problem->name();
  d.model = c.model;
  d.cell_type = c.is_fit() ? c.cell_type : "";
  if (s.fit) {
    for (const auto& spec : s.fit->family().parameters) {
      d.parameter_names.emplace_back(spec.name);
      d.parameter_units.emplace_back(spec.unit);
    }
    d.parameters = s.fit->full_parameters(archive.x());
    d.features = archive.extra();
    d.protocol = c.protocol.name;
    d.protocol_definition = fit::protocol_yaml(c.protocol);
    d.feature_names = c.protocol.feature_names();
    d.feature_units = c.protocol.feature_units();
  } else {
    d.parameter_names = s.problem->variable_names();
    d.parameter_units.assign(d.parameter_names.size(), "");
    d.parameters = archive.x();
  }
  d.objective_names = s.problem->objective_names();
  d.objectives = archive.f();
  d.history = history;
  d.hypervolume_scale = s.record.scale;
  d.hypervolume_reference = s.record.reference;
  return d;
}

ephys::VerdictCounts verdict_counts_of(const io::ResultData& d) {
  ephys::VerdictCounts counts{};
  for (std::size_t k = 0; k < d.verdict_names.size(); ++k)
    for (std::size_t v = 0; v < counts.size(); ++v)
      if (d.verdict_names[k] == ephys::verdict_names[v])
        counts[v] = static_cast<std::uint64_t>(d.verdict_counts[static_cast<Eigen::Index>(k)]);
  return counts;
}

void set_verdict_counts(io::ResultData& d, const ephys::VerdictCounts& counts) {
  d.verdict_names.assign(ephys::verdict_names.begin(), ephys::verdict_names.end());
  d.verdict_counts.resize(static_cast<Eigen::Index>(counts.size()));
  for (std::size_t v = 0; v < counts.size(); ++v)
    d.verdict_counts[static_cast<Eigen::Index>(v)] = static_cast<double>(counts[v]);
}

}  // namespace detail

}  // namespace neurofit::run

// GCC 12 warns falsely (-Wmaybe-uninitialized inside avx512fintrin.h) on Eigen's small matrices
// built for AVX-512; the state that counts is the one where Eigen's headers are first included.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "neurofit/fit/feature_selection.hpp"

#include <cmath>

#include "neurofit/errors.hpp"
#include "neurofit/fit/fit_problem.hpp"
#include "neurofit/fit/identifiability.hpp"
#include "neurofit/fit/recovery.hpp"

namespace neurofit::fit {

namespace {

// The sensitivity of every protocol feature (rows; 0 where the set has no value to scale by) to
// every parameter at `p`, scored against its own features as ground-truth recovery scores them.
Eigen::MatrixXd sensitivity_of(const sim::ModelFamily& family, const ephys::Protocol& protocol,
                               const Eigen::VectorXd& p, double sd_fraction) {
  const Objectives o =
      Objectives::from(cell_type_from_model(family, p, sd_fraction, protocol), {}, protocol);
  const FitProblem problem(family, o, family.lower_bounds(), family.upper_bounds(), protocol);
  const Eigen::MatrixXd S = sensitivity_at(problem, p);
  Eigen::MatrixXd all = Eigen::MatrixXd::Zero(protocol.n_features(), S.cols());
  for (int k = 0; k < o.size(); ++k) all.row(o.feature[static_cast<std::size_t>(k)]) = S.row(k);
  for (Eigen::Index j = 0; j < all.cols(); ++j)  // not assessed: no information
    if (!all.col(j).allFinite()) all.col(j).setZero();
  return all;
}

struct Score {
  double mean_sd, largest_sd, smallest_singular_value, determined;
};

LocalAnalysis analysis_with(const Eigen::MatrixXd& s, const std::vector<int>& rows) {
  Eigen::MatrixXd A(static_cast<Eigen::Index>(rows.size()), s.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    A.row(static_cast<Eigen::Index>(i)) = s.row(rows[i]);
  return local_analysis(A);
}

// Medians over the sets of the local analysis with the feature rows `rows`.
Score score(const std::vector<Eigen::MatrixXd>& S, const std::vector<int>& rows) {
  std::vector<double> mean, sd, sv, det;
  for (const auto& s : S) {
    const LocalAnalysis a = analysis_with(s, rows);
    mean.push_back(a.local_sd.mean());
    sd.push_back(a.local_sd.maxCoeff());
    sv.push_back(a.singular_values.minCoeff());
    det.push_back(static_cast<double>((a.local_sd.array() <= determined_sd).count()));
  }
  return {median(mean), median(sd), median(sv), median(det)};
}

}  // namespace

FeatureSelection select_features(const sim::ModelFamily& family, const ephys::Protocol& protocol,
                                 int samples, std::uint64_t seed, double sd_fraction) {
  FeatureSelection out;
  for (const auto& spec : family.parameters) out.parameters.emplace_back(spec.name);
  const Eigen::MatrixXd sets = viable_draws(family, protocol, samples, seed, out.drawn);
  out.samples = static_cast<int>(sets.cols());
  std::vector<Eigen::MatrixXd> S;
  for (Eigen::Index c = 0; c < sets.cols(); ++c)
    S.push_back(sensitivity_of(family, protocol, sets.col(c), sd_fraction));
  const auto names = protocol.feature_names();
  std::vector<int> chosen, left(names.size());
  for (std::size_t f = 0; f < left.size(); ++f) left[f] = static_cast<int>(f);
  while (!left.empty()) {
    std::size_t best = 0;
    Score best_score{};
    for (std::size_t i = 0; i < left.size(); ++i) {
      std::vector<int> rows = chosen;
      rows.push_back(left[i]);
      const Score s = score(S, rows);
      if (i == 0 || s.mean_sd < best_score.mean_sd) {
        best = i;
        best_score = s;
      }
    }
    chosen.push_back(left[best]);
    out.order.push_back(names[static_cast<std::size_t>(left[best])]);
    out.mean_sd.push_back(best_score.mean_sd);
    out.largest_sd.push_back(best_score.largest_sd);
    out.smallest_singular_value.push_back(best_score.smallest_singular_value);
    out.determined.push_back(best_score.determined);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(best));
  }
  std::vector<Eigen::VectorXd> sd;
  for (const auto& s : S) sd.push_back(analysis_with(s, chosen).local_sd);
  for (std::size_t i = 0; i < out.parameters.size(); ++i) {
    std::vector<double> v;
    for (const auto& d : sd) v.push_back(d[static_cast<Eigen::Index>(i)]);
    out.parameter_sd.push_back(median(v));
  }
  return out;
}

}  // namespace neurofit::fit

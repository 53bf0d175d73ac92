// GCC 12 warns falsely (-Wmaybe-uninitialized inside avx512fintrin.h) on Eigen's SVD built for
// AVX-512; the state that counts is the one where Eigen's headers are first included.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "neurofit/fit/identifiability.hpp"

#include <cmath>
#include <limits>

#include <Eigen/SVD>

#include "neurofit/fit/fit_problem.hpp"
#include "neurofit/fit/scores.hpp"

namespace neurofit::fit {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double prior_variance = 1.0 / 12;  // of a uniform draw over the range, in its fractions

// Per parameter, (max - min) / range over the members whose largest z is at most `limit`.
Eigen::VectorXd spread(const Eigen::MatrixXd& x, const Eigen::MatrixXd& z, double limit,
                       const Eigen::VectorXd& range, Eigen::Index& members) {
  Eigen::VectorXd lo = Eigen::VectorXd::Constant(x.rows(), inf), hi = -lo;
  members = 0;
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    if (!(z.col(c).maxCoeff() <= limit)) continue;
    ++members;
    lo = lo.cwiseMin(x.col(c));
    hi = hi.cwiseMax(x.col(c));
  }
  if (members == 0) return Eigen::VectorXd::Constant(x.rows(), nan);
  return (hi - lo).cwiseQuotient(range);
}

// Signed z-scores (objectives x candidates) of the protocol's features.
Eigen::MatrixXd signed_z(const Objectives& o, const Eigen::MatrixXd& features) {
  Eigen::MatrixXd z(o.size(), features.cols());
  for (int k = 0; k < o.size(); ++k)
    z.row(k) = (features.row(o.feature[static_cast<std::size_t>(k)]).array() -
                o.mean[static_cast<std::size_t>(k)]) /
               o.sd[static_cast<std::size_t>(k)];
  return z;
}

// Columns j of S by central differences around x0 with steps `step` x range (clipped to the
// bounds); only the parameters in `which`. A column with a non-finite entry stays NaN.
void differences(const FitProblem& p, const Eigen::VectorXd& x0, const std::vector<int>& which,
                 double step, Eigen::MatrixXd& S) {
  const Eigen::VectorXd lower = p.lower(), upper = p.upper(), range = upper - lower;
  const auto m = static_cast<Eigen::Index>(which.size());
  Eigen::MatrixXd X = x0.replicate(1, 2 * m);
  Eigen::VectorXd width(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    const int j = which[static_cast<std::size_t>(i)];
    X(j, 2 * i) = std::min(x0[j] + step * range[j], upper[j]);
    X(j, 2 * i + 1) = std::max(x0[j] - step * range[j], lower[j]);
    width[i] = (X(j, 2 * i) - X(j, 2 * i + 1)) / range[j];
  }
  const Eigen::MatrixXd z = signed_z(p.objectives(), p.features(X).features);
  for (Eigen::Index i = 0; i < m; ++i) {
    const Eigen::VectorXd d = (z.col(2 * i) - z.col(2 * i + 1)) / width[i];
    S.col(which[static_cast<std::size_t>(i)]) =
        d.allFinite() ? d : Eigen::VectorXd::Constant(S.rows(), nan);
  }
}

}  // namespace

LocalAnalysis local_analysis(const Eigen::MatrixXd& S) {
  const Eigen::Index n = S.cols();
  std::vector<Eigen::Index> cols;
  for (Eigen::Index j = 0; j < n; ++j)
    if (S.col(j).allFinite()) cols.push_back(j);
  LocalAnalysis r;
  r.local_sd = Eigen::VectorXd::Constant(n, nan);
  r.weakest = Eigen::VectorXd::Constant(n, nan);
  if (cols.empty()) return r;
  Eigen::MatrixXd A(S.rows(), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t i = 0; i < cols.size(); ++i)
    A.col(static_cast<Eigen::Index>(i)) = S.col(cols[i]);
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(A, Eigen::ComputeFullV);
  const Eigen::Index k = A.cols();
  r.singular_values = Eigen::VectorXd::Zero(k);  // fewer features than parameters: zeros
  r.singular_values.head(svd.singularValues().size()) = svd.singularValues();
  const Eigen::VectorXd& s = r.singular_values;
  const Eigen::MatrixXd& V = svd.matrixV();
  // diag((S^T S + P)^-1) with the prior's precision P = 12 I, from S^T S = V diag(s^2) V^T.
  for (Eigen::Index i = 0; i < k; ++i) {
    double var = 0;
    for (Eigen::Index c = 0; c < k; ++c)
      var += V(i, c) * V(i, c) / (s[c] * s[c] + 1 / prior_variance);
    r.local_sd[cols[static_cast<std::size_t>(i)]] = std::sqrt(var);
    r.weakest[cols[static_cast<std::size_t>(i)]] = V(i, k - 1);
  }
  return r;
}

Eigen::MatrixXd sensitivity_at(const FitProblem& problem, const Eigen::VectorXd& x) {
  const Eigen::Index n = problem.n_var();
  Eigen::MatrixXd S = Eigen::MatrixXd::Constant(problem.n_obj(), n, nan);
  std::vector<int> all(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j) all[static_cast<std::size_t>(j)] = static_cast<int>(j);
  differences(problem, x, all, sensitivity_step, S);
  std::vector<int> again;  // a step into a model that is not viable: once more, shorter
  for (int j : all)
    if (!S.col(j).allFinite()) again.push_back(j);
  if (!again.empty()) differences(problem, x, again, sensitivity_step / 4, S);
  return S;
}

Determination determination(double local_sd) {
  if (std::isnan(local_sd)) return Determination::not_assessed;
  if (local_sd <= determined_sd) return Determination::determined;
  if (local_sd <= weakly_determined_sd) return Determination::weakly_determined;
  return Determination::undetermined;
}

Identifiability identifiability(const FitProblem& problem, const Eigen::MatrixXd& x,
                                const Eigen::MatrixXd& z) {
  Identifiability r;
  r.parameters = problem.variable_names();
  r.features = problem.objective_names();
  const Eigen::Index n = problem.n_var();
  const Eigen::VectorXd range = problem.upper() - problem.lower();
  r.spread_1sd = spread(x, z, 1.0, range, r.within_1sd);
  r.spread_2sd = spread(x, z, 2.0, range, r.within_2sd);
  r.sensitivity = Eigen::MatrixXd::Constant(problem.n_obj(), n, nan);
  r.best = best_compromise(z);
  if (r.best >= 0 && z.col(r.best).maxCoeff() < not_viable_score)
    r.sensitivity = sensitivity_at(problem, x.col(r.best));
  LocalAnalysis local = local_analysis(r.sensitivity);
  r.singular_values = std::move(local.singular_values);
  r.weakest = std::move(local.weakest);
  r.local_sd = std::move(local.local_sd);
  for (Eigen::Index j = 0; j < n; ++j) r.verdict.push_back(determination(r.local_sd[j]));
  return r;
}

}  // namespace neurofit::fit

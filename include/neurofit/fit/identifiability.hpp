#pragma once
// How well a fit's data determine each searched parameter (README "Identifiability"), two ways:
// - globally, over the archive: the range of each parameter among the models whose every z is at
//   most 1 (and at most 2), as a fraction of its search range;
// - locally, at the best model: the sensitivity matrix S of the scored features' signed z-scores
//   to the parameters (each in fractions of its search range) by central differences, its
//   singular values, the parameter direction of the smallest (the combination the data see
//   least), and each parameter's local standard deviation sqrt(diag((S^T S + 12 I)^-1)): its
//   spread after the data (each z a unit Gaussian error, all other parameters free to
//   compensate) in the linearisation at the best model, starting from a prior as wide as the
//   search range (variance 1/12 of its square, a uniform draw's), so 28.9% means the features
//   say nothing about it. The verdicts come from the local standard deviation.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace neurofit::fit {

class FitProblem;

enum class Determination : std::uint8_t {
  determined,
  weakly_determined,
  undetermined,
  not_assessed
};
inline constexpr std::array<std::string_view, 4> determination_names{
    "determined", "weakly determined", "undetermined", "not assessed"};

// Verdict thresholds on the local standard deviation, as fractions of the search range: within
// 5% (the recovery target of a parameter) is determined, within 25% weakly determined.
inline constexpr double determined_sd = 0.05, weakly_determined_sd = 0.25;
// The central-difference step, as a fraction of each parameter's search range: large enough
// that the rheobase's 1 pA resolution is far below one sd of any feature's change.
inline constexpr double sensitivity_step = 0.01;

struct Identifiability {
  std::vector<std::string> parameters, features;  // the searched parameters; the scored features
  Eigen::Index best = -1;                         // the archive member analysed locally
  Eigen::Index within_1sd = 0, within_2sd = 0;    // archive members with every z <= 1 (<= 2)
  Eigen::VectorXd spread_1sd, spread_2sd;  // per parameter: (max - min) / range; NaN: no member
  Eigen::MatrixXd sensitivity;             // features x parameters; NaN columns: not assessed
  Eigen::VectorXd singular_values;         // of the assessed columns, descending
  Eigen::VectorXd weakest;   // per parameter: the unit direction of the smallest singular value
  Eigen::VectorXd local_sd;  // per parameter, at most 1/sqrt(12); NaN: not assessed
  std::vector<Determination> verdict;
};

// The report for an archive: x (n_var x members, model units, the problem's variables) and z
// (objectives x members). Evaluates 2 n_var models around the best compromise (again at a
// quarter of the step for a parameter whose step makes a model not viable).
Identifiability identifiability(const FitProblem& problem, const Eigen::MatrixXd& x,
                                const Eigen::MatrixXd& z);

// The verdict for a local standard deviation.
Determination determination(double local_sd);

// The signed z-scores' sensitivity to the search variables at x (model units), in fractions of
// their ranges: objectives x variables, by central differences (a quarter step for a variable
// whose step makes a model not viable); NaN columns where neither step gives every feature.
Eigen::MatrixXd sensitivity_at(const FitProblem& problem, const Eigen::VectorXd& x);

// The local analysis of a sensitivity matrix S over its finite columns (the others NaN).
struct LocalAnalysis {
  Eigen::VectorXd singular_values, weakest, local_sd;  // as in Identifiability
};
LocalAnalysis local_analysis(const Eigen::MatrixXd& S);

}  // namespace neurofit::fit

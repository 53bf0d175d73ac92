#pragma once
// What `neurofit run` prints at the end (progress.hpp prints the lines while it runs): the best
// compromise model of the archive with its parameters, features and z-scores.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/ephys/protocol.hpp"
#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/history.hpp"
#include "neurofit/fit/cell_type.hpp"
#include "neurofit/fit/fit_problem.hpp"
#include "neurofit/fit/identifiability.hpp"

namespace neurofit::cli {

// The final table of a fit: the best compromise archive member's parameters (with units; fixed
// ones marked), each ne8 feature of that model (re-evaluated: `features` holds the archive's
// features, one column per member) beside the cell type's mean and sd, and its z-score.
void print_fit_summary(std::ostream& out, const fit::FitProblem& problem, const fit::CellType& cell,
                       const evo::Archive& archive, const ephys::ProtocolResult& features);

// Tables of models shared by `run` and `inspect`: a row is a label (12 wide, left), one cell per
// model (12 wide, right) and a tail (a unit or a note).
void print_table_row(std::ostream& out, const std::string& label,
                     const std::vector<std::string>& cells, const std::string& tail);

// A header row ("parameter", the column titles, "unit"), then one row per parameter: its value in
// each column of `values` (n_params x models), its unit, and "(fixed)" where fixed[i] (fixed may
// be empty: none marked).
void print_parameter_table(std::ostream& out, const std::vector<std::string>& titles,
                           const std::vector<std::string>& names,
                           const std::vector<std::string>& units, const Eigen::MatrixXd& values,
                           const std::vector<char>& fixed);

// One model's features (names and units, one value each, NaN where not viable) beside the cell
// type's mean and sd, and its z-score on each scored feature (objective_names[k] has z[k]);
// features the cell type lacks say "no data", those it has but not scored "not scored". cell may
// be null (observations unknown): mean and sd show as "-".
void print_feature_table(std::ostream& out, const fit::CellType* cell,
                         const std::vector<std::string>& names,
                         const std::vector<std::string>& units,
                         const std::vector<std::string>& objective_names,
                         const Eigen::Ref<const Eigen::VectorXd>& features,
                         const Eigen::Ref<const Eigen::VectorXd>& z);

// "  at rheobase: N spikes in the 1 s step, the shortest interval X ms" for candidate j of a
// protocol with ne8's step at rheobase (nothing for other protocols), and its reason when it is
// not viable.
void print_firing_at_rheobase(std::ostream& out, const ephys::ProtocolResult& result,
                              Eigen::Index j);

// "  evaluations: N, of which P% not viable: <verdict> P%, ..." (largest first) from the run's
// counts by verdict (names[k] has counts[k]).
void print_viability(std::ostream& out, const std::vector<std::string>& names,
                     const Eigen::Ref<const Eigen::VectorXd>& counts);

// The final lines of a test problem: the best compromise point's objectives and variables.
void print_test_summary(std::ostream& out, const evo::Archive& archive,
                        const std::vector<std::string>& objective_names);

// Number in at most `digits` significant digits, as printf %g does.
std::string short_number(double x, int digits = 6);

// The identifiability report: per parameter its spread over the archive models within 1 and 2 sd
// and its local standard deviation (percent of the search range) with the verdict; the singular
// values and the least-seen parameter direction.
void print_identifiability(std::ostream& out, const fit::Identifiability& r);

}  // namespace neurofit::cli

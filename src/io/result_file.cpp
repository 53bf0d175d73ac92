#include "neurofit/io/result_file.hpp"

#include <ctime>
#include <limits>
#include <stdexcept>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/io/atomic_file.hpp"
#include "neurofit/io/hdf5_file.hpp"
#include "neurofit/io/identifiability_file.hpp"

#ifndef NEUROFIT_VERSION
#define NEUROFIT_VERSION "unknown"
#endif

namespace neurofit::io {

namespace fs = std::filesystem;

namespace {

// A dataset of one row per column of `columns_are_rows`, with its column names (and units).
void write_table(hid_t location, const std::string& name, const Eigen::MatrixXd& columns_are_rows,
                 const std::vector<std::string>& columns, const std::vector<std::string>& units,
                 const std::string& description) {
  if (static_cast<std::size_t>(columns_are_rows.rows()) != columns.size() ||
      (!units.empty() && units.size() != columns.size()))
    throw std::invalid_argument("result file: '" + name + "' has " +
                                std::to_string(columns_are_rows.rows()) + " columns but " +
                                std::to_string(columns.size()) + " names and " +
                                std::to_string(units.size()) + " units");
  const hdf5::Id set = hdf5::write_matrix(location, name, columns_are_rows.transpose());
  hdf5::write_attribute(set.get(), "columns", columns);
  if (!units.empty()) hdf5::write_attribute(set.get(), "units", units);
  hdf5::write_attribute(set.get(), "description", description);
}

void write_history(hid_t file, const ResultData& d) {
  const auto m = static_cast<Eigen::Index>(d.objective_names.size());
  std::vector<std::string> columns{"generation", "evaluations", "hypervolume", "archive_size"};
  for (const auto& n : d.objective_names) columns.push_back("best_" + n);
  for (const char* n : {"hypervolume_std_error", "migrations", "seconds"}) columns.push_back(n);
  Eigen::MatrixXd h(static_cast<Eigen::Index>(columns.size()),
                    static_cast<Eigen::Index>(d.history.size()));
  for (std::size_t g = 0; g < d.history.size(); ++g) {
    const auto& r = d.history[g];
    const auto c = static_cast<Eigen::Index>(g);
    h(0, c) = static_cast<double>(r.generation);
    h(1, c) = static_cast<double>(r.evaluations);
    h(2, c) = r.hypervolume;
    h(3, c) = static_cast<double>(r.archive_size);
    for (Eigen::Index k = 0; k < m; ++k)
      h(4 + k, c) = k < r.best.size() ? r.best[k] : std::numeric_limits<double>::quiet_NaN();
    h(4 + m, c) = r.hypervolume_std_error;
    h(5 + m, c) = static_cast<double>(r.migrations);
    h(6 + m, c) = r.seconds;
  }
  write_table(file, "history", h, columns, {},
              "one row per generation (0 = initial population): cumulative evaluations, "
              "hypervolume of the archive's objectives / hypervolume_scale w.r.t. "
              "hypervolume_reference, archive size, best value of each objective, migration events "
              "so far, wall seconds since "
              "the start of the run");
  const hdf5::Id set = hdf5::open_dataset(file, "history");
  hdf5::write_attribute(set.get(), "hypervolume_scale", d.hypervolume_scale);
  hdf5::write_attribute(set.get(), "hypervolume_reference", d.hypervolume_reference);
}

}  // namespace

void write_result_contents(hid_t file, const ResultData& d, const char* format,
                           std::int64_t format_version) {
  hdf5::write_attribute(file, "format", format);
  hdf5::write_attribute(file, "format_version", format_version);
  hdf5::write_attribute(file, "neurofit_version", NEUROFIT_VERSION);
  hdf5::write_attribute(file, "created", iso_time_now());
  hdf5::write_attribute(file, "config", d.config_text);
  hdf5::write_attribute(file, "seed", d.seed);
  hdf5::write_attribute(file, "generations", d.generations);
  hdf5::write_attribute(file, "problem", d.problem);
  hdf5::write_attribute(file, "model", d.model);
  hdf5::write_attribute(file, "cell_type", d.cell_type);
  if (!d.protocol.empty()) hdf5::write_attribute(file, "protocol", d.protocol);
  if (!d.protocol_definition.empty())
    hdf5::write_attribute(file, "protocol_definition", d.protocol_definition);

  const auto n = d.objectives.cols();
  if (d.parameters.cols() != n || (d.features.rows() > 0 && d.features.cols() != n))
    throw std::invalid_argument(
        "result file: the archive's matrices differ in their number of "
        "models");
  const hdf5::Id archive = hdf5::create_group(file, "archive");
  hdf5::write_attribute(archive.get(), "description",
                        "the non-dominated models found (one row per model, in the same order in "
                        "every dataset)");
  write_table(archive.get(), "parameters", d.parameters, d.parameter_names, d.parameter_units,
              "parameters of each archived model, in the units given");
  write_table(archive.get(), "objectives", d.objectives, d.objective_names, {},
              d.model.empty() ? "objective values (minimised)"
                              : "z-score |model - mean| / sd of each scored feature (minimised); "
                                "1000 on every objective for a model that is not viable");
  if (d.features.rows() > 0) {
    if (static_cast<std::size_t>(d.features.rows()) != d.feature_names.size())
      throw std::invalid_argument("result file: features and their names differ in number");
    write_table(archive.get(), "features", d.features, d.feature_names, d.feature_units,
                "features of each archived model under protocol " + d.protocol +
                    "; NaN where the model is not viable");
  }
  write_history(file, d);
  if (!d.verdict_names.empty())
    write_table(file, "viability", d.verdict_counts, d.verdict_names, {},
                "the run's evaluations so far by verdict: viable, or the rule of the protocol "
                "that the model broke first (README 'Viable models')");
  if (d.identifiability) write_identifiability(file, *d.identifiability);
}

std::string iso_time_now() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

void write_hdf5_atomically(const fs::path& path, const std::function<void(hid_t)>& contents) {
  write_atomically(path, [&](const fs::path& tmp) {
    hdf5::File file = hdf5::File::create(tmp.string());
    contents(file.id());
    file.close();
  });
}

void write_result_file(const fs::path& path, const ResultData& data) {
  write_hdf5_atomically(path, [&](hid_t file) {
    write_result_contents(file, data, result_format, result_format_version);
  });
}

}  // namespace neurofit::io

#include "neurofit/io/result_reader.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "neurofit/errors.hpp"
#include "neurofit/io/hdf5_file.hpp"
#include "neurofit/io/identifiability_file.hpp"

namespace neurofit::io {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void bad(const fs::path& path, const std::string& what) {
  throw InputError(path.string(), what);
}

[[noreturn]] void damaged(const std::string& what) {
  throw std::runtime_error(what);
}

std::string join_quoted(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "'" : " or '") + n + "'";
  return s;
}

// Missing files, folders, unreadable files and files that are not HDF5 at all, each with its
// own message (HDF5 itself would report them all as "cannot open").
void check_is_hdf5(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) bad(path, "no such file");
  if (fs::is_directory(status)) bad(path, "is a folder, not a result file");
  if (!std::ifstream(path, std::ios::binary)) bad(path, "cannot be read");
  hdf5::silence_errors();
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
  if (is_hdf5 <= 0) bad(path, "not an HDF5 file");
}

// A scalar unsigned attribute (seed, generations): read as int64 it would clip above 2^63.
std::uint64_t read_unsigned_attribute(hid_t object, const std::string& name) {
  const hdf5::Id attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose,
                      "open attribute '" + name + "'");
  const hdf5::Id space(H5Aget_space(attr.get()), H5Sclose, "get the dataspace of '" + name + "'");
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    damaged("attribute '" + name + "' is not one number");
  std::uint64_t value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_UINT64, &value) < 0)
    damaged("HDF5: cannot read attribute '" + name + "'");
  return value;
}

// A dataset of one row per model with its `columns` (and `units`) attributes; `out` gets one
// column per model, as ResultData holds them.
void read_table(hid_t location, const std::string& name, Eigen::MatrixXd& out,
                std::vector<std::string>& columns, std::vector<std::string>* units) {
  const hdf5::RowMatrix m = hdf5::read_matrix(location, name);
  const hdf5::Id set = hdf5::open_dataset(location, name);
  columns = hdf5::read_texts_attribute(set.get(), "columns");
  const auto n = static_cast<std::size_t>(m.cols());
  if (columns.size() != n)
    damaged("'" + name + "' has " + std::to_string(n) + " columns but " +
            std::to_string(columns.size()) + " column names");
  if (units) {
    if (H5Aexists(set.get(), "units") > 0)
      *units = hdf5::read_texts_attribute(set.get(), "units");
    else
      units->assign(n, "");
    if (units->size() != n)
      damaged("'" + name + "' has " + std::to_string(n) + " columns but " +
              std::to_string(units->size()) + " units");
  }
  out = m.transpose();
}

std::uint64_t whole_number(double x, const std::string& what) {
  if (!(x >= 0) || x != static_cast<double>(static_cast<std::uint64_t>(x)))
    damaged("/history: " + what + " " + std::to_string(x) + " is not a whole number >= 0");
  return static_cast<std::uint64_t>(x);
}

void read_history(hid_t root, ResultData& d) {
  const hdf5::RowMatrix h = hdf5::read_matrix(root, "history");
  const hdf5::Id set = hdf5::open_dataset(root, "history");
  const auto columns = hdf5::read_texts_attribute(set.get(), "columns");
  if (columns.size() != static_cast<std::size_t>(h.cols()))
    damaged("'history' has " + std::to_string(h.cols()) + " columns but " +
            std::to_string(columns.size()) + " column names");
  auto column = [&](const std::string& name) {
    const auto it = std::find(columns.begin(), columns.end(), name);
    if (it == columns.end()) damaged("'history' has no column '" + name + "'");
    return static_cast<Eigen::Index>(it - columns.begin());
  };
  const Eigen::Index gen = column("generation"), evals = column("evaluations"),
                     hv = column("hypervolume"), size = column("archive_size"),
                     se = column("hypervolume_std_error");
  // Written since the island model; files from before lack them (same format version).
  auto optional_column = [&](const std::string& name) {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? Eigen::Index{-1} : static_cast<Eigen::Index>(it - columns.begin());
  };
  const Eigen::Index migrations = optional_column("migrations"),
                     seconds = optional_column("seconds");
  std::vector<Eigen::Index> best;
  for (const auto& n : d.objective_names) best.push_back(column("best_" + n));
  d.history.clear();
  for (Eigen::Index g = 0; g < h.rows(); ++g) {
    evo::GenerationRecord r;
    r.generation = whole_number(h(g, gen), "generation");
    r.evaluations = whole_number(h(g, evals), "evaluations");
    r.hypervolume = h(g, hv);
    r.archive_size = static_cast<Eigen::Index>(whole_number(h(g, size), "archive_size"));
    r.hypervolume_std_error = h(g, se);
    if (migrations >= 0) r.migrations = whole_number(h(g, migrations), "migrations");
    if (seconds >= 0) r.seconds = h(g, seconds);
    r.best.resize(static_cast<Eigen::Index>(best.size()));
    for (std::size_t k = 0; k < best.size(); ++k)
      r.best[static_cast<Eigen::Index>(k)] = h(g, best[k]);
    d.history.push_back(std::move(r));
  }
  d.hypervolume_scale = hdf5::read_numbers_attribute(set.get(), "hypervolume_scale");
  d.hypervolume_reference = hdf5::read_numbers_attribute(set.get(), "hypervolume_reference");
}

}  // namespace

void read_result_contents(hid_t root, StoredResult& r) {
  ResultData& d = r.data;
  r.neurofit_version = hdf5::read_text_attribute(root, "neurofit_version");
  r.created = hdf5::read_text_attribute(root, "created");
  d.config_text = hdf5::read_text_attribute(root, "config");
  d.seed = read_unsigned_attribute(root, "seed");
  d.generations = read_unsigned_attribute(root, "generations");
  d.problem = hdf5::read_text_attribute(root, "problem");
  d.model = hdf5::read_text_attribute(root, "model");
  d.cell_type = hdf5::read_text_attribute(root, "cell_type");
  // Files of model fits from before protocols were all ne8.
  d.protocol = H5Aexists(root, "protocol") > 0 ? hdf5::read_text_attribute(root, "protocol")
               : d.model.empty()               ? ""
                                               : "ne8";
  if (H5Aexists(root, "protocol_definition") > 0)
    d.protocol_definition = hdf5::read_text_attribute(root, "protocol_definition");

  const hdf5::Id archive = hdf5::open_group(root, "archive");
  read_table(archive.get(), "parameters", d.parameters, d.parameter_names, &d.parameter_units);
  read_table(archive.get(), "objectives", d.objectives, d.objective_names, nullptr);
  const Eigen::Index n = d.objectives.cols();
  if (hdf5::exists(archive.get(), "features"))
    read_table(archive.get(), "features", d.features, d.feature_names, &d.feature_units);
  else
    d.features.resize(0, n);
  if (d.parameters.cols() != n || d.features.cols() != n)
    damaged("the archive's datasets differ in their number of models (parameters " +
            std::to_string(d.parameters.cols()) + ", objectives " + std::to_string(n) +
            (d.features.rows() > 0 ? ", features " + std::to_string(d.features.cols()) : "") + ")");
  if (hdf5::exists(root, "history")) read_history(root, d);
  if (hdf5::exists(root, "viability")) {
    Eigen::MatrixXd counts;
    read_table(root, "viability", counts, d.verdict_names, nullptr);
    if (counts.cols() != 1) damaged("'viability' must have one row");
    d.verdict_counts = counts.col(0);
  }
  d.identifiability = read_identifiability(root);
  if (H5Aexists(root, "generation") > 0 && H5Aexists(root, "islands") > 0) {
    r.has_state = true;
    r.generation = static_cast<std::uint64_t>(hdf5::read_integer_attribute(root, "generation"));
    r.islands = hdf5::read_integer_attribute(root, "islands");
    r.migrations = static_cast<std::uint64_t>(hdf5::read_integer_attribute(root, "migrations"));
    r.finished = hdf5::read_integer_attribute(root, "finished") != 0;
    for (auto& line : hdf5::read_texts_attribute(root, "log"))
      if (!line.empty()) r.log.push_back(line);
  }
}

Eigen::Index StoredResult::feature_row(const std::string& name) const {
  const auto& names = data.feature_names;
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<Eigen::Index>(it - names.begin());
}

StoredResult read_result_file(const fs::path& path, const std::vector<std::string>& accepted) {
  check_is_hdf5(path);
  std::optional<hdf5::File> file;
  try {
    file.emplace(hdf5::File::open_read_only(path.string()));
  } catch (const std::runtime_error&) {
    bad(path, "cannot open it: the HDF5 file is truncated or corrupt");
  }
  const hid_t root = file->id();

  StoredResult r;
  try {
    r.format = hdf5::read_text_attribute(root, "format");
  } catch (const std::runtime_error&) {
    bad(path, "not a neurofit result file (it has no 'format' attribute)");
  }
  if (std::find(accepted.begin(), accepted.end(), r.format) == accepted.end())
    bad(path, "not a neurofit result file: its format is '" + r.format + "', expected " +
                  join_quoted(accepted));
  try {
    r.format_version = hdf5::read_integer_attribute(root, "format_version");
  } catch (const std::runtime_error&) {
    bad(path, "damaged result file: it has no readable 'format_version'");
  }
  const std::int64_t known =
      r.format == checkpoint_format ? checkpoint_format_version : result_format_version;
  if (r.format_version > known)
    bad(path, "format version " + std::to_string(r.format_version) +
                  " is newer than this neurofit reads (up to " + std::to_string(known) +
                  "); read it with a newer neurofit");
  if (r.format_version < 1)
    bad(path, "damaged result file: format version " + std::to_string(r.format_version));

  try {
    read_result_contents(root, r);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {  // HDF5 failures, shapes that disagree, bad_alloc
    bad(path, std::string("damaged result file: ") + e.what());
  }
  return r;
}

}  // namespace neurofit::io

#include "neurofit/io/checkpoint.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "neurofit/ephys/ne8.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/hdf5_file.hpp"
#include "neurofit/io/result_reader.hpp"

namespace neurofit::io {

namespace fs = std::filesystem;

namespace {

std::string island_group(long index) {
  std::string digits = std::to_string(index);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return "island_" + digits;
}

void write_rows(hid_t location, const std::string& name, const Eigen::MatrixXd& columns_are_rows,
                const std::vector<std::string>& columns, const std::string& description,
                const std::vector<std::string>& units = {}) {
  const hdf5::Id set = hdf5::write_matrix(location, name, columns_are_rows.transpose());
  if (!columns.empty()) hdf5::write_attribute(set.get(), "columns", columns);
  if (std::any_of(units.begin(), units.end(), [](const std::string& u) { return !u.empty(); }))
    hdf5::write_attribute(set.get(), "units", units);
  hdf5::write_attribute(set.get(), "description", description);
}

void write_island(hid_t islands, const CheckpointData& d, std::size_t i) {
  const auto& s = d.islands[i];
  const auto& r = d.result;
  const hdf5::Id g = hdf5::create_group(islands, island_group(s.index));
  hdf5::write_attribute(g.get(), "index", std::int64_t{s.index});
  hdf5::write_attribute(g.get(), "algorithm", s.algorithm);
  hdf5::write_attribute(g.get(), "rng_state", s.rng_state);
  hdf5::write_attribute(g.get(), "generation", s.generation);
  hdf5::write_attribute(g.get(), "evaluations", s.evaluations);
  if (i < d.island_parameters.size()) {
    write_rows(g.get(), "parameters", d.island_parameters[i], r.parameter_names,
               "every parameter of each member of the population, model units");
    const hdf5::Id set = hdf5::open_dataset(g.get(), "parameters");
    if (std::any_of(r.parameter_units.begin(), r.parameter_units.end(),
                    [](const std::string& u) { return !u.empty(); }))
      hdf5::write_attribute(set.get(), "units", r.parameter_units);
  }
  write_rows(g.get(), "objectives", s.f, r.objective_names, "objectives of each member");
  if (s.extra.rows() > 0)
    write_rows(g.get(), "features", s.extra, r.feature_names,
               "features of each member under protocol " + r.protocol + "; NaN where not viable",
               r.feature_units);
  write_rows(g.get(), "variables_unit", s.x, d.variable_names,
             "the search variables of each member normalised to [0,1] (lower + u * (upper - "
             "lower)), as the optimizer continues from them");
  Eigen::MatrixXd state(1, static_cast<Eigen::Index>(s.algorithm_state.size()));
  for (std::size_t k = 0; k < s.algorithm_state.size(); ++k)
    state(0, static_cast<Eigen::Index>(k)) = s.algorithm_state[k];
  write_rows(g.get(), "algorithm_state", state, {},
             "what the algorithm's next step depends on besides the population (IBEA: the "
             "mating fitness of each member; empty for NSGA-II)");
}

void write_all(hid_t file, const CheckpointData& d, const char* format) {
  const std::int64_t version =
      std::string(format) == checkpoint_format ? checkpoint_format_version : result_format_version;
  write_result_contents(file, d.result, format, version);
  hdf5::write_attribute(file, "config_sha256", d.config_sha256);
  hdf5::write_attribute(file, "generation", d.generation);
  hdf5::write_attribute(file, "islands", static_cast<std::uint64_t>(d.islands.size()));
  hdf5::write_attribute(file, "migrations", d.migrations);
  hdf5::write_attribute(file, "finished", std::int64_t{d.finished});
  hdf5::write_attribute(file, "log", d.log.empty() ? std::vector<std::string>{""} : d.log);
  const hdf5::Id archive = hdf5::open_group(file, "archive");
  write_rows(archive.get(), "variables", d.archive_x, d.variable_names,
             "the search variables (free parameters, model units) of each archived model",
             d.variable_units);
  const hdf5::Id islands = hdf5::create_group(file, "islands");
  hdf5::write_attribute(islands.get(), "description",
                        "the population, random state and algorithm state of every island");
  for (std::size_t i = 0; i < d.islands.size(); ++i) write_island(islands.get(), d, i);
}

// Columns of a row-per-model dataset as Eigen columns (and its column names).
Eigen::MatrixXd read_rows(hid_t location, const std::string& name) {
  return hdf5::read_matrix(location, name).transpose();
}

island::IslandSnapshot read_island(hid_t islands, long index) {
  const hdf5::Id g = hdf5::open_group(islands, island_group(index));
  island::IslandSnapshot s;
  s.index = static_cast<long>(hdf5::read_integer_attribute(g.get(), "index"));
  if (s.index != index) throw std::runtime_error(island_group(index) + " has the wrong index");
  s.algorithm = hdf5::read_text_attribute(g.get(), "algorithm");
  s.rng_state = hdf5::read_text_attribute(g.get(), "rng_state");
  s.generation = static_cast<std::uint64_t>(hdf5::read_integer_attribute(g.get(), "generation"));
  s.evaluations = static_cast<std::uint64_t>(hdf5::read_integer_attribute(g.get(), "evaluations"));
  s.x = read_rows(g.get(), "variables_unit");
  s.f = read_rows(g.get(), "objectives");
  if (hdf5::exists(g.get(), "features")) s.extra = read_rows(g.get(), "features");
  const Eigen::MatrixXd state = hdf5::read_matrix(g.get(), "algorithm_state");
  s.algorithm_state.assign(state.data(), state.data() + state.size());
  if (s.x.cols() != s.f.cols() || (s.extra.size() > 0 && s.extra.cols() != s.f.cols()))
    throw std::runtime_error(island_group(index) + ": datasets differ in their number of members");
  return s;
}

CheckpointData read_contents(hid_t file, const fs::path& path) {
  const std::string format =
      H5Aexists(file, "format") > 0 ? hdf5::read_text_attribute(file, "format") : std::string();
  if (format != checkpoint_format && format != result_format)
    throw InputError(path.string(),
                     "not a neurofit checkpoint or result file (format '" + format + "')");
  const std::int64_t version = hdf5::read_integer_attribute(file, "format_version");
  const std::int64_t known =
      format == checkpoint_format ? checkpoint_format_version : result_format_version;
  if (version > known)
    throw InputError(path.string(), "format version " + std::to_string(version) +
                                        " is newer than this neurofit reads (" +
                                        std::to_string(known) + "); use a newer neurofit");
  if (H5Aexists(file, "generation") <= 0 || !hdf5::exists(file, "islands"))
    throw InputError(path.string(),
                     "a result without the state of its islands (written before checkpoints "
                     "existed): it cannot be resumed");
  // Attributes, archive and history are those of a result file.
  StoredResult stored;
  read_result_contents(file, stored);
  CheckpointData d;
  d.result = std::move(stored.data);
  d.generation = stored.generation;
  d.migrations = stored.migrations;
  d.finished = stored.finished;
  d.log = std::move(stored.log);
  d.config_sha256 = hdf5::read_text_attribute(file, "config_sha256");
  const hdf5::Id archive = hdf5::open_group(file, "archive");
  d.archive_x = read_rows(archive.get(), "variables");
  if (d.archive_x.cols() != d.result.objectives.cols())
    throw std::runtime_error("/archive: datasets differ in their number of models");
  const hdf5::Id islands = hdf5::open_group(file, "islands");
  const auto n_islands = hdf5::read_integer_attribute(file, "islands");
  for (long i = 0; i < n_islands; ++i) d.islands.push_back(read_island(islands.get(), i));
  return d;
}

}  // namespace

void write_checkpoint(const fs::path& path, const CheckpointData& data, const char* format) {
  write_hdf5_atomically(path, [&](hid_t file) { write_all(file, data, format); });
}

CheckpointData read_checkpoint(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path.string(), "no such file");
  if (fs::is_directory(path, ec)) throw InputError(path.string(), "a folder, not a checkpoint");
  hdf5::silence_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw InputError(path.string(), "not a readable HDF5 file (truncated, corrupt or not HDF5)");
  try {
    auto file = hdf5::File::open_read_only(path.string());
    return read_contents(file.id(), path);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(path.string(), std::string("corrupt or incomplete checkpoint: ") + e.what());
  }
}

}  // namespace neurofit::io

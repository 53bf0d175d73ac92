// `neurofit export FILE.h5 (--csv FILE | --neuroml DIR | --brian2 DIR | --neuron DIR) [--top N]`:
// the archive's models, best first by the largest z (minimax), as a CSV table, as NeuroML 2 cells
// with a LEMS simulation each, or as Brian2 or NEURON scripts that simulate the fit's sweeps. The
// result file is read and every output made in memory before anything is written; each output file
// is written atomically.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/ranking.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/fit/scores.hpp"
#include "neurofit/io/atomic_file.hpp"
#include "neurofit/io/neuroml.hpp"
#include "neurofit/io/result_reader.hpp"
#include "neurofit/io/result_table.hpp"
#include "neurofit/io/simulator_export.hpp"
#include "neurofit/run/run_folder.hpp"

namespace neurofit::cli {

namespace fs = std::filesystem;

namespace {

// The folder of an output file must exist: a missing one is a mistake in the command line.
void check_output_folder(const fs::path& file) {
  const fs::path dir = file.parent_path();
  if (!dir.empty() && !fs::is_directory(dir))
    throw InputError("", "cannot write '" + file.string() + "': no folder '" + dir.string() + "'");
}

// Archive member order[k] as an exported model: its id and where it comes from.
struct Provenance {
  Eigen::Index member;
  std::string id, about;
};

std::vector<Provenance> provenance_of(const io::StoredResult& r,
                                      const std::vector<Eigen::Index>& order,
                                      const std::string& file) {
  std::vector<Provenance> out;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Eigen::Index j = order[k];
    const auto c = fit::compromise_of(r.data.objectives, j);
    const std::string rank = std::to_string(k + 1);
    const std::string provenance =
        "rank " + rank + " of " + std::to_string(r.size()) + " by the largest z (archive member " +
        std::to_string(j + 1) + ", largest z " + short_number(c.largest, 4) + ", sum of z " +
        short_number(c.sum, 4) + ") in " + file + ", seed " + std::to_string(r.data.seed);
    out.push_back(
        {j, io::neuroml_id(r.data.model + "_" + r.data.cell_type + "_" + rank), provenance});
  }
  return out;
}

std::vector<io::NeuromlFiles> neuroml_of(const io::StoredResult& r,
                                         const std::vector<Eigen::Index>& order,
                                         const std::string& file) {
  if (io::neuroml_cell_type(r.data.model).empty())
    throw InputError(file, r.is_fit() ? "model '" + r.data.model + "' has no NeuroML 2 form"
                                      : "a test-problem result has no neuron model to export");
  std::vector<io::NeuromlFiles> out;
  for (const auto& p : provenance_of(r, order, file))
    out.push_back(io::neuroml_files(r, p.member, p.id, p.about, file));
  return out;
}

// The Brian2 or NEURON files of the ranked members (NEURON: the family's mechanism once).
std::vector<io::TextFile> simulator_files(const io::StoredResult& r,
                                          const std::vector<Eigen::Index>& order,
                                          const std::string& file, bool neuron) {
  if (auto why = io::simulator_form_missing(r.data.model); !why.empty())
    throw InputError(file, why);
  std::vector<io::TextFile> out;
  if (neuron) out.push_back(io::neuron_mechanism(r.data.model));
  for (const auto& p : provenance_of(r, order, file)) {
    const std::string about = "neurofit: " + r.data.model + " fitted to " + r.data.cell_type +
                              " under the " + (r.data.protocol.empty() ? "ne8" : r.data.protocol) +
                              " protocol; " + p.about + ".";
    const auto m = io::exported_model(r, p.member, p.id, about, file);
    out.push_back(neuron ? io::neuron_script(m) : io::brian2_script(m));
  }
  return out;
}

int write_simulator_files(const io::StoredResult& r, const std::vector<Eigen::Index>& order,
                          const ExportOptions& o) {
  const bool neuron = !o.neuron_dir.empty();
  const auto files = simulator_files(r, order, o.file, neuron);
  const fs::path dir = neuron ? o.neuron_dir : o.brian2_dir;
  run::create_output_folder(dir);
  for (const auto& f : files)
    io::write_text_atomically((dir / f.name).string(), [&](std::ostream& out) { out << f.text; });
  std::cout << "wrote " << order.size() << " of " << r.size() << " models to " << dir.string()
            << (neuron ? ": <id>_neuron.py each, and the point process " + files.front().name +
                             " (compile it there with nrnivmodl)"
                       : std::string(": <id>_brian2.py each"))
            << "; each simulates the fit's sweeps (python3 <script> --help)\n";
  return exit_ok;
}

}  // namespace

int export_command(const ExportOptions& o) {
  if (o.neuroml_dir.empty() && o.csv.empty() && o.brian2_dir.empty() && o.neuron_dir.empty())
    throw InputError("", "export: give --csv FILE, --neuroml DIR, --brian2 DIR or --neuron DIR");
  const io::StoredResult r =
      io::read_result_file(o.file, {io::result_format, io::checkpoint_format});
  std::vector<Eigen::Index> order = rank_members(r.data.objectives, RankBy::largest);
  if (o.top > 0) order = first(order, o.top);

  if (!o.csv.empty()) {
    check_output_folder(o.csv);
    io::write_text_atomically(o.csv,
                              [&](std::ostream& out) { io::write_result_csv(out, r, order); });
    std::cout << "wrote " << order.size() << " of " << r.size() << " models to " << o.csv << '\n';
    return exit_ok;
  }
  if (!o.brian2_dir.empty() || !o.neuron_dir.empty()) return write_simulator_files(r, order, o);
  const auto files = neuroml_of(r, order, o.file);
  const fs::path dir = o.neuroml_dir;
  run::create_output_folder(dir);
  for (const auto& f : files) {
    io::write_text_atomically((dir / f.cell_file).string(),
                              [&](std::ostream& out) { out << f.cell_xml; });
    io::write_text_atomically((dir / f.lems_file).string(),
                              [&](std::ostream& out) { out << f.lems_xml; });
  }
  std::cout << "wrote " << files.size() << " of " << r.size() << " models to " << dir.string()
            << ": " << io::neuroml_cell_type(r.data.model) << " in <id>.cell.nml, a LEMS "
            << "simulation of its rheobase step in LEMS_<id>.xml\n";
  return exit_ok;
}

}  // namespace neurofit::cli

#include "neurofit/campaign/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "neurofit/fit/scores.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/io/hdf5_file.hpp"
#include "neurofit/io/result_file.hpp"
#include "neurofit/io/result_reader.hpp"

namespace neurofit::campaign {

namespace fs = std::filesystem;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Is outcome a better answer for its pair than b: a smaller largest z (the better compromise),
// then more features within 2 sd.
bool better(const TaskOutcome& a, const TaskOutcome& b) {
  if (a.max_z != b.max_z) return a.max_z < b.max_z;
  return a.within_2sd > b.within_2sd;
}

long index_of(const std::vector<std::string>& v, const std::string& x) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] == x) return static_cast<long>(i);
  return -1;
}

std::string cell(double x, int digits = 3) {
  if (std::isnan(x)) return "";
  std::ostringstream s;
  s.precision(digits);
  s << x;
  return s.str();
}

}  // namespace

TaskOutcome read_outcome(const CampaignConfig& campaign, const Task& task) {
  TaskOutcome o;
  const auto nf = static_cast<Eigen::Index>(campaign.features.size());
  o.best_z = o.compromise_z = Eigen::VectorXd::Constant(nf, nan);
  const fs::path dir = campaign.output / task.folder;
  const fs::path result = dir / "result.h5";
  std::error_code ec;
  if (!fs::exists(result, ec)) return o;
  const io::StoredResult r = io::read_result_file(result, {io::result_format});
  o.finished = r.has_state ? r.finished : true;
  o.generation = r.has_state ? r.generation : r.data.generations;
  const Eigen::MatrixXd& z = r.data.objectives;  // objectives x members
  if (z.cols() == 0) return o;
  const Eigen::Index j = fit::best_compromise(z);
  const auto c = fit::compromise_of(z, j);
  o.max_z = c.largest;
  o.sum_z = c.sum;
  for (std::size_t k = 0; k < r.data.objective_names.size(); ++k) {
    const Eigen::Index f = index_of(campaign.features, r.data.objective_names[k]);
    if (f < 0) continue;
    const auto kk = static_cast<Eigen::Index>(k);
    o.best_z[f] = z.row(kk).minCoeff();
    o.compromise_z[f] = z(kk, j);
    ++o.n_features;
    o.within_1sd += z(kk, j) <= 1.0;
    o.within_2sd += z(kk, j) <= 2.0;
  }
  return o;
}

Summary summarize(const CampaignConfig& campaign, const std::vector<TaskOutcome>& outcomes) {
  const auto nc = static_cast<Eigen::Index>(campaign.cell_types.size());
  const auto nm = static_cast<Eigen::Index>(campaign.models.size());
  Summary s;
  s.fitability = Eigen::MatrixXd::Constant(nc, nm, nan);
  s.best_z.assign(
      static_cast<std::size_t>(nc),
      Eigen::MatrixXd::Constant(nm, static_cast<Eigen::Index>(campaign.features.size()), nan));
  s.best_task.assign(static_cast<std::size_t>(nc * nm), -1);
  s.seed_max_z.assign(static_cast<std::size_t>(nc * nm), {});
  for (const Task& t : campaign.tasks) {
    const TaskOutcome& o = outcomes[static_cast<std::size_t>(t.index)];
    if (!o.finished || o.n_features == 0) continue;
    const long c = index_of(campaign.cell_types, t.cell_type);
    const long m = index_of(campaign.models, t.model);
    s.seed_max_z[static_cast<std::size_t>(c * nm + m)].push_back(o.max_z);
    long& best = s.best_task[static_cast<std::size_t>(c * nm + m)];
    if (best >= 0 && !better(o, outcomes[static_cast<std::size_t>(best)])) continue;
    best = t.index;
    s.fitability(c, m) = static_cast<double>(o.within_2sd) / o.n_features;
    s.best_z[static_cast<std::size_t>(c)].row(m) = o.compromise_z.transpose();
  }
  return s;
}

void write_summary_h5(const CampaignConfig& campaign, const std::vector<TaskOutcome>& outcomes,
                      const Summary& s) {
  namespace h5 = io::hdf5;
  io::write_hdf5_atomically(campaign.output / "summary.h5", [&](hid_t file) {
    h5::write_attribute(file, "format", "neurofit-campaign-summary");
    h5::write_attribute(file, "format_version", std::int64_t{1});
    h5::write_attribute(file, "created", io::iso_time_now());
    h5::write_attribute(file, "campaign", campaign.text);
    {
      const h5::Id set = h5::write_matrix(file, "fitability", s.fitability);
      h5::write_attribute(set.get(), "cell_types", campaign.cell_types);
      h5::write_attribute(set.get(), "models", campaign.models);
      h5::write_attribute(set.get(), "description",
                          "fraction of the cell type's scored features that the pair's best "
                          "compromise model reproduces within 2 sd; NaN where no task finished");
    }
    h5::write_attribute(file, "cell_types", campaign.cell_types);
    h5::write_attribute(file, "models", campaign.models);
    // /best_z: cell types x models x features, row-major as h5py shows it.
    const hsize_t dims[3] = {campaign.cell_types.size(), campaign.models.size(),
                             static_cast<hsize_t>(campaign.features.size())};
    std::vector<double> data;
    for (const auto& m : s.best_z)
      for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index f = 0; f < m.cols(); ++f) data.push_back(m(i, f));
    const h5::Id set = h5::write_array(file, "best_z", data, dims);
    h5::write_attribute(set.get(), "features", campaign.features);
    h5::write_attribute(set.get(), "description",
                        "z of each feature for the best model of each (cell type, model); "
                        "NaN where not scored or no task finished");
    // /tasks
    Eigen::MatrixXd rows(static_cast<Eigen::Index>(outcomes.size()), 9);
    std::vector<std::string> cells, models;
    for (const Task& t : campaign.tasks) {
      const auto& o = outcomes[static_cast<std::size_t>(t.index)];
      rows.row(t.index) << double(t.index), double(t.seed), double(o.finished),
          double(o.generation), o.within_1sd, o.within_2sd, o.n_features, o.max_z, o.sum_z;
      cells.push_back(t.cell_type);
      models.push_back(t.model);
    }
    const h5::Id tasks = h5::write_matrix(file, "tasks", rows);
    h5::write_attribute(
        tasks.get(), "columns",
        std::vector<std::string>{"index", "seed", "finished", "generation", "within_1sd",
                                 "within_2sd", "n_features", "max_z", "sum_z"});
    h5::write_attribute(tasks.get(), "cell_type", cells);
    h5::write_attribute(tasks.get(), "model", models);
  });
}

std::string summary_csv(const CampaignConfig& campaign, const std::vector<TaskOutcome>& outcomes) {
  std::ostringstream out;
  out << "task,cell_type,model,seed,status,generation,n_features,within_1sd,within_2sd,max_z,"
         "sum_z";
  for (const auto& f : campaign.features) out << ",z_" << f;
  for (const auto& f : campaign.features) out << ",best_z_" << f;
  out << '\n';
  for (const Task& t : campaign.tasks) {
    const auto& o = outcomes[static_cast<std::size_t>(t.index)];
    const char* status = o.finished ? "finished" : o.generation > 0 ? "partial" : "not started";
    out << t.index << ',' << t.cell_type << ',' << t.model << ',' << t.seed << ',' << status << ','
        << o.generation << ',' << o.n_features << ',' << o.within_1sd << ',' << o.within_2sd << ','
        << (std::isnan(o.max_z) ? "" : io::format_number(o.max_z)) << ','
        << (std::isnan(o.sum_z) ? "" : io::format_number(o.sum_z));
    for (Eigen::Index f = 0; f < o.compromise_z.size(); ++f)
      out << ',' << (std::isnan(o.compromise_z[f]) ? "" : io::format_number(o.compromise_z[f]));
    for (Eigen::Index f = 0; f < o.best_z.size(); ++f)
      out << ',' << (std::isnan(o.best_z[f]) ? "" : io::format_number(o.best_z[f]));
    out << '\n';
  }
  return out.str();
}

std::string summary_markdown(const CampaignConfig& campaign,
                             const std::vector<TaskOutcome>& outcomes, const Summary& s) {
  std::ostringstream md;
  md << "# Campaign " << fs::path(campaign.file).stem().string() << "\n\n"
     << "Fit-ability: the share of each cell type's features that the pair's best compromise "
        "model (smallest largest z over the seeds) reproduces within 2 sd; in brackets its largest "
        "z and, with several seeds, the largest of their largest z.\n\n"
     << "| cell type |";
  for (const auto& m : campaign.models) md << ' ' << m << " |";
  md << "\n|---|";
  for (std::size_t m = 0; m < campaign.models.size(); ++m) md << "---|";
  md << '\n';
  const auto nm = static_cast<long>(campaign.models.size());
  for (std::size_t c = 0; c < campaign.cell_types.size(); ++c) {
    md << "| " << campaign.cell_types[c] << " |";
    for (long m = 0; m < nm; ++m) {
      const long t = s.best_task[c * static_cast<std::size_t>(nm) + static_cast<std::size_t>(m)];
      if (t < 0) {
        md << " - |";
        continue;
      }
      const auto& o = outcomes[static_cast<std::size_t>(t)];
      const auto& seeds =
          s.seed_max_z[c * static_cast<std::size_t>(nm) + static_cast<std::size_t>(m)];
      md << ' ' << o.within_2sd << '/' << o.n_features << " (" << cell(o.max_z, 4);
      if (seeds.size() > 1)
        md << ", " << seeds.size() << " seeds up to "
           << cell(*std::max_element(seeds.begin(), seeds.end()), 4);
      md << ") |";
    }
    md << '\n';
  }
  md << "\nz of each feature for each cell type's best model:\n\n| cell type | model |";
  for (const auto& f : campaign.features) md << ' ' << f << " |";
  md << "\n|---|---|";
  for (std::size_t f = 0; f < campaign.features.size(); ++f) md << "---|";
  md << '\n';
  for (std::size_t c = 0; c < campaign.cell_types.size(); ++c) {
    long best = -1;
    for (long m = 0; m < nm; ++m) {
      const long t = s.best_task[c * static_cast<std::size_t>(nm) + static_cast<std::size_t>(m)];
      if (t >= 0 && (best < 0 || better(outcomes[static_cast<std::size_t>(t)],
                                        outcomes[static_cast<std::size_t>(best)])))
        best = t;
    }
    if (best < 0) continue;
    const auto& o = outcomes[static_cast<std::size_t>(best)];
    md << "| " << campaign.cell_types[c] << " | "
       << campaign.tasks[static_cast<std::size_t>(best)].model << " |";
    for (Eigen::Index f = 0; f < o.compromise_z.size(); ++f)
      md << ' ' << (std::isnan(o.compromise_z[f]) ? "-" : cell(o.compromise_z[f], 2)) << " |";
    md << '\n';
  }
  return md.str();
}

}  // namespace neurofit::campaign

#include "neurofit/fit/scores.hpp"

#include <algorithm>
#include <cmath>

#include "neurofit/errors.hpp"

namespace neurofit::fit {

Objectives Objectives::from(const CellType& cell, const std::vector<std::string>& selected,
                            const ephys::Protocol& protocol) {
  const auto names = protocol.feature_names();
  for (const auto& s : selected) {
    if (std::find(names.begin(), names.end(), s) == names.end())
      throw InputError(
          "", "unknown feature '" + s + "' (not a feature of protocol " + protocol.name + ")");
    if (!cell.find(s))
      throw InputError("", "cell type '" + cell.name + "' has no observation of '" + s + "'");
  }
  Objectives o;
  for (int f = 0; f < static_cast<int>(names.size()); ++f) {
    const std::string& name = names[static_cast<std::size_t>(f)];
    const auto* obs = cell.find(name);
    if (!obs) continue;
    if (!selected.empty() && std::find(selected.begin(), selected.end(), name) == selected.end())
      continue;
    o.feature.push_back(f);
    o.names.push_back(name);
    o.mean.push_back(obs->mean);
    o.sd.push_back(obs->sd);
  }
  return o;
}

Eigen::MatrixXd zscores(const Objectives& objectives, const ephys::ProtocolResult& result) {
  const Eigen::Index n = result.features.cols();
  Eigen::MatrixXd z(objectives.size(), n);
  for (Eigen::Index c = 0; c < n; ++c) {
    bool ok = result.viable[static_cast<std::size_t>(c)] != 0;
    for (int j = 0; ok && j < objectives.size(); ++j) {
      const double x = result.features(objectives.feature[static_cast<std::size_t>(j)], c);
      const double zj = std::abs(x - objectives.mean[static_cast<std::size_t>(j)]) /
                        objectives.sd[static_cast<std::size_t>(j)];
      ok = std::isfinite(zj);
      z(j, c) = zj;
    }
    if (!ok) z.col(c).setConstant(not_viable_score);
  }
  return z;
}

}  // namespace neurofit::fit

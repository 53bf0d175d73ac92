#include "neurofit/evo/hypervolume.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "neurofit/evo/nondominated.hpp"
#include "neurofit/evo/rng.hpp"

namespace neurofit::evo {

namespace {

using Point = std::vector<double>;
using Points = std::vector<Point>;

void check_shapes(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref) {
  if (points.rows() != ref.size() && points.cols() > 0)
    throw std::invalid_argument("hypervolume: points have " + std::to_string(points.rows()) +
                                " objectives, reference point " + std::to_string(ref.size()));
  if (ref.size() < 1 || !ref.allFinite())
    throw std::invalid_argument("hypervolume: reference point must be finite and non-empty");
  if (!points.allFinite()) throw std::invalid_argument("hypervolume: points must be finite");
}

// Points strictly better than ref in every objective; the others bound no volume.
Points relevant(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref) {
  Points out;
  for (Eigen::Index j = 0; j < points.cols(); ++j)
    if ((points.col(j).array() < ref.array()).all())
      out.emplace_back(points.col(j).data(), points.col(j).data() + points.rows());
  return out;
}

// Removes dominated points and duplicates.
Points nondominated(const Points& pts) {
  const auto m = static_cast<Eigen::Index>(pts.empty() ? 0 : pts[0].size());
  std::vector<char> drop(pts.size(), 0);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (drop[i]) continue;
    for (std::size_t j = i + 1; j < pts.size(); ++j) {
      if (drop[j]) continue;
      const Dominance d = compare_dominance(pts[i].data(), pts[j].data(), m);
      if (d == Dominance::first || d == Dominance::equal) drop[j] = 1;
      if (d == Dominance::second) {
        drop[i] = 1;
        break;
      }
    }
  }
  Points out;
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (!drop[i]) out.push_back(pts[i]);
  return out;
}

double sweep_2d(Points pts, double r0, double r1) {
  std::sort(pts.begin(), pts.end());  // by f1, then f2
  double volume = 0.0;
  double height = r1;  // lowest f2 so far
  for (const Point& p : pts) {
    if (p[1] < height) {
      volume += (r0 - p[0]) * (height - p[1]);
      height = p[1];
    }
  }
  return volume;
}

double sweep_3d(Points pts, const Eigen::VectorXd& ref) {
  std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a[2] < b[2]; });
  // 2D staircase of the points below the current slice: f1 -> f2, f2 decreasing in f1.
  std::map<double, double> stair;
  double area = 0.0;
  double volume = 0.0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const double x = pts[i][0], y = pts[i][1];
    auto it = stair.upper_bound(x);
    const bool dominated = it != stair.begin() && std::prev(it)->second <= y;
    if (!dominated) {
      // Area newly covered: integrate (old height - y) from x until the staircase drops below y.
      double cur_x = x;
      double cur_h = it == stair.begin() ? ref[1] : std::prev(it)->second;
      it = stair.lower_bound(x);
      while (it != stair.end() && it->second >= y) {
        area += (it->first - cur_x) * (cur_h - y);
        cur_x = it->first;
        cur_h = it->second;
        it = stair.erase(it);
      }
      area += ((it == stair.end() ? ref[0] : it->first) - cur_x) * (cur_h - y);
      stair.emplace(x, y);
    }
    const double z_next = i + 1 < pts.size() ? pts[i + 1][2] : ref[2];
    volume += area * (z_next - pts[i][2]);
  }
  return volume;
}

double wfg(Points pts, const Eigen::VectorXd& ref);

// Volume dominated by pts[k] alone and not by pts[k+1..]: its box minus the limited set's volume.
double exclusive(const Points& pts, std::size_t k, const Eigen::VectorXd& ref) {
  double box = 1.0;
  for (std::size_t d = 0; d < pts[k].size(); ++d)
    box *= ref[static_cast<Eigen::Index>(d)] - pts[k][d];
  Points limited;
  limited.reserve(pts.size() - k - 1);
  for (std::size_t j = k + 1; j < pts.size(); ++j) {
    Point q(pts[j].size());
    for (std::size_t d = 0; d < q.size(); ++d) q[d] = std::max(pts[k][d], pts[j][d]);
    limited.push_back(std::move(q));
  }
  return box - wfg(nondominated(limited), ref);
}

// pts must be mutually non-dominated and strictly below ref.
double wfg(Points pts, const Eigen::VectorXd& ref) {
  if (pts.empty()) return 0.0;
  if (pts[0].size() == 2) return sweep_2d(std::move(pts), ref[0], ref[1]);
  // Sorting by the last objective (worst first) keeps the limited sets small.
  std::sort(pts.begin(), pts.end(),
            [](const Point& a, const Point& b) { return a.back() > b.back(); });
  double volume = 0.0;
  for (std::size_t k = 0; k < pts.size(); ++k) volume += exclusive(pts, k, ref);
  return volume;
}

}  // namespace

std::string to_string(HvMethod method) {
  switch (method) {
    case HvMethod::exact_2d:
      return "exact_2d";
    case HvMethod::exact_3d:
      return "exact_3d";
    case HvMethod::wfg:
      return "wfg";
    case HvMethod::monte_carlo:
      return "monte_carlo";
  }
  return "unknown";
}

double hypervolume_2d(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref) {
  check_shapes(points, ref);
  if (ref.size() != 2) throw std::invalid_argument("hypervolume_2d: needs 2 objectives");
  return sweep_2d(relevant(points, ref), ref[0], ref[1]);
}

double hypervolume_3d(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref) {
  check_shapes(points, ref);
  if (ref.size() != 3) throw std::invalid_argument("hypervolume_3d: needs 3 objectives");
  return sweep_3d(relevant(points, ref), ref);
}

double hypervolume_wfg(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref) {
  check_shapes(points, ref);
  if (ref.size() < 2) throw std::invalid_argument("hypervolume_wfg: needs >= 2 objectives");
  return wfg(nondominated(relevant(points, ref)), ref);
}

double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref) {
  check_shapes(points, ref);
  switch (ref.size()) {
    case 1: {
      double best = ref[0];
      for (Eigen::Index j = 0; j < points.cols(); ++j) best = std::min(best, points(0, j));
      return ref[0] - best;
    }
    case 2:
      return hypervolume_2d(points, ref);
    case 3:
      return hypervolume_3d(points, ref);
    default:
      return hypervolume_wfg(points, ref);
  }
}

HvResult hypervolume_monte_carlo(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref,
                                 std::uint64_t seed, std::uint64_t samples) {
  check_shapes(points, ref);
  if (samples == 0) throw std::invalid_argument("hypervolume_monte_carlo: samples must be > 0");
  HvResult result;
  result.method = HvMethod::monte_carlo;
  result.samples = samples;
  const Points pts = nondominated(relevant(points, ref));
  if (pts.empty()) return result;
  const std::size_t m = pts[0].size();
  Point lo(m);
  for (std::size_t d = 0; d < m; ++d) {
    lo[d] = pts[0][d];
    for (const Point& p : pts) lo[d] = std::min(lo[d], p[d]);
  }
  double box = 1.0;
  for (std::size_t d = 0; d < m; ++d) box *= ref[static_cast<Eigen::Index>(d)] - lo[d];
  Rng rng(seed);
  Point s(m);
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < samples; ++i) {
    for (std::size_t d = 0; d < m; ++d)
      s[d] = lo[d] + rng.uniform() * (ref[static_cast<Eigen::Index>(d)] - lo[d]);
    for (const Point& p : pts) {
      std::size_t d = 0;
      while (d < m && p[d] <= s[d]) ++d;
      if (d == m) {
        ++hits;
        break;
      }
    }
  }
  const double frac = static_cast<double>(hits) / static_cast<double>(samples);
  result.value = box * frac;
  result.std_error = box * std::sqrt(frac * (1.0 - frac) / static_cast<double>(samples));
  return result;
}

HvResult hypervolume_auto(const Eigen::MatrixXd& points, const Eigen::VectorXd& ref,
                          std::uint64_t seed, const HvAutoOptions& options) {
  check_shapes(points, ref);
  HvResult result;
  if (ref.size() <= 2) {
    result.method = HvMethod::exact_2d;
    result.value = hypervolume(points, ref);
    return result;
  }
  if (ref.size() == 3) {
    result.method = HvMethod::exact_3d;
    result.value = hypervolume_3d(points, ref);
    return result;
  }
  Points pts = nondominated(relevant(points, ref));
  if (static_cast<Eigen::Index>(pts.size()) <= options.max_wfg_points) {
    result.method = HvMethod::wfg;
    result.value = wfg(std::move(pts), ref);
    return result;
  }
  return hypervolume_monte_carlo(points, ref, seed, options.samples);
}

}  // namespace neurofit::evo

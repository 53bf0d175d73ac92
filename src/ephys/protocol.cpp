#include "neurofit/ephys/protocol.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

#include "neurofit/clock.hpp"
#include "neurofit/ephys/refractory.hpp"

namespace neurofit::ephys {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool is_any_of(const std::vector<Ne8Feature>& features, std::initializer_list<Ne8Feature> of) {
  for (auto f : features)
    if (std::find(of.begin(), of.end(), f) != of.end()) return true;
  return false;
}

std::string statistic_suffix(const SweepFeature& f) {
  switch (f.statistic) {
    case Statistic::value:
      return "";
    case Statistic::first:
      return ".first";
    case Statistic::last:
      return ".last";
    case Statistic::mean:
      return ".mean";
    case Statistic::nth:
      return std::string(1, '.').append(std::to_string(f.nth));
  }
  return "";
}

// One number from a feature's values (empty where eFEL gives none).
double reduce(const std::vector<double>& v, const SweepFeature& f) {
  if (v.empty()) return nan;
  switch (f.statistic) {
    case Statistic::value:
    case Statistic::first:
      return v.front();
    case Statistic::last:
      return v.back();
    case Statistic::mean: {
      double sum = 0;
      for (double x : v) sum += x;
      return sum / static_cast<double>(v.size());
    }
    case Statistic::nth:
      return static_cast<std::size_t>(f.nth) <= v.size() ? v[static_cast<std::size_t>(f.nth - 1)]
                                                         : nan;
  }
  return nan;
}

// The sweeps of a protocol for the candidates ne8's stages left viable, tile by tile of
// candidates (each tile's traces are the memory a protocol needs).
class SweepRunner {
 public:
  SweepRunner(const sim::ModelFamily& family, const Eigen::MatrixXd& params, const Protocol& p,
              const ProtocolSettings& s, const Eigen::RowVectorXd& rheobase, ProtocolResult& out)
      : family_(family), params_(params), p_(p), s_(s), rheobase_(rheobase), out_(out) {
    const auto n_fi = static_cast<Eigen::Index>(p.fi_sweeps.size());
    fi_rate_.setConstant(n_fi, params.cols(), nan);
    fi_current_.setConstant(n_fi, params.cols(), nan);
  }

  void run() {
    row_ = static_cast<int>(p_.whole_cell.size()) + (p_.fi_slope ? 1 : 0);
    for (std::size_t s = 0; s < p_.sweeps.size(); ++s) {
      prepare_times(p_.sweeps[s]);
      std::vector<int> lanes;
      for (Eigen::Index l = 0; l < params_.cols(); ++l)
        if (out_.viable[static_cast<std::size_t>(l)]) lanes.push_back(static_cast<int>(l));
      const std::size_t tile = static_cast<std::size_t>(std::max(1, s_.sweep_tile));
      for (std::size_t start = 0; start < lanes.size(); start += tile)
        run_tile(static_cast<int>(s),
                 std::vector<int>(lanes.begin() + static_cast<std::ptrdiff_t>(start),
                                  lanes.begin() + static_cast<std::ptrdiff_t>(
                                                      std::min(start + tile, lanes.size()))));
      row_ += static_cast<int>(p_.sweeps[s].features.size());
    }
    if (p_.fi_slope) record_fi_slopes();
  }

 private:
  // The sample times of a sweep's trace, as its trace file gives them (text to 12 digits and
  // back: slow, so kept for the next batch with the same step and length).
  void prepare_times(const Sweep& sweep) {
    last_ = sim::first_sample_at_or_after(sweep.duration, s_.ne8.dt);
    thread_local double dt = 0;
    thread_local std::vector<double> times;
    if (dt != s_.ne8.dt || times.size() < static_cast<std::size_t>(last_ + 1)) {
      dt = s_.ne8.dt;
      times.resize(static_cast<std::size_t>(last_ + 1));
      for (std::int64_t i = 0; i <= last_; ++i)
        times[static_cast<std::size_t>(i)] = sim::sample_time(i, dt);
    }
    times_ = std::span(times.data(), static_cast<std::size_t>(last_ + 1));
    sample_times_.emplace(times_, p_.efel.interp_step);
  }

  sim::Stimulus stimulus_of(const Sweep& sweep, int l) const {
    sim::Stimulus stim;
    for (const auto& step : sweep.steps)
      stim.steps.push_back({step.of_rheobase ? step.amplitude * rheobase_(l) : step.amplitude,
                            step.start, step.end});
    return stim;
  }

  void run_tile(int s, const std::vector<int>& lanes) {
    const Sweep& sweep = p_.sweeps[static_cast<std::size_t>(s)];
    sim::BatchRequest req;
    req.dt = s_.ne8.dt;
    req.last_sample = last_;
    req.trace_first = 0;
    req.trace_last = last_;
    req.min_isi_samples = refractory_samples(s_.ne8.refractory_floor, s_.ne8.dt);
    std::vector<sim::Stimulus> stim;
    Eigen::MatrixXd p(params_.rows(), static_cast<Eigen::Index>(lanes.size()));
    for (std::size_t k = 0; k < lanes.size(); ++k) {
      stim.push_back(stimulus_of(sweep, lanes[k]));
      p.col(static_cast<Eigen::Index>(k)) = params_.col(lanes[k]);
    }
    const auto start = std::chrono::steady_clock::now();
    const auto r = family_.run(p, nullptr, stim, req);
    out_.count(Stage::sweeps, r, seconds_since(start));
    const int fi = fi_index(s);
    for (std::size_t k = 0; k < lanes.size(); ++k) {
      const int l = lanes[k];
      if (r.status[k] == sim::LaneStatus::failed) {
        out_.reject(l, Verdict::simulation_failed,
                    "simulation failed in sweep '" + sweep.name + "'");
      } else if (r.status[k] == sim::LaneStatus::too_fast) {
        const auto& sp = r.spikes[k];
        const double isi = static_cast<double>(sp.back() - sp[sp.size() - 2]) * s_.ne8.dt;
        out_.reject(l, Verdict::faster_than_refractory_floor,
                    refractory_why("in sweep '" + sweep.name + "'", isi, s_.ne8.refractory_floor));
      } else {
        const auto col = r.trace.col(static_cast<Eigen::Index>(k));
        const std::span<const double> v(col.data(), times_.size());
        if (sweep.features.empty() && fi < 0) continue;
        // Resampled only where the features read it (the sweep is sampled on eFEL's grid).
        const efel::TraceFeatures f(*sample_times_, v, sweep.stim_start, sweep.stim_end, p_.efel);
        for (std::size_t j = 0; j < sweep.features.size(); ++j)
          out_.features(row_ + static_cast<int>(j), l) = sweep_feature_value(f, sweep.features[j]);
        if (fi >= 0) record_rate(fi, sweep, f.get("peak_time"), stim[k], l);
      }
    }
  }

  // Sweep s's place among the f-I sweeps, or -1.
  int fi_index(int s) const {
    const auto at = std::find(p_.fi_sweeps.begin(), p_.fi_sweeps.end(), s);
    return at == p_.fi_sweeps.end() ? -1 : static_cast<int>(at - p_.fi_sweeps.begin());
  }

  // Rate [Hz] of the f-I sweep at place q: the spikes (eFEL's peaks) within the stimulus window
  // over its length, as the Allen Institute's avg_rate.
  void record_rate(Eigen::Index q, const Sweep& sweep, const std::vector<double>& peak_times,
                   const sim::Stimulus& stim, int l) {
    int count = 0;
    for (double t : peak_times) count += t >= sweep.stim_start && t <= sweep.stim_end;
    fi_rate_(q, l) = count / ((sweep.stim_end - sweep.stim_start) / 1000);
    fi_current_(q, l) = stim.current_at(sweep.stim_start);
  }

  void record_fi_slopes() {
    const int row = static_cast<int>(p_.whole_cell.size());
    for (Eigen::Index l = 0; l < params_.cols(); ++l) {
      if (!out_.viable[static_cast<std::size_t>(l)]) continue;
      std::vector<double> current, rate;
      for (Eigen::Index q = 0; q < fi_rate_.rows(); ++q) {
        current.push_back(fi_current_(q, l));
        rate.push_back(fi_rate_(q, l));
      }
      out_.features(row, l) = fi_slope(current, rate);
    }
  }

  const sim::ModelFamily& family_;
  const Eigen::MatrixXd& params_;
  const Protocol& p_;
  const ProtocolSettings& s_;
  const Eigen::RowVectorXd& rheobase_;
  ProtocolResult& out_;
  int row_ = 0;                                    // the current sweep's first feature row
  std::int64_t last_ = 0;                          // the current sweep's last sample
  std::span<const double> times_;                  // its sample times
  std::optional<efel::SampleTimes> sample_times_;  // and what they decide for eFEL's features
  Eigen::MatrixXd fi_rate_, fi_current_;           // fi sweep x candidate
};

}  // namespace

double sweep_feature_value(const efel::TraceFeatures& trace, const SweepFeature& feature) {
  return reduce(trace.get(feature.feature), feature);
}

std::string sweep_feature_name(const Sweep& sweep, const SweepFeature& feature) {
  std::string name = sweep.name;
  name.append(1, '.').append(feature.feature).append(statistic_suffix(feature));
  return name;
}

std::vector<std::string> Protocol::feature_names() const {
  std::vector<std::string> names;
  for (auto f : whole_cell) names.emplace_back(ne8_feature_names[static_cast<std::size_t>(f)]);
  if (fi_slope) names.emplace_back("fi_slope");
  for (const auto& s : sweeps)
    for (const auto& f : s.features) names.push_back(sweep_feature_name(s, f));
  return names;
}

std::vector<std::string> Protocol::feature_units() const {
  std::vector<std::string> units;
  for (auto f : whole_cell) units.emplace_back(ne8_feature_units[static_cast<std::size_t>(f)]);
  if (fi_slope) units.emplace_back("Hz/pA");
  for (const auto& s : sweeps)
    for (const auto& f : s.features) {
      const auto* info = efel::find_feature(f.feature);
      units.emplace_back(info ? info->unit : "");
    }
  return units;
}

int Protocol::n_features() const {
  std::size_t n = whole_cell.size() + (fi_slope ? 1 : 0);
  for (const auto& s : sweeps) n += s.features.size();
  return static_cast<int>(n);
}

bool Protocol::needs_passive() const {
  return is_any_of(whole_cell, {resting_potential, input_resistance, time_constant, capacitance});
}

bool Protocol::needs_spike_shape() const {
  return is_any_of(whole_cell, {ap_width, ap_amplitude, ap_threshold});
}

bool Protocol::needs_rheobase() const {
  if (needs_spike_shape() || is_any_of(whole_cell, {rheobase})) return true;
  for (const auto& s : sweeps)
    for (const auto& step : s.steps)
      if (step.of_rheobase) return true;
  return false;
}

Protocol ne8_protocol() {
  Protocol p;
  p.name = "ne8";
  p.description =
      "NeuroElectro-8: rest and passive response at -10 pA, rheobase, the spike at "
      "rheobase";
  for (int f = 0; f < n_ne8_features; ++f) p.whole_cell.push_back(static_cast<Ne8Feature>(f));
  return p;
}

double fi_slope(const std::vector<double>& current, const std::vector<double>& rate) {
  double n = 0, sx = 0, sy = 0;
  for (std::size_t i = 0; i < rate.size(); ++i) {
    if (!(rate[i] > 0)) continue;
    n += 1;
    sx += current[i];
    sy += rate[i];
  }
  if (n < 2) return nan;
  const double mx = sx / n, my = sy / n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < rate.size(); ++i) {
    if (!(rate[i] > 0)) continue;
    sxy += (current[i] - mx) * (rate[i] - my);
    sxx += (current[i] - mx) * (current[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : nan;
}

ProtocolResult evaluate_protocol(const sim::ModelFamily& family, const Eigen::MatrixXd& params,
                                 const Protocol& protocol, const ProtocolSettings& settings) {
  Ne8Settings stages = settings.ne8;
  stages.passive = protocol.needs_passive();
  stages.rheobase = protocol.needs_rheobase();
  stages.spike_shape = protocol.needs_spike_shape();
  ProtocolResult out = evaluate_ne8(family, params, stages);
  const Eigen::MatrixXd whole_cell = std::move(out.features);
  out.features.setConstant(protocol.n_features(), params.cols(), nan);
  for (std::size_t k = 0; k < protocol.whole_cell.size(); ++k)
    out.features.row(static_cast<Eigen::Index>(k)) = whole_cell.row(protocol.whole_cell[k]);
  const Eigen::RowVectorXd rheobase_pA = whole_cell.row(rheobase);
  const auto start = std::chrono::steady_clock::now();
  SweepRunner(family, params, protocol, settings, rheobase_pA, out).run();
  out.cost(Stage::sweeps).seconds += seconds_since(start);
  return out;
}

}  // namespace neurofit::ephys

#include "neurofit/ephys/ne8.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <optional>
#include <sstream>

#include "neurofit/clock.hpp"
#include "neurofit/ephys/features.hpp"

namespace neurofit::ephys {

namespace {

// Times of the protocol [ms] and currents [pA] (reference: protocol-ne8.md).
constexpr double rest_from = 150, rest_to = 200, steady_from = 650, steady_to = 700;
constexpr double first_hi = 1000, max_hi = 16000, resolution = 1;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The candidates followed through the protocol; `live_` lists those still viable.
class Ne8Batch {
 public:
  Ne8Batch(const sim::ModelFamily& family, const Eigen::MatrixXd& params, const Ne8Settings& s,
           Ne8Result& out)
      : family_(family), params_(params), s_(s), out_(out) {
    on_ = sim::first_sample_at_or_after(ne8_step_start, s.dt);
    end_ = sim::first_sample_at_or_after(ne8_step_end, s.dt);
    s1_ = passive_samples(s.dt);
    for (int l = 0; l < params.cols(); ++l) {
      if (auto msg = family.check(params.col(l).data()); !msg.empty())
        reject(l, Verdict::invalid_parameters, "invalid parameters: " + msg);
      else
        live_.push_back(l);
    }
  }

  void run() {
    timed(Stage::settle, [&] { settle(); });
    if (s_.passive) timed(Stage::passive, [&] { passive(); });
    if (s_.rheobase || s_.spike_shape) timed(Stage::rheobase, [&] { rheobase_search(); });
    if (s_.spike_shape) timed(Stage::spike_shape, [&] { spike_shape_at_rheobase(); });
  }

 private:
  void reject(int l, Verdict verdict, std::string why) { out_.reject(l, verdict, std::move(why)); }
  double& feature(int l, Ne8Feature f) { return out_.features(f, l); }

  Eigen::MatrixXd columns(const Eigen::MatrixXd& m, const std::vector<int>& idx) const {
    Eigen::MatrixXd sub(m.rows(), static_cast<Eigen::Index>(idx.size()));
    for (std::size_t k = 0; k < idx.size(); ++k)
      sub.col(static_cast<Eigen::Index>(k)) = m.col(idx[k]);
    return sub;
  }

  template <class F>
  void timed(Stage stage, F&& f) {
    stage_ = stage;
    const auto start = std::chrono::steady_clock::now();
    f();
    out_.cost(stage).seconds += seconds_since(start);
  }

  sim::BatchResult simulate(const std::vector<int>& lanes, const Eigen::MatrixXd* state,
                            std::span<const sim::Stimulus> stim, sim::BatchRequest req) {
    req.dt = s_.dt;
    const auto start = std::chrono::steady_clock::now();
    const Eigen::MatrixXd p = columns(params_, lanes);
    auto r = family_.run(p, state, stim, req);
    out_.count(stage_, r, seconds_since(start));
    return r;
  }

  // A lane's verdict and its details.
  struct Rejection {
    Verdict verdict = Verdict::viable;
    std::string why;
  };

  // Drops the lanes that `bad` (lane position -> Rejection) says are not viable.
  template <class Bad>
  void keep_if(const std::vector<int>& lanes, Bad bad) {
    std::vector<int> kept;
    for (std::size_t k = 0; k < lanes.size(); ++k) {
      if (Rejection r = bad(k); r.verdict != Verdict::viable)
        reject(lanes[k], r.verdict, std::move(r.why));
      else
        kept.push_back(lanes[k]);
    }
    live_ = kept;
  }

  // 0 pA from rest to the stimulus onset: the state every later simulation starts from.
  void settle() {
    sim::BatchRequest req;
    req.last_sample = on_;
    const sim::Stimulus none;
    auto r = simulate(live_, nullptr, std::span(&none, 1), req);
    onset_state_.resize(family_.n_state(), params_.cols());
    for (std::size_t k = 0; k < live_.size(); ++k)
      onset_state_.col(live_[k]) = r.state.col(static_cast<Eigen::Index>(k));
    keep_if(live_, [&](std::size_t k) -> Rejection {
      if (r.status[k] == sim::LaneStatus::failed)
        return {Verdict::simulation_failed, "simulation failed at rest"};
      if (!r.spikes[k].empty()) return {Verdict::spikes_at_rest, "spikes at rest"};
      return {};
    });
  }

  // S1: rest, input resistance, time constant and capacitance from a -10 pA step. Traced, so
  // run in tiles of candidates to bound the memory.
  void passive() {
    std::vector<Rejection> why(live_.size());
    const std::size_t tile = static_cast<std::size_t>(std::max(1, s_.passive_tile));
    for (std::size_t start = 0; start < live_.size(); start += tile) {
      const std::vector<int> lanes(
          live_.begin() + static_cast<std::ptrdiff_t>(start),
          live_.begin() + static_cast<std::ptrdiff_t>(std::min(start + tile, live_.size())));
      passive_tile(lanes, &why[start]);
    }
    keep_if(live_, [&](std::size_t k) { return why[k]; });
  }

  // The samples S1 reads: the rest window [rest_from, onset), the fall from the step onset, the
  // steady-state window [steady_from, steady_to); the end of the step and of the simulation.
  struct PassiveSamples {
    std::int64_t rest, onset, steady, steady_end, step_end, end;
  };
  static PassiveSamples passive_samples(double dt) {
    const auto at = [&](double t) { return sim::first_sample_at_or_after(t, dt); };
    return {at(rest_from), at(ne8_passive_start), at(steady_from),
            at(steady_to), at(ne8_passive_end),   at(ne8_passive_duration)};
  }

  // One S1 simulation of `lanes` from `state` at sample `first` to `last`, tracing [trace_first,
  // trace_last].
  sim::BatchResult passive_run(const std::vector<int>& lanes, const Eigen::MatrixXd& state,
                               std::int64_t first, std::int64_t last, std::int64_t trace_first,
                               std::int64_t trace_last, bool stop_when_settled) {
    sim::BatchRequest req;
    req.first_sample = first;
    req.last_sample = last;
    req.trace_first = trace_first;
    req.trace_last = trace_last;
    req.stop_when_settled = stop_when_settled;
    const sim::Stimulus stim{{{ne8_passive_current, ne8_passive_start, ne8_passive_end}}};
    return simulate(lanes, &state, std::span(&stim, 1), req);
  }

  // S1 of a tile as two simulations, which give the one simulation's samples exactly (the second
  // starts from the first's final state): the first traces the rest window and the first
  // `passive_window` samples of the step, where the time-constant crossing nearly always lies;
  // the second runs on to the end and traces only the steady-state window. Lanes whose crossing
  // lies later run again, traced from the rest window to the end of the step (the one simulation
  // of the procedure). The trace is needed up to the end of the step only: the crossing lies
  // before it, since V_ss lies below the crossing level. After the step only spikes matter, so a
  // lane that provably never spikes again may stop there.
  void passive_tile(const std::vector<int>& lanes, Rejection* why) {
    const PassiveSamples& at = s1_;
    const Eigen::MatrixXd onset = columns(onset_state_, lanes);
    const std::int64_t split = at.onset + s_.passive_window;
    if (s_.passive_window <= 0 || split >= at.steady) {
      passive_whole(lanes, onset, why);
      return;
    }
    const auto a = passive_run(lanes, onset, on_, split, at.rest, split, false);
    const auto b = passive_run(lanes, a.state, split, at.end, at.steady, at.steady_end - 1,
                               s_.stop_when_settled);
    std::vector<int> retry;
    std::vector<std::size_t> retry_at;
    for (std::size_t k = 0; k < lanes.size(); ++k) {
      const bool failed =
          a.status[k] == sim::LaneStatus::failed || b.status[k] == sim::LaneStatus::failed;
      const bool spiked = !a.spikes[k].empty() || !b.spikes[k].empty();
      why[k] = passive_features(lanes[k], failed, spiked, trace_of(a, k, at.rest),
                                trace_of(b, k, at.steady), false);
      if (why[k].verdict == Verdict::n_verdicts) {
        retry.push_back(lanes[k]);
        retry_at.push_back(k);
      }
    }
    if (retry.empty()) return;
    std::vector<Rejection> again(retry.size());
    passive_whole(retry, columns(onset_state_, retry), again.data());
    for (std::size_t j = 0; j < retry.size(); ++j) why[retry_at[j]] = std::move(again[j]);
  }

  // S1 as the procedure's one simulation, traced from the rest window to the end of the step.
  void passive_whole(const std::vector<int>& lanes, const Eigen::MatrixXd& onset, Rejection* why) {
    const PassiveSamples& at = s1_;
    const auto r =
        passive_run(lanes, onset, on_, at.end, at.rest, at.step_end, s_.stop_when_settled);
    for (std::size_t k = 0; k < lanes.size(); ++k) {
      const Trace tr = trace_of(r, k, at.rest);
      why[k] = passive_features(lanes[k], r.status[k] == sim::LaneStatus::failed,
                                !r.spikes[k].empty(), tr, tr, true);
    }
  }

  // Lane k's trace in r, from sample `first`.
  Trace trace_of(const sim::BatchResult& r, std::size_t k, std::int64_t first) const {
    const auto col = r.trace.col(static_cast<Eigen::Index>(k));
    return {std::span(col.data(), static_cast<std::size_t>(col.size())), first, s_.dt};
  }

  // Lane l's S1 verdict, and its features where viable, from `fall` (the rest window and the
  // step from its onset) and `steady` (the steady-state window). A verdict of n_verdicts: the
  // crossing lies beyond `fall`, which is not `whole` (the trace to the end of the step).
  Rejection passive_features(int l, bool failed, bool spiked, const Trace& fall,
                             const Trace& steady, bool whole) {
    if (failed) return {Verdict::simulation_failed, "simulation failed at -10 pA"};
    if (spiked) return {Verdict::spikes_at_minus_10pA, "spikes during the -10 pA step"};
    const PassiveSamples& at = s1_;
    const double rest = mean_between(fall, at.rest, at.onset);
    const double v_ss = mean_between(steady, at.steady, at.steady_end);
    const double deflection = v_ss - rest;
    if (!(deflection < 0))
      return {Verdict::no_passive_response, "no negative deflection at -10 pA"};
    const auto crossing = fall_time(fall, at.onset, rest + (1 - std::exp(-1.0)) * deflection);
    if (crossing.found == Found::beyond_trace && !whole) return {Verdict::n_verdicts, {}};
    if (crossing.found != Found::yes)
      return {Verdict::no_passive_response, "no time-constant crossing at -10 pA"};
    const double rin = deflection / ne8_passive_current * 1000;
    feature(l, resting_potential) = rest;
    feature(l, input_resistance) = rin;
    feature(l, time_constant) = crossing.time;
    feature(l, capacitance) = crossing.time / rin * 1000;
    return {};
  }

  // S2: each lane's bracket [lo, hi] narrowed by its own sequence of simulations; a lane starts
  // its next simulation as soon as its last one ends (a continuation), so no lane waits for the
  // slowest of a round.
  void rheobase_search() {
    const std::vector<int> lanes = live_;
    const std::size_t n = lanes.size();
    lo_.assign(static_cast<std::size_t>(params_.cols()), 0.0);
    hi_.assign(static_cast<std::size_t>(params_.cols()), first_hi);
    spike_at_hi_.assign(static_cast<std::size_t>(params_.cols()), -1);
    std::vector<double> tested(n, first_hi);
    std::vector<std::uint8_t> bracketed(n, 0);
    std::vector<Rejection> why(n);
    const auto step_of = [](double current) {
      return sim::Stimulus{{{current, ne8_step_start, ne8_step_end}}};
    };
    sim::BatchRequest req;
    req.first_sample = on_;
    req.last_sample = end_;
    req.stop_after_spikes = 1;
    req.stop_when_settled = s_.stop_when_settled;  // only "did it spike" matters here
    req.continuation = [&](const sim::LaneRun& run) -> std::optional<sim::Stimulus> {
      const auto k = static_cast<std::size_t>(run.lane);
      const auto l = static_cast<std::size_t>(lanes[k]);
      if (run.status == sim::LaneStatus::failed) {
        why[k] = {Verdict::simulation_failed, "simulation failed in the rheobase search"};
        return std::nullopt;
      }
      if (!run.spikes.empty()) {  // spiked(tested)
        hi_[l] = tested[k];
        spike_at_hi_[l] = run.spikes.front();
        bracketed[k] = 1;
      } else if (bracketed[k]) {
        lo_[l] = tested[k];
      } else {
        lo_[l] = hi_[l];
        hi_[l] *= 2;
        if (hi_[l] > max_hi) {
          why[k] = {Verdict::no_spike_at_16nA, "no spike at 16 nA"};
          return std::nullopt;
        }
      }
      if (!bracketed[k])
        tested[k] = hi_[l];
      else if (hi_[l] - lo_[l] > resolution)
        tested[k] = (lo_[l] + hi_[l]) / 2;
      else
        return std::nullopt;  // done: rheobase = hi
      return step_of(tested[k]);
    };
    const std::vector<sim::Stimulus> stim(n, step_of(first_hi));
    const Eigen::MatrixXd state = columns(onset_state_, lanes);
    simulate(lanes, &state, stim, req);
    keep_if(lanes, [&](std::size_t k) { return why[k]; });
    for (int l : live_) feature(l, rheobase) = hi_[static_cast<std::size_t>(l)];
  }

  // S3: the first spike at rheobase, recorded in a window around the spike that S2 found.
  void spike_shape_at_rheobase() {
    std::vector<int> retry;
    const std::size_t tile = static_cast<std::size_t>(std::max(1, s_.shape_tile));
    const std::vector<int> lanes = live_;
    for (std::size_t start = 0; start < lanes.size(); start += tile)
      shape_pass(std::vector<int>(lanes.begin() + static_cast<std::ptrdiff_t>(start),
                                  lanes.begin() + static_cast<std::ptrdiff_t>(
                                                      std::min(start + tile, lanes.size()))),
                 s_.shape_window, retry);
    if (!retry.empty()) {
      std::vector<int> none;
      shape_pass(retry, -1, none);  // whole trace from onset to the end
    }
  }

  // window < 0: record from onset to the end of the step. Every lane runs the whole step, its
  // spikes checked against the refractory floor, but stops once it provably never spikes again
  // after its window.
  void shape_pass(const std::vector<int>& lanes, int window, std::vector<int>& retry) {
    if (2 * static_cast<std::int64_t>(window) + 1 >= end_ - on_ + 1) window = -1;  // no smaller
    std::vector<sim::Stimulus> stim(lanes.size());
    sim::BatchRequest req;
    req.first_sample = on_;
    req.last_sample = end_;
    req.min_isi_samples = refractory_samples(s_.refractory_floor, s_.dt);
    req.stop_when_settled = s_.stop_when_settled;
    const std::int64_t length =
        window < 0 ? end_ - on_ + 1 : 2 * static_cast<std::int64_t>(window) + 1;
    req.trace_first = on_;
    req.trace_last = on_ + length - 1;
    req.lane_trace_first.resize(lanes.size());
    for (std::size_t k = 0; k < lanes.size(); ++k) {
      const auto l = static_cast<std::size_t>(lanes[k]);
      stim[k].steps = {{hi_[l], ne8_step_start, ne8_step_end}};
      req.lane_trace_first[k] =
          window < 0 ? on_ : std::clamp(spike_at_hi_[l] - window, on_, end_ - length + 1);
    }
    const Eigen::MatrixXd state = columns(onset_state_, lanes);
    auto r = simulate(lanes, &state, stim, req);
    for (std::size_t k = 0; k < lanes.size(); ++k) {
      const int l = lanes[k];
      if (r.status[k] == sim::LaneStatus::failed) {
        reject(l, Verdict::simulation_failed, "simulation failed at rheobase");
        continue;
      }
      const auto& spikes = r.spikes[k];
      const double min_isi = record_firing(l, spikes);
      if (r.status[k] == sim::LaneStatus::too_fast) {
        reject(l, Verdict::faster_than_refractory_floor,
               refractory_why("at rheobase", min_isi, s_.refractory_floor));
        continue;
      }
      const auto col = r.trace.col(static_cast<Eigen::Index>(k));
      const Trace tr{std::span(col.data(), static_cast<std::size_t>(col.size())),
                     req.lane_trace_first[k], s_.dt};
      const auto shape = spike_shape(tr, spike_at_hi_[static_cast<std::size_t>(l)], on_);
      const bool whole = tr.first == on_ && tr.last() == end_;
      if (shape.found == Found::beyond_trace && !whole) {
        retry.push_back(l);
      } else if (shape.found != Found::yes) {
        reject(l, Verdict::no_spike_shape, "no half-height crossing around the rheobase spike");
      } else if (spikes.size() > 1 && shape.falling >= static_cast<double>(spikes[1]) * s_.dt) {
        reject(l, Verdict::no_spike_shape,
               "the rheobase spike is not isolated: the next spike comes before it falls to half "
               "height");
      } else {
        feature(l, ap_threshold) = shape.threshold;
        feature(l, ap_amplitude) = shape.amplitude;
        feature(l, ap_width) = shape.width;
      }
    }
  }

  // Keeps the spike count and the shortest interval [ms] of lane l's step at rheobase.
  double record_firing(int l, const std::vector<std::int64_t>& spikes) {
    double min_isi = nan;
    for (std::size_t i = 1; i < spikes.size(); ++i) {
      const double isi = static_cast<double>(spikes[i] - spikes[i - 1]) * s_.dt;
      if (!(isi >= min_isi)) min_isi = isi;
    }
    out_.rheobase_spikes[static_cast<std::size_t>(l)] = static_cast<int>(spikes.size());
    out_.rheobase_min_isi[static_cast<std::size_t>(l)] = min_isi;
    return min_isi;
  }

  const sim::ModelFamily& family_;
  const Eigen::MatrixXd& params_;
  const Ne8Settings& s_;
  Ne8Result& out_;
  std::int64_t on_ = 0, end_ = 0;  // stimulus onset and end samples of S2/S3
  Stage stage_ = Stage::settle;    // the stage running, for the cost breakdown
  PassiveSamples s1_{};            // the samples of S1
  std::vector<int> live_;
  Eigen::MatrixXd onset_state_;
  std::vector<double> lo_, hi_;
  std::vector<std::int64_t> spike_at_hi_;
};

}  // namespace

Ne8Result evaluate_ne8(const sim::ModelFamily& family, const Eigen::MatrixXd& params,
                       const Ne8Settings& settings) {
  const Eigen::Index n = params.cols();
  Ne8Result out;
  out.features.setConstant(n_ne8_features, n, nan);
  out.viable.assign(static_cast<std::size_t>(n), 1);
  out.verdict.assign(static_cast<std::size_t>(n), Verdict::viable);
  out.why.assign(static_cast<std::size_t>(n), {});
  out.rheobase_spikes.assign(static_cast<std::size_t>(n), 0);
  out.rheobase_min_isi.assign(static_cast<std::size_t>(n), nan);
  Ne8Batch(family, params, settings, out).run();
  return out;
}

void Ne8Result::reject(Eigen::Index c, Verdict v, std::string reason) {
  const auto k = static_cast<std::size_t>(c);
  viable[k] = 0;
  verdict[k] = v;
  why[k] = std::move(reason);
  features.col(c).setConstant(nan);
}

std::string refractory_why(const std::string& where, double isi_ms, double floor_ms) {
  const auto ms = [](double t) {
    std::ostringstream s;
    s << std::setprecision(4) << t;
    return s.str();
  };
  return "fires faster than the refractory floor " + where + ": spikes " + ms(isi_ms) +
         " ms apart (floor " + ms(floor_ms) + " ms)";
}

void Ne8Result::count(Stage s, const sim::BatchResult& r, double simulate_seconds) {
  lane_steps += r.lane_steps;
  StageCost& c = cost(s);
  c.lane_steps += r.lane_steps;
  c.run_steps += r.run_steps;
  c.vector_steps += r.vector_steps;
  c.runs += r.runs;
  c.settled_runs += r.settled_runs;
  c.settled_steps += r.settled_steps;
  c.whole_runs += r.whole_runs;
  c.whole_steps += r.whole_steps;
  c.simulate_seconds += simulate_seconds;
}

VerdictCounts count_verdicts(const Ne8Result& result) {
  VerdictCounts counts{};
  for (const Verdict v : result.verdict) ++counts[static_cast<std::size_t>(v)];
  return counts;
}

}  // namespace neurofit::ephys

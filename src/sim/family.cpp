#include "neurofit/sim/family.hpp"

#include <array>
#include <stdexcept>

#include "batch_driver.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/model/adex.hpp"
#include "neurofit/model/izhikevich2007.hpp"
#include "neurofit/model/lif.hpp"

namespace neurofit::sim {

namespace {

template <class M>
constexpr ModelFamily make_family() {
  return {M::name,        M::parameters, M::state_names, M::relative_cost,
          &M::rest_state, &M::check,     &run_model<M>};
}

// The registry: adding a model family is one line here plus its own header/source pair.
const std::array<ModelFamily, 3> registry{
    make_family<model::Izhikevich2007>(),
    make_family<model::Adex>(),
    make_family<model::Lif>(),
};

}  // namespace

int ModelFamily::parameter_index(std::string_view parameter) const {
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (parameters[i].name == parameter) return static_cast<int>(i);
  return -1;
}

Eigen::VectorXd ModelFamily::lower_bounds() const {
  Eigen::VectorXd v(n_params());
  for (int i = 0; i < n_params(); ++i) v[i] = parameters[static_cast<std::size_t>(i)].lower;
  return v;
}

Eigen::VectorXd ModelFamily::upper_bounds() const {
  Eigen::VectorXd v(n_params());
  for (int i = 0; i < n_params(); ++i) v[i] = parameters[static_cast<std::size_t>(i)].upper;
  return v;
}

std::span<const ModelFamily> families() {
  return registry;
}

const ModelFamily& find_family(std::string_view name) {
  std::string known;
  for (const auto& f : registry) {
    if (f.name == name) return f;
    known += (known.empty() ? "" : ", ") + std::string(f.name);
  }
  throw InputError(option("model"),
                   "unknown model '" + std::string(name) + "' (known: " + known + ")");
}

BatchResult run_batch(const ModelFamily& family, const Eigen::MatrixXd& params,
                      const Eigen::MatrixXd* initial_state, std::span<const Stimulus> stimuli,
                      const BatchRequest& request) {
  return family.run(params, initial_state, stimuli, request);
}

namespace detail {

void check_request(int n_params, int n_state, const Eigen::MatrixXd& params,
                   const Eigen::MatrixXd* initial_state, std::span<const Stimulus> stimuli,
                   const BatchRequest& r) {
  const std::size_t n_stimuli = stimuli.size();
  const auto lanes = static_cast<std::size_t>(params.cols());
  if (params.rows() != n_params)
    throw std::invalid_argument("parameter matrix has " + std::to_string(params.rows()) +
                                " rows, the model has " + std::to_string(n_params) + " parameters");
  if (initial_state && (initial_state->rows() != n_state || initial_state->cols() != params.cols()))
    throw std::invalid_argument("initial state must be n_state x lanes");
  if (n_stimuli != 1 && n_stimuli != lanes)
    throw std::invalid_argument("give one stimulus for all lanes or one per lane");
  for (const auto& s : stimuli)
    if (auto msg = s.check(); !msg.empty()) throw std::invalid_argument("stimulus: " + msg);
  if (!(r.dt >= 1e-6) || !std::isfinite(r.dt)) throw std::invalid_argument("dt must be >= 1e-6 ms");
  if (r.last_sample < r.first_sample)
    throw std::invalid_argument("last sample lies before the first");
  if (r.trace_first >= 0 && (r.trace_first < r.first_sample || r.trace_last < r.trace_first ||
                             r.trace_last > r.last_sample))
    throw std::invalid_argument("trace window must lie inside the simulated samples");
  if (r.stop_after_spikes < 0) throw std::invalid_argument("stop_after_spikes must be >= 0");
  if (r.min_isi_samples < 0) throw std::invalid_argument("min_isi_samples must be >= 0");
  if (r.continuation && r.trace_first >= 0)
    throw std::invalid_argument("a continuation cannot be combined with a trace");
  if (!r.lane_trace_first.empty()) {
    if (r.trace_first < 0 || r.lane_trace_first.size() != lanes)
      throw std::invalid_argument("lane_trace_first needs a trace window and one entry per lane");
    for (auto f : r.lane_trace_first)
      if (f < r.first_sample || f + (r.trace_last - r.trace_first) > r.last_sample)
        throw std::invalid_argument("a lane's trace window must lie inside the simulated samples");
  }
  if (!r.lane_last_sample.empty()) {
    if (r.lane_last_sample.size() != lanes)
      throw std::invalid_argument("lane_last_sample needs one entry per lane");
    for (auto l : r.lane_last_sample)
      if (l < r.first_sample || l > r.last_sample)
        throw std::invalid_argument("a lane's last sample must lie inside the simulated samples");
  }
}

}  // namespace detail

}  // namespace neurofit::sim

// `neurofit simulate`: one candidate, a current-clamp protocol, its spike times (and trace).
#include <cstdio>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/parameters.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/atomic_file.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/sim/family.hpp"
#include "neurofit/sim/stimulus.hpp"

namespace neurofit::cli {

namespace {}  // namespace

int simulate_command(const SimulateOptions& o) {
  const auto& family = sim::find_family(o.model);
  const Eigen::MatrixXd params = parameters_from(family, o.sets);
  if (auto msg = family.check(params.data()); !msg.empty())
    throw InputError("", "parameters of " + std::string(family.name) + ": " + msg);
  if (!(o.dt >= 1e-6) || !(o.duration > 0))
    throw InputError("", "--duration must be > 0 ms and --dt >= 1e-6 ms");
  if (o.duration > sim::max_time || o.duration / o.dt > 1e12)
    throw InputError("", "--duration: at most 1e12 ms and 1e12 steps of --dt");
  sim::Stimulus stim;
  for (const auto& s : o.steps) stim.steps.push_back(sim::parse_step(s));

  sim::BatchRequest req;
  req.dt = o.dt;
  req.last_sample = sim::first_sample_at_or_after(o.duration, o.dt);
  if (!o.trace.empty()) {
    req.trace_first = 0;
    req.trace_last = req.last_sample;
  }
  const auto r = sim::run_batch(family, params, nullptr, std::span(&stim, 1), req);
  if (!o.trace.empty()) {
    io::write_text_atomically(o.trace, [&](std::ostream& out) {
      out << "t_ms,V_mV\n";
      for (Eigen::Index i = 0; i < r.trace.rows(); ++i)  // V exactly
        out << sim::sample_time_text(i, o.dt) << ',' << io::format_number(r.trace(i, 0)) << '\n';
    });
  }
  for (auto s : r.spikes[0]) std::printf("%.10g\n", static_cast<double>(s) * o.dt);
  std::fprintf(stderr, "%s: %zu spikes in %g ms\n", std::string(family.name).c_str(),
               r.spikes[0].size(), o.duration);
  if (r.status[0] == sim::LaneStatus::failed) {
    std::fprintf(stderr, "neurofit: simulation failed: the state left the finite range at %g ms\n",
                 static_cast<double>(r.last_sample[0]) * o.dt);
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace neurofit::cli

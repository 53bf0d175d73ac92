// `neurofit export --brian2`: a model as a Brian2 script (simulator_export.hpp).
#include <string>

#include "neurofit/io/simulator_export.hpp"
#include "simulator_forms.hpp"

namespace neurofit::io {

namespace {

// Brian2's form of a model unit.
std::string brian2_unit(const std::string& unit) {
  if (unit == "nS/mV") return "b2.nS / b2.mV";
  if (unit == "1/ms") return "1 / b2.ms";
  return "b2." + unit;  // pF, nS, mV, ms, pA
}

constexpr std::string_view doc = R"(@ABOUT@

Brian2 form of neurofit's @MODEL@ model: the same equations, threshold, reset and rest state,
integrated by forward Euler ("euler") at dt = DT_MS, as neurofit integrates it.

Run it:   python3 @ID@_brian2.py [--out DIR] [--set NAME=VALUE ...] [--sweep DUR:AMP:START:END ...]
  simulates SWEEPS (or the sweeps given) and writes per sweep @ID@.brian2.<sweep>.v.csv
  (t_ms,V_mV, as `neurofit simulate --trace`) and @ID@.brian2.<sweep>.spikes.csv (t_ms).
Use it:   from @ID@_brian2 import neuron_group
          group = neuron_group(100)   # 100 such neurons at rest; drive their current I
Times: Brian2 stamps a spike with the start of the Euler step in which V reaches threshold;
neurofit (and NEURON) give the end of that step, one dt later. The spike files keep Brian2's
times. V is sampled at the start of each step, after the previous step's reset: where neurofit's
trace shows the spike's peak sample, this one shows the reset.
)";

constexpr std::string_view body = R"PY(
import warnings

warnings.filterwarnings("ignore", category=FutureWarning, module="pythran")  # on Brian2's import
import brian2 as b2  # noqa: E402

UNITS = {@UNITS@}
EQUATIONS = """
@EQUATIONS@"""
THRESHOLD = "@THRESHOLD@"
RESET = """
@RESET@
"""


def neuron_group(n=1, params=None, current="I : amp", dt_ms=DT_MS, namespace=None):
    """n neurons of the model at rest, integrated by forward Euler at dt_ms [ms]. `current` is the
    equation of I, the injected current [amp]: by default a variable to set or drive from outside,
    or an expression such as "I = stim(t, i) : amp" (with `stim` in `namespace`)."""
    ns = {name: value * UNITS[name] for name, value in (params or PARAMETERS).items()}
    ns.update(namespace or {})
    extra = {}
    if @REFRACTORY@:
        # neurofit holds V at reset for round(t_ref/dt) whole steps after the spike's step; Brian2
        # holds it for one step less than its refractory period in steps.
        extra["refractory"] = (round(float(ns["t_ref"] / (dt_ms * b2.ms))) + 1) * dt_ms * b2.ms
    group = b2.NeuronGroup(n, EQUATIONS + current, threshold=THRESHOLD, reset=RESET,
                           method="euler", namespace=ns, dt=dt_ms * b2.ms, **extra)
    @REST@
    return group


def simulate(params, sweeps, dt_ms=DT_MS):
    """Each sweep on one neuron from rest: V [mV] at samples 0..n (n dt: the duration, rounded up
    to a whole step) and its spikes' times [ms] as Brian2 stamps them."""
    b2.prefs.codegen.target = "numpy"  # needs no compiler
    n = [first_sample_at_or_after(duration, dt_ms) for _, duration, _ in sweeps]
    steps = max(n) + 1  # the monitor records sample i at the start of step i: one step more
    current = np.stack([step_currents(s, steps, dt_ms) for _, _, s in sweeps], axis=1)
    stimulus = b2.TimedArray(current * b2.pA, dt=dt_ms * b2.ms)
    group = neuron_group(len(sweeps), params, "I = neurofit_stimulus(t, i) : amp", dt_ms,
                         {"neurofit_stimulus": stimulus})
    v = b2.StateMonitor(group, "v", record=True)
    spikes = b2.SpikeMonitor(group)
    b2.Network(group, v, spikes).run(steps * dt_ms * b2.ms, namespace={})
    trains = spikes.spike_trains()
    results = []
    for j, nj in enumerate(n):
        times = np.asarray(trains[j] / b2.ms)
        # A spike stamped at step k is neurofit's sample k + 1: keep those up to sample nj.
        results.append((np.asarray(v.v[j, :nj + 1] / b2.mV), times[times < (nj - 0.5) * dt_ms]))
    return results


if __name__ == "__main__":
    main("Brian2", "@ID@.brian2", simulate)
)PY";

}  // namespace

TextFile brian2_script(const ExportedModel& m) {
  const SimulatorForm& form = *find_simulator_form(m.model);
  std::string units;
  for (std::size_t i = 0; i < m.names.size(); ++i)
    units += (i ? ", \"" : "\"") + m.names[i] + "\": " + brian2_unit(m.units[i]);
  const std::string head =
      python_preamble(m, fill(std::string(doc), {{"ABOUT", m.about}, {"MODEL", m.model}}));
  std::string text = head + "\n" + python_helpers() + std::string(body);
  text = fill(text, {{"UNITS", units},
                     {"EQUATIONS", std::string(form.brian2_equations)},
                     {"THRESHOLD", std::string(form.brian2_threshold)},
                     {"RESET", std::string(form.brian2_reset)},
                     {"REFRACTORY", form.refractory ? "True" : "False"},
                     {"REST", std::string(form.brian2_rest)},
                     {"ID", m.id}});
  return {m.id + "_brian2.py", text};
}

}  // namespace neurofit::io

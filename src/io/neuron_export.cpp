// `neurofit export --neuron`: a model as an NMODL point process and a NEURON script
// (simulator_export.hpp).
#include <string>

#include "neurofit/io/simulator_export.hpp"
#include "simulator_forms.hpp"

namespace neurofit::io {

namespace {

constexpr std::string_view doc = R"(@ABOUT@

NEURON form of neurofit's @MODEL@ model: the point process @MECHANISM@ (@MECHANISM@.mod)
carries the model's own V and advances it by forward Euler once per fixed time step dt = DT_MS,
with neurofit's equations, threshold, reset and rest state. The section that holds it takes no
part: NEURON's own membrane integration (implicit) would change the scheme.

Build the mechanism once, in this folder:  nrnivmodl
  (Debian 12's neuron-dev lacks a file nrnivmodl looks for: use neurofit's scripts/nrnivmodl.sh)
Run it:   python3 @ID@_neuron.py [--out DIR] [--set NAME=VALUE ...] [--sweep DUR:AMP:START:END ...]
  simulates SWEEPS (or the sweeps given) and writes per sweep @ID@.neuron.<sweep>.v.csv
  (t_ms,V_mV, as `neurofit simulate --trace`) and @ID@.neuron.<sweep>.spikes.csv (t_ms).
Use it:   from @ID@_neuron import make_cell
          section, cell = make_cell()   # set cell.I [pA], or play a Vector into cell._ref_I
Times: spikes are stamped with the end of the step in which V reaches threshold, as neurofit
does; V at a spike's sample is the reset (neurofit's trace shows the peak there).
)";

constexpr std::string_view body = R"PY(
os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")  # no "no DISPLAY" warning
from neuron import h  # noqa: E402

MECHANISM = "@MECHANISM@"


def load_mechanism():
    """The compiled point process: NEURON loads x86_64/ of the current folder by itself, else
    the one beside this script is loaded."""
    if hasattr(h, MECHANISM):
        return
    library = os.path.join(HERE, "x86_64", ".libs", "libnrnmech.so")
    if not os.path.exists(library):
        sys.exit(f"{MECHANISM} is not compiled: run nrnivmodl in {HERE}")
    h.nrn_load_dll(library)


def make_cell(params=None, name="cell"):
    """A single-compartment cell: a section holding the model's point process, at rest after
    h.finitialize(). I [pA] is its injected current; `spiked` is 1 on the step of a spike, so
    h.NetCon(cell._ref_spiked, target, sec=section) with threshold 0.5 sends its spikes on."""
    load_mechanism()
    section = h.Section(name=name)
    cell = getattr(h, MECHANISM)(section(0.5))
    for key, value in (params or PARAMETERS).items():
        setattr(cell, key, value)
    return section, cell


def simulate(params, sweeps, dt_ms=DT_MS):
    """Each sweep on its own cell from rest, at fixed step dt_ms: V [mV] at samples 0..n (n dt:
    the duration, rounded up to a whole step) and its spikes' times [ms] from a NetCon."""
    n = [first_sample_at_or_after(duration, dt_ms) for _, duration, _ in sweeps]
    kept = []
    for name, _, steps in sweeps:
        section, cell = make_cell(params, name)
        current = h.Vector(step_currents(steps, max(n) + 1, dt_ms))
        current.play(cell._ref_I, dt_ms)  # value i during the step from sample i
        v = h.Vector()
        v.record(cell._ref_V)
        detector = h.NetCon(cell._ref_spiked, None, sec=section)
        detector.threshold = 0.5
        times = h.Vector()
        detector.record(times)
        kept.append((section, cell, current, v, detector, times))
    h.dt = dt_ms
    h.finitialize(-65)
    for _ in range(max(n)):
        h.fadvance()
    results = []
    for nj, (_, _, _, v, _, times) in zip(n, kept):
        t = np.array(times.to_python(), dtype=float)
        results.append((np.array(v.to_python(), dtype=float)[:nj + 1], t[t < (nj + 0.5) * dt_ms]))
    return results


if __name__ == "__main__":
    main("NEURON", "@ID@.neuron", simulate)
)PY";

}  // namespace

TextFile neuron_mechanism(const std::string& model) {
  const SimulatorForm& form = *find_simulator_form(model);
  return {std::string(form.mechanism) + ".mod",
          ": neurofit's " + model +
              " model as a NEURON point process (neurofit export --neuron)\n" + nmodl_text(form)};
}

TextFile neuron_script(const ExportedModel& m) {
  const SimulatorForm& form = *find_simulator_form(m.model);
  const std::string mechanism(form.mechanism);
  const std::string head =
      python_preamble(m, fill(std::string(doc), {{"ABOUT", m.about}, {"MODEL", m.model}}));
  return {m.id + "_neuron.py", fill(head + "\n" + python_helpers() + std::string(body),
                                    {{"MECHANISM", mechanism}, {"ID", m.id}})};
}

}  // namespace neurofit::io

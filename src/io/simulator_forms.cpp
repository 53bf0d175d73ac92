// Each family's equations for Brian2 and NEURON, and the Python the two exports share.
#include "simulator_forms.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "neurofit/errors.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/sim/family.hpp"

namespace neurofit::io {

namespace {

// The NMODL files keep the model's units (pF, nS, mV, ms, pA): dt [ms] x pA / pF is mV.
constexpr std::string_view nmodl_units = R"(UNITS {
  (mV) = (millivolt)
  (pA) = (picoamp)
  (pF) = (picofarad)
  (nS) = (nanosiemens)
}
)";

const std::vector<SimulatorForm>& forms() {
  static const std::vector<SimulatorForm> all{
      {"izhikevich2007",
       "dv/dt = (k*(v - vr)*(v - vt) - u + I)/C : volt\n"
       "du/dt = a*(b*(v - vr) - u) : amp\n",
       "v >= vpeak", "v = c\nu += d", "group.v = ns[\"vr\"]\n    group.u = 0 * b2.pA", false,
       "neurofit_izhikevich2007",
       R"(NEURON {
  POINT_PROCESS neurofit_izhikevich2007
  RANGE C, k, vr, vt, vpeak, a, b, c, d, I, V, u, spiked
}
@UNITS@
PARAMETER {
  C = 100 (pF)
  k = 0.7 (nS/mV)
  vr = -60 (mV)
  vt = -40 (mV)
  vpeak = 35 (mV)
  a = 0.03 (/ms)
  b = -2 (nS)
  c = -50 (mV)
  d = 100 (pA)
  I = 0 (pA)  : injected current during the next step
}
ASSIGNED {
  V (mV)
  u (pA)
  spiked (1)  : 1 on the step of a spike
}
INITIAL {
  V = vr
  u = 0
  spiked = 0
}
BREAKPOINT {
  SOLVE advance
}
: One forward-Euler step from the state at t - dt to t, then the spike test and reset.
PROCEDURE advance() {
  LOCAL Vn, un
  Vn = V + dt * (k * (V - vr) * (V - vt) - u + I) / C
  un = u + dt * a * (b * (V - vr) - u)
  if (Vn >= vpeak) {
    V = c
    u = un + d
    spiked = 1
  } else {
    V = Vn
    u = un
    spiked = 0
  }
}
)"},
      // neurofit evaluates the right-hand side at min(V, V_peak); V lies below V_peak at the start
      // of every step (each crossing is reset below it), so Brian2's form leaves the clamp out.
      {"adex",
       "dv/dt = (-gL*(v - EL) + gL*DeltaT*exp((v - VT)/DeltaT) - w + I)/C : volt\n"
       "dw/dt = (a*(v - EL) - w)/tau_w : amp\n",
       "v >= V_peak", "v = V_reset\nw += b", "group.v = ns[\"EL\"]\n    group.w = 0 * b2.pA", false,
       "neurofit_adex",
       R"(NEURON {
  POINT_PROCESS neurofit_adex
  RANGE C, gL, EL, VT, DeltaT, a, tau_w, b, V_reset, V_peak, I, V, w, spiked
}
@UNITS@
PARAMETER {
  C = 281 (pF)
  gL = 30 (nS)
  EL = -70.6 (mV)
  VT = -50.4 (mV)
  DeltaT = 2 (mV)
  a = 4 (nS)
  tau_w = 144 (ms)
  b = 80.5 (pA)
  V_reset = -60 (mV)
  V_peak = 0 (mV)
  I = 0 (pA)  : injected current during the next step
}
ASSIGNED {
  V (mV)
  w (pA)
  spiked (1)  : 1 on the step of a spike
}
INITIAL {
  V = EL
  w = 0
  spiked = 0
}
BREAKPOINT {
  SOLVE advance
}
: One forward-Euler step from the state at t - dt to t (right-hand side at V clamped to V_peak,
: as neurofit), then the spike test and reset.
PROCEDURE advance() {
  LOCAL Vc, Vn, wn
  Vc = V
  if (Vc > V_peak) {
    Vc = V_peak
  }
  Vn = V + dt * (-gL * (Vc - EL) + gL * DeltaT * exp((Vc - VT) / DeltaT) - w + I) / C
  wn = w + dt / tau_w * (a * (Vc - EL) - w)
  if (Vn >= V_peak) {
    V = V_reset
    w = wn + b
    spiked = 1
  } else {
    V = Vn
    w = wn
    spiked = 0
  }
}
)"},
      {"lif", "dv/dt = (-gL*(v - EL) + I)/C : volt (unless refractory)\n", "v >= V_th",
       "v = V_reset", "group.v = ns[\"EL\"]", true, "neurofit_lif",
       R"(NEURON {
  POINT_PROCESS neurofit_lif
  RANGE C, gL, EL, V_th, V_reset, t_ref, I, V, refractory_steps, spiked
}
@UNITS@
PARAMETER {
  C = 250 (pF)
  gL = 25 (nS)
  EL = -70 (mV)
  V_th = -55 (mV)
  V_reset = -70 (mV)
  t_ref = 2 (ms)
  I = 0 (pA)  : injected current during the next step
}
ASSIGNED {
  V (mV)
  refractory_steps (1)  : steps V is still held at V_reset
  spiked (1)  : 1 on the step of a spike
}
INITIAL {
  V = EL
  refractory_steps = 0
  spiked = 0
}
BREAKPOINT {
  SOLVE advance
}
: One forward-Euler step from the state at t - dt to t, V held at V_reset for round(t_ref/dt)
: whole steps after a spike (as neurofit), then the spike test and reset.
PROCEDURE advance() {
  LOCAL Vn
  if (refractory_steps > 0.5) {
    Vn = V_reset
    refractory_steps = refractory_steps - 1
  } else {
    Vn = V + dt * (-gL * (V - EL) + I) / C
  }
  if (Vn >= V_th) {
    V = V_reset
    refractory_steps = floor(t_ref / dt + 0.5)
    spiked = 1
  } else {
    V = Vn
    spiked = 0
  }
}
)"},
  };
  return all;
}

// A Python string literal of `text` (double quotes; backslashes and quotes escaped).
std::string python_string(const std::string& text) {
  std::string s = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') s += '\\';
    if (c == '\n') {
      s += "\\n";
      continue;
    }
    s += c;
  }
  return s + '"';
}

std::string python_steps(const std::vector<sim::CurrentStep>& steps) {
  std::string s = "[";
  for (std::size_t i = 0; i < steps.size(); ++i)
    s += (i ? ", (" : "(") + format_number(steps[i].amplitude) + ", " +
         format_number(steps[i].start) + ", " + format_number(steps[i].end) + ")";
  return s + "]";
}

}  // namespace

const SimulatorForm* find_simulator_form(std::string_view model) {
  for (const auto& f : forms())
    if (f.model == model) return &f;
  return nullptr;
}

std::string nmodl_text(const SimulatorForm& form) {
  return fill(std::string(form.nmodl), {{"UNITS", std::string(nmodl_units)}});
}

void check_parameters(const SimulatorForm& form, ExportedModel& m, const std::string& source) {
  const auto& family = sim::find_family(form.model);
  std::vector<std::string> names, units;
  std::vector<double> values;
  for (const auto& p : family.parameters) {
    std::size_t i = 0;
    while (i < m.names.size() && m.names[i] != p.name) ++i;
    if (i == m.names.size())
      throw InputError(source, "no parameter '" + std::string(p.name) + "', which the " +
                                   std::string(form.model) + " model needs");
    if (m.units[i] != p.unit)
      throw InputError(source, "parameter '" + m.names[i] + "' is in '" + m.units[i] +
                                   "', the export expects '" + std::string(p.unit) + "'");
    names.push_back(m.names[i]);
    units.push_back(m.units[i]);
    values.push_back(m.values[i]);
  }
  m.names = std::move(names);
  m.units = std::move(units);
  m.values = std::move(values);
}

std::string python_preamble(const ExportedModel& m, const std::string& doc) {
  std::string s = "#!/usr/bin/env python3\n\"\"\"" + doc + "\"\"\"\n";
  s += "import argparse\nimport math\nimport os\nimport sys\n\nimport numpy as np\n\n";
  s += "MODEL = " + python_string(m.model) + "\n";
  s += "ABOUT = " + python_string(m.about) + "\n";
  s += "DT_MS = " + format_number(m.dt) + "  # the fit's forward-Euler step [ms]\n";
  s += "PARAMETERS = {  # model units\n";
  for (std::size_t i = 0; i < m.names.size(); ++i)
    s += "    " + python_string(m.names[i]) + ": " + format_number(m.values[i]) + ",  # " +
         m.units[i] + "\n";
  s += "}\n";
  s +=
      "# The fit's sweeps, each from the rest state at 0 ms: (name, duration [ms], current steps\n";
  s += "# [(amplitude [pA], start [ms], end [ms]), ...]).\nSWEEPS = [\n";
  for (const auto& w : m.sweeps)
    s += "    (" + python_string(w.name) + ", " + format_number(w.duration) + ", " +
         python_steps(w.steps) + "),\n";
  s += "]\n";
  for (const auto& n : m.notes) s += "# Not exported: " + n + ".\n";
  return s;
}

std::string python_helpers() {
  return R"PY(HERE = os.path.dirname(os.path.abspath(__file__))


def options(simulator):
    """The command line: the output folder, the parameters (with changes), the sweeps to run."""
    parser = argparse.ArgumentParser(
        description=f"Simulate neurofit's {MODEL} model ({ABOUT}) in {simulator}.")
    parser.add_argument("--out", default=HERE,
                        help="folder for the output files (default: this script's)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="change a parameter, in model units (repeatable)")
    parser.add_argument("--sweep", action="append", default=[], metavar="DURATION:AMP:START:END",
                        help="run this sweep instead of SWEEPS: DURATION ms with a step of AMP pA "
                             "from START to END ms (repeatable)")
    args = parser.parse_args()
    params = dict(PARAMETERS)
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in params:
            parser.error(f"--set {item}: no parameter '{name}' (known: {', '.join(params)})")
        params[name] = float(value)
    sweeps = SWEEPS
    if args.sweep:
        sweeps = []
        for k, item in enumerate(args.sweep, 1):
            parts = item.split(":")
            if len(parts) != 4:
                parser.error(f"--sweep {item}: expected DURATION:AMP:START:END")
            duration, amp, start, end = (float(x) for x in parts)
            sweeps.append((f"sweep{k}", duration, [(amp, start, end)]))
    return args.out, params, sweeps


def first_sample_at_or_after(t, dt):
    """neurofit's rule: the first sample i with i dt >= t (a multiple of dt up to rounding is it)."""
    return int(math.ceil(t / dt - 1e-9))


def step_currents(steps, n, dt):
    """The injected current [pA] of Euler steps 0..n-1: the step from sample i to i + 1 uses the
    current at i dt, and a current step from START to END acts where START <= i dt < END."""
    current = np.zeros(n)
    for amp, start, end in steps:
        on = min(max(first_sample_at_or_after(start, dt), 0), n)
        off = min(max(first_sample_at_or_after(end, dt), 0), n)
        current[on:off] += amp
    return current


def write_outputs(out, stem, name, v, spikes, dt):
    """<stem>.<sweep>.v.csv (t_ms,V_mV as `neurofit simulate --trace` writes, so that
    `neurofit features` reads it) and <stem>.<sweep>.spikes.csv (t_ms, one spike per line)."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{stem}.{name}.v.csv"), "w") as f:
        f.write("t_ms,V_mV\n")
        f.writelines(f"{i * dt:.12g},{float(x)!r}\n" for i, x in enumerate(v))
    with open(os.path.join(out, f"{stem}.{name}.spikes.csv"), "w") as f:
        f.write("t_ms\n")
        f.writelines(f"{float(t):.12g}\n" for t in spikes)


def main(simulator, stem, simulate):
    """Runs the sweeps the command line asks for and writes their files."""
    out, params, sweeps = options(simulator)
    for (name, _, _), (v, spikes) in zip(sweeps, simulate(params, sweeps)):
        write_outputs(out, stem, name, v, spikes, DT_MS)
        print(f"{name}: {len(spikes)} spikes")
)PY";
}

std::string fill(std::string text,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
  for (const auto& [key, value] : values) {
    std::string mark(1, '@');  // appended piece by piece: GCC 12 warns falsely on "@" + key
    mark.append(key).push_back('@');
    for (auto p = text.find(mark); p != std::string::npos; p = text.find(mark, p + value.size()))
      text.replace(p, mark.size(), value);
  }
  return text;
}

}  // namespace neurofit::io

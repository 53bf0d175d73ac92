#!/usr/bin/env python3
"""Runs the Brian2 and NEURON scripts of `neurofit export` and checks them against `neurofit
simulate`, spike for spike (README "Run a fitted model in Brian2 or NEURON").

  python3 scripts/simulator_crosscheck.py [--neurofit build/src/neurofit] [--work DIR]

Per model family: a short fit (ne8, L5/6 pyramidal cells), its two best models exported with
--brian2 and --neuron; each script runs its own sweeps from the command line, and then, imported,
1 s steps at 1.5x and 3x rheobase for those models and for the reference cells
(tests/data/reference_cells.yaml: Izhikevich's RS, IB, CH; Naud's AdEx patterns; NEST's LIF).
The checks are Tally's (Brian2 stamps a spike with the start of its step, neurofit with the end:
one dt is added to Brian2's times). Prints the agreement per family and simulator; exit status 1
if a check fails.
"""
import argparse
import ast
import importlib.util
import os
import subprocess
import sys
import tempfile

import numpy as np
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAMILIES = ["izhikevich2007", "adex", "lif"]
SIMULATORS = ["brian2", "neuron"]
THRESHOLD = {"izhikevich2007": "vt", "adex": "VT", "lif": "V_th"}  # subthreshold: V below it
V_TOLERANCE = 1e-6  # [mV]
DIVERGED = 1e-3  # [mV]
FIT = """model: {family}
cell_type: neocortex_l56_pyramidal
algorithm: {{name: ibea, population: 32}}
generations: 10
seed: 1
"""


def run(cmd, cwd=None):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r.stdout


def literals(script, names):
    """The module-level constants `names` of an exported script, read without running it."""
    tree = ast.parse(open(script).read())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = getattr(node.targets[0], "id", None)
            if name in names:
                found[name] = ast.literal_eval(node.value)
    return found


def export_fit(neurofit, family, work):
    """Fits briefly, exports the two best models for both simulators; {simulator: [scripts]}."""
    folder = os.path.join(work, family)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "fit.yaml"), "w") as f:
        f.write(FIT.format(family=family))
    run([neurofit, "run", "fit.yaml", "--out", "fit", "--overwrite"], cwd=folder)
    scripts = {}
    for sim in SIMULATORS:
        run([neurofit, "export", "fit/result.h5", f"--{sim}", sim, "--top", "2"], cwd=folder)
        scripts[sim] = sorted(os.path.join(folder, sim, n)
                              for n in os.listdir(os.path.join(folder, sim)) if n.endswith(".py"))
    run([os.path.join(ROOT, "scripts", "nrnivmodl.sh"), os.path.join(folder, "neuron")])
    return scripts


def load(script):
    spec = importlib.util.spec_from_file_location(os.path.basename(script)[:-3], script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def neurofit_sweep(neurofit, family, params, sweep, dt, work):
    """V at every sample and the spike times [ms] of `neurofit simulate` for one sweep."""
    _, duration, steps = sweep
    trace = os.path.join(work, "neurofit-trace.csv")
    cmd = [neurofit, "simulate", "--model", family, "--duration", repr(duration), "--dt", repr(dt),
           "--trace", trace]
    cmd += [f"--set={k}={v!r}" for k, v in params.items()]
    cmd += [f"--step={a!r}:{s!r}:{e!r}" for a, s, e in steps]
    spikes = [float(x) for x in run(cmd).split()]
    return np.loadtxt(trace, delimiter=",", skiprows=1)[:, 1], np.array(spikes)


def read_outputs(folder, stem, name):
    v = np.loadtxt(os.path.join(folder, f"{stem}.{name}.v.csv"), delimiter=",", skiprows=1)[:, 1]
    with open(os.path.join(folder, f"{stem}.{name}.spikes.csv")) as f:
        spikes = np.array([float(x) for x in f.read().split()[1:]])
    return v, spikes


class Tally:
    """Agreement of one family in one simulator, over every sweep compared.

    Per sweep: the same number of spikes; the subthreshold V (below the model's threshold
    parameter: vt, VT or V_th) within V_TOLERANCE at every sample up to the first spike (the whole
    sweep without one: on a spike's upstroke V changes by thousands of mV/ms, and so does the
    amplified last-bit difference); every spike within one step of neurofit's until V first
    differs by more than DIVERGED mV (spike samples left out: neurofit records the peak there,
    the others the reset). Beyond that point the two runs have drifted apart by the amplified
    rounding differences of two correct programs (neurofit fuses multiply-adds, numpy does not):
    the spikes there are counted and their largest shift reported, not held to a step.
    """

    def __init__(self):
        self.models, self.sweeps, self.spikes = set(), 0, 0
        self.shift, self.early_dv, self.dv = 0, 0.0, 0.0
        self.drifted_sweeps, self.drifted_spikes, self.drifted_shift = 0, 0, 0
        self.failures = []

    def add(self, what, model, ref, got, dt, threshold):
        (ref_v, ref_spikes), (v, spikes) = ref, got
        self.models.add(model)
        self.sweeps += 1
        self.spikes += len(ref_spikes)
        if len(spikes) != len(ref_spikes) or len(v) != len(ref_v):
            self.failures.append(f"{what}: {len(spikes)} spikes and {len(v)} samples, neurofit "
                                 f"{len(ref_spikes)} and {len(ref_v)}")
            return
        samples = np.rint(ref_spikes / dt).astype(int)
        off_spike = np.ones(len(v), dtype=bool)
        off_spike[samples] = False
        off_spike[np.rint(spikes / dt).astype(int).clip(0, len(v) - 1)] = False
        diff = np.where(off_spike, np.abs(v - ref_v), 0.0)
        early = samples[0] if len(samples) else len(v)
        sub = np.where(ref_v[:early] < threshold, diff[:early], 0.0).max()
        self.early_dv = max(self.early_dv, float(sub))
        self.dv = max(self.dv, float(diff.max()))
        if not sub <= V_TOLERANCE:
            self.failures.append(f"{what}: subthreshold V {sub:.3g} mV from neurofit's before "
                                 "the first spike")
        beyond = np.flatnonzero(diff > DIVERGED)
        diverged = beyond[0] if len(beyond) else len(v)
        shifts = np.rint(np.abs(spikes - ref_spikes) / dt).astype(int)
        before = samples < diverged
        if len(shifts[before]):
            self.shift = max(self.shift, int(shifts[before].max()))
            if shifts[before].max() > 1:
                self.failures.append(f"{what}: a spike {shifts[before].max()} steps from neurofit's")
        if not before.all():
            self.drifted_sweeps += 1
            self.drifted_spikes += int((~before).sum())
            self.drifted_shift = max(self.drifted_shift, int(shifts[~before].max()))


def check_family(neurofit, family, work, cells, tallies):
    scripts = export_fit(neurofit, family, work)
    for sim in SIMULATORS:
        tally = tallies[(family, sim)]
        for script in scripts[sim]:
            const = literals(script, {"PARAMETERS", "SWEEPS", "DT_MS"})
            params, dt = const["PARAMETERS"], const["DT_MS"]
            stem = os.path.basename(script)[:-len(f"_{sim}.py")]
            # The script's own sweeps, from the command line (files in the script's folder).
            run([sys.executable, script])
            for sweep in const["SWEEPS"]:
                got = read_outputs(os.path.dirname(script), f"{stem}.{sim}", sweep[0])
                if sim == "brian2":
                    got = (got[0], got[1] + dt)
                ref = neurofit_sweep(neurofit, family, params, sweep, dt, work)
                tally.add(f"{stem} {sim} {sweep[0]}", stem, ref, got, dt,
                          params[THRESHOLD[family]])
        # 1 s at 1.5x and 3x rheobase, imported: the fitted models, then the reference cells.
        module = load(scripts[sim][0])
        rheobases = evaluate_rheobase(neurofit, family, module, scripts[sim], cells, work)
        for name, (params, rheobase) in rheobases.items():
            sweeps = [(f"{x}x", 1100.0, [(x * rheobase, 100.0, 1100.0)]) for x in (1.5, 3.0)]
            results = module.simulate(params, sweeps)
            for sweep, (v, spikes) in zip(sweeps, results):
                if sim == "brian2":
                    spikes = spikes + module.DT_MS
                ref = neurofit_sweep(neurofit, family, params, sweep, module.DT_MS, work)
                tally.add(f"{name} {sim} {sweep[0]} rheobase", name, ref, (v, spikes),
                          module.DT_MS, params[THRESHOLD[family]])


def evaluate_rheobase(neurofit, family, module, scripts, cells, work):
    """{name: (parameters, rheobase [pA])} of the exported models and the reference cells."""
    models = {}
    for script in scripts:
        const = literals(script, {"PARAMETERS", "SWEEPS"})
        rheobase = [s for s in const["SWEEPS"] if s[0] == "rheobase"][0][2][0][0]
        models[os.path.basename(script)[:-3]] = (const["PARAMETERS"], rheobase)
    names = list(cells)
    table = os.path.join(work, "cells.csv")
    keys = list(module.PARAMETERS)
    with open(table, "w") as f:
        f.write(",".join(keys) + "\n")
        for n in names:
            f.write(",".join(repr(float(cells[n][k])) for k in keys) + "\n")
    out = run([neurofit, "evaluate", "--model", family, "--params", table, "--cell-type",
               "neocortex_l56_pyramidal", "--features", "rheobase"])
    rows = [line.split(",") for line in out.strip().splitlines()]
    col = rows[0].index("rheobase")
    for n, row in zip(names, rows[1:]):
        models[n] = ({k: float(cells[n][k]) for k in keys}, float(row[col]))
    return models


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neurofit", default=os.path.join(ROOT, "build", "src", "neurofit"))
    parser.add_argument("--work", help="folder for the fits and scripts (default: a temporary one)")
    args = parser.parse_args()
    neurofit = os.path.abspath(args.neurofit)
    cells = yaml.safe_load(open(os.path.join(ROOT, "tests", "data", "reference_cells.yaml")))
    tallies = {(f, s): Tally() for f in FAMILIES for s in SIMULATORS}
    with tempfile.TemporaryDirectory(prefix="neurofit-crosscheck-") as tmp:
        work = os.path.abspath(args.work or tmp)
        for family in FAMILIES:
            check_family(neurofit, family, work, cells[family], tallies)
    print("| model | simulator | models | sweeps | spikes | largest subthreshold V difference "
          "before the 1st spike [mV] | largest spike shift [steps] | sweeps drifted apart (spikes there, largest shift) "
          "| largest V difference [mV] |")
    print("|---|---|---|---|---|---|---|---|---|")
    failures = []
    for (family, sim), t in tallies.items():
        print(f"| {family} | {sim} | {len(t.models)} | {t.sweeps} | {t.spikes} | {t.early_dv:.2g} "
              f"| {t.shift} | {t.drifted_sweeps} ({t.drifted_spikes}, {t.drifted_shift}) "
              f"| {t.dv:.2g} |")
        failures += t.failures
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

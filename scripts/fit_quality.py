#!/usr/bin/python3
"""neurofit's best compromise against a direct search, at equal evaluations (scripts/fit-quality.sh).

For every cell type x model and seed, `neurofit run` fits the model with the settings of
--settings (default config/fit-quality.yaml; its generations are set to meet the budget) and
bench/de_reference.py runs scipy's differential evolution on the largest z with the same budget
($NEUROFIT names the program, default build/src/neurofit). Each side's best model is evaluated
again with `neurofit evaluate` to check that it is viable and not degenerate (its shortest
interval at rheobase). Prints a Markdown table: per pair the
median and worst best largest z over the seeds of each side, their ratio, evaluations and wall
time, and whether neurofit meets the target (median at most the direct search's within 1%, no
seed worse than 1.25 times it; either within 0.01 sd of it, where both fit perfectly). Runs are
kept in --out and reused by a later call.
"""
import argparse
import concurrent.futures
import csv
import io
import os
import statistics
import subprocess
import sys
import time

import h5py
import numpy as np
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEUROFIT = os.environ.get("NEUROFIT", os.path.join(ROOT, "build", "src", "neurofit"))
CELL_TYPES = ["cerebellum_purkinje", "dentate_gyrus_basket", "hippocampus_ca1_basket",
              "hippocampus_ca1_pyramidal", "neocortex_basket", "neocortex_l23_pyramidal",
              "neocortex_l56_pyramidal", "olfactory_bulb_mitral"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def parameter_names(model):
    return [r["parameter"] for r in csv.DictReader(io.StringIO(run([NEUROFIT, "parameters",
                                                                     "--model", model])))]


def check_model(model, cell, names, values, folder):
    """(viable, verdict, spikes at rheobase, shortest interval) of one model, by neurofit."""
    params = os.path.join(folder, "best.csv")
    with open(params, "w") as f:
        f.write(",".join(names) + "\n" + ",".join(repr(float(v)) for v in values) + "\n")
    row = next(csv.DictReader(io.StringIO(run([NEUROFIT, "evaluate", "--model", model,
                                               "--params", params, "--cell-type", cell]))))
    return row["verdict"], int(row["spikes_at_rheobase"]), float(row["min_isi_at_rheobase"])


def neurofit_task(a, settings, cell, model, seed):
    folder = os.path.join(a.out, "neurofit", f"{cell}-{model}-s{seed}")
    os.makedirs(folder, exist_ok=True)
    result = os.path.join(folder, "result.h5")
    per_generation = settings.get("islands", 1)
    if isinstance(per_generation, dict):
        per_generation = per_generation["count"]
    per_generation *= settings.get("algorithm", {}).get("population", 100)
    config = dict(settings, model=model, cell_type=cell, seed=seed,
                  generations=max(1, round(a.evaluations / per_generation) - 1))
    path = os.path.join(folder, "config.yaml")
    text = yaml.safe_dump(config, sort_keys=False)
    old = open(path).read() if os.path.exists(path) else None
    if old != text or not os.path.exists(result):
        with open(path, "w") as f:
            f.write(text)
        run([NEUROFIT, "run", path, "--out", folder, "--quiet", "--overwrite"])
    with h5py.File(result, "r") as f:
        z = f["archive/objectives"][:]
        best = int(np.lexsort((z.sum(axis=1), z.max(axis=1)))[0])
        history = f["history"][:]
        columns = list(f["history"].attrs["columns"])
        params = f["archive/parameters"][best]
        names = list(f["archive/parameters"].attrs["columns"])
    evaluations = int(history[-1, columns.index("evaluations")])
    seconds = float(history[-1, columns.index("seconds")])
    return dict(side="neurofit", cell=cell, model=model, seed=seed, z=float(z[best].max()),
                evaluations=evaluations, seconds=seconds,
                check=check_model(model, cell, names, params, folder))


def de_task(a, cell, model, seed):
    folder = os.path.join(a.out, "de", f"{cell}-{model}-s{seed}")
    os.makedirs(folder, exist_ok=True)
    line_file = os.path.join(folder, "result.txt")
    if not os.path.exists(line_file):
        line = run([sys.executable, os.path.join(ROOT, "bench", "de_reference.py"), "--model",
                    model, "--cell-type", cell, "--evaluations", str(a.evaluations), "--seed",
                    str(seed), "--neurofit", NEUROFIT, "--out", os.path.join(folder, "best.csv")])
        with open(line_file, "w") as f:
            f.write(line)
    fields = dict(kv.split("=", 1) for kv in open(line_file).read().split())
    names = parameter_names(model)
    values = [float(fields[n]) for n in names]
    return dict(side="de", cell=cell, model=model, seed=seed, z=float(fields["largest_z"]),
                evaluations=int(fields["evaluations"]), seconds=float(fields["seconds"]),
                check=check_model(model, cell, names, values, folder))


def table(results, a):
    print(f"| cell type | model | neurofit median (worst) | direct search median (worst) | "
          f"ratio of medians | evaluations | wall s (neurofit / direct) | target | best models |")
    print("|---|---|---|---|---|---|---|---|---|")
    met = 0
    pairs = [(c, m) for c in a.cell_types for m in a.models]
    for cell, model in pairs:
        sides = {}
        for side in ("neurofit", "de"):
            rs = [r for r in results if r["side"] == side and r["cell"] == cell
                  and r["model"] == model]
            sides[side] = rs
        nf, de = ([r["z"] for r in sides[s]] for s in ("neurofit", "de"))
        nf_med, de_med = statistics.median(nf), statistics.median(de)
        # Largest z below 0.01 are perfect fits whichever is smaller: ratios of them mean nothing.
        ok = nf_med <= max(1.01 * de_med, de_med + 0.01) and \
            max(nf) <= max(1.25 * de_med, de_med + 0.01)
        met += ok
        checks = [r["check"] for s in sides.values() for r in s]
        degenerate = [c for c in checks if c[0] != "viable"]
        isi = [c[2] for c in checks if not np.isnan(c[2])]
        note = (f"{len(degenerate)} not viable" if degenerate else "all viable") + \
            (f", shortest interval {min(isi):.3g} ms" if isi else ", single spikes")
        ev = f"{statistics.median(r['evaluations'] for r in sides['neurofit'])} / " \
             f"{statistics.median(r['evaluations'] for r in sides['de'])}"
        secs = f"{statistics.median(r['seconds'] for r in sides['neurofit']):.0f} / " \
               f"{statistics.median(r['seconds'] for r in sides['de']):.0f}"
        print(f"| {cell} | {model} | {nf_med:.3f} ({max(nf):.3f}) | {de_med:.3f} ({max(de):.3f}) "
              f"| {nf_med / de_med:.3f} | {ev} | {secs} | {'met' if ok else 'not met'} | {note} |")
    print(f"\ntarget met on {met} of {len(pairs)} pairs (seeds {' '.join(map(str, a.seeds))}, "
          f"budget {a.evaluations} evaluations; settings {a.settings})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--evaluations", type=int, default=50100)
    ap.add_argument("--cell-types", nargs="+", default=CELL_TYPES)
    ap.add_argument("--models", nargs="+", default=["izhikevich2007", "adex"])
    ap.add_argument("--settings", default=os.path.join(ROOT, "config", "fit-quality.yaml"))
    ap.add_argument("--only", choices=["neurofit", "de"], help="run one side only (no table)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default=os.path.join(ROOT, "results", "fit-quality"))
    a = ap.parse_args()
    with open(a.settings) as f:
        settings = yaml.safe_load(f)
    tasks = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for cell in a.cell_types:
            for model in a.models:
                for seed in a.seeds:
                    if a.only != "de":
                        tasks.append(pool.submit(neurofit_task, a, settings, cell, model, seed))
                    if a.only != "neurofit":
                        tasks.append(pool.submit(de_task, a, cell, model, seed))
        start = time.monotonic()
        results, failed = [], 0
        for t in concurrent.futures.as_completed(tasks):
            try:
                r = t.result()
            except subprocess.CalledProcessError as e:
                failed += 1
                print(f"failed: {' '.join(e.cmd)}\n{e.stderr}", file=sys.stderr)
                continue
            results.append(r)
            print(f"[{time.monotonic() - start:6.0f} s] {r['side']:8} {r['cell']} {r['model']} "
                  f"seed {r['seed']}: largest z {r['z']:.4f} ({r['check'][0]})", file=sys.stderr)
    if failed:
        print(f"fit-quality: {failed} runs failed", file=sys.stderr)
        return 1
    if not a.only:
        table(results, a)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""A reference optimizer for neurofit's best compromise: scipy's differential evolution minimizing
the largest z-score of a cell type directly, with `neurofit evaluate` as the evaluator.

    bench/de_reference.py --model adex --cell-type neocortex_l56_pyramidal [--evaluations 50100]
        [--seed 1] [--popsize 25] [--neurofit build/src/neurofit] [--out best.csv]

Every model parameter is searched within the model's default bounds (`neurofit parameters`). Each
generation is one `neurofit evaluate` call on the whole population (scipy's vectorized mode with
deferred updating), so the evaluations are exactly those neurofit itself would run. The result
is one line of `key=value` pairs on standard output: the best largest z, the evaluations used,
the wall time and the best parameters; --out writes the best model as a one-row CSV that
`neurofit evaluate --params` reads back.
"""
import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import differential_evolution


def bounds_of(neurofit, model):
    """The model's parameter names and default search bounds, from `neurofit parameters`."""
    out = subprocess.run([neurofit, "parameters", "--model", model], check=True,
                         capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    return [r["parameter"] for r in rows], [(float(r["lower"]), float(r["upper"])) for r in rows]


class Evaluator:
    """Largest z of each candidate (columns of x), by one `neurofit evaluate` call per batch."""

    def __init__(self, neurofit, model, cell_type, names, folder):
        self.neurofit, self.model, self.cell_type, self.names = neurofit, model, cell_type, names
        self.params = os.path.join(folder, "params.csv")
        self.table = os.path.join(folder, "table.csv")
        self.evaluations = 0
        self.best = (np.inf, None)

    def __call__(self, x):
        x = np.atleast_2d(np.asarray(x).T).T  # (n_params, N), also for a single candidate
        with open(self.params, "w") as f:
            f.write(",".join(self.names) + "\n")
            for c in range(x.shape[1]):
                f.write(",".join(repr(float(v)) for v in x[:, c]) + "\n")
        subprocess.run([self.neurofit, "evaluate", "--model", self.model, "--params",
                        self.params, "--cell-type", self.cell_type, "--out", self.table],
                       check=True, stderr=subprocess.DEVNULL)
        with open(self.table) as f:
            rows = list(csv.DictReader(f))
        z = np.array([[float(r[k]) for k in r if k.startswith("z_")] for r in rows])
        largest = z.max(axis=1)
        self.evaluations += len(rows)
        k = int(np.argmin(largest))
        if largest[k] < self.best[0]:
            self.best = (float(largest[k]), x[:, k].copy())
        return largest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--cell-type", required=True)
    ap.add_argument("--evaluations", type=int, default=50100,
                    help="budget: generations are added while they fit into it")
    ap.add_argument("--popsize", type=int, default=25, help="members per free parameter")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--neurofit", default="build/src/neurofit")
    ap.add_argument("--out", help="write the best model as a one-row CSV")
    a = ap.parse_args()

    names, bounds = bounds_of(a.neurofit, a.model)
    members = a.popsize * len(names)
    maxiter = max(0, a.evaluations // members - 1)  # the initial population is one generation
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="neurofit-de-") as folder:
        ev = Evaluator(a.neurofit, a.model, a.cell_type, names, folder)
        differential_evolution(ev, bounds, strategy="best1bin", popsize=a.popsize,
                               mutation=(0.5, 1.0), recombination=0.7, maxiter=maxiter, tol=0,
                               atol=0, seed=a.seed, polish=False, vectorized=True,
                               updating="deferred", init="latinhypercube")
    seconds = time.monotonic() - start
    best_z, best_x = ev.best
    if a.out:
        with open(a.out, "w") as f:
            f.write(",".join(names) + "\n" + ",".join(repr(float(v)) for v in best_x) + "\n")
    print(f"model={a.model} cell_type={a.cell_type} seed={a.seed} largest_z={best_z:.6g} "
          f"evaluations={ev.evaluations} seconds={seconds:.1f} " +
          " ".join(f"{n}={v:.6g}" for n, v in zip(names, best_x)))


if __name__ == "__main__":
    sys.exit(main())

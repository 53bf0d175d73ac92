#!/usr/bin/python3
"""ne8 side by side: `neurofit evaluate` against a straightforward per-candidate implementation of
the protocol in numba, on the same random candidates, one core each (README "Measured
performance").

  bench/ne8_numba.py [--models izhikevich2007,adex,lif] [--n 3000] [--seed 1]
                     [--neurofit build/src/neurofit] [--repeats 3] [--check]

The numba side follows the plain procedure of the protocol (README "The ne8 protocol"): each
candidate alone, S1 one traced 800 ms simulation from rest, S2 a fresh 1100 ms simulation per
tested current that stops at the first spike, S3 one traced 1100 ms simulation at rheobase;
forward Euler at 0.025 ms with the same spike, reset and failure rules. It is the kind of code the
original optimizer's stack amounts to once its simulator is compiled. Candidates are drawn
uniformly within the model's default bounds (`neurofit parameters`). Both sides are timed on all
candidates after a warm-up (numba's compilation is reported apart); each figure is the median of
`--repeats` runs. The features of the candidates viable on both sides are compared: numba rounds
each multiply and add apart where neurofit fuses them, so values agree to rounding, and a rheobase
may differ by one bisection step where a current lies that close to the threshold. neurofit's
rules beyond the plain procedure (spikes at rest, the refractory floor, an isolated rheobase
spike) make some candidates not viable there only. --check: exit 1 unless every candidate viable
in neurofit is viable here too, with the same rheobase and its other seven features within 1e-6
(relative) of neurofit's.
"""
import argparse
import csv
import io
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from numba import njit

DT = 0.025
FEATURES = ["rheobase", "input_resistance", "time_constant", "capacitance",
            "resting_potential", "ap_width", "ap_amplitude", "ap_threshold"]
MODELS = {"izhikevich2007": 0, "adex": 1, "lif": 2}


def at(t_ms):
    """The sample index of a protocol time (all of them are multiples of dt)."""
    return int(round(t_ms / DT))


# Samples of the protocol: S1 800 ms, -10 pA from 200 to 700 ms; S2/S3 1100 ms, the step from
# 100 to 1100 ms; windows of S1's means.
S1_END, S1_ON, S1_OFF = at(800), at(200), at(700)
REST0, STEADY0 = at(150), at(650)
STEP_ON, STEP_END = at(100), at(1100)


@njit(cache=False)
def simulate(model, p, amp, on, off, n, trace, stop_at_spike):
    """Simulates samples 0..n from rest with `amp` pA on for samples [on, off). Returns (first
    spike sample or -1, number of spikes, failed). trace: n+1 samples, or empty."""
    traced = trace.shape[0] > 0
    if model == 0:  # Izhikevich 2007: C k vr vt vpeak a b c d
        C, k, vr, vt, peak, a, b, c, d = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
        x, y = vr, 0.0
    elif model == 1:  # AdEx: C gL EL VT DeltaT a tau_w b V_reset V_peak
        C, gL, EL, VT, dT, a, tau_w, b, reset, peak = (p[0], p[1], p[2], p[3], p[4], p[5], p[6],
                                                       p[7], p[8], p[9])
        x, y = EL, 0.0
    else:  # LIF: C gL EL V_th V_reset t_ref; y counts the refractory steps left
        C, gL, EL, peak, reset, t_ref = p[0], p[1], p[2], p[3], p[4], p[5]
        ref_steps = round(t_ref / DT)
        x, y = EL, 0.0
    if traced:
        trace[0] = x
    first, count = -1, 0
    for i in range(n):
        current = amp if on <= i < off else 0.0
        fire = False
        if model == 0:
            dvr = x - vr
            xn = x + DT / C * (k * dvr * (x - vt) + current - y)
            yn = y + DT * a * (b * dvr - y)
            fire = xn >= peak
            sample = peak if fire else xn
            x, y = (c, yn + d) if fire else (xn, yn)
        elif model == 1:
            xc = min(x, peak)
            arg = min(max((xc - VT) / dT, -708.0), 709.0)
            xn = x + DT / C * (-gL * (xc - EL) + gL * dT * math.exp(arg) - y + current)
            yn = y + DT / tau_w * (a * (xc - EL) - y)
            fire = xn >= peak
            sample = peak if fire else xn
            x, y = (reset, yn + b) if fire else (xn, yn)
        else:
            held = y > 0.5
            xn = reset if held else x + DT / C * (-gL * (x - EL) + current)
            fire = xn >= peak
            sample = peak if fire else xn
            y = ref_steps if fire else (y - 1.0 if held else y)
            x = reset if fire else xn
        if traced:
            trace[i + 1] = sample
        if fire:
            count += 1
            if first < 0:
                first = i + 1
        if not (x > -1e6 and abs(y) < 1e9):
            return first, count, True
        if fire and stop_at_spike:
            break
    return first, count, False


@njit(cache=False)
def passive(model, p, out):
    """S1; False where the model is not viable."""
    v = np.empty(S1_END + 1)
    _, count, failed = simulate(model, p, -10.0, S1_ON, S1_OFF, S1_END, v, False)
    if failed or count > 0:
        return False
    rest = 0.0
    for i in range(REST0, S1_ON):
        rest += v[i]
    rest /= S1_ON - REST0
    steady = 0.0
    for i in range(STEADY0, S1_OFF):
        steady += v[i]
    steady /= S1_OFF - STEADY0
    deflection = steady - rest
    if not deflection < 0:
        return False
    level = rest + (1 - math.exp(-1.0)) * deflection
    for i in range(S1_ON, S1_END):
        if v[i + 1] <= level:
            tau = (i - S1_ON + (v[i] - level) / (v[i] - v[i + 1])) * DT
            rin = deflection / -10.0 * 1000
            out[1], out[2], out[3], out[4] = rin, tau, tau / rin * 1000, rest
            return True
    return False


@njit(cache=False)
def rheobase(model, p):
    """S2: the rheobase [pA], or NaN where the model is not viable."""
    empty = np.empty(0)
    lo, hi = 0.0, 1000.0
    while True:
        first, _, failed = simulate(model, p, hi, STEP_ON, STEP_END, STEP_END, empty, True)
        if failed:
            return math.nan
        if first >= 0:
            break
        lo, hi = hi, 2 * hi
        if hi > 16000:
            return math.nan
    while hi - lo > 1:
        mid = (lo + hi) / 2
        first, _, failed = simulate(model, p, mid, STEP_ON, STEP_END, STEP_END, empty, True)
        if failed:
            return math.nan
        if first >= 0:
            hi = mid
        else:
            lo = mid
    return hi


@njit(cache=False)
def spike_shape(model, p, current, out):
    """S3; False where the model is not viable."""
    v = np.empty(STEP_END + 1)
    s, _, failed = simulate(model, p, current, STEP_ON, STEP_END, STEP_END, v, False)
    if failed or s < 0:
        return False
    j = s - 1
    while j > STEP_ON and (v[j] - v[j - 1]) / DT >= 10.0:
        j -= 1
    threshold = v[j]
    amplitude = v[s] - threshold
    h = threshold + amplitude / 2
    rising = math.nan
    for i in range(s - 1, STEP_ON - 1, -1):
        if v[i] < h <= v[i + 1]:
            rising = (i + (h - v[i]) / (v[i + 1] - v[i])) * DT
            break
    falling = math.nan
    for i in range(s, STEP_END):
        if v[i] >= h > v[i + 1]:
            falling = (i + (v[i] - h) / (v[i] - v[i + 1])) * DT
            break
    if math.isnan(rising) or math.isnan(falling):
        return False
    out[5], out[6], out[7] = falling - rising, amplitude, threshold
    return True


@njit(cache=False)
def evaluate(model, params):
    """ne8 of every row of params, candidate by candidate; NaN rows where not viable."""
    out = np.full((params.shape[0], 8), np.nan)
    for c in range(params.shape[0]):
        p = params[c]
        f = np.full(8, np.nan)
        if passive(model, p, f):
            f[0] = rheobase(model, p)
            if not math.isnan(f[0]) and spike_shape(model, p, f[0], f):
                out[c] = f
    return out


def bounds(neurofit, model):
    text = subprocess.run([neurofit, "parameters", "--model", model], check=True,
                          capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    return [r["parameter"] for r in rows], [(float(r["lower"]), float(r["upper"])) for r in rows]


def run_neurofit(neurofit, model, csv_path, out_path):
    start = time.perf_counter()
    subprocess.run([neurofit, "evaluate", "--model", model, "--params", csv_path, "--cell-type",
                    "neocortex_l56_pyramidal", "--out", out_path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def read_features(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return np.array([[float(r[k]) for k in FEATURES] for r in rows])


def compare(a, b):
    """Candidates viable on each side and on both, and the features' agreement on both."""
    va, vb = ~np.isnan(a[:, 0]), ~np.isnan(b[:, 0])
    both = va & vb
    rel = np.abs(a[both] - b[both]) / np.maximum(np.abs(b[both]), 1e-300)
    same_rheobase = np.sum(a[both, 0] == b[both, 0])
    others = rel[:, 1:] if both.any() else np.zeros((0, 7))
    return {"viable_neurofit": int(va.sum()), "viable_numba": int(vb.sum()),
            "both": int(both.sum()), "same_rheobase": int(same_rheobase),
            "within_1e-6": int(np.sum(np.all(others <= 1e-6, axis=1)))}


def side_by_side(args, model, work):
    names, box = bounds(args.neurofit, model)
    rng = np.random.default_rng(args.seed)
    params = np.column_stack([rng.uniform(lo, hi, args.n) for lo, hi in box])
    csv_path, out_path = os.path.join(work, model + ".csv"), os.path.join(work, model + ".out.csv")
    with open(csv_path, "w") as f:
        f.write(",".join(names) + "\n")
        for row in params:
            f.write(",".join(repr(float(x)) for x in row) + "\n")
    params = np.ascontiguousarray(params)
    code = MODELS[model]
    start = time.perf_counter()
    evaluate(code, params[:2])  # compiles
    compile_s = time.perf_counter() - start
    numba_s, neurofit_s = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        mine = evaluate(code, params)
        numba_s.append(time.perf_counter() - start)
        neurofit_s.append(run_neurofit(args.neurofit, model, csv_path, out_path))
    agreement = compare(read_features(out_path), mine)
    return {"model": model, "n": args.n, "neurofit": args.n / statistics.median(neurofit_s),
            "numba": args.n / statistics.median(numba_s), "compile_s": compile_s, **agreement}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="izhikevich2007,adex,lif")
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--neurofit", default="build/src/neurofit")
    ap.add_argument("--check", action="store_true", help="exit 1 unless the two sides agree")
    args = ap.parse_args()
    for model in args.models.split(","):
        if model not in MODELS:
            sys.exit(f"ne8_numba.py: unknown model '{model}' (izhikevich2007, adex, lif)")
    print("model            n   neurofit/s   numba/s   ratio  viable(nf, numba, both)  "
          "same rheobase  other 7 within 1e-6  numba compile s")
    disagree = []
    with tempfile.TemporaryDirectory() as work:
        for model in args.models.split(","):
            r = side_by_side(args, model, work)
            if not r["viable_neurofit"] == r["both"] == r["same_rheobase"] == r["within_1e-6"]:
                disagree.append(model)
            print(f"{r['model']:<15} {r['n']:>5} {r['neurofit']:>11,.0f} {r['numba']:>9,.1f} "
                  f"{r['neurofit'] / r['numba']:>6.1f}x  {r['viable_neurofit']:>6} "
                  f"{r['viable_numba']:>6} {r['both']:>6}  {r['same_rheobase']:>13}  "
                  f"{r['within_1e-6']:>19}  {r['compile_s']:>15.1f}", flush=True)
    if args.check and disagree:
        sys.exit("ne8_numba.py: the two implementations disagree for " + ", ".join(disagree))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bench/scaling_model.py against closed forms: the expected maximum of R normal variables
(R = 2: mean + sd / sqrt(pi); R = 4: mean + 1.02938 sd), rank 0's extra work, the merge time's
interpolation, and the straggler benchmark's case (uniform delays)."""
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import scaling_model as model  # noqa: E402

failures = 0


def check(name, got, want, tolerance):
    global failures
    if abs(got - want) > tolerance:
        print(f"FAIL: {name}: {got:.6g}, expected {want:.6g} +- {tolerance:g}")
        failures += 1


rng = random.Random(3)
for ranks, e_max in ((1, 0.0), (2, 1 / math.sqrt(math.pi)), (4, 1.0293754)):
    t = model.interval_seconds(ranks, 10.0, 1.0, 0.0, 0.0, rng, samples=200000)
    check(f"E[max of {ranks} normals]", t, 10.0 + e_max, 0.01)
# Rank 0's work with no spread: every interval lasts mean + work (plus the latency tree).
t = model.interval_seconds(8, 10.0, 0.0, 2.0, 1e-3, rng, samples=100)
check("rank 0's work and 3 latency stages", t, 12.003, 1e-9)
# Merge times: measured points exactly, log-log between them, at least linear beyond.
inputs = {"merge_seconds_4": 1.0, "merge_seconds_16": 4.0, "merge_seconds_64": 64.0}
check("measured point", model.merge_seconds(inputs, 16), 4.0, 1e-12)
check("log-log between", model.merge_seconds(inputs, 32), 16.0, 1e-9)
check("below the first, linear", model.merge_seconds(inputs, 2), 0.5, 1e-12)
check("beyond, last slope", model.merge_seconds(inputs, 128), 256.0, 1e-9)
# Uniform 0-50% delays on 20 ms, every generation, 2 ranks: 25 / (25 + sd / sqrt(pi)).
sd = 20 * 0.5 / math.sqrt(12)
eff = model.efficiencies(25e-3, sd / 25, lambda n: 0.0, 0.0, 1, [1, 2])
check("straggler efficiency at 2 ranks", eff[1], 25 / (25 + sd / math.sqrt(math.pi)), 0.003)
if failures:
    print(f"ScalingModel: {failures} failure(s)")
    sys.exit(1)
print("ScalingModel: ok")

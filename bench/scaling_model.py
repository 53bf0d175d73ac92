#!/usr/bin/env python3
"""Predicted weak-scaling efficiency of an island run at many ranks (README "Scaling model").

Ranks meet at exchanges only (migration every k generations; gathers every g, a multiple of k).
Between two exchanges rank r computes S_r, the sum of its islands' generation times over k
generations; at a gather, rank 0 then merges every island's first front into the archive (and
every hypervolume_every generations records the hypervolume), which the other ranks wait for at
the next exchange. So one interval of k generations takes max_r (S_r + c_r) + the exchange's own
latency, with c_0 = rank 0's gather work (at gathers) and c_r = 0 elsewhere. S_r is drawn as a
normal variable with the measured mean and spread (Monte Carlo over intervals). Efficiency at N
ranks = time of one rank / time of N ranks, for the same work per rank.

Inputs: the "key value" lines of build/bench/bench_scaling_inputs (generation time, the spread
between islands of a k-generation sum, rank 0's merge time for n islands' fronts, the
hypervolume record). --check-straggler instead predicts bench/straggler.sh's synthetic case
(20 ms + uniform 0-50% per generation, independent between generations, negligible merge).

  bench/scaling_model.py INPUTS.txt [--islands-per-rank P] [--latency-us A]
  bench/scaling_model.py --check-straggler
"""
import argparse
import math
import random
from statistics import NormalDist

RANKS = [1, 2, 4, 16, 64, 256, 1024]


def read_inputs(path):
    values = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            key, value = line.split()
            values[key] = float(value)
    return values


def merge_seconds(inputs, islands):
    """Rank 0's merge of `islands` fronts, interpolated log-log between the measured counts."""
    measured = sorted((int(k.rsplit("_", 1)[1]), v) for k, v in inputs.items()
                      if k.startswith("merge_seconds_"))
    for (n0, t0), (n1, t1) in zip(measured, measured[1:]):
        if islands <= n1:
            if islands <= n0:
                return t0 * islands / n0
            slope = math.log(t1 / t0) / math.log(n1 / n0)
            return t0 * (islands / n0) ** slope
    # Beyond the measurements: the last measured growth, and at least linear (every front is read)
    (n0, t0), (n1, t1) = measured[-2], measured[-1]
    slope = max(1.0, math.log(t1 / t0) / math.log(n1 / n0))
    return t1 * (islands / n1) ** slope


def interval_seconds(ranks, mean, sd, root_work, latency, rng, samples=20000):
    """Expected wall time of one k-generation interval on `ranks` ranks."""
    total = 0.0
    for _ in range(samples):
        slowest = mean + sd * rng.gauss(0, 1) + root_work  # rank 0
        if ranks > 1:
            # the largest of ranks - 1 normals, drawn by inverting the maximum's distribution
            u = rng.random() ** (1.0 / (ranks - 1))
            slowest = max(slowest, mean + sd * NormalDist().inv_cdf(min(u, 1 - 1e-16)))
        total += slowest
    return total / samples + latency * math.ceil(math.log2(ranks)) if ranks > 1 else total / samples


def efficiencies(interval_mean, interval_rel_sd, root_work_of, latency, per_rank, ranks_list,
                 seed=1):
    """interval_mean: one island's time between exchanges; root_work_of(islands): rank 0's
    gather work per such interval, on average."""
    rng = random.Random(seed)
    mean = interval_mean * per_rank
    sd = mean * interval_rel_sd / math.sqrt(per_rank)
    out = [interval_seconds(r, mean, sd, root_work_of(r * per_rank), latency, rng)
           for r in ranks_list]
    return [out[0] / t for t in out]


def print_table(title, rows, ranks_list):
    print(title)
    print("| setting | " + " | ".join(f"{r} ranks" for r in ranks_list) + " |")
    print("|---|" + "---|" * len(ranks_list))
    for name, eff in rows:
        print(f"| {name} | " + " | ".join(f"{100 * e:.1f}%" for e in eff) + " |")


def check_straggler():
    base, spread = 0.020, 0.5
    gen_mean = base * (1 + spread / 2)
    gen_rel_sd = base * spread / math.sqrt(12) / gen_mean
    rows = []
    for k in (1, 10):  # gather_every 1: every generation is an exchange
        rows.append((f"ranks wait every {k} generation{'s' if k > 1 else ''}",
                     efficiencies(k * gen_mean, gen_rel_sd / math.sqrt(k), lambda n: 0.0, 0.0,
                                  1, [1, 2, 4])))
    print_table("predicted for bench/straggler.sh", rows, [1, 2, 4])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="?")
    parser.add_argument("--islands-per-rank", type=int, default=1)
    parser.add_argument("--latency-us", type=float, default=5.0,
                        help="per stage of a log2(ranks)-deep collective (default 5 us)")
    parser.add_argument("--check-straggler", action="store_true")
    a = parser.parse_args()
    if a.check_straggler:
        check_straggler()
        return
    if not a.inputs:
        parser.error("INPUTS.txt (from build/bench/bench_scaling_inputs) is needed")
    x = read_inputs(a.inputs)
    gen_mean = x["generation_seconds_mean"]
    hv = x["hypervolume_record_seconds"]
    latency = a.latency_us * 1e-6
    p = a.islands_per_rank
    # Relative spread between islands of the time between two exchanges, per interval.
    spread = {1: x["generation_seconds_sd"] / gen_mean}
    spread.update({int(key.rsplit("_", 1)[1]): v for key, v in x.items()
                   if key.startswith("interval_sum_relative_sd_")})
    rows = []
    for k, gather_every in ((10, 1), (10, 10), (10, 100), (50, 50), (50, 500)):
        # Ranks meet every min(gather_every, k) generations; the hypervolume is recorded every
        # 10 generations (the default) or at each gather when those are rarer.
        interval = min(gather_every, k)

        def root_work(islands, g=gather_every, i=interval):
            return (merge_seconds(x, islands) + hv * g / max(g, 10)) * i / g
        rows.append((f"migration every {k}, gather every {gather_every}",
                     efficiencies(interval * gen_mean, spread[interval], root_work, latency, p,
                                  RANKS)))
    print_table(f"predicted weak-scaling efficiency, {p} island(s) per rank (generation "
                f"{1e3 * gen_mean:.1f} ms per island; spread between islands of 1, 10, 50 "
                f"generations: " + ", ".join(f"{100 * spread[k]:.1f}%" for k in sorted(spread))
                + ")", rows, RANKS)


if __name__ == "__main__":
    main()

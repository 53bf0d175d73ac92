#!/usr/bin/env bash
# Each model's kernel (sim::run_batch) against the plainest lock-step loop of the same model
# (bench/plain_loops.hpp), in steps/s at batch 64 and 512, with the model's step function alone
# (no batch driver around it) between the two. bench_sim runs 3 times (5 repetitions
# each); the table gives the median over the runs of each run's median, and the range of the
# ratio over the runs (on a shared machine one run can be far off). README "Kernels against the
# plainest loop".
#   bench/kernel_vs_plain.sh [BENCH_SIM]   (default build/bench/bench_sim; an AVX2 build:
#   cmake -S . -B build-avx2 -DNEUROFIT_ARCH=x86-64-v3 && cmake --build build-avx2 --target bench_sim)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-build/bench/bench_sim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for run in 1 2 3; do
  "$bench" --benchmark_filter='^BM_.*/(64|512)$' --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$tmp/$run.json" 2>/dev/null
done
/usr/bin/python3 - "$tmp"/*.json <<'PY'
import json, statistics, sys
runs = []
for path in sys.argv[1:]:
    rate = {}
    for r in json.load(open(path))["benchmarks"]:
        if r.get("aggregate_name") == "median":
            name, lanes = r["run_name"].split("/")
            rate[(name.replace("BM_", ""), int(lanes))] = r["steps/s"]
    runs.append(rate)
print("| model | batch | plain loop steps/s | step alone | kernel (run_batch) | kernel / plain "
      "| range over runs |")
print("|---|---|---|---|---|---|---|")
for model in ("izhikevich2007", "adex", "lif"):
    for lanes in (64, 512):
        med = lambda name: statistics.median(r[(name, lanes)] for r in runs)
        plain, step, kernel = med("plain_" + model), med("step_" + model), med(model)
        ratios = [r[(model, lanes)] / r[("plain_" + model, lanes)] for r in runs]
        print(f"| {model} | {lanes} | {plain:.3g} | {step:.3g} | {kernel:.3g} "
              f"| {kernel / plain:.2f} | {min(ratios):.2f}-{max(ratios):.2f} |")
PY

#!/usr/bin/env bash
# Weak-scaling efficiency under stragglers (README "No waiting between migrations"): one island
# per rank, each generation's evaluation 20 ms plus a random 0-50% per rank (bench_straggler).
# Efficiency at R ranks: the time of 1 rank / the time of R ranks (the work per rank is the same).
# gather_every 1 is the old default (every rank met rank 0 every generation, and agreed on the
# stop flag there); 10, today's default, meets only at migrations.
#   bench/straggler.sh [--generations N]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${BENCH_STRAGGLER:-$PWD/build/bench/bench_straggler}
generations=200
if (($#)); then
  [[ $1 == --generations && -n ${2:-} ]] || { echo "usage: bench/straggler.sh [--generations N]" >&2; exit 2; }
  generations=$2
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

echo "| ranks wait | ranks | ms per generation | efficiency |"
echo "|---|---|---|---|"
for every in 1 10; do
  label=$([[ $every == 1 ]] && echo "every generation (gather_every 1)" || echo "at migrations (gather_every 10)")
  one=
  for ranks in 1 2 4; do
    ms=$(mpirun -n "$ranks" "$bench" --gather-every "$every" --generations "$generations" |
      sed -nE 's/.*per_generation_ms ([0-9.]+).*/\1/p')
    one=${one:-$ms}
    awk -v l="$label" -v r="$ranks" -v ms="$ms" -v one="$one" \
      'BEGIN { printf "| %s | %d | %.2f | %.1f%% |\n", l, r, ms, 100 * one / ms }'
  done
done

#!/usr/bin/env bash
# Campaign makespan, static against dynamic schedule (README "Campaigns"): 4 cell types x
# izhikevich2007 and adex (AdEx tasks take about 4x as long), one rank per task, on RANKS groups.
# In the product's order the static schedule gives 2 groups every Izhikevich task to one group
# and every AdEx task to the other. Ideal: max(total task time / groups, longest task), from the
# tasks' own times (the `done:` line of each task's log.txt) in the same run; makespan: wall time
# around mpirun (start-up and summary included).
#   bench/campaign_schedule.sh [--ranks R] [--generations G]   (defaults 2, 300)
set -euo pipefail
cd "$(dirname "$0")/.."
neurofit=${NEUROFIT:-$PWD/build/src/neurofit}
ranks=2 generations=300
while (($#)); do
  case $1 in
    --ranks) ranks=$2 ;;
    --generations) generations=$2 ;;
    *) echo "usage: bench/campaign_schedule.sh [--ranks R] [--generations G]" >&2; exit 2 ;;
  esac
  shift 2
done
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "| schedule | groups | tasks | total task time s | longest task s | ideal s | makespan s | makespan / ideal |"
echo "|---|---|---|---|---|---|---|---|"
for schedule in static dynamic; do
  cat >"$tmp/$schedule.yaml" <<EOF
cell_types: [neocortex_l56_pyramidal, hippocampus_ca1_basket, neocortex_basket, cerebellum_purkinje]
models: [izhikevich2007, adex]
ranks_per_task: 1
schedule: $schedule
settings: {algorithm: {name: shade, population: 48}, islands: 1, generations: $generations, checkpoint: {every: 0}}
output: $tmp/$schedule
EOF
  start=$(date +%s.%N)
  mpirun -n "$ranks" "$neurofit" campaign "$tmp/$schedule.yaml" >"$tmp/$schedule.out"
  end=$(date +%s.%N)
  # task 3/8 (hippocampus_ca1_basket x izhikevich2007, seed 1): done at generation 300, ...; 2.87 s
  sed -nE 's/^task .*: done at generation .*; ([0-9.e+-]+) s$/\1/p' "$tmp/$schedule.out" |
    awk -v s="$schedule" -v g="$ranks" -v a="$start" -v b="$end" '
      { total += $1; if ($1 > longest) longest = $1; n++ }
      END { ideal = total / g > longest ? total / g : longest
            printf "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f |\n",
                   s, g, n, total, longest, ideal, b - a, (b - a) / ideal }'
done

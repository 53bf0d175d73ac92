#!/usr/bin/env bash
# Peak resident memory per rank (the largest over the ranks, from the run's own `done:` line) of
# the quickstart fit and of 8 islands of population 256 under ne8 and under the spike-train
# protocols, on 1 and 2 ranks (README "Memory per rank").
#   bench/memory.sh [--generations G]   (default 3; the quickstart config keeps its own count
#                                         unless --generations is given)
# NEUROFIT: the program (default build/src/neurofit).
set -euo pipefail
cd "$(dirname "$0")/.."
neurofit=${NEUROFIT:-build/src/neurofit}
generations=3 quickstart_generations=
if [[ ${1:-} == --generations ]]; then generations=$2 quickstart_generations=$2; fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Observations under PROTOCOL: the features of MODEL's reference cell (the book's RS; NEST's
# AdEx), sd 5% of |mean| and at least 0.1, as `neurofit evaluate` prints them.
own_observations() {  # file model protocol
  case $2 in
    izhikevich2007) printf 'C,k,vr,vt,vpeak,a,b,c,d\n100,0.7,-60,-40,35,0.03,-2,-50,100\n' ;;
    adex) printf 'C,gL,EL,VT,DeltaT,a,tau_w,b,V_reset,V_peak\n200,10,-70,-50,2,2,30,0,-58,0\n' ;;
  esac >"$tmp/reference.csv"
  "$neurofit" evaluate --model "$2" --params "$tmp/reference.csv" --protocol "$3" 2>/dev/null |
    /usr/bin/python3 "$(dirname "$0")/memory_observations.py" >"$1"
}

# A config of 8 islands x 256 for MODEL under PROTOCOL: ne8 scores L5/6 pyramidal cells,
# long_square_160pA specimen 325479788's recording, the others the model's reference cell.
big_config() {  # file model protocol
  local observations
  case $3 in
    ne8) observations="cell_type: neocortex_l56_pyramidal" ;;
    long_square_160pA) observations="observations: $PWD/config/observations/allen_325479788.yaml" ;;
    *) own_observations "$tmp/own.yaml" "$2" "$3" && observations="observations: $tmp/own.yaml" ;;
  esac
  cat >"$1" <<EOF
model: $2
$observations
protocol: $3
algorithm: {name: shade, population: 256}
islands: {count: 8, algorithms: [{name: shade}, {name: ibea}]}
migration: {interval: 10, emigrants: 2, topology: ring}
generations: $generations
archive_size: 500
checkpoint: {every: 0}
seed: 1
EOF
}

peak() {  # ranks config -> the done line's peak MB
  local out
  out=$(mpirun -n "$1" "$neurofit" run "$2" --out "$tmp/run" --overwrite --quiet)
  sed -nE 's/.*; peak ([0-9.e+]+) MB resident.*/\1/p' <<<"$out"
}

echo "| fit | generations | 1 rank | 2 ranks |"
echo "|---|---|---|---|"
quick=config/examples/quickstart.yaml
if [[ -n $quickstart_generations ]]; then
  sed "s/^generations: .*/generations: $quickstart_generations/" "$quick" >"$tmp/quickstart.yaml"
  quick=$tmp/quickstart.yaml
fi
echo "| quickstart.yaml (16 islands x 64, ne8) | $(sed -n 's/^generations: //p' "$quick") |" \
  "$(peak 1 "$quick") MB | $(peak 2 "$quick") MB |"
for protocol in ne8 long_square_160pA allen firing; do
  for model in izhikevich2007 adex; do
    big_config "$tmp/big.yaml" "$model" "$protocol"
    echo "| 8 islands x 256, $model, $protocol | $generations |" \
      "$(peak 1 "$tmp/big.yaml") MB | $(peak 2 "$tmp/big.yaml") MB |"
  done
done

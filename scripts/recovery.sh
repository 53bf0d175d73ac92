#!/usr/bin/env bash
# Ground-truth recovery over the published parameter sets (reference models.yaml) and over
# random parameter sets (drawn with a fixed seed within the default bounds, viable under ne8):
# each known model's features under the protocol (ne8 unless --protocol P) become the
# observations (sd = 5% of |mean|, at least 0.01 for a dimensionless feature), neurofit fits from
# scratch within the default bounds (SHADE on the largest z, population 100, 499 generations:
# 50,000 evaluations), and the table shows per target the largest z of the best model, how many
# features lie within 1 sd, the largest and the median parameter error (relative to the search
# range) and wall seconds (scripts/recovery_compare.py, which also puts several protocols' runs
# side by side); then how many targets met the recovery targets.
#   scripts/recovery.sh [--random N] [--protocol P] [--population N] [--generations G] [--seed S]
#                       [--algorithm ibea|nsga2|shade]
set -euo pipefail
cd "$(dirname "$0")/.."
# NEUROFIT: the program to run (default: build/src/neurofit, built by scripts/setup.sh if missing).
neurofit=${NEUROFIT:-build/src/neurofit}
[[ -x $neurofit ]] || scripts/setup.sh >/dev/null
random=20
if [[ "${1:-}" == --random ]]; then random=$2; shift 2; fi
args=("$@")
for default in "--algorithm shade" "--population 100" "--generations 499"; do
  [[ " $* " == *" ${default%% *} "* ]] || args+=($default)
done

izh() {  # name C k vr vt vpeak a b c d
  "$neurofit" recover --model izhikevich2007 --name "$1" "${args[@]}" --set C="$2" \
    --set k="$3" --set vr="$4" --set vt="$5" --set vpeak="$6" --set a="$7" --set b="$8" \
    --set c="$9" --set d="${10}"
}
adex() {  # name C gL EL VT DeltaT a tau_w b V_reset   (V_peak 0 mV, as in Brian2's example)
  "$neurofit" recover --model adex --name "$1" "${args[@]}" --set C="$2" --set gL="$3" \
    --set EL="$4" --set VT="$5" --set DeltaT="$6" --set a="$7" --set tau_w="$8" --set b="$9" \
    --set V_reset="${10}" --set V_peak=0
}

log=$(mktemp)
{
  # Izhikevich (2007) book cells with the plain 9-parameter rules.
  izh RS 100 0.7 -60 -40 35 0.03 -2 -50 100
  izh IB 150 1.2 -75 -45 50 0.01 5 -56 130
  izh CH 50 1.5 -60 -40 25 0.03 1 -40 150
  # Naud et al. (2008) AdEx firing patterns.
  adex tonic 200 10 -70 -50 2 2 30 0 -58
  adex adapting 200 12 -70 -50 2 2 300 60 -58
  adex initial_burst 130 18 -58 -50 2 4 150 120 -50
  adex regular_bursting 200 10 -58 -50 2 2 120 100 -46
  adex delayed_accelerating 200 12 -70 -50 2 -10 300 0 -58
  adex delayed_regular_bursting 100 10 -65 -50 2 -10 90 30 -47
  adex transient 100 10 -65 -50 2 10 90 100 -47
  adex irregular 100 12 -60 -50 2 -11 130 30 -48
  # Random parameter sets (seed 1), the same ones under every protocol.
  if ((random > 0)); then
    for model in izhikevich2007 adex; do
      "$neurofit" recover --model "$model" --name "$model" --random "$random" "${args[@]}"
    done
  fi
} | tee "$log"
echo
scripts/recovery_compare.py "$log"
rm -f "$log"

#!/usr/bin/env bash
# Ground-truth recovery over the published parameter sets (reference models.yaml): each known
# model's ne8 features become the observations (sd = 5% of |mean|), neurofit fits from scratch
# within the default bounds, and the table shows the largest z of the best model, how many
# features lie within 1 sd, and the largest parameter error (relative to the search range).
#   scripts/recovery.sh [--population N] [--generations G] [--seed S] [--algorithm ibea|nsga2]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x build/src/neurofit ]] || scripts/setup.sh >/dev/null
args=(--population 100 --generations 100 "$@")

izh() {  # name C k vr vt vpeak a b c d
  build/src/neurofit recover --model izhikevich2007 --name "$1" "${args[@]}" --set C="$2" \
    --set k="$3" --set vr="$4" --set vt="$5" --set vpeak="$6" --set a="$7" --set b="$8" \
    --set c="$9" --set d="${10}"
}
adex() {  # name C gL EL VT DeltaT a tau_w b V_reset   (V_peak 0 mV, as in Brian2's example)
  build/src/neurofit recover --model adex --name "$1" "${args[@]}" --set C="$2" --set gL="$3" \
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
} | tee "$log"
echo
echo "| cell | model | largest z | features within 1 sd | largest parameter error (of range) | evaluations |"
echo "|---|---|---|---|---|---|"
grep '^summary: ' "$log" | sed 's/^summary: //'
rm -f "$log"

#!/usr/bin/env bash
# Test of the fit-quality comparison on a tiny budget: bench/de_reference.py's best model, scored
# again by `neurofit evaluate`, has the largest z the search reported; scripts/fit_quality.py
# prints its table row and the target line for one pair and seed; runs are reused.
#   tests/scripts/test_fit_quality.sh NEUROFIT_BINARY [SOURCE_DIR]
# Exit 77 (ctest SKIP_RETURN_CODE) only when no python3 with scipy, h5py and yaml exists.
set -uo pipefail

neurofit=${1:?usage: test_fit_quality.sh NEUROFIT_BINARY [SOURCE_DIR]}
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
python=/usr/bin/python3
if ! "$python" -c 'import scipy, h5py, yaml' 2>/dev/null; then
  echo "SKIP: no /usr/bin/python3 with scipy, h5py and yaml (apt-get install python3-scipy ...)"
  exit 77
fi
source "$(dirname "$0")/checks.sh"

# 1. The direct search: 3 generations of 225 (25 x 9 parameters) within a budget of 700.
line=$("$python" "$src/bench/de_reference.py" --model izhikevich2007 --cell-type \
  hippocampus_ca1_basket --evaluations 700 --seed 2 --neurofit "$neurofit" --out "$tmp/best.csv")
echo "$line"
[[ $line == *" evaluations=675 "* ]] || fail "de_reference.py: not 675 evaluations: $line"
reported=$(sed -n 's/.* largest_z=\([^ ]*\) .*/\1/p' <<<"$line")
again=$("$neurofit" evaluate --model izhikevich2007 --params "$tmp/best.csv" --cell-type \
  hippocampus_ca1_basket 2>/dev/null | "$python" -c 'import csv, sys
row = next(csv.DictReader(sys.stdin))
print("%.6g" % max(float(v) for k, v in row.items() if k.startswith("z_")))')
[[ -n $reported && $reported == "$again" ]] ||
  fail "the best model scores $again, the search reported $reported"

# 2. The comparison on one pair and seed, with a small neurofit population.
printf 'algorithm: {name: shade, population: 20}\n' >"$tmp/settings.yaml"
args=(--seeds 1 --evaluations 700 --cell-types hippocampus_ca1_basket --models izhikevich2007
  --settings "$tmp/settings.yaml" --out "$tmp/fq" --jobs 2)
if NEUROFIT=$neurofit "$python" "$src/scripts/fit_quality.py" "${args[@]}" >"$tmp/out" \
  2>"$tmp/err"; then
  cat "$tmp/out"
  grep -q '^| hippocampus_ca1_basket | izhikevich2007 | ' "$tmp/out" || fail "no table row"
  grep -q '| 700 / 675 |' "$tmp/out" || fail "evaluations are not 700 / 675"
  grep -q 'all viable' "$tmp/out" || fail "best models not reported viable"
  grep -q '^target met on [01] of 1 pairs' "$tmp/out" || fail "no target line"
  grep -q 'neocortex' "$tmp/out" && fail "a pair that was not asked for"
else
  fail "fit_quality.py failed: $(cat "$tmp/err")"
fi
config=$tmp/fq/neurofit/hippocampus_ca1_basket-izhikevich2007-s1/config.yaml
grep -q '^generations: 34$' "$config" || fail "generations not set from the budget: $(cat "$config")"
# A second call reuses both runs: nothing is fitted again.
before=$(stat -c %Y "$tmp/fq/neurofit/hippocampus_ca1_basket-izhikevich2007-s1/result.h5")
NEUROFIT=$neurofit "$python" "$src/scripts/fit_quality.py" "${args[@]}" >"$tmp/out2" 2>/dev/null
cmp -s "$tmp/out" "$tmp/out2" || fail "the second call printed another table"
[[ $(stat -c %Y "$tmp/fq/neurofit/hippocampus_ca1_basket-izhikevich2007-s1/result.h5") == "$before" ]] ||
  fail "the second call fitted again"

finish test_fit_quality

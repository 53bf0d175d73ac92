#!/usr/bin/env bash
# Test of scripts/recovery.sh and scripts/recovery_compare.py: the counts of targets met on a
# hand-written run with known answers; then two tiny real runs (two protocols, one random target
# per family) put side by side: one row per target, every protocol's columns, a count line each.
#   tests/scripts/test_recovery_script.sh NEUROFIT_BINARY [SOURCE_DIR]
set -uo pipefail

neurofit=${1:?usage: test_recovery_script.sh NEUROFIT_BINARY [SOURCE_DIR]}
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$(dirname "$0")/checks.sh"

# 1. Known answers: A meets every target, B none (z 1.5, 6% and 2%), C is not viable; A leaves
#    b weakly determined and V_reset undetermined, B none; B's b spreads over 12% within 1 sd.
cat >"$tmp/known.txt" <<'RUN'
A: protocol P, shade, 8 x 2 generations, seed 1, 100 evaluations
identifiability: | A | adex | P | C, gL | b | V_reset |
summary: | A | adex | 0.500 | 3/3 | 0.040 (b) | 0.0050 | 100 | 1 |
B: protocol P, shade, 8 x 2 generations, seed 1, 100 evaluations
  parameter    spread 1 sd spread 2 sd    local sd  verdict
  C                  3.1%       4.2%       1.5%  determined
  b                   12%        20%         3%  determined
identifiability: | B | adex | P | C, gL, b, V_reset | - | - |
summary: | B | adex | 1.500 | 2/3 | 0.060 (b) | 0.0200 | 100 | 1 |
C: not viable
summary: | C | adex | not viable under P | | | | | |
RUN
out=$(/usr/bin/python3 "$src/scripts/recovery_compare.py" "$tmp/known.txt")
echo "$out"
grep -q '^| A | adex | 0.500 | 3/3 | 4.0% b | 0.50% | 1 |$' <<<"$out" || fail "row A"
grep -q '^| C | adex | not viable | ' <<<"$out" || fail "row C"
grep -q '^P (100 evaluations per target): 2 targets viable under it; every feature within 1 sd in 1, every parameter within 5% in 1, median parameter error at most 1% in 1$' <<<"$out" ||
  fail "the count line"
out=$(/usr/bin/python3 "$src/scripts/recovery_compare.py" --verdicts "$tmp/known.txt")
echo "$out"
grep -q '^| A | adex | weakly: b; undetermined: V_reset |$' <<<"$out" || fail "verdicts of A"
grep -q '^| B | adex | all determined |$' <<<"$out" || fail "verdicts of B"
grep -q '^| C | adex | - |$' <<<"$out" || fail "verdicts of C"
out=$(/usr/bin/python3 "$src/scripts/recovery_compare.py" --misses "$tmp/known.txt")
echo "$out"
grep -q '^| P | B | 1.500 | 2/3 | b: 6.0% | 12% | 3% | 2.00% |$' <<<"$out" || fail "miss B"
[[ $(grep -c '^| P | ' <<<"$out") == 1 ]] || fail "misses other than B"

# 2. Two real runs on a tiny budget, side by side.
for protocol in ne8 firing; do
  NEUROFIT=$neurofit "$src/scripts/recovery.sh" --random 1 --protocol "$protocol" \
    --population 8 --generations 2 >"$tmp/$protocol.txt" 2>"$tmp/err" ||
    fail "recovery.sh --protocol $protocol: $(cat "$tmp/err")"
  grep -q "^$protocol (24 evaluations per target): 13 targets viable" "$tmp/$protocol.txt" ||
    fail "recovery.sh --protocol $protocol: no count line of 13 targets"
done
out=$(/usr/bin/python3 "$src/scripts/recovery_compare.py" "$tmp/ne8.txt" "$tmp/firing.txt")
echo "$out"
[[ $(grep -c '^| ' <<<"$out") == 14 ]] || fail "not a header and 13 rows"
grep -q '^| target | model | ne8: largest z | .* | firing: largest z | ' <<<"$out" || fail "header"
for target in RS irregular izhikevich2007-random-1 adex-random-1; do
  grep -q "^| $target | " <<<"$out" || fail "no row for $target"
done
grep -q '^firing (24 evaluations per target)' <<<"$out" || fail "no firing count line"

finish test_recovery_script

#!/usr/bin/env bash
# neurofit's best compromise against a direct minimax search (scipy's differential evolution on
# the largest z, bench/de_reference.py) at equal evaluations, over the 8 cell types x izhikevich2007
# and adex, seeds 1-3: a table of the median and worst best largest z per pair, evaluations and
# wall time, the target (neurofit's median at most the direct search's within 1%, no seed worse
# than 1.25 times it) and whether every best model is viable (not degenerate).
#   scripts/fit-quality.sh [--seeds 1 2 3] [--evaluations 50100] [--jobs N] [--out DIR]
#                          [--settings config/fit-quality.yaml] [--cell-types ...] [--models ...]
# Runs are kept in --out (default results/fit-quality) and reused; about 35 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null  # builds neurofit, installs python3-scipy, h5py and yaml
exec /usr/bin/python3 scripts/fit_quality.py "$@"

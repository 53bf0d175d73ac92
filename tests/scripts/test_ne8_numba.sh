#!/usr/bin/env bash
# bench/ne8_numba.py, the side-by-side benchmark, on 150 random candidates per model family: its
# plain per-candidate implementation of ne8 (numba) and `neurofit evaluate` agree on every
# candidate neurofit finds viable (same rheobase, the other features within 1e-6).
#   tests/scripts/test_ne8_numba.sh NEUROFIT_BINARY [SOURCE_DIR]
# Exit 77 (ctest SKIP_RETURN_CODE) only when no /usr/bin/python3 with numba exists.
set -uo pipefail

neurofit=${1:?usage: test_ne8_numba.sh NEUROFIT_BINARY [SOURCE_DIR]}
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
python=/usr/bin/python3
if ! "$python" -c 'import numba' 2>/dev/null; then
  echo "SKIP: no /usr/bin/python3 with numba (apt-get install python3-numba)"
  exit 77
fi
"$python" "$src/bench/ne8_numba.py" --n 150 --repeats 1 --seed 3 --neurofit "$neurofit" --check

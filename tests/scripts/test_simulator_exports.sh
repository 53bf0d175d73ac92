#!/usr/bin/env bash
# Brian2 and NEURON run the scripts of `neurofit export --brian2/--neuron` for short fits of every
# model family and for the reference cells, spike for spike against `neurofit simulate`
# (scripts/simulator_crosscheck.py says what is checked).
#   tests/scripts/test_simulator_exports.sh NEUROFIT_BINARY [SOURCE_DIR]
# Exit 77 (ctest SKIP_RETURN_CODE) only when Brian2, NEURON or nrnivmodl is not installed.
set -uo pipefail
neurofit=${1:?usage: test_simulator_exports.sh NEUROFIT_BINARY [SOURCE_DIR]}
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! /usr/bin/python3 -c 'import brian2, neuron, yaml' 2>/dev/null || ! command -v nrnivmodl >/dev/null; then
  echo "SKIP: needs python3-brian, python3-neuron, neuron-dev and python3-yaml (scripts/setup.sh)"
  exit 77
fi
exec /usr/bin/python3 "$src/scripts/simulator_crosscheck.py" --neurofit "$neurofit"

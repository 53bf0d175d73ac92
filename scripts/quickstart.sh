#!/usr/bin/env bash
# Set-up, then the main job: fit the Izhikevich (2007) model to neocortical layer 5/6 pyramidal
# cells (NeuroElectro), print the best model, and say where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
out=${1:-results/quickstart}
config=config/examples/izhikevich2007-l56.yaml
echo "== neurofit run $config --out $out"
build/src/neurofit run "$config" --out "$out"
echo
echo "Results: $out/result.h5 (HDF5: the final archive's parameters, objectives and features, the"
echo "per-generation history, the config). Read it with h5py, e.g."
echo "  python3 -c \"import h5py; f = h5py.File('$out/result.h5'); print(f['archive/objectives'][:5])\""

#!/usr/bin/env bash
# Set-up, then the main job: fit the Izhikevich (2007) model to neocortical layer 5/6 pyramidal
# cells (NeuroElectro) with MPI on every core of this machine, print the best model, draw the
# plots, and say where the results are and how to look at them.
#   scripts/quickstart.sh [OUTPUT_FOLDER]      (default results/quickstart; started afresh)
set -euo pipefail
cd "$(dirname "$0")/.."

NEUROFIT_BUILD_TARGET=neurofit scripts/setup.sh  # the program only; scripts/test.sh builds the rest
out=${1:-results/quickstart}
config=config/examples/quickstart.yaml
# 16 islands: up to 16 ranks, one per core (the result does not depend on the number).
ranks=$(nproc 2>/dev/null || echo 1)
((ranks > 16)) && ranks=16
if [[ $(id -u) == 0 ]]; then  # OpenMPI refuses root unless told
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
echo "== mpirun -n $ranks neurofit run $config --out $out"
mpirun -n "$ranks" build/src/neurofit run "$config" --out "$out" --overwrite --log-every 25

echo
echo "== plots"
if /usr/bin/python3 scripts/plot.py "$out/result.h5" --out "$out/plots" --neurofit build/src/neurofit; then
  plots="$out/plots/*.png"
else
  plots="(plotting failed; see above)"
fi
cat <<TEXT

Results in $out:
  result.h5        the final archive (parameters, z-scores, features), every island's
                   population, the history per generation, the config; also checkpoint-*.h5
  plots/           convergence.png, front.png, best_model.png: $plots
Look at them:
  build/src/neurofit inspect $out/result.h5 --top 3       # best models, features vs the cell type
  build/src/neurofit export $out/result.h5 --csv best.csv --top 10
  build/src/neurofit export $out/result.h5 --neuroml nml --top 1   # NeuroML 2 + LEMS
  build/src/neurofit export $out/result.h5 --brian2 b2 --top 1     # a Brian2 script of it
  build/src/neurofit export $out/result.h5 --neuron nrn --top 1    # NEURON (scripts/nrnivmodl.sh nrn)
  python3 -c "import h5py; f = h5py.File('$out/result.h5'); print(f['archive/objectives'][:5])"
Continue the same fit for longer: raise 'generations' in a copy of $config and run it with
  --out $out --resume
TEXT

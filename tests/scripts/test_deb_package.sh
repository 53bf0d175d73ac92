#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` from the build folder, unpacked into a temporary root with
# dpkg -x, then a short fit, inspect and plot with the unpacked program from another folder, with
# the cell type and protocol found in the package's share/neurofit (a cell type added there only).
#   tests/scripts/test_deb_package.sh BUILD_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) only when dpkg-deb or python3 with h5py is not there.
set -euo pipefail
build=$(cd "${1:?usage: test_deb_package.sh BUILD_DIR}" && pwd)
command -v dpkg-deb >/dev/null || { echo "SKIP: no dpkg-deb"; exit 77; }
/usr/bin/python3 -c 'import h5py, matplotlib' 2>/dev/null || { echo "SKIP: no python3-h5py"; exit 77; }
if [[ $(id -u) == 0 ]]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log"; echo "FAIL: cpack -G DEB"; exit 1; }
deb=$(ls "$tmp"/pkg/neurofit_*.deb)
dpkg-deb --info "$deb" | grep -E "Package: neurofit|Depends:" || { echo "FAIL: no control data"; exit 1; }
dpkg -x "$deb" "$tmp/root"
bin=$tmp/root/usr/bin/neurofit
share=$tmp/root/usr/share/neurofit
for f in "$bin" "$share/config/celltypes/neocortex_l56_pyramidal.yaml" "$share/config/protocols/allen.yaml" \
  "$share/config/examples/quickstart.yaml" "$share/jobs/fit.sbatch" "$share/scripts/plot.py"; do
  [[ -e $f ]] || { echo "FAIL: the package lacks ${f#"$tmp/root"}"; exit 1; }
done

# A cell type that only the unpacked tree has: found only if the program reads its own share/.
sed 's/^name: .*/name: packaged_only/' "$share/config/celltypes/neocortex_l56_pyramidal.yaml" \
  >"$share/config/celltypes/packaged_only.yaml"

mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
cat >fit.yaml <<'YAML'
model: izhikevich2007
cell_type: packaged_only
protocol: ne8
algorithm: {name: ibea, population: 16}
generations: 4
seed: 1
YAML
mpirun -n 2 "$bin" run fit.yaml --out out >run.log 2>&1 || { cat run.log; echo "FAIL: run"; exit 1; }
"$bin" inspect out/result.h5 --top 1 >inspect.txt || { echo "FAIL: inspect"; exit 1; }
grep -q "packaged_only" inspect.txt || { cat inspect.txt; echo "FAIL: inspect output"; exit 1; }
/usr/bin/python3 "$share/scripts/plot.py" out/result.h5 --out plots >plot.log 2>&1 ||
  { cat plot.log; echo "FAIL: plot"; exit 1; }
# best_model.png needs the program: plot.py finds the one installed beside it (none is on PATH).
[[ -s plots/best_model.png && -s plots/convergence.png ]] || { cat plot.log; echo "FAIL: no plots"; exit 1; }
echo "deb package: $(basename "$deb") installs, fits, inspects and plots from $tmp/elsewhere"

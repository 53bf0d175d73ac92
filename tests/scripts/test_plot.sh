#!/usr/bin/env bash
# Test of scripts/plot.py: a real short fit plotted (convergence, front, best model), the same file
# as a checkpoint with no binary (best_model.png skipped), a campaign summary built with h5py
# (fitability, best_z), a fit under a protocol with a sweep (sweeps.png, with the recording), and
# bad input (not HDF5, missing file, unknown format).
#   tests/scripts/test_plot.sh NEUROFIT_BINARY [SOURCE_DIR]
# Exit 77 (ctest SKIP_RETURN_CODE) only when no python3 with h5py and matplotlib exists.
set -uo pipefail

neurofit=${1:?usage: test_plot.sh NEUROFIT_BINARY [SOURCE_DIR]}
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
plot=$src/scripts/plot.py

python=
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import h5py, matplotlib, numpy' 2>/dev/null; then
    python=$p
    break
  fi
done
if [[ -z $python ]]; then
  echo "SKIP: no python3 with h5py, matplotlib and numpy (apt-get install python3-h5py" \
    "python3-matplotlib)"
  exit 77
fi

source "$(dirname "$0")/checks.sh"

# check_png FILE: exists, starts with the PNG signature, larger than 10 kB (a figure with content).
check_png() {
  local f=$1 size
  if [[ ! -f $f ]]; then
    fail "$f was not written"
    return
  fi
  if [[ $(head -c 8 "$f" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    fail "$f is not a PNG"
  fi
  size=$(stat -c %s "$f")
  ((size > 10000)) || fail "$f is only $size bytes"
}

# 1. A real short fit.
cat >"$tmp/fit.yaml" <<'EOF'
model: izhikevich2007
cell_type: neocortex_l56_pyramidal
algorithm: {name: ibea, population: 16}
generations: 3
seed: 1
EOF
if ! "$neurofit" run "$tmp/fit.yaml" --out "$tmp/run" --quiet >"$tmp/run.log" 2>&1; then
  cat "$tmp/run.log"
  fail "neurofit run failed"
  exit 1
fi
if "$python" "$plot" "$tmp/run/result.h5" --out "$tmp/figs" --neurofit "$neurofit" \
  >"$tmp/out" 2>"$tmp/err"; then
  for name in convergence front best_model; do
    check_png "$tmp/figs/$name.png"
    grep -qx "$tmp/figs/$name.png" "$tmp/out" || fail "plot.py did not print $tmp/figs/$name.png"
  done
  [[ $(wc -l <"$tmp/out") -eq 3 ]] || fail "plot.py printed $(wc -l <"$tmp/out") lines, not 3"
  [[ ! -s $tmp/err ]] || fail "plot.py wrote to stderr: $(cat "$tmp/err")"
else
  fail "plot.py on a result failed: $(cat "$tmp/err")"
fi

# 2. The same file as a checkpoint, with a binary that does not exist: best_model.png skipped
#    with a message, exit 0.
cp "$tmp/run/result.h5" "$tmp/checkpoint.h5"
"$python" -c 'import h5py, sys
with h5py.File(sys.argv[1], "a") as f:
    f.attrs["format"] = "neurofit-checkpoint"' "$tmp/checkpoint.h5"
if "$python" "$plot" "$tmp/checkpoint.h5" --out "$tmp/ck" --neurofit "$tmp/no-such-binary" \
  >"$tmp/out" 2>"$tmp/err"; then
  check_png "$tmp/ck/convergence.png"
  check_png "$tmp/ck/front.png"
  [[ ! -e $tmp/ck/best_model.png ]] || fail "best_model.png written without a binary"
  grep -q "best_model.png skipped" "$tmp/err" || fail "no message for the skipped best_model.png"
else
  fail "plot.py on a checkpoint without a binary failed: $(cat "$tmp/err")"
fi

# 3. A campaign summary in the layout the campaign code writes.
"$python" - "$tmp/summary.h5" <<'EOF'
import sys
import h5py
import numpy as np

cells = ["neocortex_l56_pyramidal", "hippocampus_ca1_pyramidal", "cerebellum_purkinje"]
models = ["izhikevich2007", "adex", "lif"]
features = ["rheobase", "input_resistance", "time_constant", "capacitance", "resting_potential",
            "ap_width", "ap_amplitude", "ap_threshold"]
rng = np.random.default_rng(1)
fit = rng.uniform(0, 1, (3, 3))
fit[2, 1] = np.nan  # not run
z = rng.exponential(1.5, (3, 3, 8))
z[2, 1] = np.nan
z[:, 2, 5:7] = np.nan  # lif: AP width and amplitude not scored
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["format"] = "neurofit-campaign-summary"
    d = f.create_dataset("fitability", data=fit)
    d.attrs["cell_types"] = cells
    d.attrs["models"] = models
    d = f.create_dataset("best_z", data=z)
    d.attrs["features"] = features
EOF
if "$python" "$plot" "$tmp/summary.h5" --out "$tmp/campaign" >"$tmp/out" 2>"$tmp/err"; then
  check_png "$tmp/campaign/fitability.png"
  check_png "$tmp/campaign/best_z.png"
  [[ $(wc -l <"$tmp/out") -eq 2 ]] || fail "plot.py printed $(wc -l <"$tmp/out") lines, not 2"
else
  fail "plot.py on a campaign summary failed: $(cat "$tmp/err")"
fi

# 4. A fit under a protocol with a sweep, to observations read from a recording (a trace of the
#    RS cell written by neurofit simulate, found from the current folder): sweeps.png as well,
#    with the recording drawn (no "not found" message).
"$neurofit" simulate --model izhikevich2007 --duration 800 --step 250:100:700 \
  --trace "$tmp/rec.csv" >/dev/null 2>&1 || fail "neurofit simulate failed"
cat >"$tmp/sweep.yaml" <<EOF
model: izhikevich2007
protocol:
  sweeps: [{name: step, duration: 800, steps: [{amplitude: 250, start: 100, end: 700}],
            features: [spike_count, mean_frequency]}]
observations: {traces: [{file: $tmp/rec.csv}]}
algorithm: {name: ibea, population: 8}
generations: 2
EOF
if "$neurofit" run "$tmp/sweep.yaml" --out "$tmp/sweep" --quiet >"$tmp/run.log" 2>&1 &&
  "$python" "$plot" "$tmp/sweep/result.h5" --out "$tmp/sweepfigs" --neurofit "$neurofit" \
    >"$tmp/out" 2>"$tmp/err"; then
  check_png "$tmp/sweepfigs/sweeps.png"
  grep -qx "$tmp/sweepfigs/sweeps.png" "$tmp/out" || fail "plot.py did not print sweeps.png"
  ! grep -q "not found" "$tmp/err" || fail "the recording was not found: $(cat "$tmp/err")"
else
  fail "a fit under a protocol and its plots failed: $(cat "$tmp/run.log" "$tmp/err")"
fi

# 5. Bad input: a non-zero exit, one line on stderr, nothing on stdout.
printf 'not hdf5\n' >"$tmp/junk.h5"
"$python" -c 'import h5py, sys
with h5py.File(sys.argv[1], "w") as f: f.attrs["format"] = "something-else"' "$tmp/other.h5"
for bad in "$tmp/junk.h5" "$tmp/missing.h5" "$tmp/other.h5"; do
  "$python" "$plot" "$bad" --out "$tmp/bad" >"$tmp/out" 2>"$tmp/err"
  status=$?
  ((status != 0)) || fail "plot.py $bad exited 0"
  [[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "plot.py $bad: stderr not one line: $(cat "$tmp/err")"
  grep -qF "$bad" "$tmp/err" || fail "plot.py $bad: the message does not name the file"
  [[ ! -s $tmp/out ]] || fail "plot.py $bad printed: $(cat "$tmp/out")"
done

finish test_plot

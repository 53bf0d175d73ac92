#!/usr/bin/env bash
# Compiles the NMODL files of a folder for NEURON (as `nrnivmodl` run there), for the point
# processes of `neurofit export --neuron`:
#   scripts/nrnivmodl.sh DIR
# Debian 12's neuron-dev installs nrnivmodl's makefile in /usr/lib/nrn, where nrnivmodl does not
# look: there it runs nrnivmodl with NRNHOME set to a folder of links that puts each piece where
# nrnivmodl expects it. It builds DIR/x86_64/.libs/libnrnmech.so, which `python3 -c "from neuron
# import h"` loads when started in DIR (the export's scripts load it from beside themselves). The
# `special` executable is not needed for Python and is not built there.
set -euo pipefail
dir=${1:?usage: scripts/nrnivmodl.sh DIR}
command -v nrnivmodl >/dev/null || { echo "nrnivmodl.sh: no nrnivmodl (apt-get install neuron-dev)" >&2; exit 1; }
cd "$dir"
bindir=$(dirname "$(command -v nrnivmodl)")
if [[ -n ${NRNHOME:-} || -e $bindir/nrnmech_makefile ]]; then
  exec nrnivmodl
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir "$home/bin"
ln -s "$(command -v nocmodl)" "$home/bin/nocmodl"
ln -s /usr/lib/nrn/nrnmech_makefile "$home/bin/nrnmech_makefile"
ln -s /usr/lib/nrn "$home/lib"
ln -s /usr/include "$home/include"
ln -s /usr/share "$home/share"
log=$(mktemp)
# The mechanism library is linked before `special`, whose build fails there (a missing header).
NRNHOME=$home nrnivmodl >"$log" 2>&1 || true
if [[ ! -f x86_64/.libs/libnrnmech.so ]]; then
  cat "$log" >&2
  rm -f "$log"
  echo "nrnivmodl.sh: no x86_64/.libs/libnrnmech.so was built in $dir" >&2
  exit 1
fi
rm -f "$log"
echo "nrnivmodl.sh: built $dir/x86_64/.libs/libnrnmech.so"

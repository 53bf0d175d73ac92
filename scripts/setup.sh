#!/usr/bin/env bash
# Installs what neurofit needs (Debian 12 packages, with apt-get, only what is missing), then
# configures and builds it into build/. Safe to run again: quiet when everything is there.
#   scripts/setup.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ make cmake pkg-config
  openmpi-bin libopenmpi-dev libboost-mpi-dev libboost-serialization-dev
  libhdf5-dev libeigen3-dev libyaml-cpp-dev libcli11-dev
  googletest libgtest-dev libbenchmark-dev
  python3 python3-h5py python3-matplotlib python3-numpy python3-yaml python3-scipy clang-format
  slurmctld slurmd slurm-client munge  # scripts/slurm-local.sh: a one-machine Slurm for the tests
  python3-brian neuron neuron-dev python3-neuron  # the Brian2 and NEURON exports' cross-check
  python3-numba  # bench/ne8_numba.py, the side-by-side benchmark of ne8
  libx11-dev libxext-dev libncurses-dev  # linked by Debian's nrnivmodl makefile into mechanisms
  dpkg-dev  # dpkg-shlibdeps, for `cpack -G DEB` (the DebPackage test)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "neurofit setup: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    apt_get=(apt-get)
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    apt_get=(sudo apt-get)
  else
    echo "neurofit setup: cannot install packages (not root, no password-less sudo); as root run:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${apt_get[@]}" update -qq && "${apt_get[@]}" install -y -qq "${missing[@]}"; } >/tmp/neurofit-apt.log 2>&1; then
    echo "neurofit setup: apt-get could not install ${missing[*]}; its log: /tmp/neurofit-apt.log" >&2
    tail -n 5 /tmp/neurofit-apt.log >&2
    exit 1
  fi
fi

build=${NEUROFIT_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$build"
if ! cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >"$build/configure.log" 2>&1; then
  echo "neurofit setup: cmake configure failed; see $build/configure.log" >&2
  tail -n 20 "$build/configure.log" >&2
  exit 1
fi
# NEUROFIT_BUILD_TARGET: what to build (default all; scripts/quickstart.sh builds the program only).
if ! cmake --build "$build" -j "$jobs" --target "${NEUROFIT_BUILD_TARGET:-all}" \
  >"$build/build.log" 2>&1; then
  echo "neurofit setup: build failed; see $build/build.log" >&2
  grep -E "error|Error" "$build/build.log" | head -n 20 >&2
  exit 1
fi
echo "neurofit setup: built $build/src/neurofit"

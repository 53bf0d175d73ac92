#!/usr/bin/env bash
# Checks that GCC vectorizes every model's lane loop (the hot loop of the simulator) in each
# variant (recording or not, with or without the failure test), for AVX2 (x86-64-v3) and AVX-512
# (x86-64-v4), with the project's flags: in the step function alone and where the batch driver
# runs it (inlined into sim::step_until_spike's time loop). A change that leaves a kernel scalar
# fails here, not only in a benchmark.
#   tests/check_vectorization.sh CXX SOURCE_DIR EIGEN_INCLUDE_DIR
set -euo pipefail
cxx=$1
src=$2
eigen=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for model in izhikevich2007:Izhikevich2007 adex:Adex lif:Lif; do
  file=${model%%:*}
  cls=${model##*:}
  header=$src/include/neurofit/model/$file.hpp
  line=$(grep -n 'for (int l = l0; l < l0 + lane_width; ++l)' "$header" | cut -d: -f1)
  # The step alone, and the driver's loop around it (which GCC may inline the step into or not:
  # a file of its own, so that either way the loop is reported once per variant).
  cat >"$tmp/${file}_step.cpp" <<CPP
#include "neurofit/model/$file.hpp"
using M = neurofit::model::$cls;
std::int64_t recording(const neurofit::model::StepArrays& a, int n) { return M::step<true>(a, n); }
std::int64_t plain(const neurofit::model::StepArrays& a, int n) { return M::step<false>(a, n); }
std::int64_t recording_unchecked(const neurofit::model::StepArrays& a, int n) { return M::step<true, false>(a, n); }
std::int64_t plain_unchecked(const neurofit::model::StepArrays& a, int n) { return M::step<false, false>(a, n); }
CPP
  cat >"$tmp/${file}_driver.cpp" <<CPP
#include "batch_driver.hpp"
#include "neurofit/model/$file.hpp"
using M = neurofit::model::$cls;
using neurofit::model::StepArrays;
template std::int64_t neurofit::sim::step_until_spike<M, true, true>(const StepArrays&, int,
                                                                     std::int64_t, std::int64_t,
                                                                     double*, int);
template std::int64_t neurofit::sim::step_until_spike<M, false, true>(const StepArrays&, int,
                                                                      std::int64_t, std::int64_t,
                                                                      double*, int);
template std::int64_t neurofit::sim::step_until_spike<M, true, false>(const StepArrays&, int,
                                                                      std::int64_t, std::int64_t,
                                                                      double*, int);
template std::int64_t neurofit::sim::step_until_spike<M, false, false>(const StepArrays&, int,
                                                                       std::int64_t, std::int64_t,
                                                                       double*, int);
CPP
  for where in step driver; do
    for arch in x86-64-v3 x86-64-v4; do
      found=$("$cxx" -std=c++20 -O3 -march=$arch -mprefer-vector-width=512 -ffp-contract=off \
        -fno-trapping-math -I"$src/include" -I"$src/src/sim" -isystem "$eigen" \
        -fopt-info-vec-optimized -c "$tmp/${file}_$where.cpp" -o "$tmp/$file.o" 2>&1 |
        grep -c "$file.hpp:$line:.*optimized: loop vectorized" || true)
      if [[ $found -ne 4 ]]; then
        echo "FAIL: $cls lane loop (line $line, $where) vectorized in $found of 4 variants for $arch"
        status=1
      else
        echo "ok: $cls lane loop vectorized (recording or not, failure test or not, $where) for $arch"
      fi
    done
  done
done
exit $status

#!/usr/bin/env bash
# Weak and strong scaling of `neurofit run` over MPI ranks, for the README (a measurement, not a
# test). Times the fixed fit of config/examples/scaling.yaml (izhikevich2007 to L5/6 pyramidal, all
# 8 features, IBEA, 64 per island, ring migration every 10 generations) with plain `mpirun -n R`
# for R = 1, 2, 4, ... up to --max-ranks:
#   weak:   --per-rank islands on every rank (the work grows with R; ideal: constant time),
#   strong: per-rank x max-ranks islands whatever R (fixed work; ideal: time / R).
# Each point runs --repeats times and the median is reported, with the spread, because one run
# of a few seconds on a shared machine is noise. Configs, logs and the tables go to --out.
# The run's "migration and gathering" share is time inside the collectives on the rank with the
# most of it: mostly waiting (for the slowest island's generation, or for rank 0 updating the
# archive and hypervolume after each gather), not data transfer; --gather-every 1 shows what
# gathering every generation (the old default) costs.
#
# Usage: scripts/scaling.sh [--max-ranks N] [--generations G] [--repeats K] [--per-rank I]
#                           [--gather-every N] [--neurofit PATH] [--out DIR]
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
max_ranks=$(nproc)
generations=100  # ~3 s per point on one core for 2 islands: well above mpirun's ~0.4 s start-up
repeats=3
per_rank=2       # >1 so that a rank's islands can even out, and strong scaling has work to split
gather_every=10
neurofit=$repo/build/src/neurofit
out=results/scaling
base_config=$repo/config/examples/scaling.yaml

die() { echo "scaling.sh: $*" >&2; exit 1; }
usage() { sed -n '/^# Usage/,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "$0"; }

while (($#)); do
  case $1 in
    --max-ranks) max_ranks=${2:?}; shift 2 ;;
    --generations) generations=${2:?}; shift 2 ;;
    --repeats) repeats=${2:?}; shift 2 ;;
    --per-rank) per_rank=${2:?}; shift 2 ;;
    --gather-every) gather_every=${2:?}; shift 2 ;;
    --neurofit) neurofit=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
for v in max_ranks generations repeats per_rank gather_every; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "--${v//_/-} must be a positive integer, not '${!v}'"
done
[[ -x $neurofit ]] || die "no neurofit executable at '$neurofit' (build it, or pass --neurofit)"
command -v mpirun > /dev/null || die "mpirun not found (install Open MPI or MPICH)"
[[ -f $base_config ]] || die "missing $base_config"

mkdir -p "$out/configs" "$out/logs"
out=$(cd "$out" && pwd)
# The result files are not wanted, only the timings: they go to a temporary folder.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap also runs on Ctrl-C or kill

# Open MPI refuses to run as root unless told; containers and CI run as root.
if ((EUID == 0)); then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
# Open MPI gives a node one slot per physical core, while nproc counts hardware threads.
cores=$(lscpu -p=CORE,SOCKET 2> /dev/null | grep -v '^#' | sort -u | wc -l || true)
((cores > 0)) || cores=$(nproc)
mpi_flags=()
if ((max_ranks > $(nproc))); then
  # Without it mpirun refuses; with it the timings measure time-sharing, not scaling.
  echo "scaling.sh: warning: --max-ranks $max_ranks > $(nproc) CPUs: oversubscribed" >&2
  mpi_flags+=(--oversubscribe)
elif ((max_ranks > cores)); then
  # Hyperthreads: allowed, but two ranks then share a core's arithmetic units.
  echo "scaling.sh: note: --max-ranks $max_ranks > $cores cores: ranks on hardware threads" >&2
  mpi_flags+=(--use-hwthread-cpus)
fi

ranks_list=()
for ((r = 1; r < max_ranks; r *= 2)); do ranks_list+=("$r"); done
ranks_list+=("$max_ranks")  # also when it is not a power of two (e.g. 6 cores: 1 2 4 6)

# A copy of the base config with the measured point's keys replaced (not appended: YAML
# duplicate keys are an error).
make_config() {  # islands -> path
  local file=$out/configs/scaling-i$1-g$generations-ge$gather_every.yaml
  {
    grep -Ev '^(islands|generations|gather_every):' "$base_config"
    printf 'islands: %d\ngenerations: %d\ngather_every: %d\n' "$1" "$generations" "$gather_every"
  } > "$file"
  echo "$file"
}

# CPU time the whole machine spent busy (user, nice, system, irq, softirq, steal), in clock ticks:
# minus the runs' own CPU time, it shows whether something else ran during a point (here the
# first measurement on 2 shared cores halved "2 ranks" because of a compiler in the background).
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
hz=$(getconf CLK_TCK)
TIMEFORMAT='%U %S'  # bash's `time`: the run's user and system CPU seconds, ranks included

median() { sort -g | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Runs one point --repeats times; prints "wall_median wall_spread% run_median evaluations
# exchange%_median other_cores_max". A failed run stops the script with its stderr: a missing
# point would make the table lie.
measure() {  # mode ranks islands
  local mode=$1 ranks=$2 islands=$3 config walls=() runs=() shares=() others=() evaluations=0 k
  config=$(make_config "$islands")
  for ((k = 1; k <= repeats; k++)); do
    local log=$out/logs/$mode-r$ranks-i$islands-$k t0 t1 b0 b1 cpu rc=0 done_line
    local cmd=(mpirun -n "$ranks" "${mpi_flags[@]}" "$neurofit" run "$config"
               --out "$tmp/result-$mode-$ranks-$k" --quiet)
    b0=$(busy) t0=$(date +%s.%N)
    { time "${cmd[@]}" > "$log.out" 2> "$log.err"; } 2> "$log.time" || rc=$?
    t1=$(date +%s.%N) b1=$(busy)
    done_line=$(grep -m1 '^done: ' "$log.out" || true)
    if ((rc != 0)) || [[ -z $done_line ]]; then
      {
        echo "scaling.sh: run failed (exit $rc): ${cmd[*]}"
        echo "--- stderr ($log.err):"; cat "$log.err"
        echo "--- stdout, last lines ($log.out):"; tail -n 5 "$log.out"
      } >&2
      exit 1
    fi
    # done: 100 generations, 25856 evaluations in 2.87 s (9e+03 evaluations/s); 10 migrations;
    # migration and gathering 7.9% of wall time (most on a rank)
    read -r evaluations run share < <(sed -E \
      's/.* ([0-9]+) evaluations in ([0-9.e+-]+) s .*migration and gathering ([0-9.e+-]+)%.*/\1 \2 \3/' \
      <<< "$done_line")
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
    runs+=("$run")
    shares+=("$share")
    cpu=$(tail -n1 "$log.time" | awk '{print $1 + $2}')
    others+=("$(awk -v b="$((b1 - b0))" -v hz="$hz" -v c="$cpu" -v a="$t0" -v z="$t1" \
      'BEGIN {o = (b / hz - c) / (z - a); print (o > 0 ? o : 0)}')")
  done
  local wall
  wall=$(printf '%s\n' "${walls[@]}" | median)
  printf '%s %s %s %s %s %s\n' "$wall" \
    "$(printf '%s\n' "${walls[@]}" | sort -g | awk -v m="$wall" 'NR == 1 {lo = $1} {hi = $1} END {printf "%.0f", 100 * (hi - lo) / m}')" \
    "$(printf '%s\n' "${runs[@]}" | median)" "$evaluations" \
    "$(printf '%s\n' "${shares[@]}" | median)" "$(printf '%s\n' "${others[@]}" | sort -g | tail -n1)"
}

table() {  # mode
  local mode=$1 r islands line wall spread run evaluations share other t1_wall='' t1_run=''
  echo
  if [[ $mode == weak ]]; then
    echo "weak scaling: $per_rank islands per rank (efficiency t1 / tR; ideal 100%)"
  else
    echo "strong scaling: $((per_rank * max_ranks)) islands in total (efficiency t1 / (R tR); ideal 100%)"
  fi
  printf '%5s %7s %8s %6s %7s %11s %8s %8s %8s %9s %6s\n' ranks islands wall_s spread run_s \
    evaluations evals/s eff_wall eff_run mig+gath other
  for r in "${ranks_list[@]}"; do
    if [[ $mode == weak ]]; then islands=$((per_rank * r)); else islands=$((per_rank * max_ranks)); fi
    line=$(measure "$mode" "$r" "$islands")  # not read < <(...): that would hide its exit 1
    read -r wall spread run evaluations share other <<< "$line"
    t1_wall=${t1_wall:-$wall} t1_run=${t1_run:-$run}
    awk -v mode="$mode" -v r="$r" -v i="$islands" -v w="$wall" -v s="$spread" -v t="$run" \
      -v e="$evaluations" -v p="$share" -v o="$other" -v w1="$t1_wall" -v t1="$t1_run" 'BEGIN {
        n = mode == "weak" ? 1 : r
        printf "%5d %7d %8.2f %5s%% %7.2f %11d %8.0f %7.0f%% %7.0f%% %8.2f%% %6.2f\n",
          r, i, w, s, t, e, e / t, 100 * w1 / (n * w), 100 * t1 / (n * t), p, o }'
    if awk -v o="$other" 'BEGIN {exit !(o > 0.2)}'; then
      echo "  (warning: other processes used up to $other cores during this point: rerun when idle)"
    fi
  done
}

{
  cpu_model=$(grep -m1 -E '^(model name|Model|cpu model)' /proc/cpuinfo | sed 's/.*: //' || true)
  echo "machine: $(nproc) CPUs (nproc), $cores cores, ${cpu_model:-unknown CPU}," \
    "$(mpirun --version 2>/dev/null | head -n1), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "run: $(basename "$base_config"), $generations generations, gather_every $gather_every," \
    "median of $repeats; $neurofit of $(date -u -r "$neurofit" '+%Y-%m-%d %H:%M UTC')"
  echo "wall_s: around mpirun (start-up and result file included); run_s: the run's own 'done:'"
  echo "seconds; mig+gath: the run's 'migration and gathering' share (most on a rank); spread:"
  echo "(max - min) / median of wall_s; other: cores busy with other processes (max of the repeats)"
  table weak
  table strong
} | tee "$out/scaling.txt"
echo "(tables in $out/scaling.txt; configs and logs in $out)"

# shellcheck shell=bash
# Helpers for the integration tests on the local single-node Slurm (scripts/slurm-local.sh).
# Source it from a test script; the test then reads like:
#   slurm_start                          # or exits 77 (skipped) where Slurm cannot run
#   trap slurm_cleanup EXIT              # cancels the job and stops the cluster, also on failure
#   slurm_submit -o "$work/job.out" tests/slurm/requeue.sbatch COMMAND ARGS && job=$slurm_job
#   slurm_wait_state "$job" RUNNING 30 || slurm_fail "job $job never ran"
# Every function fails with a message rather than exiting, except slurm_fail and slurm_skip.

slurm_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
slurm_local=$slurm_root/scripts/slurm-local.sh
export NEUROFIT_SLURM_DIR=${NEUROFIT_SLURM_DIR:-/tmp/neurofit-slurm}
export SLURM_CONF=$NEUROFIT_SLURM_DIR/slurm.conf
slurm_started_here=0
slurm_jobs=()         # jobs this test submitted (cancelled on cleanup)
slurm_watchers=()     # background slurm_watch loops (stopped on cleanup)

slurm_skip() {
  echo "SKIPPED: $*"
  exit 77
}

slurm_fail() {
  local job
  echo "FAILED: $*" >&2
  for job in "${slurm_jobs[@]}"; do
    scontrol show job "$job" 2>/dev/null | sed 's/^/  /' >&2
  done
  local f
  for f in "$NEUROFIT_SLURM_DIR"/log/slurmctld.log "$NEUROFIT_SLURM_DIR"/log/slurmd.log; do
    [[ -s $f ]] && { echo "--- tail of $f" >&2; tail -n 10 "$f" >&2; }
  done
  exit 1
}

# Starts the local cluster unless one already runs there (then it is left running afterwards).
slurm_start() {
  if "$slurm_local" status >/dev/null 2>&1; then
    return 0
  fi
  local out status=0
  out=$("$slurm_local" start 2>&1) || status=$?
  if ((status == 77)); then
    slurm_skip "no local Slurm here: $(grep -m1 'slurm-local:' <<<"$out" | sed 's/^slurm-local: //')"
  fi
  slurm_started_here=1
  ((status == 0)) || { echo "$out" >&2; slurm_fail "scripts/slurm-local.sh start failed"; }
}

slurm_stop() {
  if ((slurm_started_here)); then
    "$slurm_local" stop >/dev/null || echo "slurm-local.sh stop failed" >&2
    slurm_started_here=0
  fi
}

# Cancels what this test submitted and stops the cluster if it started it; for `trap ... EXIT`.
slurm_cleanup() {
  local job pid
  for pid in "${slurm_watchers[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for job in "${slurm_jobs[@]}"; do
    scancel "$job" 2>/dev/null || true
  done
  slurm_stop
}

# sbatch with its arguments; sets slurm_job to the job id (not in $(...): the id must reach
# slurm_jobs in this shell so that slurm_cleanup cancels the job).
slurm_job=""
slurm_submit() {
  local out
  out=$(sbatch --parsable "$@") || return 1
  slurm_job=${out%%;*}
  slurm_jobs+=("$slurm_job")
}

# One field of `scontrol show job`, e.g. slurm_job_field 12 JobState.
slurm_job_field() {  # slurm_job_field JOB FIELD
  scontrol show job -o "$1" 2>/dev/null | grep -o "\b$2=[^ ]*" | head -n 1 | cut -d= -f2-
}

# Waits until the job is in STATE (e.g. RUNNING, COMPLETED). Fails early when the job reaches a
# final state other than the one awaited.
slurm_wait_state() {  # slurm_wait_state JOB STATE TIMEOUT_SECONDS
  local job=$1 want=$2 deadline=$((SECONDS + $3)) state
  while :; do
    state=$(slurm_job_field "$job" JobState)
    [[ $state == "$want" ]] && return 0
    case $state in
      COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE)
        echo "job $job ended $state while waiting for $want" >&2
        return 1
        ;;
    esac
    ((SECONDS < deadline)) || { echo "job $job not $want after $3 s (now ${state:-gone})" >&2; return 1; }
    sleep 0.1
  done
}

# Records in FILE, in the background, each change of the job's state, reason and restart count
# ("JobState=RUNNING Reason=None Restarts=0"), one line each, until the job is gone or completed.
slurm_watch() {  # slurm_watch JOB FILE
  local job=$1 file=$2
  (
    last=""
    while :; do
      now=$(scontrol show job -o "$job" 2>/dev/null | grep -oE '\b(JobState|Reason|Restarts)=[^ ]*' | tr '\n' ' ')
      now=${now% }
      [[ -z $now ]] && break
      [[ $now != "$last" ]] && echo "$now" >>"$file" && last=$now
      [[ $now == *JobState=COMPLETED* || $now == *JobState=FAILED* || $now == *JobState=CANCELLED* ]] && break
      sleep 0.05
    done
  ) &
  slurm_watchers+=($!)
}

# Waits until a shell condition holds, e.g. slurm_wait_for 20 '[[ $(<count) -ge 5 ]]'.
slurm_wait_for() {  # slurm_wait_for TIMEOUT_SECONDS CONDITION
  local deadline=$((SECONDS + $1))
  until eval "$2" 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "not true after $1 s: $2" >&2; return 1; }
    sleep 0.1
  done
}

#!/usr/bin/env bash
# shellcheck disable=SC2016  # slurm_wait_for conditions are single-quoted: it evaluates them
# Integration smoke test on a real single-node Slurm (scripts/slurm-local.sh): a batch job
# (requeue.sbatch running counter.sh as a job step) counts in a state file; the test "preempts" it
# mid-run with `scancel --batch --signal=USR1`, the step saves and exits 3, the batch script
# requeues the job (scontrol requeue), and the requeued run must continue from the saved count to
# the end. Exit 77 (skipped) where Slurm cannot run here (not root, packages not installable).
# Leaves no daemons running that it started, also on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/slurm/slurm_lib.sh
source "$here/slurm_lib.sh"

target=30  # counts; 0.2 s each, so an uninterrupted run takes 6 s
[[ $(id -u) -eq 0 ]] || slurm_skip "the local Slurm runs its daemons as root; this user is $(id -un)"
work=$(mktemp -d /tmp/neurofit-slurm-test.XXXXXX)
cleanup() {
  local status=$?
  slurm_cleanup
  if ((status == 0)); then rm -rf "$work"; else echo "files kept in $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT  # so that cleanup runs when ctest kills the test on its timeout

t0=$SECONDS
slurm_start
echo "cluster up after $((SECONDS - t0)) s"

slurm_submit --chdir="$work" -o "$work/job.out" "$here/requeue.sbatch" \
  "$here/counter.sh" "$work/count" "$target" || slurm_fail "sbatch failed"
job=$slurm_job
slurm_watch "$job" "$work/states"
echo "submitted job $job"

slurm_wait_for 30 '[[ -s $work/count && $(<"$work/count") -ge 5 ]]' || slurm_fail "job $job does not count"
scancel --batch --signal=USR1 "$job" || slurm_fail "scancel --signal=USR1 failed"
echo "preempted job $job at count $(<"$work/count")"

# After the requeue the job waits (BeginTime, cred_expire + 1 s), then runs again to the end.
slurm_wait_for 20 '[[ $(slurm_job_field "$job" Restarts) -ge 1 ]]' || slurm_fail "job $job was not requeued"
slurm_wait_state "$job" COMPLETED 40 || slurm_fail "job $job did not complete after its requeue"
sleep 0.2  # let the watcher note the final state

echo "states of job $job:"
sed 's/^/  /' "$work/states"
echo "output of job $job:"
sed 's/^/  /' "$work/job.out"

# The count: run 0 from 1 to k (5 <= k < target), run 1 from k+1 to the target, each count once.
expected=$(
  for ((i = 1; i <= target; i++)); do echo "count=$i"; done
)
[[ $(cut -d' ' -f2 "$work/count.log") == "$expected" ]] ||
  slurm_fail "counts are not 1..$target once each: $(tr '\n' ' ' <"$work/count.log")"
k=$(grep -c '^run=0 ' "$work/count.log" || true)
((k >= 5 && k < target)) || slurm_fail "the first run counted to $k, not stopped mid-way"
[[ $(grep -c '^run=1 ' "$work/count.log") -eq $((target - k)) ]] ||
  slurm_fail "the requeued run did not count from $k to $target"
grep -q '^run=[2-9]' "$work/count.log" && slurm_fail "the job ran more than twice"
[[ $(slurm_job_field "$job" Restarts) == 1 ]] || slurm_fail "Restarts is not 1"
[[ $(slurm_job_field "$job" ExitCode) == 0:0 ]] || slurm_fail "ExitCode is not 0:0"
grep -q "counter: run 0 got USR1, saved at $k, exits 3" "$work/job.out" ||
  slurm_fail "the first run's output is missing (requeue truncated it?)"
grep -q "counter: run 1 starts at $k" "$work/job.out" || slurm_fail "run 1 did not start at $k"
grep -q 'JobState=PENDING Reason=BeginTime Restarts=1' "$work/states" ||
  slurm_fail "the requeued job was not seen pending"

echo "PASSED: job $job counted to $k, was preempted, requeued itself and went on to $target" \
  "($((SECONDS - t0)) s)"

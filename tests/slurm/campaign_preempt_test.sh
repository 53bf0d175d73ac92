#!/usr/bin/env bash
# shellcheck disable=SC2016  # slurm_wait_for conditions are single-quoted: it evaluates them
# Integration test of jobs/campaign.sbatch on a real single-node Slurm (scripts/slurm-local.sh):
# a small campaign (4 tasks, 1 rank each, on 2 ranks) runs as one job through
# `srun --mpi=pmix neurofit campaign`; once a task has written a checkpoint the test "preempts"
# the job with `scancel --batch --signal=USR1` (what --signal=B:USR1@N does before the time
# limit). The ranks stop with checkpoints and exit 3, the job script requeues the job, and the
# requeued run resumes the stopped tasks and runs the rest. The results must equal, bit for bit,
# those of the same campaign run without interruption by `mpirun -n 2 neurofit campaign`
# (compare_results.py: /archive/objectives, /archive/parameters, /history but its wall seconds).
#   campaign_preempt_test.sh NEUROFIT
# Exit 77 (skipped) where Slurm cannot run here (not root, packages not installable) or mpirun or
# h5py is missing. Leaves no daemons running that it started, also on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/slurm/slurm_lib.sh
source "$here/slurm_lib.sh"

neurofit=${1:?usage: $0 NEUROFIT}
[[ $neurofit == /* ]] || neurofit=$PWD/$neurofit
job_script=$slurm_root/jobs/campaign.sbatch
generations=120  # about 3 s per Izhikevich task and 6 s per AdEx task here

[[ -x $neurofit ]] || { echo "FAILED: no neurofit program at $neurofit" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || slurm_skip "the local Slurm runs its daemons as root; this user is $(id -un)"
command -v mpirun >/dev/null || slurm_skip "no mpirun for the uninterrupted reference run"
/usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null ||
  slurm_skip "/usr/bin/python3 lacks h5py or numpy (Debian: python3-h5py) to compare the results"
# The ranks run as root here (srun and mpirun); the job inherits this environment.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export NEUROFIT=$neurofit
# 2 ranks need 2 CPUs: pretend to have them where the machine has one.
if (($(nproc) < 2)); then export NEUROFIT_SLURM_CPUS=2; fi

work=$(mktemp -d /tmp/neurofit-slurm-campaign.XXXXXX)
ref_pid=""
cleanup() {
  local status=$?
  if [[ -n $ref_pid ]]; then kill "$ref_pid" 2>/dev/null || true; fi
  slurm_cleanup
  if ((status == 0)); then rm -rf "$work"; else echo "files kept in $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT  # so that cleanup runs when ctest kills the test on its timeout

# The campaign twice, told apart only by the output folder: the job's and the reference's.
write_campaign() {  # write_campaign FILE OUTPUT
  cat >"$1" <<EOF
# Written by tests/slurm/campaign_preempt_test.sh: 2 cell types x 2 models, short fits.
cell_types: [neocortex_l56_pyramidal, hippocampus_ca1_basket]
models: [izhikevich2007, adex]
ranks_per_task: 1
settings:
  algorithm: {population: 24}
  islands: 2
  migration: {interval: 5}
  generations: $generations
  archive_size: 100
  checkpoint: {every: 5, keep: 2}
output: $2
EOF
}
write_campaign "$work/job.yaml" "$work/job"
write_campaign "$work/reference.yaml" "$work/reference"

t0=$SECONDS
slurm_start
echo "cluster up after $((SECONDS - t0)) s"

# The script's own #SBATCH lines ask for 2 nodes and hours; the command line wins.
slurm_submit --chdir="$work" -o "$work/job.out" --job-name=neurofit-campaign-test --nodes=1 \
  --ntasks=2 --time=10 "$job_script" "$work/job.yaml" || slurm_fail "sbatch failed"
job=$slurm_job
slurm_watch "$job" "$work/states"
echo "submitted job $job: $job_script $work/job.yaml"

slurm_wait_state "$job" RUNNING 30 || slurm_fail "job $job never ran"
slurm_wait_for 60 'compgen -G "$work/job/*/checkpoint-*.h5" >/dev/null' ||
  slurm_fail "job $job wrote no checkpoint"
scancel --batch --signal=USR1 "$job" || slurm_fail "scancel --signal=USR1 failed"
echo "preempted job $job after $((SECONDS - t0)) s, at $(
  cd "$work/job" && compgen -G '*/checkpoint-*.h5' | tr '\n' ' '
)"

# After the requeue the job waits (BeginTime, cred_expire + 1 s), then runs again to the end.
# Meanwhile the reference runs the same campaign without interruption.
slurm_wait_for 30 '[[ $(slurm_job_field "$job" Restarts) -ge 1 ]]' ||
  slurm_fail "job $job was not requeued"
mpirun -n 2 --oversubscribe "$neurofit" campaign "$work/reference.yaml" >"$work/reference.out" 2>&1 &
ref_pid=$!
slurm_wait_state "$job" COMPLETED 150 || slurm_fail "job $job did not complete after its requeue"
sleep 0.2  # let the watcher note the final state
ref_status=0
wait "$ref_pid" || ref_status=$?
ref_pid=""
if ((ref_status != 0)); then
  tail -n 20 "$work/reference.out" >&2
  slurm_fail "the reference run (mpirun -n 2 neurofit campaign) failed with status $ref_status"
fi

echo "states of job $job:"
sed 's/^/  /' "$work/states"
echo "output of job $job (without progress lines):"
grep -vE '^ *[0-9]+ ' "$work/job.out" | grep -v '^|' | sed 's/^/  /'

# The job: requeued once, then completed.
[[ $(slurm_job_field "$job" Restarts) == 1 ]] || slurm_fail "Restarts is not 1"
[[ $(slurm_job_field "$job" ExitCode) == 0:0 ]] || slurm_fail "ExitCode is not 0:0"
grep -q 'JobState=PENDING Reason=BeginTime Restarts=1' "$work/states" ||
  slurm_fail "the requeued job was not seen pending"
# Run 1 (its output kept by --open-mode=append): USR1 passed on, tasks stopped, job requeued.
run1=$(sed -n '/ run 1 on /,/ run 2 on /p' "$work/job.out")
run2=$(sed -n '/ run 2 on /,$p' "$work/job.out")
[[ -n $run1 ]] || slurm_fail "the first run's output is missing (requeue truncated it?)"
[[ -n $run2 ]] || slurm_fail "no second run in the output"
grep -q 'USR1: asking neurofit to checkpoint and stop' <<<"$run1" ||
  slurm_fail "the job script did not get or pass on USR1"
grep -qE '^task [0-9]/4 .*: stopped; its checkpoint is in' <<<"$run1" ||
  slurm_fail "no task of the first run stopped with a checkpoint"
grep -q "requeued job $job" <<<"$run1" || slurm_fail "the job script did not requeue the job"
grep -q 'done at generation' <<<"$run1" && slurm_fail "a task finished before the preemption"
# Run 2: the stopped tasks resumed from their checkpoints, every task finished.
grep -qE '^task [0-9]/4 .*: resuming$' <<<"$run2" || slurm_fail "the second run resumed no task"
[[ $(grep -cE "^task [0-9]/4 .*: done at generation $generations," <<<"$run2") == 4 ]] ||
  slurm_fail "the second run did not finish all 4 tasks"
resumed=$(grep -l "resuming from .*checkpoint-[0-9]*\.h5 at generation" "$work"/job/*/log.txt || true)
[[ -n $resumed ]] || slurm_fail "no task's log.txt shows a resume from a checkpoint"
for log in $resumed; do
  echo "$(basename "$(dirname "$log")"): $(grep -o 'stopped by signal [0-9]* at generation [0-9]*' "$log")," \
    "$(grep -o 'resuming from .*' "$log" | sed 's|/.*/||')"
done
[[ -s $work/job/summary.csv ]] || slurm_fail "the job wrote no summary"

# The results: those of the uninterrupted run, bit for bit.
/usr/bin/python3 "$here/compare_results.py" "$work/reference" "$work/job" ||
  slurm_fail "the preempted campaign's results differ from the uninterrupted run's"

echo "PASSED: job $job was preempted, requeued itself, resumed $(wc -w <<<"$resumed") task(s)" \
  "and gave the uninterrupted run's results ($((SECONDS - t0)) s)"

#!/usr/bin/env bash
# A stand-in for a neurofit run under Slurm: counts from the count saved in STATE up to TARGET, one
# step every 0.2 s, saving after each step (STATE, and a line per step in STATE.log). On SIGUSR1 it
# stops at the next step boundary with exit status 3, as neurofit checkpoints and exits 3 when
# Slurm warns that the time is up.
#   counter.sh STATE TARGET
set -u
state=$1
target=$2
run=${SLURM_RESTART_COUNT:-0}
stop=0
trap 'stop=1' USR1
# Slurm delivers USR1 to every process of the job step, so it can kill the `mv` of a save: the
# save repeats the rename until the new count is in place (bash's own builtins are not killed,
# the trap handles the signal for them).
save() {
  echo "$1" >"$state.tmp"
  while [[ -e $state.tmp ]]; do mv -f "$state.tmp" "$state" 2>/dev/null; done
}
count=0
if [[ -s $state ]]; then count=$(<"$state"); fi
echo "counter: run $run starts at $count"
while ((count < target)); do
  sleep 0.2 & wait $!  # in the background: a USR1 cuts the wait short, the step still completes
  count=$((count + 1))
  save "$count"
  echo "run=$run count=$count" >>"$state.log"
  if ((stop)); then
    echo "counter: run $run got USR1, saved at $count, exits 3"
    exit 3
  fi
done
echo "counter: run $run reached $count"

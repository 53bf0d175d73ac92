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
count=0
if [[ -s $state ]]; then count=$(<"$state"); fi
echo "counter: run $run starts at $count"
while ((count < target)); do
  sleep 0.2 & wait $!  # in the background: a USR1 cuts the wait short, the step still completes
  count=$((count + 1))
  echo "$count" >"$state.tmp" && mv "$state.tmp" "$state"
  echo "run=$run count=$count" >>"$state.log"
  if ((stop)); then
    echo "counter: run $run got USR1, saved at $count, exits 3"
    exit 3
  fi
done
echo "counter: run $run reached $count"

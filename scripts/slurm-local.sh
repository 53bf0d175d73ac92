#!/usr/bin/env bash
# A real single-node Slurm on this machine (munged + slurmctld + slurmd, all as root) for the
# integration tests and for trying the job scripts. Config, state, spool, pids and logs all live in
# one folder: $NEUROFIT_SLURM_DIR (default /tmp/neurofit-slurm).
#
#   scripts/slurm-local.sh start    install what is missing, write the config, start the daemons,
#                                   wait until the node is idle (does nothing if already running)
#   scripts/slurm-local.sh stop     cancel every job, stop the daemons it started (safe when none run)
#   scripts/slurm-local.sh status   which daemons run, sinfo, squeue
#   scripts/slurm-local.sh env      prints the line that points the Slurm commands at this cluster:
#                                   eval "$(scripts/slurm-local.sh env)"; sbatch ...
#
# Environment: NEUROFIT_SLURM_DIR (state folder), NEUROFIT_SLURM_PORT (slurmctld port, default
# 6817; slurmd uses the next one), NEUROFIT_SLURM_TIMEOUT (seconds to wait for the node, default 60).
# Exit status: 0 done, 1 failed, 77 this machine cannot run it (not root, packages not installable).
set -euo pipefail

dir=${NEUROFIT_SLURM_DIR:-/tmp/neurofit-slurm}
ctld_port=${NEUROFIT_SLURM_PORT:-6817}
slurmd_port=$((ctld_port + 1))
timeout=${NEUROFIT_SLURM_TIMEOUT:-60}
conf=$dir/slurm.conf
socket=$dir/run/munge.socket
packages=(slurmctld slurmd slurm-client munge)
export SLURM_CONF=$conf

say() { echo "slurm-local: $*"; }
die() { echo "slurm-local: $*" >&2; exit 1; }
cannot() { echo "slurm-local: $*" >&2; exit 77; }

# pid of a daemon we started when it still runs (its pid file names a live process of that name).
running_pid() {  # running_pid NAME PIDFILE
  local name=$1 file=$2 pid
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 1
  echo "$pid"
}

ensure_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || cannot "needs the Debian packages ${missing[*]}, and there is no apt-get"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >/tmp/neurofit-slurm-apt.log 2>&1; then
    tail -n 5 /tmp/neurofit-slurm-apt.log >&2
    cannot "apt-get could not install ${missing[*]} (log: /tmp/neurofit-slurm-apt.log)"
  fi
}

write_config() {
  local host cpus node
  host=$(hostname -s)
  cpus=$(nproc)
  # slurmd -C reports this machine's topology and memory as a NodeName line; fall back to nproc.
  node=$(slurmd -C 2>/dev/null | grep -m1 '^NodeName=' || true)
  node=${node#NodeName=* }
  [[ $node == *RealMemory=* ]] ||
    node="CPUs=$cpus RealMemory=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024))"
  local overrides=""
  if [[ -n ${NEUROFIT_SLURM_CPUS:-} ]]; then
    # More CPUs than the machine has, so that jobs asking for more ranks than cores still run.
    [[ $NEUROFIT_SLURM_CPUS =~ ^[1-9][0-9]*$ ]] || die "NEUROFIT_SLURM_CPUS must be a count"
    node="CPUs=$NEUROFIT_SLURM_CPUS $(grep -o 'RealMemory=[0-9]*' <<<"$node")"
    overrides="SlurmdParameters=config_overrides"
  fi
  mkdir -p "$dir"/{state,spool,log,run,munge}
  chmod 755 "$dir" "$dir/run"  # munged wants its socket folder open to all
  chmod 700 "$dir/munge"
  cat >"$conf" <<EOF
# Written by scripts/slurm-local.sh: a single-node cluster on $host, everything in $dir.
ClusterName=neurofit
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire also sets how long a requeued job waits before it may start again (default 120 s).
AuthInfo=socket=$socket,cred_expire=10
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No systemd and no writable cgroups in a container: track processes through /proc, no binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
# Schedule every few seconds (defaults: 60 s, backfill 30 s) so that a requeued job starts soon.
SchedulerParameters=sched_interval=2,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# The job scripts requeue themselves (scontrol requeue) and get --signal warnings.
JobRequeue=1
ReturnToService=2
# Short timeouts: a test cluster that is quick to start, to notice failures and to kill jobs.
SlurmctldTimeout=10
SlurmdTimeout=30
MessageTimeout=5
BatchStartTimeout=10
KillWait=5
UnkillableStepTimeout=30
InactiveLimit=0
MinJobAge=600
Waittime=0
OverTimeLimit=0
$overrides
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=7-00:00:00 State=UP
EOF
}

start_munged() {
  if running_pid munged "$dir/run/munged.pid" >/dev/null; then return 0; fi
  if [[ ! -s $dir/munge/munge.key ]]; then
    (umask 077 && dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none)
  fi
  chmod 400 "$dir/munge/munge.key"
  rm -f "$socket" "$socket.lock"
  munged --socket="$socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/run/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" ||
    fail "munged did not start"
}

show_logs() {
  local f
  for f in "$dir"/log/*.log; do
    [[ -s $f ]] || continue
    echo "--- tail of $f" >&2
    tail -n 15 "$f" >&2
  done
}

starting=0
fail() {
  echo "slurm-local: $*" >&2
  show_logs
  if ((starting)); then stop_daemons slurmd slurmctld munged; fi  # leave nothing half started
  exit 1
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The slurmd we just started has registered (not just a node state recovered from the last run).
slurmd_registered_since() {  # slurmd_registered_since EPOCH
  local t
  t=$(scontrol show node "$(hostname -s)" 2>/dev/null | grep -o 'SlurmdStartTime=[^ ]*' | cut -d= -f2)
  [[ -n $t && $t != None ]] && (($(date -d "$t" +%s 2>/dev/null || echo 0) >= $1))
}

node_state() { sinfo -h -n "$(hostname -s)" -o %t 2>/dev/null | head -n 1; }

cmd_start() {
  [[ $(id -u) -eq 0 ]] || cannot "runs the Slurm daemons as root; this user is $(id -un)"
  ensure_packages
  if running_pid munged "$dir/run/munged.pid" >/dev/null &&
    running_pid slurmctld "$dir/run/slurmctld.pid" >/dev/null &&
    running_pid slurmd "$dir/run/slurmd.pid" >/dev/null; then
    say "already running ($dir)"
    return 0
  fi
  cmd_stop quiet
  local p
  for p in "$ctld_port" "$slurmd_port"; do
    if port_busy "$p"; then
      cannot "port $p is taken (another Slurm?); choose others with NEUROFIT_SLURM_PORT"
    fi
  done
  write_config
  starting=1
  : >"$dir/log/slurmctld.log"
  : >"$dir/log/slurmd.log"
  : >"$dir/log/munged.log"
  start_munged
  local t0=$SECONDS
  until munge -n -S "$socket" 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1; do
    ((SECONDS - t0 < 10)) || fail "munged does not answer on $socket"
    sleep 0.2
  done
  local t_start
  t_start=$(date +%s)
  slurmctld -f "$conf" || fail "slurmctld did not start"
  slurmd -f "$conf" || fail "slurmd did not start"
  local state=""
  t0=$SECONDS
  while :; do
    state=$(node_state)
    case $state in
      idle | mix | alloc) slurmd_registered_since "$t_start" && break ;;
      drain* | down* | fail*) scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true ;;
    esac
    ((SECONDS - t0 < timeout)) ||
      fail "node $(hostname -s) not ready after ${timeout}s (state: ${state:-none}); logs in $dir/log"
    sleep 0.5
    running_pid slurmctld "$dir/run/slurmctld.pid" >/dev/null || [[ $SECONDS -lt $((t0 + 3)) ]] ||
      fail "slurmctld exited"
    running_pid slurmd "$dir/run/slurmd.pid" >/dev/null || [[ $SECONDS -lt $((t0 + 3)) ]] ||
      fail "slurmd exited"
  done
  say "node $(hostname -s) is $state after $((SECONDS - t0))s; use: export SLURM_CONF=$conf"
}

stop_daemons() {  # stop_daemons NAME... : TERM them all, wait up to 10 s, then KILL what is left
  local name pid pids=() i alive
  for name in "$@"; do
    if pid=$(running_pid "$name" "$dir/run/$name.pid"); then
      pids+=("$pid")
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for ((i = 0; i < 200; i++)); do
    alive=0
    for pid in "${pids[@]}"; do
      if [[ -d /proc/$pid ]]; then alive=1; fi
    done
    ((alive)) || break
    sleep 0.05
  done
  for pid in "${pids[@]}"; do
    if [[ -d /proc/$pid ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  for name in "$@"; do rm -f "$dir/run/$name.pid"; done
}

cmd_stop() {
  local quiet=${1:-} any=0 name
  for name in slurmctld slurmd munged; do
    running_pid "$name" "$dir/run/$name.pid" >/dev/null && any=1
  done
  if ((any == 0)); then
    [[ -n $quiet ]] || say "nothing runs ($dir)"
    return 0
  fi
  # Cancel every job first so that no job step outlives its slurmd.
  if running_pid slurmctld "$dir/run/slurmctld.pid" >/dev/null &&
    running_pid slurmd "$dir/run/slurmd.pid" >/dev/null; then
    local jobs=() i
    mapfile -t jobs < <(squeue -h -o %i 2>/dev/null || true)
    if ((${#jobs[@]})); then
      scancel "${jobs[@]}" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do
        [[ -z $(squeue -h -t running,completing -o %i 2>/dev/null) ]] && break
        sleep 0.1
      done
    fi
  fi
  stop_daemons slurmd slurmctld munged
  [[ -n $quiet ]] || say "stopped ($dir)"
}

cmd_status() {
  local name pid all=1
  for name in munged slurmctld slurmd; do
    if pid=$(running_pid "$name" "$dir/run/$name.pid"); then
      say "$name running (pid $pid)"
    else
      say "$name not running"
      all=0
    fi
  done
  if ((all)); then
    sinfo
    squeue
    say "export SLURM_CONF=$conf"
  fi
  ((all))
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac

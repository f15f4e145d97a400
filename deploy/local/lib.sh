# shellcheck shell=bash
# Helpers shared by deploy/local/up.sh and down.sh: where things live, and how a background daemon is
# started, waited on and stopped. Sourced, not run.

# shellcheck disable=SC2034 # the variables below are used by the scripts that source this file
FENRIR_STATE=${FENRIR_STATE:-/var/lib/fenrir}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN_DIR=$FENRIR_STATE/run
LOG_DIR=$FENRIR_STATE/logs
PG_BIN=/usr/lib/postgresql/15/bin
CONTAINERD_SOCKET=$FENRIR_STATE/containerd/containerd.sock
CONTAINERD_NAMESPACE=fenrir

log() { echo "fenrir-local: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

require_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (containerd and runc need it)"
}

# pid_of NAME: the pid in $RUN_DIR/NAME.pid if that process is alive, else nothing (exit 1).
pid_of() {
  local file=$RUN_DIR/$1.pid pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid of some other program does not count.
  grep -qa -- "$2" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# start_daemon NAME COMMAND...: runs COMMAND in the background in its own session (so its whole
# process group can be killed), output appended to $LOG_DIR/NAME.log, pid in $RUN_DIR/NAME.pid.
# COMMAND must exec the daemon itself (no wrapper that forks and waits). Returns once the background
# process runs COMMAND, so pid_of recognises it from the start.
start_daemon() {
  local name=$1 pid
  shift
  echo "---- $(date -Is) starting: $*" >>"$LOG_DIR/$name.log"
  setsid "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN_DIR/$name.pid"
  await_exec "$pid"
  log "$name started, pid $pid, log $LOG_DIR/$name.log"
}

# await_exec PID: waits while PID, a fork of this shell, has not yet exec'd its command. Until it does,
# its command line is this shell's, and pid_of would take a daemon that is merely slow to start on a
# busy machine for one that exited. A fork that died has no command line: no wait.
await_exec() {
  while cmp -s "/proc/$1/cmdline" "/proc/$$/cmdline"; do
    sleep 0.05
  done
}

# wait_ready NAME MATCH TIMEOUT_S COMMAND...: polls COMMAND until it succeeds. Fails, printing the
# daemon's log tail, when the daemon dies or TIMEOUT_S passes.
wait_ready() {
  local name=$1 match=$2 timeout=$3 waited=0
  shift 3
  until "$@" >/dev/null 2>&1; do
    if ! pid_of "$name" "$match" >/dev/null; then
      log "$name exited before it was ready; last lines of $LOG_DIR/$name.log:"
      tail -n 40 "$LOG_DIR/$name.log" >&2
      exit 1
    fi
    if [ "$waited" -ge $((timeout * 5)) ]; then
      log "$name not ready after ${timeout}s; last lines of $LOG_DIR/$name.log:"
      tail -n 40 "$LOG_DIR/$name.log" >&2
      exit 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  log "$name ready"
}

# stop_daemon NAME MATCH [SIGNAL]: SIGNAL (default TERM), up to 20 s, then KILL. No-op if not running.
stop_daemon() {
  local name=$1 match=$2 signal=${3:-TERM} pid i
  if ! pid=$(pid_of "$name" "$match"); then
    rm -f "$RUN_DIR/$name.pid"
    return 0
  fi
  log "stopping $name (pid $pid) with SIG$signal"
  kill -s "$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name still running after 20 s; sending SIGKILL to its process group"
    kill -s KILL -- "-$pid" 2>/dev/null || kill -s KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$RUN_DIR/$name.pid"
}

#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started (SIGTERM, up to 20 s, then SIGKILL), in reverse order,
# after killing and deleting the sandbox containers left in containerd's "fenrir" namespace.
# Data under FENRIR_STATE (default /var/lib/fenrir) stays in place.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_root

ctr_fenrir() { ctr --address "$CONTAINERD_SOCKET" --namespace "$CONTAINERD_NAMESPACE" "$@"; }

remove_sandboxes() {
  local task container
  for task in $(ctr_fenrir tasks list --quiet 2>/dev/null); do
    log "killing sandbox task $task"
    ctr_fenrir tasks kill --signal SIGKILL --all "$task" >/dev/null 2>&1 || true
    ctr_fenrir tasks delete --force "$task" >/dev/null 2>&1 || true
  done
  for container in $(ctr_fenrir containers list --quiet 2>/dev/null); do
    log "deleting sandbox container $container"
    ctr_fenrir containers delete "$container" >/dev/null 2>&1 || true
  done
}

# is_our_shim /proc/PID/cmdline: a containerd shim whose arguments include "-address OUR_SOCKET".
is_our_shim() {
  local args=() i
  { mapfile -d '' -t args <"$1"; } 2>/dev/null || return 1
  [[ ${args[0]:-} == *containerd-shim* ]] || return 1
  for ((i = 1; i + 1 < ${#args[@]}; i++)); do
    if [ "${args[i]}" = -address ] && [ "${args[i + 1]}" = "$CONTAINERD_SOCKET" ]; then return 0; fi
  done
  return 1
}

# Shims of our daemon that outlived it (say, containerd was killed before down.sh ran).
report_orphan_shims() {
  local cmdline pids=()
  for cmdline in /proc/[0-9]*/cmdline; do
    if is_our_shim "$cmdline"; then pids+=("$(basename "$(dirname "$cmdline")")"); fi
  done
  if [ "${#pids[@]}" -gt 0 ]; then
    log "warning: containerd shims of $CONTAINERD_SOCKET still run (pids ${pids[*]}):"
    log "start the infrastructure again (FENRIR_INFRA_ONLY=1 deploy/local/up.sh) and rerun down.sh"
  fi
}

stop_daemon manager fenrir-sandbox-manager.jar
stop_daemon api quarkus-run.jar
stop_daemon prometheus observability/prometheus/prometheus.yml
if pid_of containerd containerd >/dev/null; then
  remove_sandboxes
fi
stop_daemon containerd containerd
report_orphan_shims
stop_daemon s3proxy s3proxy
stop_daemon postgres "$PG_BIN/postgres" INT # fast shutdown; SIGTERM would wait for clients to leave
stop_daemon nats nats-server
log "stopped; data kept in $FENRIR_STATE"

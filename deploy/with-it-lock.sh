#!/usr/bin/env bash
# Runs its arguments under the integration-test lock, /tmp/fenrir-it.lock: every run that starts the
# platform's services, containerd or the nested VM takes it, so that only one such run is on the machine
# at a time (two CPU-heavy runs on two cores slow each other several-fold and time out).
#
# Re-entrant: a process started under `flock /tmp/fenrir-it.lock ...` (say `flock ... make test`)
# inherits the lock's open file, and a second flock on the same path would wait for that first one
# forever. With that file open already, the lock is ours: the command just runs.
set -euo pipefail
lock=/tmp/fenrir-it.lock
for fd in "/proc/$$/fd"/*; do
  if [ "$(readlink "$fd" || true)" = "$lock" ]; then
    exec "$@"
  fi
done
exec flock "$lock" "$@"

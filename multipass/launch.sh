#!/usr/bin/env bash
# `make init`: the whole Fenrir platform in a Multipass VM (Ubuntu 24.04 LTS). Launches the VM with
# multipass/cloud-init.yaml, sends it this checkout as a tarball (multipass transfer; never a git clone
# from the internet), which starts deploy/provision.sh inside, follows its log until the platform is
# healthy, then prints the URLs. On an existing VM of that name it sends the tree again and provisions
# again (an update).
#
#   multipass/launch.sh            # or: make init VM_CPUS=4 VM_MEMORY=8G
#   multipass/launch.sh --delete   # make init-down: deletes the VM and its data
#
# Settings (environment): VM_NAME (fenrir), VM_CPUS (2), VM_MEMORY (4G), VM_DISK (20G),
# VM_IMAGE (24.04), VM_PROVISION_TIMEOUT_S (3600). FENRIR_TEMPO_SHA256 etc. are passed on to the
# provisioning (deploy/provision.sh lists them).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
name=${VM_NAME:-fenrir}
cpus=${VM_CPUS:-2}
memory=${VM_MEMORY:-4G}
disk=${VM_DISK:-20G}
image=${VM_IMAGE:-24.04}
timeout_s=${VM_PROVISION_TIMEOUT_S:-3600}

log() { echo "fenrir-init: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

if ! command -v multipass >/dev/null; then
  cat >&2 <<'EOF'
fenrir-init: error: Multipass is not installed; `make init` runs Fenrir in a Multipass VM.
  Linux:   sudo snap install multipass
  macOS:   brew install --cask multipass   (or the installer from https://multipass.run/install)
  Windows: the installer from https://multipass.run/install
Then run `make init` again. Without a VM, `make up` runs Fenrir on this machine (Debian 12, root).
EOF
  exit 1
fi

vm_exists() { multipass info "$name" >/dev/null 2>&1; }
in_vm() { multipass exec "$name" -- "$@"; }

if [ "${1:-}" = --delete ]; then
  if vm_exists; then
    log "deleting VM $name and its data (multipass delete --purge)"
    multipass delete --purge "$name"
  else
    log "no VM named $name"
  fi
  exit 0
fi
[ $# -eq 0 ] || die "unknown argument $1 (only --delete)"

# The checked-out tree as it is, uncommitted and untracked files included, ignored ones (build output)
# not: written to a throw-away copy of git's index, never to the real one. Without git: the files
# minus build output.
make_tarball() {
  local out=$1 index tree
  if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
    index=$(mktemp)
    cp "$(git -C "$repo" rev-parse --path-format=absolute --git-path index)" "$index" 2>/dev/null || true
    GIT_INDEX_FILE=$index git -C "$repo" add -A
    tree=$(GIT_INDEX_FILE=$index git -C "$repo" write-tree)
    rm -f "$index"
    git -C "$repo" archive --format=tar.gz -o "$out" "$tree"
  else
    tar -C "$repo" --exclude=./.git --exclude='*/target' --exclude=./.state -czf "$out" .
  fi
}

if vm_exists; then
  log "VM $name exists: starting it if stopped and provisioning it again with this tree"
  multipass start "$name" >/dev/null 2>&1 || true
else
  log "launching VM $name: Ubuntu $image, $cpus CPUs, $memory memory, $disk disk"
  multipass launch --name "$name" --cpus "$cpus" --memory "$memory" --disk "$disk" \
    --cloud-init "$here/cloud-init.yaml" --timeout 900 "$image"
fi
in_vm cloud-init status --wait >/dev/null || die "cloud-init failed in $name: multipass exec $name -- sudo cloud-init status --long"

# Settings for the provisioning named in this environment go into its provision.env.
for key in FENRIR_TEMPO_SHA256 FENRIR_MINIO_SHA256 FENRIR_GRAFANA_SHA256 FENRIR_POOL_SIZE; do
  if [ -n "${!key:-}" ]; then
    in_vm sudo sed -i "/^$key=/d" /etc/fenrir/provision.env
    echo "$key=${!key}" | in_vm sudo tee -a /etc/fenrir/provision.env >/dev/null
  fi
done

tarball=$(mktemp -d)/fenrir-src.tar.gz
trap 'rm -rf "$(dirname "$tarball")"' EXIT
make_tarball "$tarball"
log "sending the source ($(du -h "$tarball" | cut -f1)) to $name"
multipass transfer "$tarball" "$name:/home/ubuntu/fenrir-src.tar.gz"
in_vm sudo rm -f /var/lib/fenrir-provision/status
# Renamed into place in one step: the path unit starts the provisioning when the name appears.
in_vm sudo install -D -m 0600 /home/ubuntu/fenrir-src.tar.gz /var/lib/fenrir-provision/source.tar.gz.part
in_vm sudo mv /var/lib/fenrir-provision/source.tar.gz.part /var/lib/fenrir-provision/source.tar.gz
in_vm rm -f /home/ubuntu/fenrir-src.tar.gz

log "provisioning (packages, build, sandbox rootfs, services); its log follows"
start=$SECONDS
shown=0
status=
while :; do
  status=$(in_vm sudo cat /var/lib/fenrir-provision/status 2>/dev/null || true)
  # New lines of this run's journal (the unit's current invocation), as they come.
  run=$(in_vm systemctl show -p InvocationID --value fenrir-provision.service 2>/dev/null || true)
  lines=
  [ -z "$run" ] || lines=$(in_vm sudo journalctl --no-pager -o cat _SYSTEMD_INVOCATION_ID="$run" 2>/dev/null || true)
  total=$(printf '%s\n' "$lines" | grep -c . || true)
  if [ "$total" -gt "$shown" ]; then
    printf '%s\n' "$lines" | tail -n "+$((shown + 1))" | sed 's/^/  | /' >&2
    shown=$total
  fi
  case $status in
    ok) break ;;
    failed*) die "provisioning failed ($status); see above, or: multipass exec $name -- sudo journalctl -u fenrir-provision" ;;
  esac
  [ $((SECONDS - start)) -lt "$timeout_s" ] || die "provisioning not finished after ${timeout_s}s (multipass exec $name -- sudo journalctl -u fenrir-provision -f)"
  sleep 5
done

ip=$(multipass info "$name" | awk '/^IPv4:/ {print $2; exit}')
grafana_password=$(in_vm sudo sed -n 's/^GRAFANA_ADMIN_PASSWORD=//p' /etc/fenrir/secrets.env)
cat <<EOF

Fenrir runs in the Multipass VM "$name" (provisioned in $((SECONDS - start)) s):
  API         http://$ip:8080      (health: /q/health/ready)
  Grafana     http://$ip:3000      (user admin, password $grafana_password): dashboard Fenrir;
                                      Explore → Tempo → TraceQL with a job's traceId
  Prometheus  http://$ip:9090

  curl -s -XPOST http://$ip:8080/jobs -H 'Content-Type: application/json' \\
       -d '{"language":"python","source":"print(\"hello from the VM\")"}'
  curl -s http://$ip:8080/jobs/ID          # its "traceId" is the trace to open in Grafana

  multipass exec $name -- systemctl status fenrir.target     # the platform's services
  multipass exec $name -- journalctl -u fenrir-manager -f    # a service's log (JSON lines)
  multipass stop $name   /   multipass start $name          # keeps everything; services start at boot
  make init-down                                             # deletes the VM and its data
EOF

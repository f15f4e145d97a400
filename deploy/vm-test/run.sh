#!/usr/bin/env bash
# `make vm-test`: proves the provisioning in a real VM on this machine. A Debian 12 guest (cgroup v2,
# systemd, AppArmor in its kernel, cloud-init NoCloud) boots under qemu with multipass/cloud-init.yaml
# as its user-data, unchanged, plus this test's hook (guest-hook.sh); deploy/provision.sh runs offline
# (S3Proxy for MinIO, no Grafana or Tempo) on the jars and sandbox rootfs built on this host; then the
# systemd units must be active, the worker profile enforced, and, through the guest's API port
# (forwarded to 127.0.0.1:FENRIR_VM_API_PORT, 18080), a Python and a C job must complete and a job past
# its memory limit must end MEMORY_LIMIT. Then the adversarial suite runs against that API on cgroup v2
# (integration-tests' CgroupV2AttackSuiteTest, tag vm, Maven offline on this host), each attack's time
# limits multiplied by FENRIR_VM_TIME_SCALE (5) for the emulated guest: the attacks that rest on a
# cgroup or on the guest's own layers (FENRIR_VM_ATTACKS=cgroups, the default), every one (=all), or
# none (=0, a quicker run).
#
# Needs root, `make build` and the rootfs (make vm-test does both), and qemu, qemu-utils, mmdebstrap,
# genisoimage, e2fsprogs (deploy/install-deps.sh, make deps). /dev/kvm on this machine kind cannot run a
# Debian guest kernel, so qemu emulates (TCG): everything in the guest is 10-30x slower. CPU-heavy: take
# flock /tmp/fenrir-it.lock around it where other tests run (make vm-test does).
#
# Cache: ${FENRIR_VM_CACHE:-/var/cache/fenrir/vm-test}: the guest image (key: its package list and the
# image recipe below) and the rootfs disk (key: the rootfs key). Each run boots its own qcow2 overlay.
# Work files and the guest's serial console log: $FENRIR_VM_WORK (a fresh /var/tmp/fenrir-vm-test.*);
# a passed run leaves only the log there.
# FENRIR_VM_IMAGE_ONLY=1 builds the guest image and stops.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${FENRIR_VM_CACHE:-/var/cache/fenrir/vm-test}
port=${FENRIR_VM_API_PORT:-18080}
memory_mb=${FENRIR_VM_MEMORY_MB:-3072}
boot_timeout_s=${FENRIR_VM_PROVISION_TIMEOUT_S:-3600}
job_timeout_s=${FENRIR_VM_JOB_TIMEOUT_S:-1200}
time_scale=${FENRIR_VM_TIME_SCALE:-5}
work=${FENRIR_VM_WORK:-$(mktemp -d /var/tmp/fenrir-vm-test.XXXXXX)}
mkdir -p "$work" "$cache"
started=$SECONDS

log() { echo "vm-test: [$((SECONDS - started))s] $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root"
for tool in qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils mmdebstrap:mmdebstrap genisoimage:genisoimage mke2fs:e2fsprogs; do
  command -v "${tool%%:*}" >/dev/null || die "${tool%%:*} is missing (Debian package ${tool#*:}): run make deps"
done

# ---- guest image --------------------------------------------------------------------------------------
# Every package deploy/install-deps.sh would install is in the image, so the provisioning finds them all
# and needs no mirror; plus a kernel, systemd, cloud-init and ifupdown (cloud-init's DHCP on the NIC).
deps=$(sed -n '/^packages=(/,/^)/p' "$repo/deploy/install-deps.sh" | sed -e 's/#.*//' -e 's/packages=(//' -e 's/)//' | xargs)
guest_packages="systemd-sysv udev dbus linux-image-amd64 initramfs-tools iproute2 ifupdown isc-dhcp-client locales $deps"
image_recipe_version=1 # bump when the image steps below change
image_key=$(echo "$image_recipe_version $guest_packages" | tr ' ' '\n' | sort | sha256sum | cut -c1-16)
image=$cache/guest-$image_key

build_image() {
  local tmp=$cache/.guest-$image_key.build
  rm -rf "$tmp"
  mkdir -p "$tmp"
  log "building the guest image (mmdebstrap bookworm; a few minutes, once): $guest_packages"
  # shellcheck disable=SC2016 # the hooks are run by mmdebstrap, which passes the root as $1
  mmdebstrap --variant=minbase --include="${guest_packages// /,}" \
    --customize-hook='echo fenrir-vm >"$1/etc/hostname"' \
    --customize-hook='echo "/dev/vda / ext4 defaults 0 1" >"$1/etc/fstab"' \
    --customize-hook='echo "en_US.UTF-8 UTF-8" >"$1/etc/locale.gen" && chroot "$1" locale-gen >/dev/null' \
    --customize-hook='printf "datasource_list: [NoCloud, None]\n" >"$1/etc/cloud/cloud.cfg.d/90-fenrir-vm-test.cfg"' \
    --customize-hook='rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    bookworm "$tmp/root" ${FENRIR_DEBIAN_MIRROR:+"$FENRIR_DEBIAN_MIRROR"} >&2
  cp "$tmp"/root/boot/vmlinuz-* "$tmp/vmlinuz"
  cp "$tmp"/root/boot/initrd.img-* "$tmp/initrd.img"
  mke2fs -q -t ext4 -L fenrir-vm -d "$tmp/root" "$tmp/disk.raw" 8G >/dev/null
  qemu-img convert -O qcow2 "$tmp/disk.raw" "$tmp/disk.qcow2"
  rm -rf "$tmp/root" "$tmp/disk.raw"
  mv "$tmp" "$image"
}
[ -d "$image" ] || build_image

if [ -n "${FENRIR_VM_IMAGE_ONLY:-}" ]; then
  log "guest image ready: $image"
  exit 0
fi

api_app=$repo/api-server/target/quarkus-app
manager_jar=$repo/sandbox-manager/target/fenrir-sandbox-manager.jar
agent_jar=$repo/worker-agent/target/fenrir-worker-agent.jar
for f in "$api_app/quarkus-run.jar" "$manager_jar" "$agent_jar"; do
  [ -f "$f" ] || die "$f is missing: run make build"
done
rootfs=$("$repo/deploy/rootfs/build-rootfs.sh" | tail -n 1)
rootfs_key=$(basename "$rootfs")

# ---- disks: the rootfs (cached) and the source with the jars ---------------------------------------------
rootfs_disk=$cache/rootfs-$rootfs_key.img
if [ ! -f "$rootfs_disk" ]; then
  log "making the rootfs disk from $rootfs"
  mke2fs -q -t ext4 -L fenrir-rootfs -d "$rootfs" "$rootfs_disk.part" "$(($(du -sm "$rootfs" | cut -f1) * 13 / 10 + 256))M"  >/dev/null
  mv "$rootfs_disk.part" "$rootfs_disk"
fi

log "packing the source tree with the jars built here"
mkdir -p "$work/src"
index=$(mktemp)
cp "$(git -C "$repo" rev-parse --path-format=absolute --git-path index)" "$index"
GIT_INDEX_FILE=$index git -C "$repo" add -A
tree=$(GIT_INDEX_FILE=$index git -C "$repo" write-tree)
rm -f "$index"
mkdir -p "$work/tree"
git -C "$repo" archive --format=tar "$tree" | tar -x -C "$work/tree"
for built in api-server/target/quarkus-app sandbox-manager/target/fenrir-sandbox-manager.jar \
  worker-agent/target/fenrir-worker-agent.jar; do
  mkdir -p "$work/tree/$(dirname "$built")"
  cp -a "$repo/$built" "$work/tree/$built"
done
tar -C "$work/tree" -czf "$work/src/fenrir-src.tar.gz" .
rm -rf "$work/tree"
(cd "$repo" && ./mvnw -q -B -o -N dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
  -DoutputDirectory="$work/s3proxy") || die "failed to copy S3Proxy's jar from the local Maven repository"
cp "$work"/s3proxy/s3proxy-4.1.0-jar-with-dependencies.jar "$work/src/s3proxy.jar"
# FENRIR_VM_APPARMOR_COMPLAIN=1: the guest puts the worker profile in complain mode (guest-hook.sh).
[ -z "${FENRIR_VM_APPARMOR_COMPLAIN:-}" ] || touch "$work/src/apparmor-complain"
mke2fs -q -t ext4 -L fenrir-src -d "$work/src" "$work/src.img" 512M >/dev/null

# ---- cloud-init seed: the VM's user-data, unchanged, and this test's hook -------------------------------
mkdir -p "$work/seed"
sed -e "s/@ROOTFS_KEY@/$rootfs_key/" -e "s/@TIME_SCALE@/$time_scale/" "$repo/deploy/vm-test/guest-hook.sh" \
  >"$work/guest-hook.sh"
/usr/bin/python3 - "$repo/multipass/cloud-init.yaml" "$work/guest-hook.sh" >"$work/seed/user-data" <<'EOF'
import sys
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

message = MIMEMultipart()
for path, subtype in zip(sys.argv[1:], ("cloud-config", "x-shellscript")):
    with open(path, encoding="utf-8") as f:
        part = MIMEText(f.read(), subtype, "utf-8")
    part.add_header("Content-Disposition", "attachment", filename=path.rsplit("/", 1)[-1])
    message.attach(part)
print(message.as_string())
EOF
printf 'instance-id: fenrir-vm-test-%s\nlocal-hostname: fenrir-vm\n' "$(date +%s)" >"$work/seed/meta-data"
genisoimage -quiet -output "$work/seed.iso" -volid cidata -joliet -rock "$work/seed/user-data" "$work/seed/meta-data"
qemu-img create -q -f qcow2 -b "$image/disk.qcow2" -F qcow2 "$work/overlay.qcow2"

# ---- boot ----------------------------------------------------------------------------------------------------
console=$work/console.log
: >"$console"
log "booting the guest (TCG, 2 vCPUs, ${memory_mb} MiB); console: $console"
# The guest must not hold the integration-test lock (deploy/with-it-lock.sh): one left running
# (FENRIR_VM_KEEP) or orphaned by a killed run would keep every other run on the machine waiting.
lock_fds=()
for fd in "/proc/$$/fd"/*; do
  [ "$(readlink "$fd" || true)" = /tmp/fenrir-it.lock ] && lock_fds+=("${fd##*/}")
done
close_lock() {
  local fd
  for fd in "${lock_fds[@]}"; do
    eval "exec $fd>&-"
  done
}
(close_lock; exec qemu-system-x86_64 -accel tcg,thread=multi,tb-size=256 -cpu max -machine q35 -smp 2 -m "$memory_mb" \
  -display none -monitor none -serial "file:$console" \
  -kernel "$image/vmlinuz" -initrd "$image/initrd.img" -append "root=/dev/vda rw console=ttyS0" \
  -drive "file=$work/overlay.qcow2,if=virtio,format=qcow2" \
  -drive "file=$rootfs_disk,if=virtio,format=raw,readonly=on" \
  -drive "file=$work/src.img,if=virtio,format=raw,readonly=on" \
  -cdrom "$work/seed.iso" \
  -netdev "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:$port-:8080" -device virtio-net-pci,netdev=net0) &
qemu=$!
# FENRIR_VM_KEEP=1 leaves a failed guest running, to look at it through the forwarded port.
stop_guest() {
  if [ -n "${FENRIR_VM_KEEP:-}" ] && [ "${passed:-}" != 1 ] && kill -0 "$qemu" 2>/dev/null; then
    log "guest left running (FENRIR_VM_KEEP): API at 127.0.0.1:$port; stop it with: kill $qemu"
    return
  fi
  kill "$qemu" 2>/dev/null || true
  wait "$qemu" 2>/dev/null || true
  # A passed run keeps only the guest's console log (the overlay and the disks take about 1 GB).
  if [ "${passed:-}" = 1 ]; then
    rm -rf "$work/overlay.qcow2" "$work/src.img" "$work/src" "$work/s3proxy" "$work/seed" "$work/seed.iso"
  fi
}
trap stop_guest EXIT

# The guest's FENRIR-VM-TEST lines so far (a serial console ends its lines with CR LF).
report() { tr -d '\r' <"$console" | grep -a '^FENRIR-VM-TEST' | cut -c16- || true; }

# Follows them until the provisioning's verdict.
shown=0
verdict=
while [ -z "$verdict" ]; do
  kill -0 "$qemu" 2>/dev/null || die "qemu exited; console: $console"
  [ $((SECONDS - started)) -lt "$boot_timeout_s" ] || die "no provisioning verdict after ${boot_timeout_s}s; console: $console"
  lines=$(report)
  total=$(printf '%s\n' "$lines" | grep -c . || true)
  if [ "$total" -gt "$shown" ]; then
    printf '%s\n' "$lines" | sed -n "$((shown + 1)),${total}p" | sed 's/^/  guest| /' >&2
    shown=$total
  fi
  verdict=$(printf '%s\n' "$lines" | sed -n 's/^provision //p' | tail -n 1)
  [ -n "$verdict" ] || sleep 5
done
report | grep -qx 'cgroup cgroup2fs' || die "the guest is not on cgroup v2"
[ "$verdict" = ok ] || die "provisioning failed in the guest: $verdict (console: $console)"
# The guest kernel enforces AppArmor: the workers run under the profile, enforced unless asked otherwise.
mode=enforce
[ -z "${FENRIR_VM_APPARMOR_COMPLAIN:-}" ] || mode=complain
report | grep -qx "apparmor-profile fenrir-worker ($mode)" || die "fenrir-worker is not loaded in $mode mode in the guest"
inactive=$(report | grep '^unit ' | grep -v ' active$' || true)
[ -z "$inactive" ] || die "units not active: $inactive"
log "provisioned; every unit active"

# ---- jobs through the forwarded API port ---------------------------------------------------------------------
api=http://127.0.0.1:$port
# run_job NAME JSON VERDICT EXPECTED: submits, waits until it ends, and requires COMPLETED with VERDICT
# and EXPECTED in its output; otherwise prints the job, its stderr and its compiler's output.
run_job() {
  local name=$1 body=$2 verdict=$3 expected=$4 id job status waited=0 output
  id=$(curl -fsS -XPOST "$api/jobs" -H 'Content-Type: application/json' -d "$body" | field id) ||
    die "failed to submit the $name job"
  log "$name job $id submitted"
  while :; do
    job=$(curl -fsS "$api/jobs/$id" || true)
    status=$(field status <<<"$job" || true)
    case $status in COMPLETED | FAILED | CANCELLED) break ;; esac
    [ "$waited" -lt "$job_timeout_s" ] || die "$name job $id still $status after ${job_timeout_s}s"
    sleep 5
    waited=$((waited + 5))
  done
  output=$(curl -fsS "$api/jobs/$id/output" || true)
  if [ "$status" != COMPLETED ] || [ "$(field verdict <<<"$job")" != "$verdict" ] || [[ $output != *"$expected"* ]]; then
    log "$name job $id: $job"
    log "stdout: $output"
    log "stderr: $(curl -fsS "$api/jobs/$id/stderr" || true)"
    log "compiler: $(curl -fsS "$api/jobs/$id/compile-output" || true)"
    die "$name job $id did not complete with verdict $verdict and '$expected' in its output"
  fi
  log "$name job $id COMPLETED $verdict in the guest, printed '$output'"
}
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1]) or "")' "$1"; }
run_job python '{"language":"python","source":"print(\"hello from the nested vm\")"}' OK "hello from the nested vm"
run_job c '{"language":"c","files":[{"name":"main.c","content":"#include <stdio.h>\nint main(void){printf(\"%d\\n\", 6 * 7);return 0;}"}]}' OK 42
# The step's memory limit, as cgroup v2 enforces it (memory.max of the step's own cgroup).
run_job memory '{"language":"python","source":"b = bytearray(256 * 1024 * 1024)\nprint(len(b))","limits":{"memoryMb":64}}' MEMORY_LIMIT ""

# ---- the adversarial suite on cgroup v2 -------------------------------------------------------------------------
# Maven offline from the host's repository; -am packages the modules the test module depends on, as
# everywhere else (nothing is installed into ~/.m2). Not under the integration-test lock: whoever runs
# this script holds it already (make vm-test, make test), and a second flock on it would wait forever.
attacks="the adversarial suite skipped (FENRIR_VM_ATTACKS=0)"
if [ "${FENRIR_VM_ATTACKS:-cgroups}" != 0 ]; then
  log "the adversarial suite (${FENRIR_VM_ATTACKS:-cgroups}) against the guest's API (time limits x$time_scale)"
  attacks_started=$SECONDS
  (cd "$repo" && ./mvnw -B -o -q -pl integration-tests -am -Pvm verify -DskipUTs -Dit.test=CgroupV2AttackSuiteTest \
    -Dfenrir.vm.api="$api" -Dfenrir.vm.time-scale="$time_scale" -Dfenrir.vm.attacks="${FENRIR_VM_ATTACKS:-cgroups}") >&2 ||
    die "attacks failed on cgroup v2 in the guest (each failure above names its attack file; reports in $repo/integration-tests/target/failsafe-reports; console: $console)"
  attacks="the adversarial suite passed on cgroup v2 in $((SECONDS - attacks_started)) s"
  log "$attacks"
fi

passed=1
log "PASSED: provisioned on cgroup v2, units active, a Python and a C job completed, a memory limit enforced, $attacks (cycle $((SECONDS - started)) s)"
echo "1 passed, 0 failed"

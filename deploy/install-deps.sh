#!/usr/bin/env bash
# Installs the Debian 12 packages Fenrir needs to build, test and run locally: the sandbox runtime
# (containerd, runc, apparmor_parser), the infrastructure it talks to (nats-server, PostgreSQL 15),
# the tools that build the sandbox root filesystem (debootstrap), Prometheus and the scripts' own tools.
#
# Idempotent, run as root. Runs `apt-get update` only when something is missing (always when
# CI=true), then installs only what is missing. Services are NOT started: Fenrir starts private
# instances itself (deploy/local/up.sh, the integration-test harness); a policy-rc.d keeps Debian's
# maintainer scripts from starting system-wide daemons while installing.
set -euo pipefail

packages=(
  containerd runc                  # sandbox runtime (runc also brings libseccomp)
  nats-server                      # job queue (JetStream)
  postgresql                       # job store (PostgreSQL 15; binaries in /usr/lib/postgresql/15/bin)
  debootstrap debian-archive-keyring  # builds the sandbox root filesystem
  openjdk-17-jdk-headless          # build JDK (already on the machine image)
  iproute2 curl ca-certificates util-linux procps  # ss, health probes, flock/unshare/runuser, ps
  apparmor                         # apparmor_parser: loads (without kernel AppArmor: checks) the worker profile
  prometheus                       # scrapes the local processes (up.sh); promtool checks observability/'s config
  shellcheck                       # `make lint`
  python3-seccomp                  # libseccomp: compiles the job seccomp filter (deploy/seccomp/job-filter.py)
  bubblewrap                       # the job sandbox, for the agent's tests outside a container
  cloud-init                       # `cloud-init schema` checks multipass/cloud-init.yaml (make lint); disabled here
  systemd python3-yaml             # make lint: systemd-analyze verify on deploy/systemd, the Tempo config check
)
# --vm-test (make deps): also the nested-VM test's tools (make vm-test, part of make test): qemu, its disk
# tool, the guest image's builder, the seed ISO's and the disks' makers. Not for a host provision.sh sets
# up, nor in the guest, whose image has the list above.
vm_test_packages=(qemu-system-x86 qemu-utils mmdebstrap genisoimage e2fsprogs)
if [ "${1:-}" = --vm-test ]; then
  packages+=("${vm_test_packages[@]}")
fi

log() { echo "install-deps: $*" >&2; }

[ "$(id -u)" = 0 ] || { log "error: must run as root"; exit 1; }

missing=()
for p in "${packages[@]}"; do
  # "install ok installed" is dpkg's state of a fully configured package.
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

export DEBIAN_FRONTEND=noninteractive
# Wait for apt's lock rather than fail: on a freshly booted VM (make init) the distribution's daily
# upgrade may hold it for a few minutes.
apt_wait=(-o DPkg::Lock::Timeout=900)
if [ "${CI:-}" = true ] || [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get update"
  apt-get "${apt_wait[@]}" update -q
fi

if [ "${#missing[@]}" -eq 0 ]; then
  log "all packages present"
  exit 0
fi

log "installing: ${missing[*]}"
# cloud-init is here for its schema check only: it must never configure this machine at boot. This file
# is cloud-init's documented switch that keeps all of its stages from running (written only where
# cloud-init was absent, so a host that uses cloud-init keeps it).
if [[ " ${missing[*]} " == *" cloud-init "* ]] && [ ! -e /etc/cloud/cloud-init.disabled ]; then
  mkdir -p /etc/cloud
  echo "written by fenrir install-deps.sh: cloud-init is installed for 'cloud-init schema' only" >/etc/cloud/cloud-init.disabled
fi
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# written by fenrir install-deps.sh while it installs packages\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  own_policy=true
fi
cleanup() { if [ "$own_policy" = true ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

# Without systemd a postinst may still fail to start a service; dpkg then leaves the package
# half-configured. Retry the configuration once before giving up.
if ! apt-get "${apt_wait[@]}" install -q -y --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"; then
  log "apt-get install failed; retrying the configuration of unpacked packages"
  dpkg --configure -a || true
  apt-get "${apt_wait[@]}" install -q -y --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"
fi

for p in "${missing[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    log "error: $p is still not installed"
    exit 1
  fi
done
log "done"

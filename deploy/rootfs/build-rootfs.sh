#!/usr/bin/env bash
# Builds, once per machine, the read-only root filesystem that every sandbox container runs on, and
# prints its absolute path as the LAST line on stdout (everything else goes to stderr).
#
# Contents: Debian bookworm `debootstrap --variant=minbase` + the packages in packages.txt
# (installed with --no-install-recommends), the toolchains' versions in /etc/fenrir/languages, users
# fenrir (1000, the agent), sandbox (1001, the job's programs) and builder (1002, the compile step),
# empty mount points /sandbox, /run/fenrir, /opt/fenrir, /tmp, and the JDK's CDS archive, so that
# `java -Xshare:auto` needs no write at run time.
#
# Also: the job seccomp filter compiled by libseccomp (/etc/fenrir/job-seccomp.bpf, from
# deploy/seccomp/job-filter.py) and a precompiled bits/stdc++.h for the C++ compile flags.
#
# Cache: ${FENRIR_ROOTFS_CACHE:-/var/cache/fenrir/rootfs}/<key>, key = sha256(packages.txt + this
# script + job-filter.py). Built in a temp dir beside it and renamed into place, so the key dir exists only when
# complete; a flock makes concurrent callers (tests, make up) wait for one build.
#
# Mirror: the Debian URIs of this machine's apt config (deb822 *.sources or sources.list);
# override with FENRIR_DEBIAN_MIRROR / FENRIR_DEBIAN_SECURITY_MIRROR. Needs root and debootstrap.
set -euo pipefail

exec 3>&1 1>&2 # fd 3 = the caller's stdout, for the final path only

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"
packages_file="$here/packages.txt"
job_filter="$here/../seccomp/job-filter.py"
cache=${FENRIR_ROOTFS_CACHE:-/var/cache/fenrir/rootfs}
suite=bookworm

log() { echo "build-rootfs: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs every toolchain as the sandbox user on a READ-ONLY view of ROOT, as a container sees it
# (with a tmpfs on /tmp). Called by the build inside a private mount namespace (unshare --mount).
smoke_test() {
  local r=$1 version
  mount --bind "$r" "$r"
  mount -o remount,bind,ro "$r"
  mount -t proc proc "$r/proc"
  mount -t tmpfs -o size=64m tmpfs "$r/tmp"
  run() { chroot --userspec=1001:1001 "$r" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp "$@"; }
  version=$(run java -Xshare:auto -XX:TieredStopAtLevel=1 -version 2>&1)
  log "$version"
  grep -q sharing <<<"$version" || die "java runs without its CDS archive"
  run java -Xshare:on -XX:TieredStopAtLevel=1 -version 2>/dev/null || die "java -Xshare:on failed"
  run python3 -c 'print("python3 ok")'
  run node -e 'console.log("node ok")'
  run sh -c 'cd /tmp && printf "int main(void){return 0;}" >t.c && gcc t.c -o t && ./t && echo gcc ok'
  run sh -c 'cd /tmp && printf "#include <iostream>\nint main(){std::cout<<\"g++ ok\"<<std::endl;}" >t.cc && g++ t.cc -o tt && ./tt'
  run sh -c 'cd /tmp && echo "class T{public static void main(String[] a){System.out.println(\"javac ok\");}}" >T.java && javac T.java && java -Xshare:auto -cp . T'
  run tini --version
  run bwrap --version
  run sh -c 'cd /tmp && printf "#include <bits/stdc++.h>\nint main(){std::cout<<\"pch ok\"<<std::endl;}" >p.cc && g++ -O2 -std=gnu++17 -Winvalid-pch -H p.cc -o p 2>h.log && grep -q "^! .*stdc++.h.gch" h.log && ./p' || die "the precompiled bits/stdc++.h is not used"
  run setpriv --version
  run prlimit --version
  if touch "$r/probe" 2>/dev/null; then die "the read-only view is writable"; fi
}
if [ "${1:-}" = --smoke-test ]; then
  smoke_test "$2"
  exit 0
fi

key=$(cat "$packages_file" "$self" "$job_filter" | sha256sum | cut -d' ' -f1)
target="$cache/$key"

if [ -d "$target" ]; then
  echo "$target" >&3
  exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and chroot)"
for tool in debootstrap chroot flock unshare /usr/bin/python3; do
  command -v "$tool" >/dev/null || die "$tool not found; run deploy/install-deps.sh"
done

mkdir -p "$cache"
exec 9>"$cache/.$key.lock"
if ! flock -n 9; then
  log "another build of $key is running; waiting for it"
  flock 9
fi
if [ -d "$target" ]; then # built by the caller we waited for
  echo "$target" >&3
  exit 0
fi

# Unmounts whatever a build (or debootstrap itself) mounted inside DIR, deepest first, then removes
# DIR without crossing into a mount.
remove_build_dir() {
  local dir=$1 m
  while read -r m; do
    umount "$m" || umount -l "$m"
  done < <(awk -v prefix="$dir/" 'index($5, prefix) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  rm -rf --one-file-system "$dir"
}

# Leftovers of a build that was killed (we hold the lock, so nobody else is using them).
for stale in "$cache/.build-$key".*; do
  [ -e "$stale" ] || continue
  log "removing stale build dir $stale"
  remove_build_dir "$stale"
done

# First Debian URI in this machine's apt config whose suites match WHAT (a regex).
apt_uri() {
  local want=$1 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    # deb822: stanzas separated by blank lines; take URIs of a 'deb' stanza whose Suites match.
    awk -v want="$want" '
      function flush() { if (types ~ /(^|[ \t])deb([ \t]|$)/ && suites ~ want && uris != "") { split(uris, u, /[ \t]+/); print u[1]; found = 1; exit } types = suites = uris = "" }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:"  { $1 = ""; types = $0 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      tolower($1) == "uris:"   { $1 = ""; sub(/^[ \t]+/, ""); uris = $0 }
      END { if (!found) flush() }
    ' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    # one-line style: deb [options] URI SUITE COMPONENTS...
    awk -v want="$want" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1) ~ want) print $i }' "$f"
  done
}

mirror=${FENRIR_DEBIAN_MIRROR:-$(apt_uri "(^|[ \t])$suite([ \t]|\$)" | head -n1)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${FENRIR_DEBIAN_SECURITY_MIRROR:-$(apt_uri "$suite-security" | head -n1)}

mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$packages_file" | grep -v '^$')
[ "${#packages[@]}" -gt 0 ] || die "no packages in $packages_file"

build=$(mktemp -d "$cache/.build-$key.XXXXXX")
trap 'remove_build_dir "$build"' EXIT
chmod 0755 "$build" # mktemp makes it 0700: the sandbox users must be able to traverse /
started=$(date +%s)

log "debootstrap $suite from $mirror into $build"
debootstrap --variant=minbase "$suite" "$build" "$mirror"

log "apt sources: $mirror${security:+, $security}"
{
  echo "deb $mirror $suite main"
  echo "deb $mirror $suite-updates main"
  if [ -n "$security" ]; then echo "deb $security $suite-security main"; fi
} >"$build/etc/apt/sources.list"
# No service may start inside the chroot while packages install.
printf '#!/bin/sh\nexit 101\n' >"$build/usr/sbin/policy-rc.d"
chmod 0755 "$build/usr/sbin/policy-rc.d"

mount -t proc proc "$build/proc" # the JDK's postinst (ca-certificates-java) runs java
in_root() { chroot "$build" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

log "installing: ${packages[*]}"
in_root apt-get update -q
in_root apt-get upgrade -q -y -o Dpkg::Use-Pty=0 # security fixes published after the base suite
in_root apt-get install -q -y -o Dpkg::Use-Pty=0 --no-install-recommends "${packages[@]}"
in_root apt-get clean

# CDS archive: the JVM maps it read-only at start; without it every start re-parses the JDK's classes.
java_home=$(dirname "$(dirname "$(readlink -f "$build/usr/bin/java")")")
java_home=${java_home#"$build"}
if [ ! -e "$build$java_home/lib/server/classes.jsa" ]; then
  log "generating the JDK's CDS archive"
  in_root java -Xshare:dump >/dev/null
fi

log "creating users, mount points and config"
in_root groupadd --gid 1000 fenrir
in_root useradd --uid 1000 --gid 1000 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin fenrir
in_root groupadd --gid 1001 sandbox
in_root useradd --uid 1001 --gid 1001 --home-dir /sandbox --no-create-home --shell /usr/sbin/nologin sandbox
# The compile step's user: a user of its own, so a program cannot enter the compile step's cgroup.
in_root useradd --uid 1002 --gid 1001 --home-dir /sandbox --no-create-home --shell /usr/sbin/nologin builder
install -d -m 0755 "$build/run/fenrir" "$build/opt/fenrir"
# runc gives a tmpfs the mode of the directory it is mounted on: the job's work directory (a tmpfs in
# every container) must be setgid and group-writable, so the job (group sandbox) can write beside its files.
install -d -m 2770 "$build/sandbox"
# The agent jar is bind-mounted onto this file. It must exist here: otherwise runc creates it in the
# shared rootfs on the host while setting up the first container.
install -m 0644 /dev/null "$build/opt/fenrir/agent.jar"
# Likewise the agent's class archive (AppCDS), made by the manager for each agent jar with this rootfs's JVM.
install -m 0644 /dev/null "$build/opt/fenrir/agent.jsa"
install -d -m 1777 "$build/tmp"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$build/etc/hosts"
: >"$build/etc/resolv.conf" # sandboxes have no network
echo fenrir-sandbox >"$build/etc/hostname"
rm -f "$build/usr/sbin/policy-rc.d"

# The toolchains' versions, read by the sandbox manager (and shown by GET /languages): one
# "language<TAB>version line" per line. Measured here so that the manifest never disagrees with the rootfs.
log "recording toolchain versions"
install -d -m 0755 "$build/etc/fenrir"
{
  printf 'python\t%s\n' "$(in_root python3 --version 2>&1 | head -n1)"
  printf 'bash\t%s\n' "$(in_root bash --version | head -n1)"
  printf 'c\t%s\n' "$(in_root gcc --version | head -n1)"
  printf 'cpp\t%s\n' "$(in_root g++ --version | head -n1)"
  printf 'java\t%s\n' "$(in_root javac -version 2>&1 | head -n1)"
  printf 'javascript\tNode.js %s\n' "$(in_root node --version | head -n1)"
} >"$build/etc/fenrir/languages"

# bits/stdc++.h, what competitive programmers include, precompiled for Languages' C++ flags (-O2
# -std=gnu++17): g++ uses the .gch beside the header when the flags match, and the header otherwise.
log "precompiling bits/stdc++.h"
stdcpp=$(in_root sh -c 'echo "#include <bits/stdc++.h>" | g++ -O2 -std=gnu++17 -x c++ -H -fsyntax-only - 2>&1 | grep -m1 "bits/stdc++.h$" | sed "s/^\. //"')
[ -n "$stdcpp" ] || die "bits/stdc++.h not found"
in_root g++ -O2 -std=gnu++17 -x c++-header "$stdcpp" -o "$stdcpp.gch"
umount "$build/proc"

log "compiling the job seccomp filter"
/usr/bin/python3 "$job_filter" "$build/etc/fenrir/job-seccomp.bpf"
chmod 0644 "$build/etc/fenrir/job-seccomp.bpf"

log "removing apt lists, caches, logs and manuals"
rm -rf "$build"/var/lib/apt/lists/* "$build"/var/cache/apt/* "$build"/var/cache/debconf/*-old \
  "$build"/var/log/* "$build"/usr/share/man/* "$build"/usr/share/info/* \
  "$build"/root/.cache "$build"/tmp/* "$build"/var/tmp/*
find "$build/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true

log "smoke test on a read-only bind mount"
unshare --mount --propagation private "$self" --smoke-test "$build"

mv -T "$build" "$target"
trap - EXIT
log "built $target in $(($(date +%s) - started)) s, $(du -sh --one-file-system "$target" | cut -f1)"
echo "$target" >&3

#!/usr/bin/env bash
# Provisions the whole Fenrir platform on one Debian 12 or Ubuntu 24.04 host as systemd services:
# packages (install-deps.sh), the jars (built here unless the tree carries them), the sandbox rootfs,
# a `fenrir` system user, PostgreSQL (the distribution's service) with Fenrir's database, Fenrir's own
# containerd, NATS, MinIO, Prometheus, Tempo and Grafana, the AppArmor worker profile where the kernel
# enforces AppArmor, then the units of deploy/systemd (all under fenrir.target), started and waited on.
#
#   sudo deploy/provision.sh             # from a checkout, on a plain server
#   (cloud-init runs it in the Multipass VM: multipass/README.md)
#
# Settings, from the environment or /etc/fenrir/provision.env (KEY=value lines; the environment wins):
#   FENRIR_PROVISION_OFFLINE=1  no vendor downloads: S3Proxy instead of MinIO, no Grafana and no Tempo
#                               (tracing off), no Maven: the tree must carry built jars and
#                               FENRIR_S3PROXY_JAR must name S3Proxy's jar (the nested-VM test)
#   FENRIR_LISTEN               address of the API, Prometheus and Grafana (default 0.0.0.0; the rest
#                               binds to 127.0.0.1 always)
#   FENRIR_POOL_SIZE            warm workers (default 2)
#   FENRIR_PROVISION_WAIT_S     how long to wait for the API and the manager to be healthy (default 600)
#   FENRIR_MINIO_SHA256, FENRIR_TEMPO_SHA256, FENRIR_GRAFANA_SHA256
#                               checksums for an architecture that has none pinned below
#
# Idempotent: a second run updates files and restarts what changed. Secrets (database password, S3 key,
# Grafana admin password) are generated once into /etc/fenrir/secrets.env and kept.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "fenrir-provision: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# The worker profile for AppArmor 4 (see install_apparmor_profile): deploy/apparmor/fenrir-worker with
# ABI 4.0, "unix," next to "network unix," and "userns," before the mount rules.
apparmor4_variant() {
  sed -e 's|^abi <abi/3.0>,$|abi <abi/4.0>,|' \
    -e 's|^  network unix,$|  network unix,\n  # ABI 4.0: Unix socket operations are mediated by "unix" rules.\n  unix,|' \
    -e 's|^  mount,$|  # AppArmor 4: bubblewrap creates the job sandbox'"'"'s user namespace.\n  userns,\n  mount,|' \
    "$src/deploy/apparmor/fenrir-worker"
}
# For deploy/lint.sh, which checks the variant's rules.
if [ -n "${FENRIR_PROVISION_PRINT_APPARMOR_VARIANT:-}" ]; then
  apparmor4_variant
  exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root"
[ -d /run/systemd/system ] || die "systemd is not running: this script installs systemd units (deploy/local/up.sh runs Fenrir without systemd)"

if [ -f /etc/fenrir/provision.env ]; then
  # The environment wins over the file; within the file, a later line wins over an earlier one.
  from_environment=" $(compgen -e | tr '\n' ' ') "
  while IFS='=' read -r key value; do
    [[ $from_environment == *" $key "* ]] || export "$key=$value"
  done < <(grep -E '^FENRIR_[A-Z0-9_]+=' /etc/fenrir/provision.env)
fi
offline=${FENRIR_PROVISION_OFFLINE:-0}
listen=${FENRIR_LISTEN:-0.0.0.0}
pool_size=${FENRIR_POOL_SIZE:-2}
wait_s=${FENRIR_PROVISION_WAIT_S:-600}
arch=$(uname -m)
vendor_cache=/var/cache/fenrir/vendor
etc=/etc/fenrir
opt=/opt/fenrir

# ---- Vendor releases, pinned ----------------------------------------------------------------------
# Each sha256 below was taken from what the vendor publishes for that exact file; the download is
# refused unless it matches. Where no checksum is pinned (an architecture below lacks one), a
# FENRIR_<NAME>_SHA256 setting supplies it; without one the component is not installed, loudly.
# - MinIO RELEASE.2025-04-22T22-12-26Z: the release's minio.sha256sum (dl.min.io archive), as cited
#   by several independent projects that checked it.
# - Tempo 2.9.0: the .deb's sha256 printed in Tempo's own install guide ("Deploy on Linux",
#   docs/sources/tempo/set-up-for-tracing/setup-tempo/deploy/locally/linux.md, v2.9.1 to v2.10.x).
#   No arm64 value is published there.
# - Grafana OSS 13.2.0: the tarball's .sha256 file beside it on dl.grafana.com, as cited by several
#   projects (amd64); arm64 from one such project.
MINIO_RELEASE=RELEASE.2025-04-22T22-12-26Z
TEMPO_VERSION=2.9.0
GRAFANA_VERSION=13.2.0
case $arch in
  x86_64)
    deb_arch=amd64
    minio_sha=53e2a2cb16c5366ea6fbbc479c19ddb4c6a0948273e752f740fb1fbf27bb817c
    tempo_sha=c1bc0fc8af5dcbe1b4806bdfad6d120e5a5df376d6782d22d0c3190be14fff05
    grafana_sha=4669384cdb0bb5b4a3f804927e57490d17f4cc47258cd1698fc124e99ee58265
    ;;
  aarch64)
    deb_arch=arm64
    minio_sha=6c2f3142c94240206123177f4ba1e360daa5d1e0a4962e90757ef4f92c3ab57c
    tempo_sha=
    grafana_sha=28c0dfeedf4334e2170b423589224745ea5da6c709f2e401f11289f3381bcfb4
    ;;
  *) die "unsupported architecture $arch (x86_64 and aarch64 have seccomp profiles)" ;;
esac
minio_sha=${FENRIR_MINIO_SHA256:-$minio_sha}
tempo_sha=${FENRIR_TEMPO_SHA256:-$tempo_sha}
grafana_sha=${FENRIR_GRAFANA_SHA256:-$grafana_sha}
MINIO_URL=https://dl.min.io/server/minio/release/linux-$deb_arch/archive/minio.$MINIO_RELEASE
TEMPO_URL=https://github.com/grafana/tempo/releases/download/v$TEMPO_VERSION/tempo_${TEMPO_VERSION}_linux_$deb_arch.deb
GRAFANA_URL=https://dl.grafana.com/oss/release/grafana-$GRAFANA_VERSION.linux-$deb_arch.tar.gz

# fetch_verified NAME URL SHA256: prints the path of the verified download, cached in $vendor_cache.
# A cached file is checked again; a mismatch (cached or fresh) is fatal, never skipped.
fetch_verified() {
  local name=$1 url=$2 sha=$3 file
  file=$vendor_cache/$(basename "$url")
  mkdir -p "$vendor_cache"
  if [ ! -f "$file" ]; then
    log "downloading $name from $url"
    curl -fsSL --retry 3 -o "$file.part" "$url" || die "failed to download $name from $url"
    mv "$file.part" "$file"
  fi
  if ! echo "$sha  $file" | sha256sum --check --status; then
    local got
    got=$(sha256sum "$file" | cut -d' ' -f1)
    rm -f "$file"
    die "failed to verify $name: sha256 of $url is $got, pinned $sha"
  fi
  log "$name: sha256 verified ($sha)"
  echo "$file"
}

# ---- Packages, user, jars ---------------------------------------------------------------------------
install_packages() {
  log "packages (deploy/install-deps.sh)"
  "$src/deploy/install-deps.sh"
  local missing=()
  for tool in systemctl setpriv od tar dpkg-deb; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ "${#missing[@]}" -eq 0 ] || die "missing tools: ${missing[*]}"
}

create_user() {
  if ! getent passwd fenrir >/dev/null; then
    log "creating system user fenrir"
    useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin fenrir
  fi
}

API_APP=$src/api-server/target/quarkus-app
MANAGER_JAR=$src/sandbox-manager/target/fenrir-sandbox-manager.jar
AGENT_JAR=$src/worker-agent/target/fenrir-worker-agent.jar

build_jars() {
  if [ -f "$API_APP/quarkus-run.jar" ] && [ -f "$MANAGER_JAR" ] && [ -f "$AGENT_JAR" ]; then
    log "jars: using the built ones in $src"
    return 0
  fi
  [ "$offline" != 1 ] || die "offline and the tree carries no built jars (api-server, sandbox-manager, worker-agent target/)"
  log "building the jars with the Maven Wrapper (first run downloads Maven and the dependencies)"
  (cd "$src" && ./mvnw -B -q --no-transfer-progress -DskipTests package) || die "failed to build Fenrir"
}

install_fenrir() {
  log "installing Fenrir into $opt"
  install -d -m 0755 "$opt" "$opt/lib" "$opt/share" "$opt/share/seccomp" "$opt/share/doc"
  rm -rf "$opt/api.new"
  cp -a "$API_APP" "$opt/api.new"
  rm -rf "$opt/api"
  mv "$opt/api.new" "$opt/api"
  install -m 0644 "$MANAGER_JAR" "$opt/lib/fenrir-sandbox-manager.jar"
  install -m 0644 "$AGENT_JAR" "$opt/lib/fenrir-worker-agent.jar"
  install -m 0644 "$src"/deploy/seccomp/fenrir-*.json "$opt/share/seccomp/"
  install -m 0644 "$src/docs/operations.md" "$opt/share/doc/operations.md"
  chmod -R a+rX "$opt"
}

build_rootfs() {
  log "sandbox root filesystem (deploy/rootfs/build-rootfs.sh; cached)"
  # On Ubuntu the apt sources name no bookworm mirror: build-rootfs.sh then uses Debian's own.
  rootfs=$("$src/deploy/rootfs/build-rootfs.sh" | tail -n 1)
  [ -d "$rootfs/usr/bin" ] || die "failed to build the sandbox root filesystem"
}

# ---- Vendor components ------------------------------------------------------------------------------
install_minio() {
  local file
  file=$(fetch_verified "MinIO $MINIO_RELEASE" "$MINIO_URL" "$minio_sha")
  install -m 0755 "$file" /usr/local/bin/minio
}

install_s3proxy() {
  local jar=${FENRIR_S3PROXY_JAR:-}
  if [ -z "$jar" ]; then
    [ "$offline" != 1 ] || die "offline: FENRIR_S3PROXY_JAR must name S3Proxy's jar-with-dependencies"
    log "fetching S3Proxy 4.1.0 from Maven Central"
    (cd "$src" && ./mvnw -q -B -N dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
      -DoutputDirectory="$vendor_cache") || die "failed to fetch S3Proxy"
    jar=$vendor_cache/s3proxy-4.1.0-jar-with-dependencies.jar
  fi
  [ -f "$jar" ] || die "S3Proxy jar $jar does not exist"
  install -m 0644 "$jar" "$opt/lib/s3proxy.jar"
}

# Sets tempo_installed=1 when Tempo is in place.
install_tempo() {
  tempo_installed=0
  if [ -z "$tempo_sha" ]; then
    log "WARNING: Tempo $TEMPO_VERSION has no checksum pinned for $arch: not installed, tracing stays off."
    log "WARNING: set FENRIR_TEMPO_SHA256 (from the release's SHA256SUMS) in $etc/provision.env and run this again."
    return 0
  fi
  local file tmp
  file=$(fetch_verified "Tempo $TEMPO_VERSION" "$TEMPO_URL" "$tempo_sha")
  tmp=$(mktemp)
  # Only the binary: Fenrir's unit and configuration replace the package's.
  dpkg-deb --fsys-tarfile "$file" | tar -xO --wildcards '*/usr/bin/tempo' >"$tmp" || die "failed to unpack tempo from $file"
  install -m 0755 "$tmp" /usr/local/bin/tempo
  rm -f "$tmp"
  tempo_installed=1
}

install_grafana() {
  local file
  file=$(fetch_verified "Grafana $GRAFANA_VERSION" "$GRAFANA_URL" "$grafana_sha")
  rm -rf /opt/grafana.new
  mkdir -p /opt/grafana.new
  tar -xzf "$file" -C /opt/grafana.new --strip-components=1 || die "failed to unpack $file"
  [ -x /opt/grafana.new/bin/grafana ] || die "no bin/grafana in $file"
  rm -rf /opt/grafana
  mv /opt/grafana.new /opt/grafana
}

# ---- Configuration ------------------------------------------------------------------------------------
# secret NAME: the value of NAME in secrets.env, generated (hex, 24 bytes) the first time.
secret() {
  local file=$etc/secrets.env value
  install -d -m 0755 "$etc"
  touch "$file"
  chmod 0600 "$file"
  value=$(sed -n "s/^$1=//p" "$file")
  if [ -z "$value" ]; then
    value=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    echo "$1=$value" >>"$file"
  fi
  echo "$value"
}

write_config() {
  local db_password s3_secret grafana_password otlp=
  install -d -m 0755 "$etc"
  db_password=$(secret FENRIR_DB_PASSWORD)
  s3_secret=$(secret FENRIR_S3_SECRET_KEY)
  grafana_password=$(secret GRAFANA_ADMIN_PASSWORD)
  [ "$tempo_installed" = 1 ] && otlp=http://127.0.0.1:4318

  # Read by systemd (root) for the API and the manager; readable by nobody else.
  install -m 0600 /dev/null "$etc/fenrir.env.new"
  cat >"$etc/fenrir.env.new" <<EOF
# Written by deploy/provision.sh: the environment of fenrir-api and fenrir-manager.
FENRIR_NATS_URL=nats://127.0.0.1:4222
FENRIR_DB_URL=jdbc:postgresql://127.0.0.1:$pg_port/fenrir
FENRIR_DB_USER=fenrir
FENRIR_DB_PASSWORD=$db_password
FENRIR_S3_ENDPOINT=http://127.0.0.1:9000
FENRIR_S3_ACCESS_KEY=fenrir
FENRIR_S3_SECRET_KEY=$s3_secret
FENRIR_S3_BUCKET=fenrir
FENRIR_HTTP_PORT=8080
QUARKUS_HTTP_HOST=$listen
FENRIR_CONTAINERD_SOCKET=/run/fenrir/containerd/containerd.sock
FENRIR_CONTAINERD_NAMESPACE=fenrir
FENRIR_ROOTFS=$rootfs
FENRIR_AGENT_JAR=$opt/lib/fenrir-worker-agent.jar
FENRIR_SECCOMP_PROFILE=$opt/share/seccomp/fenrir-$arch.json
FENRIR_WORKERS_DIR=/var/lib/fenrir/workers
FENRIR_POOL_SIZE=$pool_size
FENRIR_MANAGER_HEALTH_PORT=8081
# Tempo's OTLP/HTTP receiver; empty (tracing off) where Tempo is not installed.
FENRIR_OTLP_ENDPOINT=$otlp
EOF
  mv "$etc/fenrir.env.new" "$etc/fenrir.env"

  install -m 0600 /dev/null "$etc/minio.env"
  printf 'MINIO_ROOT_USER=fenrir\nMINIO_ROOT_PASSWORD=%s\nMINIO_BROWSER_REDIRECT=off\n' "$s3_secret" >"$etc/minio.env"
  install -m 0600 /dev/null "$etc/s3proxy.properties"
  cat >"$etc/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=fenrir
s3proxy.credential=$s3_secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=/var/lib/fenrir-s3proxy
EOF
  printf 'FENRIR_LISTEN=%s\n' "$listen" >"$etc/observability.env"
  install -m 0600 /dev/null "$etc/grafana.env"
  printf 'GF_SERVER_HTTP_ADDR=%s\nGF_SECURITY_ADMIN_USER=admin\nGF_SECURITY_ADMIN_PASSWORD=%s\n' "$listen" \
    "$grafana_password" >"$etc/grafana.env"

  cat >"$etc/nats.conf" <<'EOF'
# Written by deploy/provision.sh (as deploy/local/up.sh writes its own).
listen: 127.0.0.1:4222
http: 127.0.0.1:8222
# Job sources are up to 1 MiB, plus JSON around them.
max_payload: 8MB
jetstream {
  store_dir: "/var/lib/fenrir-nats"
}
EOF
  cat >"$etc/containerd.toml" <<'EOF'
# Written by deploy/provision.sh: Fenrir's own containerd (fenrir-containerd.service).
version = 2
root = "/var/lib/fenrir/containerd/root"
state = "/run/fenrir/containerd/state"
# Fenrir talks to containerd directly; it needs no Kubernetes CRI.
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "/run/fenrir/containerd/containerd.sock"

[ttrpc]
  address = "/run/fenrir/containerd/containerd.sock.ttrpc"
EOF
  install -m 0644 "$src/observability/prometheus/prometheus.yml" "$etc/prometheus.yml"
  install -m 0644 "$src/observability/tempo/tempo.yaml" "$etc/tempo.yaml"
  rm -rf "$etc/grafana"
  install -d -m 0755 "$etc/grafana/provisioning/datasources" "$etc/grafana/provisioning/dashboards" \
    "$etc/grafana/dashboards"
  install -m 0644 "$src"/observability/grafana/provisioning/datasources/*.yaml "$etc/grafana/provisioning/datasources/"
  install -m 0644 "$src"/observability/grafana/provisioning/dashboards/*.yaml "$etc/grafana/provisioning/dashboards/"
  install -m 0644 "$src"/observability/grafana/dashboards/*.json "$etc/grafana/dashboards/"
  install -d -m 0755 /var/lib/fenrir /var/lib/fenrir/workers /var/lib/fenrir/containerd
}

# ---- PostgreSQL: the distribution's service -------------------------------------------------------
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }

setup_postgres() {
  log "PostgreSQL (the distribution's postgresql.service)"
  systemctl enable --now postgresql.service >/dev/null
  local waited=0
  until as_postgres pg_isready -q 2>/dev/null; do
    [ "$waited" -lt 60 ] || die "PostgreSQL is not ready after 60 s: journalctl -u 'postgresql*'"
    sleep 1
    waited=$((waited + 1))
  done
  pg_port=$(psql_admin -c 'SHOW port')
  local password
  password=$(secret FENRIR_DB_PASSWORD)
  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'fenrir'")" != 1 ]; then
    psql_admin -c "CREATE ROLE fenrir LOGIN"
  fi
  # Set every time, so the role always has the password in secrets.env.
  psql_admin -c "ALTER ROLE fenrir PASSWORD '$password'"
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'fenrir'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE fenrir OWNER fenrir"
  fi
}

# ---- AppArmor -------------------------------------------------------------------------------------------
# Where the kernel enforces AppArmor the manager refuses to start without the worker profile. AppArmor 4
# (Ubuntu 24.04) restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1):
# bubblewrap, making each job's sandbox inside the worker, then needs a "userns," rule, which only the
# ABI 4.0 policy language has (Debian 12's AppArmor 3 rejects it). So where the parser accepts it, the
# installed profile is deploy/apparmor/fenrir-worker with ABI 4.0, "userns," and "unix," (ABI 4.0
# mediates Unix sockets beyond "network unix"); elsewhere the file as it is.
apparmor_parser_has_userns() {
  local probe
  probe=$(mktemp)
  printf 'abi <abi/4.0>,\nprofile fenrir-userns-probe {\n  userns,\n}\n' >"$probe"
  if apparmor_parser -Q -K "$probe" >/dev/null 2>&1; then rm -f "$probe"; return 0; fi
  rm -f "$probe"
  return 1
}

worker_profile() {
  if apparmor_parser_has_userns; then
    apparmor4_variant
  else
    cat "$src/deploy/apparmor/fenrir-worker"
  fi
}

install_apparmor_profile() {
  if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
    log "AppArmor: not enabled in this kernel; workers run on the other isolation layers"
    return 0
  fi
  install -d -m 0755 /etc/apparmor.d
  worker_profile >/etc/apparmor.d/fenrir-worker.new
  mv /etc/apparmor.d/fenrir-worker.new /etc/apparmor.d/fenrir-worker
  apparmor_parser -r /etc/apparmor.d/fenrir-worker || die "failed to load the AppArmor profile /etc/apparmor.d/fenrir-worker"
  if grep -q '^  userns,' /etc/apparmor.d/fenrir-worker; then
    log "AppArmor: fenrir-worker loaded (ABI 4.0 variant with userns)"
  else
    log "AppArmor: fenrir-worker loaded"
  fi
}

# ---- systemd ------------------------------------------------------------------------------------------------
install_units() {
  local units=(fenrir-containerd fenrir-nats fenrir-prometheus fenrir-api fenrir-manager)
  if [ "$offline" = 1 ]; then
    units+=(fenrir-s3proxy)
  else
    units+=(fenrir-minio fenrir-grafana)
    [ "$tempo_installed" = 1 ] && units+=(fenrir-tempo)
  fi
  install -m 0644 "$src"/deploy/systemd/fenrir*.service "$src/deploy/systemd/fenrir.target" /etc/systemd/system/
  systemctl daemon-reload
  # The packages' own daemons would take the same ports with other configurations.
  local own
  for own in nats-server.service prometheus.service; do
    if systemctl is-enabled --quiet "$own" 2>/dev/null || systemctl is-active --quiet "$own"; then
      log "disabling the package's $own (Fenrir runs its own instance on the same port)"
      systemctl disable --now "$own" >/dev/null 2>&1 || true
    fi
  done
  # Units left from an earlier provisioning that no longer apply (say, offline before, online now).
  for own in fenrir-minio fenrir-s3proxy fenrir-grafana fenrir-tempo; do
    if [[ " ${units[*]} " != *" $own "* ]] && systemctl is-enabled --quiet "$own" 2>/dev/null; then
      systemctl disable --now "$own" >/dev/null 2>&1 || true
    fi
  done
  systemctl enable --quiet fenrir.target "${units[@]/%/.service}"
  log "starting: ${units[*]}"
  systemctl restart "${units[@]/%/.service}"
}

# wait_healthy NAME URL: until URL answers 2xx, the unit fails or $wait_s passes.
wait_healthy() {
  local unit=$1 url=$2 waited=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if systemctl is-failed --quiet "$unit"; then
      journalctl -u "$unit" -n 40 --no-pager >&2 || true
      die "$unit failed; the lines above are its last"
    fi
    if [ "$waited" -ge "$wait_s" ]; then
      journalctl -u "$unit" -n 40 --no-pager >&2 || true
      die "$unit not healthy at $url after ${wait_s}s"
    fi
    sleep 2
    waited=$((waited + 2))
  done
  log "$unit healthy ($url)"
}

# ---- main ----------------------------------------------------------------------------------------------------
log "provisioning Fenrir from $src (offline=$offline, cgroup: $(stat -fc %T /sys/fs/cgroup))"
install_packages
create_user
build_jars
install_fenrir
build_rootfs
tempo_installed=0
if [ "$offline" = 1 ]; then
  log "offline: S3Proxy instead of MinIO; Grafana and Tempo are not installed"
  install_s3proxy
else
  install_minio
  install_tempo
  install_grafana
fi
setup_postgres
write_config
install_apparmor_profile
install_units
# The API and Grafana listen on $listen; 0.0.0.0 includes loopback. The manager's port is loopback only.
public=$listen
[ "$public" != 0.0.0.0 ] || public=127.0.0.1
wait_healthy fenrir-api "http://$public:8080/q/health/ready"
wait_healthy fenrir-manager "http://127.0.0.1:8081/health"
[ "$offline" = 1 ] || wait_healthy fenrir-grafana "http://$public:3000/api/health"
date -Is >/var/lib/fenrir/provisioned
log "Fenrir is up: systemctl status fenrir.target; API on $listen:8080, Prometheus :9090$([ "$offline" = 1 ] || echo ', Grafana :3000')"

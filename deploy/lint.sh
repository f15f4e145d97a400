#!/usr/bin/env bash
# `make lint`: static checks of what deploys Fenrir, none of which needs a running service.
#   - shellcheck on every shell script that installs or runs Fenrir (deploy/, multipass/, .ci/run; not
#     the job programs of the tests, which are attacks on purpose)
#   - the Multipass/cloud-init user-data: `cloud-init schema --config-file`, and no top-level key
#     outside cloud-init's schema (its own check lets unknown keys through)
#   - `systemd-analyze verify` on every unit of deploy/systemd, in a throw-away root that holds the
#     host's own units and a stand-in executable at each ExecStart path the unit names (MinIO, Tempo
#     and Grafana are not installed here); any line it prints fails the check (it warns, exit 0, on
#     unknown keys)
#   - observability/tempo/tempo.yaml against Tempo's documented keys (observability/tempo/check-config.py)
#   - the AppArmor 4 variant of the worker profile that deploy/provision.sh generates: the lines it adds
# Grafana's provisioning and Prometheus' configuration are checked by integration-tests (observability/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=0
fail() {
  echo "lint: $*" >&2
  failed=1
}

# ---- shell scripts ----------------------------------------------------------------------------------
mapfile -t scripts < <(find deploy multipass -name '*.sh' -not -path '*/target/*' | sort)
scripts+=(.ci/run)
shellcheck -x "${scripts[@]}" || fail "shellcheck found problems"

# ---- cloud-init user-data ---------------------------------------------------------------------------
user_data=multipass/cloud-init.yaml
cloud-init schema --config-file "$user_data" >/dev/null || fail "cloud-init schema rejects $user_data"
/usr/bin/python3 - "$user_data" <<'EOF' || fail "$user_data has keys cloud-init does not know"
import sys
import yaml
from cloudinit.config.schema import get_schema

schema = get_schema()
known = set(schema.get("properties", {}))
for definition in schema.get("$defs", {}).values():
    known.update(definition.get("properties", {}))
with open(sys.argv[1], encoding="utf-8") as f:
    unknown = sorted(set(yaml.safe_load(f)) - known)
for key in unknown:
    print(f"{sys.argv[1]}: {key}: not a cloud-init key", file=sys.stderr)
sys.exit(1 if unknown else 0)
EOF

# ---- systemd units ----------------------------------------------------------------------------------
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/systemd/system" "$root/lib/systemd"
cp -a /lib/systemd/system "$root/lib/systemd/"
cp deploy/systemd/* "$root/etc/systemd/system/"
# A stand-in at each absolute path a unit runs (the first word of Exec*=, without systemd's prefixes).
sed -n 's/^Exec[A-Za-z]*=[-@:+!]*\(\/[^ ]*\).*/\1/p' deploy/systemd/* | sort -u | while read -r exe; do
  mkdir -p "$root$(dirname "$exe")"
  [ -e "$root$exe" ] || printf '#!/bin/sh\n' >"$root$exe"
  chmod +x "$root$exe"
done
verify_out=$(systemd-analyze verify --root="$root" "$root"/etc/systemd/system/fenrir* 2>&1) ||
  fail "systemd-analyze verify failed"
if [ -n "$verify_out" ]; then
  echo "$verify_out" >&2
  fail "systemd-analyze verify printed problems (above)"
fi

# ---- Tempo ----------------------------------------------------------------------------------------------
observability/tempo/check-config.py observability/tempo/tempo.yaml || fail "observability/tempo/tempo.yaml"

# ---- AppArmor variant -------------------------------------------------------------------------------------
# deploy/provision.sh edits deploy/apparmor/fenrir-worker by matching three of its lines: if one is
# reworded, the ABI 4.0 variant would silently lack its rules. Debian 12's parser cannot compile the
# variant (no "userns" in AppArmor 3), so this checks the edit, not the policy.
variant=$(FENRIR_PROVISION_PRINT_APPARMOR_VARIANT=1 deploy/provision.sh)
for rule in 'abi <abi/4.0>,' '  userns,' '  unix,'; do
  grep -qxF "$rule" <<<"$variant" || fail "the AppArmor 4 variant of deploy/apparmor/fenrir-worker lacks '$rule'"
done

[ "$failed" = 0 ] || exit 1
echo "lint: all checks passed" >&2

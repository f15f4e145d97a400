#!/usr/bin/env bash
# Unpacks containerd's own API .proto files (and gogo.proto, which they import) from Debian's
# -dev packages into OUT, so the Java stubs are generated from the daemon's real contract at build
# time and never copied into this repository.
set -euo pipefail
OUT=${1:?usage: fetch-containerd-api.sh OUTDIR}
STAMP="$OUT/.complete"
[ -e "$STAMP" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download writes into the current directory; as root it warns about the _apt sandbox.
if ! apt-get download -q golang-github-containerd-containerd-dev golang-github-gogo-protobuf-dev >apt.log 2>&1; then
  cat apt.log >&2
  echo "fetch-containerd-api: apt-get download failed (run 'apt-get update' first)" >&2
  exit 1
fi
for deb in ./*.deb; do dpkg-deb -x "$deb" x; done

src=x/usr/share/gocode/src
api=github.com/containerd/containerd/api
rm -rf "$OUT" && mkdir -p "$OUT/gogoproto"
# Only what create → start → wait → kill → delete and the version probe need.
for f in services/containers/v1/containers.proto services/tasks/v1/tasks.proto \
         services/version/v1/version.proto types/mount.proto types/metrics.proto \
         types/descriptor.proto types/task/task.proto; do
  mkdir -p "$OUT/$api/$(dirname "$f")"
  cp "$src/$api/$f" "$OUT/$api/$f"
done
cp "$src/github.com/gogo/protobuf/gogoproto/gogo.proto" "$OUT/gogoproto/gogo.proto"
touch "$STAMP"

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Proves the artefacts of scripts/package.sh start with nothing from the host's /lib, /usr or /bin:
#   1. the tarball, unpacked into an empty directory with only /proc and a fresh read-only sysfs
#      mounted in it, and
#   2. the OCI image, unpacked with umoci, its root file system prepared the same way,
# each running inside chroot:
#   netdoctor version
#   netdoctor --lang zh explain KP-IPVS-CONN-REUSE-DELAY
#   netdoctor check --host-only --format json     (exit 0, 3 or 4, and valid JSON on stdout)
#   kubectl-netdoctor --help                      (answers as "kubectl netdoctor")
#   netdoctor check --cluster-only --kubeconfig K (libcurl and its libraries load from the bundle:
#                                                  the error is the refused connection, exit 1)
#   netdoctor check --sosreport X.tar.xz          (the static libarchive and xz: the node of the
#                                                  fixture is in the JSON report)
#   netdoctor collect --host-only --host-root R   (R holds an empty rpm database: librpm and its
#                                                  libraries load from the bundle and read it)
# (the last three need a /tmp in the root, made after the first three ran)
# and prints the artefact sizes and the start-up time of `netdoctor version`.
# Needs root (mount, chroot). Usage: scripts/check-package.sh [DIST_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
[ "$(id -u)" = 0 ] || { echo "check-package: needs root (mount, chroot)" >&2; exit 2; }
command -v umoci >/dev/null || bash scripts/install-package-deps.sh
version=$(sed -n 's/^project(netdoctor VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
name=netdoctor-$version
tarball=$dist/$name-linux-amd64.tar.gz
oci=$dist/$name-oci.tar
for f in "$tarball" "$oci"; do
  [ -f "$f" ] || { echo "check-package: $f missing (run scripts/package.sh)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/nd-check-package.XXXXXX)
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-package: FAIL: $*" >&2; exit 1; }

# prepare ROOT: only /proc and a read-only sysfs, nothing else from the host.
prepare() {
  local r=$1
  mkdir -p "$r/proc" "$r/sys"
  mount -t proc proc "$r/proc"; mounts+=("$r/proc")
  mount -t sysfs -o ro sysfs "$r/sys"; mounts+=("$r/sys")
  for d in lib lib64 usr/lib usr/lib64 bin etc; do
    if [ -e "$r/$d" ] && [ -n "$(ls -A "$r/$d" 2>/dev/null | grep -v '^netdoctor$\|^kubectl-netdoctor$')" ]; then
      fail "$r/$d is not empty: the root must hold only netdoctor"
    fi
  done
}

# run_three ROOT CMD LABEL: the three commands of the brief, plus the plugin name and libcurl.
run_three() {
  local r=$1 nd=$2 label=$3 out=$work/out-$3
  mkdir -p "$out"
  chroot "$r" "$nd" version > "$out/version" 2> "$out/version.err" ||
    fail "$label: netdoctor version exited $? ($(cat "$out/version.err"))"
  grep -q "$version" "$out/version" || fail "$label: version output lacks $version: $(cat "$out/version")"
  chroot "$r" "$nd" --lang zh explain KP-IPVS-CONN-REUSE-DELAY > "$out/explain" 2> "$out/explain.err" ||
    fail "$label: explain exited $? ($(cat "$out/explain.err"))"
  grep -q "KP-IPVS-CONN-REUSE-DELAY" "$out/explain" || fail "$label: explain does not name the entry"
  python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(0 if any("\u4e00" <= c <= "\u9fff" for c in t) else 1)' \
    "$out/explain" || fail "$label: --lang zh explain printed no Chinese text"
  local rc=0 rc_check=0
  chroot "$r" "$nd" check --host-only --format json > "$out/check.json" 2> "$out/check.err" || rc_check=$?
  case $rc_check in 0|3|4) ;; *) fail "$label: check --host-only exited $rc_check ($(head -c 2000 "$out/check.err"))" ;; esac
  python3 - "$out/check.json" "$label" <<'EOF' || fail "$label: check --host-only did not print valid JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
findings = doc.get("findings")
assert isinstance(findings, list) and findings, "no findings array"
print(f"  {sys.argv[2]}: check --host-only: valid JSON, {len(findings)} findings, schema {doc.get('schema', doc.get('apiVersion', '?'))}")
EOF
  local plugin=${nd%/netdoctor}/kubectl-netdoctor
  chroot "$r" "$plugin" --help > "$out/plugin" 2>&1 || true
  grep -q "kubectl netdoctor" "$out/plugin" || fail "$label: kubectl-netdoctor does not answer as the kubectl plugin"
  # libcurl is dlopen'ed only here; a refused connection proves it and its ~30 libraries loaded.
  mkdir -p "$r/tmp"
  cat > "$r/tmp/kubeconfig" <<'EOF'
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
EOF
  rc=0
  chroot "$r" "$nd" check --cluster-only --kubeconfig /tmp/kubeconfig --request-timeout 5 -q \
    > "$out/cluster" 2> "$out/cluster.err" || rc=$?
  if grep -qi "cannot load libcurl\|error while loading shared libraries" "$out/cluster.err"; then
    fail "$label: the cluster path could not load libcurl: $(cat "$out/cluster.err")"
  fi
  grep -qi "127.0.0.1\|connect\|refused" "$out/cluster.err" "$out/cluster" ||
    fail "$label: the cluster path did not reach the connect step (exit $rc): $(head -c 2000 "$out/cluster.err")"
  rm -f "$r/tmp/kubeconfig"
  # libarchive and xz are linked statically into the release binary: read a .tar.xz sos report.
  tar -C tests/fixtures/sos -cJf "$r/tmp/sos.tar.xz" sosreport-rocky8-w2-2023-06-01-kqzxdvn
  rc=0
  chroot "$r" "$nd" check --sosreport /tmp/sos.tar.xz --format json > "$out/sos.json" 2> "$out/sos.err" || rc=$?
  case $rc in 0|3|4) ;; *) fail "$label: check --sosreport exited $rc ($(head -c 2000 "$out/sos.err"))" ;; esac
  grep -q "rocky8-w2" "$out/sos.json" || fail "$label: the sos report's node is not in the report"
  rm -f "$r/tmp/sos.tar.xz"
  # librpm is dlopen'ed only when a host root holds an rpm database: an empty one (made by the
  # host's rpm) under /tmp/rpmroot; librpm loaded from the bundle opens it and finds no kernel.
  command -v rpm >/dev/null || fail "$label: the rpm tool is missing (scripts/install-deps.sh installs it)"
  mkdir -p "$r/tmp/rpmroot/var/lib/rpm" "$r/tmp/rpmroot/proc/sys/kernel"
  echo 4.18.0-999.el8.x86_64 > "$r/tmp/rpmroot/proc/sys/kernel/osrelease"
  rpm --dbpath "$r/tmp/rpmroot/var/lib/rpm" --initdb
  chroot "$r" "$nd" collect --host-only --host-root /tmp/rpmroot > "$out/rpm.json" 2> "$out/rpm.err" || true
  if grep -qi "cannot load librpm\|error while loading shared libraries" "$out/rpm.json" "$out/rpm.err"; then
    fail "$label: librpm could not be loaded: $(grep -hi librpm "$out/rpm.json" "$out/rpm.err" | head -c 2000)"
  fi
  grep -q "kernel-core package in /tmp/rpmroot/var/lib/rpm has release 4.18.0-999.el8.x86_64 (installed: none)" "$out/rpm.json" ||
    fail "$label: the empty rpm database was not read with librpm: $(grep -i "rpm" "$out/rpm.json" "$out/rpm.err" | head -c 2000)"
  rm -rf "$r/tmp/rpmroot"
  echo "  $label: version, explain --lang zh, check --host-only (exit $rc_check), kubectl-netdoctor, libcurl, sos .tar.xz, librpm: ok"
}

# startup ROOT CMD: median wall time of `netdoctor version` over 50 runs inside the chroot.
startup() {
  python3 - "$1" "$2" <<'EOF'
import os, statistics, subprocess, sys, time
root, nd = sys.argv[1], sys.argv[2]
t = []
for _ in range(50):
    s = time.perf_counter()
    subprocess.run(["chroot", root, nd, "version"], stdout=subprocess.DEVNULL, check=True)
    t.append(time.perf_counter() - s)
print(f"{statistics.median(t) * 1000:.2f}")
EOF
}

# --- 1. the tarball in an empty root.
r1=$work/tarball-root
mkdir -p "$r1"
tar -xzf "$tarball" -C "$r1"
prepare "$r1"
[ "$(ls -A "$r1" | sort | tr '\n' ' ')" = "$name proc sys " ] || fail "unexpected top level: $(ls -A "$r1")"
run_three "$r1" "/$name/bin/netdoctor" tarball
t1=$(startup "$r1" "/$name/bin/netdoctor")

# --- 2. the OCI image, unpacked by umoci; its entrypoint is what runs.
layout=$work/layout
mkdir -p "$layout"
tar -xf "$oci" -C "$layout"
umoci unpack --image "$layout:$version" "$work/bundle" >/dev/null
r2=$work/bundle/rootfs
entry=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["process"]["args"][0])' "$work/bundle/config.json")
[ "${entry##*/}" = netdoctor ] || fail "image entrypoint is $entry, not netdoctor"
prepare "$r2"
run_three "$r2" "$entry" image
t2=$(startup "$r2" "$entry")

tree=$r1/$name
echo "check-package: ok"
printf '  %-44s %8.2f MB\n' "${tarball##*/}" "$(stat -c %s "$tarball" | awk '{print $1 / 1e6}')"
printf '  %-44s %8.2f MB (goal <= 30 MB)\n' "${oci##*/}" "$(stat -c %s "$oci" | awk '{print $1 / 1e6}')"
printf '  %-44s %8.2f MB, %d shared objects\n' "unpacked $name/" \
  "$(du -sb "$tree" | awk '{print $1 / 1e6}')" "$(ls "$tree/lib" | grep -c '\.so')"
printf '  %-44s %8s ms (tarball), %s ms (image), median of 50\n' "start-up: netdoctor version" "$t1" "$t2"

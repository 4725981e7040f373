#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# "Not examined" versus "possibly affected" on the two runs that used to report everything as
# possibly affected:
#   1. check --host-only --host-root on a machine that is not a node (no kubelet, no CNI, no
#      container runtime): no cluster entry may be possibly affected (the cluster was never
#      looked at), and node entries the host cannot decide are not examined because no kubelet runs;
#   2. check --cluster-only against the test API server (tests/apiserver/server.py): no node
#      entry may be possibly affected for want of host facts only a run on the node collects.
# Both reports are also validated against docs/report-v2.schema.json.
#   not_examined_test.sh NETDOCTOR_BINARY SOURCE_DIR
set -euo pipefail
nd=$1
src=$2
# shellcheck source=bench/lib.sh
source "$src/bench/lib.sh"
work=$(mktemp -d)
cleanup() {
  apiserver_stop
  rm -rf "$work"
}
trap cleanup EXIT

# ---- 1. a host root that is not a Kubernetes node: a Debian 12 VM with systemd, sshd, cron ----
root=$work/root
mkdir -p "$root/etc" "$root/proc/sys/kernel" "$root/proc/sys/net/ipv4" "$root/usr/sbin"
cat > "$root/etc/os-release" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
EOF
echo "build-vm-07" > "$root/etc/hostname"
echo "6.1.0-18-amd64" > "$root/proc/sys/kernel/osrelease"
echo "0" > "$root/proc/sys/net/ipv4/ip_forward"
proc() {  # pid comm argv...
  local pid=$1 comm=$2; shift 2
  mkdir -p "$root/proc/$pid"
  printf '%s\n' "$comm" > "$root/proc/$pid/comm"
  printf '%s\0' "$@" > "$root/proc/$pid/cmdline"
}
proc 1 systemd /sbin/init
proc 412 systemd-journal /lib/systemd/systemd-journald
proc 655 cron /usr/sbin/cron -f
proc 702 sshd "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"
cat > "$root/proc/modules" <<'EOF'
nf_tables 356352 0 - Live 0x0000000000000000
nfnetlink 20480 1 nf_tables, Live 0x0000000000000000
ext4 1040384 1 - Live 0x0000000000000000
EOF
ln -s xtables-nft-multi "$root/usr/sbin/iptables"
: > "$root/usr/sbin/xtables-nft-multi"
chmod +x "$root/usr/sbin/xtables-nft-multi"

rc=0
"$nd" check --host-only --host-root "$root" --format json --output-file "$work/host.json" || rc=$?
[ "$rc" -le 4 ] || { echo "check --host-only exited $rc" >&2; exit 1; }

python3 - "$work/host.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
bad = [f["id"] for f in d["findings"] if f["counts"]["possibly_affected"] > 0]
assert not bad, f"possibly affected on a host that is not a node: {bad}"
assert s["possibly_affected"] == 0 and s["scopes"]["possibly_affected"] == 0, s
assert s["not_examined"] > 0, "nothing reported as not examined"
lines = d["not_examined"]
cluster = [l for l in lines if l["scope"] == "cluster"]
assert cluster, lines
# The cluster was never looked at: its entries name the inputs that read Kubernetes objects.
for l in cluster:
    assert l["needs"] and set(l["needs"]) <= {"api", "dump"}, l
    assert l["absent_fact"] == "", l
# Node entries: no kubelet runs, which the report says, with the fact.
node = [l for l in lines if l["scope"] == "node"]
assert any(l["absent_fact"] == "node.kubelet.running" and l["absent_value"] == "false" for l in node), node
for f in d["findings"]:
    for v in f["evidence"]:
        if v["status"] == "not-examined":
            assert v["needs"] or v["facts"], (f["id"], v)
print("host-only:", s)
EOF
"$nd" check --host-only --host-root "$root" > "$work/host.txt" || true
grep -q "cluster entries not examined: add --kubeconfig or add --dump FILE" "$work/host.txt" || {
  echo "text report lacks the not-examined line for cluster entries:" >&2; cat "$work/host.txt" >&2; exit 1; }
grep -q "node entries not examined: node.kubelet.running is false" "$work/host.txt" || {
  echo "text report lacks the not-examined line for node entries:" >&2; cat "$work/host.txt" >&2; exit 1; }

# ---- 2. an API-only scan of the test API server, 40 generated nodes besides the fixture's ----
bash "$src/tests/apiserver/gen_certs.sh" "$work/pki" netdoctor-coverage >/dev/null 2>&1
APISERVER_WAIT_S=120 apiserver_start "$work/port" "$src" "$work/pki" \
  --fixture "$src/tests/apiserver/fixtures/cluster.json" --generate-nodes 40 --generate-pods 200
write_kubeconfig "$work/kubeconfig" "$APISERVER_URL" "$work/pki"
rc=0
"$nd" check --cluster-only --kubeconfig "$work/kubeconfig" -q --format json --output-file "$work/api.json" || rc=$?
[ "$rc" -le 4 ] || { echo "check --cluster-only exited $rc" >&2; exit 1; }
python3 - "$work/api.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
# The fixture's cluster objects decide every cluster entry, and what the node entries lack is
# host state only a run on the node collects: nothing is left possibly affected.
possibly = [(f["id"], v["missing"]) for f in d["findings"] for v in f["evidence"]
            if v["status"] == "possibly-affected"]
assert not possibly, f"possibly affected in an API-only scan: {possibly}"
assert s["affected"] > 0, "the fixture's affected entries must stay affected"
lines = d["not_examined"]
node = [l for l in lines if l["scope"] == "node"]
assert node, f"no node entries reported not examined: {lines}"
for l in node:
    assert "live" in l["needs"] or l["absent_fact"], l
    assert l["scopes"] >= 40, l
assert not [l for l in lines if l["scope"] == "cluster" and ("api" in l["needs"])], lines
print("api-only:", s)
EOF
python3 "$src/scripts/validate_report.py" "$src/docs/report-v2.schema.json" "$work"
echo "not-examined: ok"

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# 20,000 Running Pods sharing one IP (a broken IPAM, or a restored etcd) must cost seconds, not
# minutes, from the dump to the report: the conflict detection groups Pods by IP (no pairwise
# compare), each Pod gets one short detail naming the group (not the 20,000 others), and the report
# folds the 20,000 affected Pods into one evidence variant. Also checks that 20,000 take about
# twice the CPU time of 10,000 (linear), with slack. Needs /usr/bin/time (Debian package time).
#   shared_ip_test.sh NETDOCTOR_BINARY
set -euo pipefail
nd=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gen() {  # gen PODS FILE: 100 Nodes, PODS Running Pods with one IP, 100 Pods with their own
  python3 - "$1" "$2" <<'PY'
import json, sys
pods, out = int(sys.argv[1]), sys.argv[2]
items = []
for n in range(100):
    items.append({"apiVersion": "v1", "kind": "Node",
                  "metadata": {"name": f"node-{n:03d}", "uid": f"uid-node-{n}"},
                  "spec": {"podCIDR": "10.244.0.0/16", "podCIDRs": ["10.244.0.0/16"]},
                  "status": {"addresses": [{"type": "InternalIP", "address": f"192.168.0.{n + 1}"}],
                             "nodeInfo": {"kernelVersion": "5.15.0-91-generic",
                                          "osImage": "Ubuntu 22.04.3 LTS",
                                          "kubeletVersion": "v1.28.4",
                                          "containerRuntimeVersion": "containerd://1.7.2"}}})
def pod(i, ip):
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"web-{i:06d}", "namespace": f"team-{i % 7}", "uid": f"uid-pod-{i}"},
            "spec": {"nodeName": f"node-{i % 100:03d}",
                     "containers": [{"name": "web", "image": "registry.example/web:1.0"}]},
            "status": {"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}]}}
for i in range(pods):
    items.append(pod(i, "10.244.7.7"))
for i in range(100):
    items.append(pod(pods + i, f"10.244.{i // 200}.{i % 200 + 10}"))
json.dump({"apiVersion": "v1", "kind": "List", "metadata": {}, "items": items}, open(out, "w"))
PY
}

# run PODS: CPU seconds (user + system; wall time on a shared machine measures the neighbours) of
# `check --dump`, text then JSON; checks the JSON report.
run() {
  local pods=$1 d="$work/dump-$1.json" rc
  gen "$pods" "$d"
  rc=0; /usr/bin/time -f '%U %S' -o "$work/t.text" "$nd" check --dump "$d" -q >"$work/text" 2>"$work/err" || rc=$?
  [ "$rc" -le 4 ] || { echo "check (text) exited $rc: $(tail -3 "$work/err")" >&2; exit 1; }
  rc=0; /usr/bin/time -f '%U %S' -o "$work/t.json" "$nd" check --dump "$d" -q -o json --output-file "$work/report-$pods.json" 2>"$work/err" || rc=$?
  [ "$rc" -le 4 ] || { echo "check (json) exited $rc: $(tail -3 "$work/err")" >&2; exit 1; }
  python3 - "$work/report-$pods.json" "$pods" <<'PY'
import json, sys
report, pods = json.load(open(sys.argv[1])), int(sys.argv[2])
f = next((f for f in report["findings"] if f["id"] == "CLUSTER-POD-IP-CONFLICT"), None)
assert f, "no CLUSTER-POD-IP-CONFLICT finding"
assert f["status"] == "affected", f["status"]
assert f["counts"]["affected"] == pods, f"affected {f['counts']['affected']}, expected {pods}"
affected = [s for s in f["scopes"] if s["status"] == "affected"]
assert len(affected) == pods, len(affected)
# One group, one detail: every Pod points at the same evidence variant.
assert len({s["evidence"] for s in affected}) == 1, "the Pods of one group split into variants"
assert len(f["evidence"]) == 1, f"{len(f['evidence'])} evidence variants"
text = json.dumps(f["evidence"])
assert f"10.244.7.7 is the IP of {pods} Running Pods" in text, text[:300]
# The 100 Pods with their own IPs are not in conflict.
assert not any(s["name"].startswith("web-") and int(s["name"][4:]) >= pods for s in affected)
PY
  cat "$work/t.text" "$work/t.json" | awk '{ s += $1 + $2 } END { printf "%.2f", s }'
}

t10=$(run 10000)
t20=$(run 20000)
size=$(stat -c %s "$work/report-20000.json")
echo "shared IP: 10,000 Pods ${t10} s CPU, 20,000 Pods ${t20} s CPU (text + JSON); JSON report $size bytes"
# Seconds, not minutes: a pairwise compare would be 4x from 10k to 20k and minutes in total.
awk -v t="$t20" 'BEGIN { exit !(t < 30) }' || { echo "20,000 Pods took ${t20} s CPU (bound 30 s)" >&2; exit 1; }
awk -v a="$t10" -v b="$t20" 'BEGIN { exit !(b < 3.2 * a + 1) }' ||
  { echo "not linear: 10,000 Pods ${t10} s, 20,000 Pods ${t20} s" >&2; exit 1; }
[ "$size" -lt 5000000 ] || { echo "JSON report $size bytes (bound 5 MB)" >&2; exit 1; }
echo "ok"

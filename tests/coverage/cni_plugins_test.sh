#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CNI per plugin: on a containerd node (host-root tree with a real config.toml and Calico's
# conflist), every plugin type and IPAM type of the config containerd loads must be an
# executable in containerd's bin_dir. With portmap, bandwidth and loopback there but calico and
# calico-ipam missing, HOST-CNI-BIN-DIR-MISMATCH is affected and names them and the directory
# searched; with them installed it is not affected.
#   cni_plugins_test.sh NETDOCTOR_BINARY
set -euo pipefail
nd=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/etc/containerd" "$root/etc/cni/net.d" "$root/opt/cni/bin" "$root/proc/sys/kernel"
cat > "$root/etc/os-release" <<'EOF'
NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
EOF
echo "worker-3" > "$root/etc/hostname"
echo "5.14.0-362.8.1.el9_3.x86_64" > "$root/proc/sys/kernel/osrelease"
cat > "$root/etc/containerd/config.toml" <<'EOF'
version = 2
root = "/var/lib/containerd"
state = "/run/containerd"

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "registry.k8s.io/pause:3.9"
    [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          SystemdCgroup = true
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/opt/cni/bin"
      conf_dir = "/etc/cni/net.d"
EOF
# What calico-node's install-cni container writes (Calico 3.26 manifest).
cat > "$root/etc/cni/net.d/10-calico.conflist" <<'EOF'
{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "log_level": "info",
      "log_file_path": "/var/log/calico/cni/cni.log",
      "datastore_type": "kubernetes",
      "nodename": "worker-3",
      "mtu": 0,
      "ipam": {
          "type": "calico-ipam"
      },
      "policy": {
          "type": "k8s"
      },
      "kubernetes": {
          "kubeconfig": "/etc/cni/net.d/calico-kubeconfig"
      }
    },
    {
      "type": "portmap",
      "snat": true,
      "capabilities": {"portMappings": true}
    },
    {
      "type": "bandwidth",
      "capabilities": {"bandwidth": true}
    }
  ]
}
EOF
# A leftover config sorted after Calico's: containerd loads only the first (max_conf_num = 1).
cat > "$root/etc/cni/net.d/99-loopback.conf" <<'EOF'
{"cniVersion": "0.3.1", "name": "lo", "type": "loopback"}
EOF
proc() {  # pid comm argv...
  local pid=$1 comm=$2; shift 2
  mkdir -p "$root/proc/$pid"
  printf '%s\n' "$comm" > "$root/proc/$pid/comm"
  printf '%s\0' "$@" > "$root/proc/$pid/cmdline"
}
proc 1 systemd /usr/lib/systemd/systemd --switched-root --system --deserialize 31
proc 880 containerd /usr/bin/containerd
proc 1203 kubelet /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf \
  --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml \
  --container-runtime-endpoint=unix:///run/containerd/containerd.sock
for p in bandwidth portmap loopback host-local; do
  printf '\177ELF' > "$root/opt/cni/bin/$p"; chmod 755 "$root/opt/cni/bin/$p"
done

check() {
  local rc=0
  "$nd" check --host-only --host-root "$root" --only HOST-CNI-BIN-DIR-MISMATCH --format json \
    --output-file "$work/report.json" || rc=$?
  [ "$rc" -le 4 ] || { echo "netdoctor exited $rc" >&2; exit 1; }
}

check
python3 - "$work/report.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
f = [f for f in d["findings"] if f["id"] == "HOST-CNI-BIN-DIR-MISMATCH"][0]
assert f["status"] == "affected", f["status"]
facts = {e["fact"]: e for v in f["evidence"] for e in v["facts"]}
m = facts["node.cni.bin_dir_mismatch"]
text = m["value"] + " " + m["source"] + " " + m["reason"]
for want in ("calico: not in /opt/cni/bin", "calico-ipam: not in /opt/cni/bin", "10-calico.conflist"):
    assert want in text, (want, m)
assert "portmap:" not in text and "loopback" not in text, m
print("missing calico found:", m["source"])
EOF

# Installed where containerd looks: not affected.
for p in calico calico-ipam; do printf '\177ELF' > "$root/opt/cni/bin/$p"; chmod 755 "$root/opt/cni/bin/$p"; done
check
python3 - "$work/report.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
f = [f for f in d["findings"] if f["id"] == "HOST-CNI-BIN-DIR-MISMATCH"][0]
assert f["status"] == "not-affected", (f["status"], f["evidence"])
EOF

# Not executable is not found either (libcni runs the file): calico-ipam without its x bit.
chmod 644 "$root/opt/cni/bin/calico-ipam"
check
python3 - "$work/report.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
f = [f for f in d["findings"] if f["id"] == "HOST-CNI-BIN-DIR-MISMATCH"][0]
assert f["status"] == "affected", f["status"]
src = [e for v in f["evidence"] for e in v["facts"] if e["fact"] == "node.cni.bin_dir_mismatch"][0]["source"]
assert "calico-ipam: not in /opt/cni/bin" in src and "calico: not" not in src.replace("calico-ipam", ""), src
EOF

# A conflist that is not JSON: the plugins are unknown with the file named, never "not affected".
chmod 755 "$root/opt/cni/bin/calico-ipam"
printf '{"name": "k8s-pod-network", "plugins": [' > "$root/etc/cni/net.d/10-calico.conflist"
rc=0
"$nd" collect --host-only --host-root "$root" -o "$work/facts.json" 2>/dev/null || rc=$?
[ "$rc" -le 4 ] || { echo "netdoctor collect exited $rc" >&2; exit 1; }
python3 - "$work/facts.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
node = next(iter(d["nodes"].values()))
f = node["node.cni.missing_plugins"]
assert f.get("value") is None, f
assert "10-calico.conflist" in json.dumps(f) and "not a JSON object" in json.dumps(f), f
EOF
echo "cni plugins: ok"

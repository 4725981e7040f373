#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Host check benchmark: in one network namespace holding the same devices and rules, times
#   (a) `netdoctor check --host-only --format json`: a full check of the live host (host files,
#       netlink, ethtool, iptables census, knowledge base, derivers, engine, report), and
#   (b) a shell script running the commands the seed checklists use for the same facts
#       (uname, os-release, sysctl, iptables -V, ls -l, ip -d addr/link, ip route show table all,
#       ethtool -k per device, iptables-{legacy,nft}-save for IPv4 and IPv6, proxy_arp per cali*,
#       ps for kubelet/kube-proxy, CNI dirs, containerd config, /proc/net/ip_vs, conntrack),
# and prints both medians, their ratio and netdoctor's peak RSS. Needs root.
#   bench/host_check_bench.sh [TARGET] [RUNS]        (defaults: the packaged build, 200)
# TARGET: a release tarball (dist/netdoctor-*-linux-amd64.tar.gz, what users run: its launcher,
# bundled loader and libraries), a build directory (BUILD/src/cli/netdoctor) or an executable.
# Default: the tarball in dist/ when scripts/package.sh has made one, else build/release.
# Use a Release build for numbers worth quoting (a Debug build spends ~2x the CPU in its own code).
# Goals: >= 10x faster than (b), <= 30 ms median, <= 10 MiB peak RSS. netdoctor reads the
# iptables census from the kernel (nft netlink, legacy getsockopt) and starts only `iptables -V`.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-}
runs=${2:-200}
[ "$(id -u)" = 0 ] || { echo "host_check_bench: needs root (ip netns)" >&2; exit 2; }
if [ -z "$target" ]; then
  target=$(ls dist/netdoctor-*-linux-amd64.tar.gz 2>/dev/null | head -1)
  target=${target:-build/release}
fi
if [ "$target" = build/release ] && [ ! -x build/release/src/cli/netdoctor ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target netdoctor >/dev/null
fi

ns=nd-bench-$$
work=$(mktemp -d /tmp/nd-bench.XXXXXX)
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
case $target in
  *.tar.gz)
    mkdir -p "$work/pkg" && tar -xzf "$target" -C "$work/pkg"
    nd=$(echo "$work"/pkg/netdoctor-*/bin/netdoctor)
    what="packaged: $target (launcher, bundled loader and libraries)" ;;
  *)
    if [ -d "$target" ]; then nd="$(realpath "$target")/src/cli/netdoctor"; else nd=$(realpath "$target"); fi
    what="binary: $nd" ;;
esac
[ -x "$nd" ] || { echo "host_check_bench: no netdoctor executable at $nd" >&2; exit 2; }
ip netns add "$ns"
nsx() { ip netns exec "$ns" "$@"; }

# --- the node: uplink, Calico VXLAN device, tunl0 if the kernel has ipip, workload veths, rules.
nsx ip link set lo up
nsx ip link add eth0 type veth peer name p-eth0
nsx ip addr add 10.0.0.50/24 dev eth0
nsx ip addr add 10.0.0.100/24 dev eth0
nsx ip link set eth0 up
nsx ip link set p-eth0 up
nsx ip link add vxlan.calico type vxlan id 4096 dev eth0 local 10.0.0.50 dstport 4789
nsx ip link set vxlan.calico up
devices="vxlan.calico eth0"
if nsx ip link add name tunl0 type ipip 2>/dev/null || nsx ip link show tunl0 >/dev/null 2>&1; then
  devices="$devices tunl0"
  tunl0="present"
else
  tunl0="absent (kernel has no ipip)"
fi
for i in 1 2 3 4 5 6; do
  nsx ip link add "cali0000000000$i" type veth peer name "p-cali$i"
  nsx ip link set "cali0000000000$i" up
  nsx sysctl -q -w "net.ipv4.conf.cali0000000000$i.proxy_arp=$((i % 2))"
  nsx ip route add "10.244.1.$i/32" dev "cali0000000000$i" proto bird scope link
done
nsx ip route add blackhole 10.244.1.0/26 proto bird
nsx ip link add docker0 type bridge
nsx ip addr add 172.17.0.1/16 dev docker0
rules() {  # kube-proxy-like chains and rules in one back end; $2 Services
  local ipt=$1 n=$2
  "$ipt" -t mangle -N KUBE-IPTABLES-HINT
  "$ipt" -t mangle -N KUBE-KUBELET-CANARY
  "$ipt" -t nat -N KUBE-SERVICES
  "$ipt" -t nat -N KUBE-POSTROUTING
  "$ipt" -t nat -N KUBE-MARK-MASQ
  "$ipt" -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
  "$ipt" -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" \
    -j KUBE-POSTROUTING
  "$ipt" -t nat -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
  "$ipt" -t nat -A KUBE-POSTROUTING -m comment \
    --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
  for s in $(seq 1 "$n"); do
    "$ipt" -t nat -N "KUBE-SVC-BENCH$s"
    "$ipt" -t nat -A KUBE-SERVICES -d "10.96.0.$s/32" -p tcp \
      -m comment --comment "default/svc$s cluster IP" -m tcp --dport 80 -j "KUBE-SVC-BENCH$s"
    "$ipt" -t nat -A "KUBE-SVC-BENCH$s" -p tcp \
      -j DNAT --to-destination "10.244.1.$((s % 6 + 1)):8080"
  done
}
nsx bash -ec "$(declare -f rules); rules iptables-legacy 20; rules iptables-nft 20"
nsx iptables-legacy -N cali-FORWARD
nsx iptables-legacy -A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD
nsx iptables-legacy -t nat -N cali-nat-outgoing

# --- (b) the seed commands for the same facts, as a shell script.
cat > "$work/seed_commands.sh" <<EOF
#!/bin/bash
uname -r
cat /etc/os-release
cat /etc/hostname
sysctl net.ipv4.vs.conn_reuse_mode net.ipv4.vs.conntrack net.ipv4.vs.expire_nodest_conn \
  net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables 2>&1
iptables -V
ls -l /usr/sbin/iptables
readlink -f /usr/sbin/iptables
ip -d link show
ip -d addr show
ip route show table all
ip -6 route show table all
for d in $devices; do ethtool -k "\$d"; done
iptables-legacy-save
ip6tables-legacy-save
iptables-nft-save
ip6tables-nft-save
for f in /proc/sys/net/ipv4/conf/cali*/proxy_arp; do echo "\$f \$(cat "\$f")"; done
ps -ef | grep -E 'kubelet|kube-proxy|dockerd|containerd' | grep -v grep
cat /etc/containerd/config.toml 2>&1
ls /opt/cni/bin /etc/cni/net.d 2>&1
cat /proc/net/ip_vs 2>&1
lsmod 2>&1 | grep ip_vs
command -v conntrack
EOF
chmod +x "$work/seed_commands.sh"

# --- timing loop inside the namespace: bash's `time` keyword reports wall, user and system time
# of the command and all its children (wait4 rusage), with no extra process per sample.
cat > "$work/time_loop.sh" <<'EOF'
#!/bin/bash
# time_loop.sh RUNS CMD...: prints "wall_us cpu_us" per run (cpu = user + system, children incl.).
n=$1; shift
TIMEFORMAT='%6R %6U %6S'
for ((i = 0; i < n; i++)); do
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%d %d\n", $1 * 1e6, ($2 + $3) * 1e6}'
done
EOF
chmod +x "$work/time_loop.sh"

# median COLUMN < samples
median() { awk -v c="$1" '{print $c}' | sort -n |
           awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Sanity: netdoctor must really see the namespace it is timed in.
nsx "$nd" collect --host-only > "$work/facts.json" || true
python3 - "$work/facts.json" <<'EOF'
import json, sys
nodes = json.load(open(sys.argv[1]))["nodes"]
f = next(iter(nodes.values()))
assert f["node.vxlan_calico.present"]["value"] is True, "netdoctor does not see the bench namespace"
for k in ["node.vxlan_calico.present", "node.vxlan_calico.tx_checksum", "node.calico.veths",
          "node.iptables.nft.kube_chains", "node.iptables.legacy.calico_chains",
          "node.kernel.release"]:
    v = f.get(k, {})
    print(f"  {k} = {v.get('value', 'unknown: ' + str(v.get('unknown')))}")
EOF

# Interleave the two in chunks so machine load hits both alike.
: > "$work/a"; : > "$work/b"
chunk=10
for ((done = 0; done < runs; done += chunk)); do
  nsx "$work/time_loop.sh" "$chunk" "$nd" check --host-only --format json >> "$work/a"
  nsx "$work/time_loop.sh" "$chunk" "$work/seed_commands.sh" >> "$work/b"
done
# Start-up alone: `netdoctor version`.
: > "$work/v"
nsx "$work/time_loop.sh" 50 "$nd" version >> "$work/v"
v_us=$(median 1 < "$work/v")
a_us=$(median 1 < "$work/a")
b_us=$(median 1 < "$work/b")
a_cpu=$(median 2 < "$work/a")
b_cpu=$(median 2 < "$work/b")
load=$(cut -d' ' -f1-3 /proc/loadavg)
# netdoctor exits 3 when it finds something (it will here): not a failure of the benchmark.
rss_kb=$( (nsx /usr/bin/time -v "$nd" check --host-only --format json 2>&1 >/dev/null || true) |
         awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')

awk -v a="$a_us" -v b="$b_us" -v v="$v_us" -v what="$what" -v ac="$a_cpu" -v bc="$b_cpu" -v rss="$rss_kb" -v runs="$runs" \
    -v tunl0="$tunl0" -v load="$load" -v cpus="$(nproc)" 'BEGIN {
  printf "host_check_bench: %d runs each, same namespace (vxlan.calico, tunl0 %s, 6 cali veths, " \
         "~50 iptables rules per back end)\n", runs, tunl0
  printf "  %s\n", what
  printf "  machine: %d CPUs, load average %s (other work shares the CPUs)\n", cpus, load
  printf "  (a) netdoctor check --host-only      median %8.2f ms wall, %8.2f ms CPU (user+sys)\n",
         a / 1000, ac / 1000
  printf "  (b) seed shell commands              median %8.2f ms wall, %8.2f ms CPU (user+sys)\n",
         b / 1000, bc / 1000
  printf "  netdoctor version (start-up alone)   median %8.2f ms wall\n", v / 1000
  printf "  CPU ratio (b)/(a)                           %8.1fx\n", (ac > 0) ? bc / ac : 0
  printf "  wall ratio (b)/(a)                          %8.1fx   goal >= 10x  %s\n", b / a,
         (b / a >= 10) ? "met" : "NOT met"
  printf "  netdoctor check median                      %8.2f ms goal <= 30 ms %s\n", a / 1000,
         (a <= 30000) ? "met" : "NOT met"
  printf "  netdoctor check peak RSS                    %8.2f MiB goal <= 10 MiB %s\n",
         rss / 1024, (rss <= 10240) ? "met" : "NOT met"
}'

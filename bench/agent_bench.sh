#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Agent footprint benchmark, in a network namespace with a Calico-like node (uplink, vxlan.calico,
# cali* veths, one with proxy_arp off) and the test API server (tests/apiserver/server.py) inside
# it. Measures the whole `netdoctor agent` process:
#   (a) steady RSS: --interval 10m, VmRSS and VmHWM a few seconds after the first cycle published;
#   (b) CPU per cycle: --interval 0 --max-cycles N (test hook), the process's user+sys time
#       (children included) divided by N, and the median cpu_ms the agent logs per cycle;
#   (b2) the same with --interval 1s (RELOAD_CYCLES cycles, default 20): before a wait of half a
#       second or more the agent unloads libcurl (what keeps (a) small), so each such cycle loads
#       it again and makes a new TLS connection, as every cycle does at the default 10m interval;
#   (c) RSS and open descriptors at cycle 100 and at cycle N (leak check);
# against a baseline in the same run: one `netdoctor check --host-only --format json` process
# (the same collectors and engine, started once per check as a cron job would), CPU time median.
# Goals: steady RSS <= 16 MiB, CPU <= 50 ms per cycle, no growth over 1,000 cycles.
#   bench/agent_bench.sh [BUILD_DIR] [CYCLES]    (defaults: build/release, 1000). Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
cycles=${2:-1000}
nd="$(realpath "$build")/src/cli/netdoctor"
[ -x "$nd" ] || { echo "agent_bench: no netdoctor binary at $nd (cmake --build --preset release --target netdoctor)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "agent_bench: needs root (ip netns)" >&2; exit 2; }

ns=nd-agent-bench-$$
work=$(mktemp -d /tmp/nd-agent-bench.XXXXXX)
srv=""
agent=""
cleanup() {
  [ -n "$agent" ] && kill "$agent" 2>/dev/null || true
  [ -n "$srv" ] && kill "$srv" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
nsx() { ip netns exec "$ns" "$@"; }
nsx ip link set lo up
nsx ip link add eth0 type veth peer name p-eth0
nsx ip addr add 10.0.0.50/24 dev eth0
nsx ip link set eth0 up
nsx ip link set p-eth0 up
nsx ip link add vxlan.calico type vxlan id 4096 dev eth0 local 10.0.0.50 dstport 4789
for i in 1 2 3 4 5 6 7 8; do
  nsx ip link add "cali0000000$i" type veth peer name "p-cali$i"
  nsx ip link set "cali0000000$i" up
  [ "$i" = 1 ] || nsx sysctl -qw "net.ipv4.conf.cali0000000$i.proxy_arp=1"
done

# The API server on the namespace's loopback, over TLS as a real one (the agent refuses to send
# a bearer token over plain http).
bash tests/apiserver/gen_certs.sh "$work/pki" netdoctor-agent-bench >/dev/null 2>&1
ip netns exec "$ns" python3 tests/apiserver/server.py --certs "$work/pki" --fixture tests/apiserver/fixtures/cluster.json \
  --token bench-token=system:serviceaccount:netdoctor:netdoctor-agent \
  --groups netdoctor.io/v1alpha1 > "$work/port" &
srv=$!
for _ in $(seq 100); do grep -q PORT "$work/port" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/PORT/ {print $2}' "$work/port")
cat > "$work/kubeconfig" <<KC
apiVersion: v1
kind: Config
current-context: bench
clusters: [{name: bench, cluster: {server: "https://127.0.0.1:$port", certificate-authority: "$work/pki/ca.crt"}}]
users: [{name: agent, user: {token: bench-token}}]
contexts: [{name: bench, context: {cluster: bench, user: agent}}]
KC
common=(agent --node-name worker-1 --host-root / --kubeconfig "$work/kubeconfig")

# (a) steady RSS
ip netns exec "$ns" "$nd" "${common[@]}" --interval 10m 2> "$work/steady.log" &
agent=$!  # ip netns exec execs netdoctor: this is the agent's pid
for _ in $(seq 300); do grep -q "cycle 1 .*published" "$work/steady.log" 2>/dev/null && break; sleep 0.1; done
grep -q "cycle 1 .*; published" "$work/steady.log" || { echo "agent_bench: first cycle did not publish:" >&2; cat "$work/steady.log" >&2; exit 1; }
sleep 2
steady_rss=$(awk '/VmRSS/ {print $2}' /proc/"$agent"/status)
peak_rss=$(awk '/VmHWM/ {print $2}' /proc/"$agent"/status)
kill "$agent"; wait "$agent" 2>/dev/null || true
agent=""

# (b, c) N back-to-back cycles
tfmt="%U %S"
/usr/bin/time -f "$tfmt" -o "$work/time" ip netns exec "$ns" "$nd" "${common[@]}" --interval 0 --no-jitter \
  --max-cycles "$cycles" 2> "$work/cycles.log"
read -r u s < <(tail -1 "$work/time")
cpu_per_cycle_ms=$(awk -v u="$u" -v s="$s" -v n="$cycles" 'BEGIN {printf "%.2f", (u + s) * 1000 / n}')
published=$(grep -c "; published;" "$work/cycles.log" || true)
median_cpu=$(grep -o "cpu_ms=[0-9]*" "$work/cycles.log" | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
at() { grep "cycle $1 node" "$work/cycles.log" | grep -o "rss_kb=[0-9]* fds=[0-9]*"; }
c100=$(at 100); cN=$(at "$cycles")

# (b2) cycles that reload libcurl and reconnect, as at the default interval.
reload_cycles=${RELOAD_CYCLES:-20}
/usr/bin/time -f "$tfmt" -o "$work/time2" ip netns exec "$ns" "$nd" "${common[@]}" --interval 1s --no-jitter \
  --max-cycles "$reload_cycles" 2> "$work/reload.log"
read -r u s < <(tail -1 "$work/time2")
reload_cpu_ms=$(awk -v u="$u" -v s="$s" -v n="$reload_cycles" 'BEGIN {printf "%.2f", (u + s) * 1000 / n}')
reload_median=$(grep -o "cpu_ms=[0-9]*" "$work/reload.log" | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
reload_published=$(grep -c "; published;" "$work/reload.log" || true)

# Baseline: one-shot host checks, CPU time each.
base=()
for _ in $(seq 20); do
  /usr/bin/time -f "$tfmt" -o "$work/t1" ip netns exec "$ns" "$nd" check --host-only --format json > /dev/null || true
  read -r u1 s1 < <(tail -1 "$work/t1")  # time prints "Command exited with ..." first on exit 3
  base+=("$(awk -v u="$u1" -v s="$s1" 'BEGIN {printf "%.1f", (u + s) * 1000}')")
done
base_ms=$(printf '%s\n' "${base[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

echo "agent_bench ($build, $cycles cycles, API server in the namespace; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  steady RSS:            $steady_rss KiB (peak $peak_rss KiB; goal <= 16384 KiB)"
echo "  CPU per cycle:         $cpu_per_cycle_ms ms (process + children, user+sys / cycles; goal <= 50 ms)"
echo "  agent-logged cpu_ms:   median $median_cpu ms per cycle (this process only)"
echo "  cycles published:      $published of $cycles"
echo "  with reload (--interval 1s, $reload_cycles cycles, $reload_published published): $reload_cpu_ms ms CPU per cycle (process + children), median logged cpu_ms $reload_median"
echo "  cycle 100:             $c100"
echo "  cycle $cycles:            $cN"
echo "  baseline one-shot check --host-only: $base_ms ms CPU (median of 20)"
awk -v a="$cpu_per_cycle_ms" -v b="$base_ms" 'BEGIN {printf "  ratio agent cycle / one-shot check CPU: %.2f\n", a / b}'

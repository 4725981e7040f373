#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Re-records tests/fixtures/iptables/native/<scenario>/: builds a network namespace per scenario
# with real rules (iptables-legacy, iptables-nft, ip6tables-*, nft), dumps it natively with
# netdoctor_record_native_iptables --record (nft.bin, legacy-{4,6}-<table>.bin) and saves what the
# four save tools print for the same namespace (*.txt, *.stderr) and /proc/net/ip{,6}_tables_names,
# which the unit tests compare against. Needs root. See tests/fixtures/iptables/native/README.md.
#   tests/integration/record_native_iptables.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
tool="$build/tests/integration/netdoctor_record_native_iptables"
[ -x "$tool" ] || ninja -C "$build" -j2 netdoctor_record_native_iptables

record() {  # record SCENARIO SETUP_FUNCTION
  local name=$1 setup=$2 ns=nd-record-$$-$1 dir="$src/tests/fixtures/iptables/native/$1"
  ip netns add "$ns"
  trap 'ip netns del "'"$ns"'" 2>/dev/null || true' EXIT
  ip netns exec "$ns" bash -ec "$(declare -f "$setup"); $setup"
  rm -rf "$dir"
  mkdir -p "$dir"
  ip netns exec "$ns" "$tool" --record "$dir"
  ip netns exec "$ns" cat /proc/net/ip_tables_names > "$dir/ip_tables_names" 2>/dev/null || true
  ip netns exec "$ns" cat /proc/net/ip6_tables_names > "$dir/ip6_tables_names" 2>/dev/null || true
  for t in iptables-nft-save ip6tables-nft-save iptables-legacy-save ip6tables-legacy-save; do
    # The "# Generated/Completed ... on <date>" comments carry the time; drop them for stable diffs.
    ip netns exec "$ns" "$t" 2> "$dir/$t.stderr" | grep -v '^# \(Generated\|Completed\)' \
      > "$dir/$t.txt" || true
  done
  ip netns del "$ns"
  trap - EXIT
}

# kube-proxy (iptables mode) and kubelet chains in both back ends, Calico's chains in legacy,
# MASQUERADE --random-fully in nft v4 and legacy v6, plain MASQUERADE elsewhere, rules in
# filter/mangle/raw, and native nft tables that iptables-nft-save does not show.
kube_calico() {
  for ipt in iptables-legacy iptables-nft; do
    $ipt -t mangle -N KUBE-IPTABLES-HINT
    $ipt -t mangle -N KUBE-KUBELET-CANARY
    $ipt -t nat -N KUBE-SERVICES
    $ipt -t nat -N KUBE-POSTROUTING
    $ipt -t nat -N KUBE-MARK-MASQ
    $ipt -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
    $ipt -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" \
      -j KUBE-POSTROUTING
    $ipt -t nat -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
    $ipt -t raw -A PREROUTING -p udp --dport 4789 -j NOTRACK
    $ipt -A INPUT -p tcp --dport 22 -m limit --limit 5/s -j ACCEPT
  done
  iptables-nft -t nat -A KUBE-POSTROUTING -j MASQUERADE --random-fully
  iptables-legacy -t nat -A KUBE-POSTROUTING -j MASQUERADE
  iptables-legacy -N cali-FORWARD
  iptables-legacy -N cali-from-wl-dispatch
  iptables-legacy -A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD
  iptables-legacy -A cali-FORWARD -i cali+ -j cali-from-wl-dispatch
  iptables-legacy -t nat -N cali-nat-outgoing
  for ipt in ip6tables-legacy ip6tables-nft; do
    $ipt -t nat -N KUBE-SERVICES
    $ipt -t nat -N KUBE-POSTROUTING
    $ipt -t nat -A POSTROUTING -j KUBE-POSTROUTING
    $ipt -t mangle -N KUBE-IPTABLES-HINT
  done
  ip6tables-legacy -t nat -A KUBE-POSTROUTING -j MASQUERADE --random-fully
  ip6tables-nft -t nat -A KUBE-POSTROUTING -j SNAT --to-source fd00::1
  nft add table inet foo
  nft add chain inet foo KUBE-INPUT '{ type filter hook input priority 0; policy accept; }'
  nft add rule inet foo KUBE-INPUT ct state established accept
  nft add table ip kube-proxy
  nft add chain ip kube-proxy nat-postrouting '{ type nat hook postrouting priority srcnat; }'
  nft add rule ip kube-proxy nat-postrouting masquerade fully-random
}

# A rule nft added to iptables-nft's filter table: iptables-nft-save 1.8.9 calls it incompatible.
foreign_rule() {
  iptables-nft -A INPUT -j ACCEPT
  nft add rule ip filter INPUT ct state established accept
}

record kube-calico kube_calico
record foreign-rule foreign_rule

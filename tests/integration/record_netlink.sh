#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Re-records tests/fixtures/netlink/calico-node.{link,addr,route}.bin: builds a network namespace
# shaped like a Calico VXLAN node and dumps it with netdoctor_record_netlink (needs root).
#   tests/integration/record_netlink.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
ns=nd-record-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
nsx() { ip netns exec "$ns" "$@"; }
nsx ip link set lo up
# Uplink with the node address, a VIP as secondary (/24) and as /32, an IPv6 address.
nsx ip link add eth0 type veth peer name p-eth0
nsx ip addr add 10.0.0.50/24 dev eth0
nsx ip addr add 10.0.0.100/24 dev eth0
nsx ip addr add 10.0.0.101/32 dev eth0
nsx ip -6 addr add fd00::50/64 dev eth0 nodad
nsx ip link set eth0 up
nsx ip link set p-eth0 up
nsx ip route add default via 10.0.0.1 dev eth0 proto dhcp
# Calico: vxlan.calico as Felix creates it, a workload veth, the IPAM block blackhole, a Pod
# route, an ECMP route; docker0.
nsx ip link add vxlan.calico type vxlan id 4096 dev eth0 local 10.0.0.50 dstport 4789
nsx ip link set vxlan.calico up
nsx ip link add cali1a2b3c4d5e6 type veth peer name p-cali1
nsx ip link set cali1a2b3c4d5e6 up
nsx ip link set p-cali1 up
nsx ip route add blackhole 10.244.1.0/26 proto bird
nsx ip route add 10.244.1.5/32 dev cali1a2b3c4d5e6 proto bird scope link
nsx ip route add 10.244.2.0/26 proto bird \
  nexthop via 10.0.0.51 dev eth0 nexthop via 10.0.0.52 dev eth0
nsx ip route add 10.244.9.0/24 dev eth0 table 100
nsx ip link add docker0 type bridge
nsx ip addr add 172.17.0.1/16 dev docker0
# A container's host-side veth enslaved to docker0 (left down, so docker0 stays down).
nsx ip link add vethd0c1 type veth peer name p-vethd0c1
nsx ip link set vethd0c1 master docker0
nsx "$build/tests/integration/netdoctor_record_netlink" "$src/tests/fixtures/netlink/calico-node"

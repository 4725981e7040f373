// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collect/host/context.h"
#include "facts/fact.h"

namespace netdoctor::collect::host {

/// Devices whose offload features are read: Calico's and flannel's tunnel devices, plus the
/// parent (IFLA_VXLAN_LINK) of vxlan.calico.
inline constexpr const char* kFeatureDevices[] = {"vxlan.calico", "tunl0", "vxlan-v6.calico",
                                                  "flannel.1"};

/// Everything netdoctor reads from the running kernel of the current network namespace:
///  1. rtnetlink links, addresses and routes (source "netlink") -> NetStateToFacts facts;
///  2. ethtool features of kFeatureDevices and vxlan.calico's parent
///     (source "ioctl ETHTOOL_GFEATURES <dev>");
///  3. node.calico.veths_proxy_arp_off from /proc/sys/net/ipv4/conf/<cali*>/proxy_arp (ctx.fs);
///  4. iptables version/mode and both back ends' rule census (CollectIptables);
///  5. IPVS availability and virtual services (CollectIpvs, through ctx.fs).
/// Never fails: each part that cannot be read leaves its facts unknown with the reason
/// ("netlink: operation not permitted"). With ctx.live false only the ctx.fs parts (IPVS) are
/// read; the others are unknown ("not a live host").
void CollectLiveKernel(const HostContext& ctx, facts::FactSet& out);

}  // namespace netdoctor::collect::host

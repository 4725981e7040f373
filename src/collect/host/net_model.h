// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "facts/fact.h"

namespace netdoctor::collect::host {

/// The host's network state as netlink (live) or iproute2/ethtool text (sos report) shows it.
/// Both sources fill this one model, and NetStateToFacts turns it into facts, so live and offline
/// readings give the same facts.
struct VxlanInfo {
  std::optional<std::uint32_t> vni;
  std::string local;          // local address, "" if unset
  std::optional<int> link_index;  // IFLA_VXLAN_LINK (parent device), if set
  std::string link_name;      // parent device name if resolvable ("" when gone or unset)
  std::optional<std::uint16_t> port;
};

struct Link {
  int index = 0;
  std::string name;
  std::string kind;           // "vxlan", "ipip", "veth", "bridge", "bond", "vlan", "" for physical
  std::string state;          // "UP", "DOWN", "UNKNOWN"
  std::string master;         // master device name, "" if none
  std::optional<VxlanInfo> vxlan;
  /// ethtool features ("tx-checksum-ip-generic" -> on); empty when not read.
  std::map<std::string, bool> features;
  bool features_read = false;
  std::string features_error;  // why features could not be read
};

struct Address {
  std::string ifname;
  int family = 4;             // 4 or 6
  std::string cidr;           // "10.0.0.50/24"
  std::string scope;          // "global", "host", "link"
  bool secondary = false;
};

struct Route {
  std::string table;          // "main", "local", "254", ...
  std::string dst;            // "default", "10.244.1.5/32", ...
  std::string dev;
  std::string proto;          // "kernel", "boot", "static", "bird", ...
  std::string type;           // "unicast", "local", "blackhole", ...
};

struct NetState {
  std::vector<Link> links;
  std::vector<Address> addresses;
  std::vector<Route> routes;
  /// Per-part reasons when a part could not be read (e.g. "routes: netlink dump failed: EPERM").
  std::vector<std::string> errors;
  bool links_read = false, addresses_read = false, routes_read = false;
};

/// Facts: node.links ("name:kind"; physical devices and lo have no kind: "eth0:"),
/// node.vxlan_calico.{present,parent,parent_present,local_ip,tx_checksum},
/// node.tunl0.{present,tx_checksum}, node.addresses, node.addresses.secondary, node.routes,
/// node.calico.veths, node.docker0.subnet. Parts that were not read become unknown with their
/// reason; an absent device gives present=false and its dependent facts unknown
/// ("vxlan.calico does not exist"). tx_checksum facts need Link::features (read by ethtool).
/// `source` describes where the state came from ("netlink", "sos_commands/networking/ip_-d_address").
void NetStateToFacts(const NetState& state, const std::string& source, facts::FactSet& out);

}  // namespace netdoctor::collect::host

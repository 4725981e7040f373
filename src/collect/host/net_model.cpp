// SPDX-License-Identifier: Apache-2.0
#include "collect/host/net_model.h"

#include <cstdint>

#include <arpa/inet.h>

#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

namespace keys = facts::keys;
namespace {

using facts::Fact;

const Link* FindLink(const NetState& s, std::string_view name) {
  for (const auto& l : s.links) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

std::string JoinErrors(const NetState& s, std::string_view part) {
  for (const auto& e : s.errors) {
    if (e.starts_with(part)) return e;
  }
  return std::string(part) + ": not read";
}

// "172.17.0.1/16" -> "172.17.0.0/16"; "" when not an IPv4 CIDR.
std::string Ipv4Network(std::string_view cidr) {
  auto slash = cidr.find('/');
  if (slash == std::string_view::npos) return "";
  auto len = core::ParseInt(cidr.substr(slash + 1));
  if (!len || *len < 0 || *len > 32) return "";
  in_addr addr{};
  if (inet_pton(AF_INET, std::string(cidr.substr(0, slash)).c_str(), &addr) != 1) return "";
  std::uint32_t host = ntohl(addr.s_addr);
  std::uint32_t mask = *len == 0 ? 0 : ~std::uint32_t{0} << (32 - *len);
  addr.s_addr = htonl(host & mask);
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &addr, text, sizeof text);
  return std::string(text) + "/" + std::to_string(*len);
}

// A feature of a link as a fact: known when ethtool was read, else unknown with why.
void FeatureFact(const Link& link, const std::string& key, std::initializer_list<const char*> names,
                 facts::FactSet& out) {
  const std::string src = "ioctl ETHTOOL_GFEATURES " + link.name;
  if (!link.features_read) {
    out.Set(Fact::Unknown(key,
                          link.features_error.empty()
                              ? "offload features of " + link.name + " were not read"
                              : link.features_error,
                          src));
    return;
  }
  for (const char* n : names) {
    auto it = link.features.find(n);
    if (it != link.features.end()) {
      out.Set(Fact::Known(key, it->second, src + " " + n));
      return;
    }
  }
  out.Set(Fact::Unknown(key, link.name + " has no " + *names.begin() + " feature", src));
}

void VxlanCalicoFacts(const NetState& s, const std::string& source, facts::FactSet& out) {
  constexpr const char* kDev = "vxlan.calico";
  if (!s.links_read) {
    const std::string why = JoinErrors(s, "links");
    for (const char* k : {keys::kNodeVxlanCalicoPresent, keys::kNodeVxlanCalicoParent, keys::kNodeVxlanCalicoParentPresent, keys::kNodeVxlanCalicoLocalIp, keys::kNodeVxlanCalicoTxChecksum}) {
      out.Set(Fact::Unknown(k, why, source));
    }
    return;
  }
  const Link* vx = FindLink(s, kDev);
  out.Set(Fact::Known(keys::kNodeVxlanCalicoPresent, vx != nullptr, source));
  if (!vx) {
    const std::string why = "vxlan.calico does not exist";
    for (const char* k : {keys::kNodeVxlanCalicoParent, keys::kNodeVxlanCalicoParentPresent, keys::kNodeVxlanCalicoLocalIp, keys::kNodeVxlanCalicoTxChecksum}) {
      out.Set(Fact::Unknown(k, why, source));
    }
    return;
  }
  if (!vx->vxlan) {
    const std::string why = "vxlan.calico is of kind '" + vx->kind + "', no VXLAN attributes";
    for (const char* k : {keys::kNodeVxlanCalicoParent, keys::kNodeVxlanCalicoParentPresent, keys::kNodeVxlanCalicoLocalIp}) {
      out.Set(Fact::Unknown(k, why, source));
    }
  } else {
    const VxlanInfo& info = *vx->vxlan;
    out.Set(Fact::Known(keys::kNodeVxlanCalicoLocalIp, info.local, source));
    if (!info.link_index) {
      out.Set(Fact::Known(keys::kNodeVxlanCalicoParent, std::string(), source));
      out.Set(Fact::Unknown(keys::kNodeVxlanCalicoParentPresent,
                            "vxlan.calico has no parent device (IFLA_VXLAN_LINK unset)", source));
    } else if (info.link_name.empty()) {
      out.Set(Fact::Unknown(keys::kNodeVxlanCalicoParent,
                            "vxlan.calico's parent (ifindex " + std::to_string(*info.link_index) +
                                ") no longer exists, so its name is gone",
                            source));
      out.Set(Fact::Known(keys::kNodeVxlanCalicoParentPresent, false, source));
    } else {
      out.Set(Fact::Known(keys::kNodeVxlanCalicoParent, info.link_name, source));
      out.Set(Fact::Known(keys::kNodeVxlanCalicoParentPresent, true, source));
    }
  }
  FeatureFact(*vx, keys::kNodeVxlanCalicoTxChecksum, {"tx-checksum-ip-generic"}, out);
}

void Tunl0Facts(const NetState& s, const std::string& source, facts::FactSet& out) {
  if (!s.links_read) {
    const std::string why = JoinErrors(s, "links");
    out.Set(Fact::Unknown(keys::kNodeTunl0Present, why, source));
    out.Set(Fact::Unknown(keys::kNodeTunl0TxChecksum, why, source));
    return;
  }
  const Link* t = FindLink(s, "tunl0");
  out.Set(Fact::Known(keys::kNodeTunl0Present, t != nullptr, source));
  if (!t) {
    out.Set(Fact::Unknown(keys::kNodeTunl0TxChecksum, "tunl0 does not exist", source));
    return;
  }
  // Felix turns off "tx-checksumming" on tunl0 (all of tx-checksum-*); the group is what
  // `ethtool -k` shows first.
  FeatureFact(*t, keys::kNodeTunl0TxChecksum, {"tx-checksumming", "tx-checksum-ip-generic"}, out);
}

}  // namespace

void NetStateToFacts(const NetState& state, const std::string& source, facts::FactSet& out) {
  // Links.
  if (state.links_read) {
    std::vector<std::string> names;
    std::int64_t calico_veths = 0;
    for (const auto& l : state.links) {
      names.push_back(l.name + ":" + l.kind);
      if (l.name.starts_with("cali")) ++calico_veths;
    }
    out.Set(Fact::Known(keys::kNodeLinks, names, source));
    out.Set(Fact::Known(keys::kNodeCalicoVeths, calico_veths, source));
  } else {
    const std::string why = JoinErrors(state, "links");
    out.Set(Fact::Unknown(keys::kNodeLinks, why, source));
    out.Set(Fact::Unknown(keys::kNodeCalicoVeths, why, source));
  }
  VxlanCalicoFacts(state, source, out);
  Tunl0Facts(state, source, out);

  // Addresses.
  if (state.addresses_read) {
    std::vector<facts::ObjectRef> all, secondary;
    std::string docker0_net;
    for (const auto& a : state.addresses) {
      facts::ObjectRef ref;
      ref.kind = "Interface";
      ref.name = a.ifname;
      ref.address = a.cidr;
      ref.detail = (a.secondary ? "secondary scope " : "scope ") + a.scope;
      if (a.secondary) secondary.push_back(ref);
      all.push_back(std::move(ref));
      if (a.ifname == "docker0" && a.family == 4 && !a.secondary && docker0_net.empty()) {
        docker0_net = Ipv4Network(a.cidr);
      }
    }
    out.Set(Fact::Known(keys::kNodeAddresses, all, source));
    out.Set(Fact::Known(keys::kNodeAddressesSecondary, secondary, source));
    if (!docker0_net.empty()) {
      out.Set(Fact::Known(keys::kNodeDocker0Subnet, docker0_net, source));
    } else if (state.links_read && !FindLink(state, "docker0")) {
      out.Set(Fact::Unknown(keys::kNodeDocker0Subnet, "docker0 does not exist", source));
    } else {
      out.Set(Fact::Unknown(keys::kNodeDocker0Subnet, "docker0 has no IPv4 address", source));
    }
  } else {
    const std::string why = JoinErrors(state, "addresses");
    for (const char* k : {keys::kNodeAddresses, keys::kNodeAddressesSecondary, keys::kNodeDocker0Subnet}) {
      out.Set(Fact::Unknown(k, why, source));
    }
  }

  // Routes.
  if (state.routes_read) {
    std::vector<std::string> routes;
    routes.reserve(state.routes.size());
    for (const auto& r : state.routes) {
      routes.push_back("dst=" + r.dst + " dev=" + r.dev + " table=" + r.table +
                       " proto=" + r.proto);
    }
    out.Set(Fact::Known(keys::kNodeRoutes, routes, source));
  } else {
    out.Set(Fact::Unknown(keys::kNodeRoutes, JoinErrors(state, "routes"), source));
  }
}

}  // namespace netdoctor::collect::host

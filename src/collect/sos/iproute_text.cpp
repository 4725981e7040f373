// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/iproute_text.h"

#include <algorithm>
#include <array>

#include "core/strings.h"

namespace netdoctor::collect::sos {
namespace {

using host::Address;
using host::Link;
using host::Route;

// Link kinds iproute2 prints as the first word of the `-d` details line (ip/iplink_*.c).
constexpr std::array<std::string_view, 44> kKinds = {
    "vxlan",  "veth",      "bridge",    "bond",   "vlan",   "macvlan",   "macvtap",   "ipvlan",
    "ipvtap", "ipip",      "gre",       "gretap", "ip6gre", "ip6gretap", "ip6tnl",    "sit",
    "vti",    "vti6",      "dummy",     "ifb",    "tun",    "team",      "vrf",       "wireguard",
    "geneve", "bareudp",   "nlmon",     "vcan",   "vxcan",  "xfrm",      "netdevsim", "openvswitch",
    "hsr",    "macsec",    "ipoib",     "can",    "gtp",    "batadv",    "amt",       "netkit",
    "erspan", "ip6erspan", "virt_wifi", "rmnet"};

constexpr std::array<std::string_view, 10> kRouteTypes = {
    "unicast",   "local",       "broadcast", "anycast", "multicast",
    "blackhole", "unreachable", "prohibit",  "throw",   "nat"};

Unexpected LineError(int line_no, std::string message) {
  return MakeError(ErrorCode::kParseError, std::move(message), SourceLocation{"", line_no, 0, ""});
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string Snippet(std::string_view line) {
  return std::string(line.substr(0, 80));
}

// "N: name@peer: <FLAGS> mtu 1500 qdisc noqueue master cni0 state UP ..."
Result<Link> ParseLinkLine(std::string_view line, int line_no) {
  auto colon = line.find(": ");
  if (colon == std::string_view::npos) {
    return LineError(line_no, "expected 'N: name: <FLAGS> ...', got '" + Snippet(line) + "'");
  }
  auto index = core::ParseInt(line.substr(0, colon));
  if (!index || *index <= 0 || *index > 0x7fffffff) {
    return LineError(line_no, "bad interface index in '" + Snippet(line) + "'");
  }
  std::string_view rest = line.substr(colon + 2);
  auto name_end = rest.find(": <");
  if (name_end == std::string_view::npos) name_end = rest.find(": ");
  if (name_end == std::string_view::npos || name_end == 0) {
    return LineError(line_no, "expected an interface name in '" + Snippet(line) + "'");
  }
  Link link;
  link.index = static_cast<int>(*index);
  std::string_view name = rest.substr(0, name_end);
  if (auto at = name.find('@'); at != std::string_view::npos) name = name.substr(0, at);
  if (name.empty()) return LineError(line_no, "empty interface name in '" + Snippet(line) + "'");
  link.name = std::string(name);
  link.state = "UNKNOWN";
  auto words = core::SplitWhitespace(rest.substr(name_end + 2));
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "master") link.master = std::string(words[i + 1]);
    if (words[i] == "state") link.state = std::string(words[i + 1]);
  }
  return link;
}

// "inet 10.0.0.50/24 brd 10.0.0.255 scope global secondary eth0"
Result<Address> ParseInetLine(const std::vector<std::string_view>& w, const Link& link,
                              int line_no) {
  if (w.size() < 2) return LineError(line_no, "inet line without an address");
  Address a;
  a.ifname = link.name;
  a.family = w[0] == "inet6" ? 6 : 4;
  std::string local(w[1]);
  for (std::size_t i = 2; i < w.size(); ++i) {
    if (w[i] == "secondary") a.secondary = true;
    if (w[i] == "scope" && i + 1 < w.size()) a.scope = std::string(w[i + 1]);
    if (w[i] == "peer" && i + 1 < w.size() && local.find('/') == std::string::npos) {
      // Point-to-point: "inet 10.0.0.1 peer 10.0.0.2/32"; the prefix belongs to the peer.
      auto slash = w[i + 1].find('/');
      if (slash != std::string_view::npos) local += std::string(w[i + 1].substr(slash));
    }
  }
  if (local.find('/') == std::string::npos) local += a.family == 6 ? "/128" : "/32";
  if (local.find_first_of(a.family == 6 ? ":" : ".") == std::string::npos) {
    return LineError(line_no, "expected an IPv" + std::to_string(a.family) + " address, got '" +
                                  std::string(w[1]) + "'");
  }
  a.cidr = std::move(local);
  return a;
}

void ParseVxlan(const std::vector<std::string_view>& w, Link& link) {
  host::VxlanInfo vx;
  for (std::size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] == "id") {
      if (auto n = core::ParseInt(w[i + 1]); n && *n >= 0 && *n <= 0xffffff) {
        vx.vni = static_cast<std::uint32_t>(*n);
      }
    } else if (w[i] == "local") {
      vx.local = std::string(w[i + 1]);
    } else if (w[i] == "dev") {
      vx.link_name = std::string(w[i + 1]);  // resolved to an index once every link is known
    } else if (w[i] == "dstport") {
      if (auto n = core::ParseInt(w[i + 1]); n && *n >= 0 && *n <= 65535) {
        vx.port = static_cast<std::uint16_t>(*n);
      }
    }
  }
  link.vxlan = std::move(vx);
}

}  // namespace

Result<IpAddressText> ParseIpAddress(std::string_view text) {
  IpAddressText out;
  Link* cur = nullptr;
  bool kind_seen = false;
  int line_no = 0;
  for (std::string_view line : core::Lines(text)) {
    ++line_no;
    if (core::Trim(line).empty()) continue;
    if (IsDigit(line.front())) {
      auto link = ParseLinkLine(line, line_no);
      if (!link) return tl::unexpected(link.error());
      auto same = std::find_if(out.links.begin(), out.links.end(),
                               [&](const Link& l) { return l.index == link->index; });
      if (same != out.links.end()) {
        cur = &*same;  // `ip -s -d link` after `ip -d address`: the same link again
      } else {
        out.links.push_back(std::move(*link));
        cur = &out.links.back();
      }
      kind_seen = cur->vxlan.has_value() || !cur->kind.empty();
      continue;
    }
    if (line.front() != ' ' && line.front() != '\t') {
      return LineError(line_no,
                       "expected a link line 'N: name: <FLAGS> ...', got '" + Snippet(line) + "'");
    }
    if (cur == nullptr) {
      return LineError(line_no, "detail line before the first link line: '" + Snippet(line) + "'");
    }
    auto w = core::SplitWhitespace(core::Trim(line));
    if (w.empty()) continue;
    if (w[0] == "inet" || w[0] == "inet6") {
      auto a = ParseInetLine(w, *cur, line_no);
      if (!a) return tl::unexpected(a.error());
      out.addresses.push_back(std::move(*a));
      continue;
    }
    if (w[0].starts_with("link/")) {
      kind_seen = false;  // the `-d` details line, if any, follows the link/ line
      continue;
    }
    if (!kind_seen && std::find(kKinds.begin(), kKinds.end(), w[0]) != kKinds.end()) {
      cur->kind = std::string(w[0]);
      if (cur->kind == "vxlan") ParseVxlan(w, *cur);
      kind_seen = true;
      continue;
    }
    if (w[0] == "addrgenmode") kind_seen = true;  // a device without a kind (physical)
    // Anything else (valid_lft, RX:/TX: counters, altname, *_slave, prop, ...) is not needed.
  }
  // Resolve VXLAN parents by name, as netlink gives them by index.
  for (auto& l : out.links) {
    if (!l.vxlan || l.vxlan->link_name.empty()) continue;
    const std::string dev = l.vxlan->link_name;
    auto parent = std::find_if(out.links.begin(), out.links.end(),
                               [&](const Link& o) { return o.name == dev; });
    if (parent != out.links.end()) {
      l.vxlan->link_index = parent->index;
    } else {
      // iproute2 prints "if<N>" for an index with no device (ll_index_to_name).
      auto n =
          dev.starts_with("if") ? core::ParseInt(std::string_view(dev).substr(2)) : std::nullopt;
      l.vxlan->link_index = n && *n > 0 && *n <= 0x7fffffff ? static_cast<int>(*n) : 0;
      l.vxlan->link_name.clear();
    }
  }
  return out;
}

Result<std::vector<Route>> ParseIpRoute(std::string_view text) {
  std::vector<Route> out;
  int line_no = 0;
  for (std::string_view line : core::Lines(text)) {
    ++line_no;
    if (core::Trim(line).empty()) continue;
    auto w = core::SplitWhitespace(core::Trim(line));
    if (line.front() == ' ' || line.front() == '\t') {
      // Multipath continuation: "\tnexthop via 10.0.0.1 dev eth0 weight 1".
      if (out.empty() || w[0] != "nexthop") {
        return LineError(line_no, "unexpected continuation line '" + Snippet(line) + "'");
      }
      for (std::size_t i = 1; i + 1 < w.size(); ++i) {
        if (w[i] == "dev") {
          auto& dev = out.back().dev;
          dev += (dev.empty() ? "" : ",") + std::string(w[i + 1]);
        }
      }
      continue;
    }
    Route r;
    r.table = "main";
    r.proto = "boot";
    r.type = "unicast";
    std::size_t i = 0;
    if (std::find(kRouteTypes.begin(), kRouteTypes.end(), w[0]) != kRouteTypes.end()) {
      r.type = std::string(w[0]);
      ++i;
    }
    if (i >= w.size()) return LineError(line_no, "route without a destination");
    std::string_view dst = w[i++];
    // "default", or an IPv4/IPv6 address or prefix: hex digits, '.', ':' and one '/'.
    bool looks_like_prefix =
        dst == "default" ||
        (!dst.empty() &&
         dst.find_first_not_of("0123456789abcdefABCDEF.:/") == std::string_view::npos &&
         (IsDigit(dst.front()) || dst.find(':') != std::string_view::npos));
    if (!looks_like_prefix) {
      return LineError(line_no, "expected a route destination, got '" + std::string(dst) + "'");
    }
    r.dst = std::string(dst);
    for (; i < w.size(); ++i) {
      std::string_view k = w[i];
      bool takes_value = k == "dev" || k == "table" || k == "proto" || k == "via" || k == "src" ||
                         k == "scope" || k == "metric" || k == "pref" || k == "mtu" ||
                         k == "expires" || k == "nhid" || k == "realm" || k == "weight";
      if (!takes_value) continue;  // flags (onlink, linkdown, dead, ...) and unknown keys
      if (i + 1 >= w.size()) {
        return LineError(
            line_no, "'" + std::string(k) + "' without a value in route '" + Snippet(line) + "'");
      }
      std::string v(w[++i]);
      if (k == "dev") r.dev = v;
      if (k == "table") r.table = v;
      if (k == "proto") r.proto = v;
      if (k == "via" && (v == "inet" || v == "inet6")) ++i;  // "via inet6 fe80::1"
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace netdoctor::collect::sos

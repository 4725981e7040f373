// SPDX-License-Identifier: Apache-2.0
// Netlink through libnl-3 (core message/attribute layer and its socket), not libmnl: libnl-3 and
// libnl-route-3 are already this module's dependency, and nlmsg_parse()/nla_parse_nested() check
// every attribute's length against a policy before we read it, which is what a decoder fed with
// recorded or fuzzed bytes needs. The libnl-route object caches are not used: they want a live
// socket, keep global state and hide the raw IFLA_VXLAN_LINK index we must compare ourselves.
#include "collect/host/netlink.h"

#include <array>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>
#include <sys/time.h>

namespace netdoctor::collect::host {
namespace {

constexpr const char* kWhere = "rtnetlink dump";

Unexpected DecodeError(std::size_t offset, std::string message) {
  return MakeError(ErrorCode::kParseError, "at byte " + std::to_string(offset) + ": " + message,
                   SourceLocation{kWhere, 0, 0, ""});
}

// Holds a copy of the bytes with 4-byte alignment: netlink headers and attributes are 4-byte
// aligned relative to the buffer start, and libnl reads u32 attributes in place.
class AlignedBytes {
 public:
  explicit AlignedBytes(std::span<const std::uint8_t> bytes)
      : words_((bytes.size() + 3) / 4), size_(bytes.size()) {
    if (!bytes.empty()) std::memcpy(words_.data(), bytes.data(), bytes.size());
  }
  nlmsghdr* first() { return reinterpret_cast<nlmsghdr*>(words_.data()); }
  const std::uint8_t* base() const { return reinterpret_cast<const std::uint8_t*>(words_.data()); }
  std::size_t size() const { return size_; }

 private:
  std::vector<std::uint32_t> words_;
  std::size_t size_;
};

// Calls fn(hdr, offset) for every message of `expected` type; stops at NLMSG_DONE.
template <class Fn>
Status ForEachMessage(std::span<const std::uint8_t> bytes, std::uint16_t expected,
                      const char* expected_name, Fn&& fn) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kInvalidInput, "netlink dump larger than 2 GiB");
  }
  AlignedBytes buf(bytes);
  int remaining = static_cast<int>(buf.size());
  nlmsghdr* h = buf.first();
  while (remaining > 0) {
    const auto offset =
        static_cast<std::size_t>(reinterpret_cast<const std::uint8_t*>(h) - buf.base());
    if (!nlmsg_ok(h, remaining)) {
      return DecodeError(offset, "truncated or malformed netlink message (" +
                                     std::to_string(remaining) + " bytes left)");
    }
    if (h->nlmsg_type == NLMSG_DONE) {
      // With NLM_F_MULTI the kernel puts the dump's final error code in DONE's payload.
      if (nlmsg_datalen(h) >= static_cast<int>(sizeof(int))) {
        int err = 0;
        std::memcpy(&err, nlmsg_data(h), sizeof err);
        if (err < 0) {
          return MakeError(ErrorCode::kIo, "dump failed: " + NetlinkErrorText(err),
                           SourceLocation{kWhere, 0, 0, ""});
        }
      }
      return Ok();
    }
    if (h->nlmsg_type == NLMSG_ERROR) {
      int err = 0;
      if (nlmsg_datalen(h) >= static_cast<int>(sizeof(int))) {
        std::memcpy(&err, nlmsg_data(h), sizeof err);
      }
      if (err != 0) {
        return MakeError(
            ErrorCode::kIo,
            "kernel answered the dump with an error: " + NetlinkErrorText(err),
            SourceLocation{kWhere, 0, 0, ""});
      }
    } else if (h->nlmsg_type != NLMSG_NOOP) {
      if (h->nlmsg_type != expected) {
        return DecodeError(offset, std::string("expected ") + expected_name +
                                       " messages, got type " + std::to_string(h->nlmsg_type));
      }
      if (h->nlmsg_flags & NLM_F_DUMP_INTR) {
        return DecodeError(offset, "dump was interrupted by a change (NLM_F_DUMP_INTR)");
      }
      Status st = fn(h, offset);
      if (!st) return st;
    }
    h = nlmsg_next(h, &remaining);
  }
  return MakeError(ErrorCode::kParseError, "dump ends without NLMSG_DONE (truncated)",
                   SourceLocation{kWhere, 0, 0, ""});
}

std::string AttrString(const nlattr* a) {
  const char* data = static_cast<const char*>(nla_data(a));
  return std::string(data, strnlen(data, static_cast<std::size_t>(nla_len(a))));
}

std::string AddressText(int family, const void* data) {
  char text[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(family, data, text, sizeof text)) return {};
  return text;
}

// nlattr lengths for an address of `family`; 0 for families we do not decode.
int AddressLength(int family) {
  return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

const nla_policy* LinkPolicy() {
  static const auto policy = [] {
    std::array<nla_policy, IFLA_MAX + 1> p{};
    p[IFLA_IFNAME].type = NLA_STRING;
    p[IFLA_MASTER].type = NLA_U32;
    p[IFLA_OPERSTATE].type = NLA_U8;
    p[IFLA_LINKINFO].type = NLA_NESTED;
    return p;
  }();
  return policy.data();
}

const nla_policy* LinkInfoPolicy() {
  static const auto policy = [] {
    std::array<nla_policy, IFLA_INFO_MAX + 1> p{};
    p[IFLA_INFO_KIND].type = NLA_STRING;
    p[IFLA_INFO_DATA].type = NLA_NESTED;
    return p;
  }();
  return policy.data();
}

const nla_policy* VxlanPolicy() {
  static const auto policy = [] {
    std::array<nla_policy, IFLA_VXLAN_MAX + 1> p{};
    p[IFLA_VXLAN_ID].type = NLA_U32;
    p[IFLA_VXLAN_LINK].type = NLA_U32;
    p[IFLA_VXLAN_LOCAL].minlen = 4;
    p[IFLA_VXLAN_LOCAL6].minlen = 16;
    p[IFLA_VXLAN_PORT].type = NLA_U16;
    return p;
  }();
  return policy.data();
}

const nla_policy* AddrPolicy() {
  static const auto policy = [] {
    std::array<nla_policy, IFA_MAX + 1> p{};
    p[IFA_FLAGS].type = NLA_U32;
    return p;
  }();
  return policy.data();
}

const nla_policy* RoutePolicy() {
  static const auto policy = [] {
    std::array<nla_policy, RTA_MAX + 1> p{};
    p[RTA_TABLE].type = NLA_U32;
    p[RTA_OIF].type = NLA_U32;
    return p;
  }();
  return policy.data();
}

std::string OperState(int s) {
  // IF_OPER_* as iproute2 prints them.
  static constexpr std::array<const char*, 7> kNames = {
      "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"};
  if (s >= 0 && s < static_cast<int>(kNames.size())) return kNames[static_cast<std::size_t>(s)];
  return std::to_string(s);
}

std::string ScopeName(int scope) {
  switch (scope) {
    case RT_SCOPE_UNIVERSE:
      return "global";
    case RT_SCOPE_SITE:
      return "site";
    case RT_SCOPE_LINK:
      return "link";
    case RT_SCOPE_HOST:
      return "host";
    case RT_SCOPE_NOWHERE:
      return "nowhere";
    default:
      return std::to_string(scope);
  }
}

std::string TableName(std::uint32_t table) {
  switch (table) {
    case RT_TABLE_DEFAULT:
      return "default";
    case RT_TABLE_MAIN:
      return "main";
    case RT_TABLE_LOCAL:
      return "local";
    default:
      return std::to_string(table);
  }
}

// iproute2's built-in /usr/share/iproute2/rt_protos names (iproute2 6.1). The host's own
// rt_protos file is not read: names must not depend on the machine running netdoctor.
std::string ProtoName(int proto) {
  static const std::map<int, const char*> kNames = {
      {0, "unspec"},    {1, "redirect"}, {2, "kernel"}, {3, "boot"},   {4, "static"},
      {8, "gated"},     {9, "ra"},       {10, "mrt"},   {11, "zebra"}, {12, "bird"},
      {13, "dnrouted"}, {14, "xorp"},    {15, "ntk"},   {16, "dhcp"},  {18, "keepalived"},
      {42, "babel"},    {99, "openr"},   {186, "bgp"},  {187, "isis"}, {188, "ospf"},
      {189, "rip"},     {192, "eigrp"}};
  auto it = kNames.find(proto);
  return it != kNames.end() ? it->second : std::to_string(proto);
}

std::string RouteTypeName(int type) {
  static constexpr std::array<const char*, 12> kNames = {
      "none",      "unicast",     "local",    "broadcast", "anycast", "multicast",
      "blackhole", "unreachable", "prohibit", "throw",     "nat",     "xresolve"};
  if (type >= 0 && type < static_cast<int>(kNames.size())) {
    return kNames[static_cast<std::size_t>(type)];
  }
  return std::to_string(type);
}

class LinkNames {
 public:
  explicit LinkNames(const std::vector<Link>& links) {
    for (const auto& l : links) names_[l.index] = l.name;
  }
  // iproute2's ll_index_to_name fallback for an index it does not know.
  std::string Name(int index) const {
    auto it = names_.find(index);
    return it != names_.end() ? it->second : "if" + std::to_string(index);
  }

 private:
  std::map<int, std::string> names_;
};

Status DecodeVxlan(nlattr* data, std::size_t offset, VxlanInfo& vx) {
  std::array<nlattr*, IFLA_VXLAN_MAX + 1> tb{};
  int err = nla_parse_nested(tb.data(), IFLA_VXLAN_MAX, data, VxlanPolicy());
  if (err < 0) {
    return DecodeError(offset, std::string("bad VXLAN attributes: ") + nl_geterror(err));
  }
  if (tb[IFLA_VXLAN_ID]) vx.vni = nla_get_u32(tb[IFLA_VXLAN_ID]);
  if (tb[IFLA_VXLAN_LINK]) vx.link_index = static_cast<int>(nla_get_u32(tb[IFLA_VXLAN_LINK]));
  if (tb[IFLA_VXLAN_LOCAL]) {
    vx.local = AddressText(AF_INET, nla_data(tb[IFLA_VXLAN_LOCAL]));
  } else if (tb[IFLA_VXLAN_LOCAL6]) {
    vx.local = AddressText(AF_INET6, nla_data(tb[IFLA_VXLAN_LOCAL6]));
  }
  if (tb[IFLA_VXLAN_PORT]) vx.port = ntohs(nla_get_u16(tb[IFLA_VXLAN_PORT]));
  return Ok();
}

}  // namespace

Result<std::vector<Link>> DecodeLinks(std::span<const std::uint8_t> bytes) {
  std::vector<Link> links;
  std::map<int, int> master_of;  // link position -> master index
  Status st = ForEachMessage(
      bytes, RTM_NEWLINK, "RTM_NEWLINK", [&](nlmsghdr* h, std::size_t offset) -> Status {
        std::array<nlattr*, IFLA_MAX + 1> tb{};
        int err = nlmsg_parse(h, sizeof(ifinfomsg), tb.data(), IFLA_MAX, LinkPolicy());
        if (err < 0) {
          return DecodeError(offset, std::string("bad RTM_NEWLINK message: ") + nl_geterror(err));
        }
        const auto* ifi = static_cast<const ifinfomsg*>(nlmsg_data(h));
        Link link;
        link.index = ifi->ifi_index;
        if (!tb[IFLA_IFNAME]) return DecodeError(offset, "RTM_NEWLINK without IFLA_IFNAME");
        link.name = AttrString(tb[IFLA_IFNAME]);
        link.state = tb[IFLA_OPERSTATE] ? OperState(nla_get_u8(tb[IFLA_OPERSTATE])) : "UNKNOWN";
        if (tb[IFLA_MASTER]) {
          master_of[static_cast<int>(links.size())] =
              static_cast<int>(nla_get_u32(tb[IFLA_MASTER]));
        }
        if (tb[IFLA_LINKINFO]) {
          std::array<nlattr*, IFLA_INFO_MAX + 1> info{};
          err = nla_parse_nested(info.data(), IFLA_INFO_MAX, tb[IFLA_LINKINFO], LinkInfoPolicy());
          if (err < 0) {
            return DecodeError(offset, std::string("bad IFLA_LINKINFO: ") + nl_geterror(err));
          }
          if (info[IFLA_INFO_KIND]) link.kind = AttrString(info[IFLA_INFO_KIND]);
          if (link.kind == "vxlan" && info[IFLA_INFO_DATA]) {
            VxlanInfo vx;
            Status vs = DecodeVxlan(info[IFLA_INFO_DATA], offset, vx);
            if (!vs) return vs;
            link.vxlan = vx;
          }
        }
        links.push_back(std::move(link));
        return Ok();
      });
  if (!st) return tl::unexpected(st.error());
  LinkNames names(links);
  for (const auto& [pos, master] : master_of) {
    links[static_cast<std::size_t>(pos)].master = names.Name(master);
  }
  for (auto& l : links) {
    if (l.vxlan && l.vxlan->link_index) {
      bool present = false;
      for (const auto& other : links) present = present || other.index == *l.vxlan->link_index;
      l.vxlan->link_name = present ? names.Name(*l.vxlan->link_index) : "";
    }
  }
  return links;
}

Result<std::vector<Address>> DecodeAddresses(std::span<const std::uint8_t> bytes,
                                             const std::vector<Link>& links) {
  LinkNames names(links);
  std::vector<Address> out;
  Status st = ForEachMessage(
      bytes, RTM_NEWADDR, "RTM_NEWADDR", [&](nlmsghdr* h, std::size_t offset) -> Status {
        std::array<nlattr*, IFA_MAX + 1> tb{};
        int err = nlmsg_parse(h, sizeof(ifaddrmsg), tb.data(), IFA_MAX, AddrPolicy());
        if (err < 0) {
          return DecodeError(offset, std::string("bad RTM_NEWADDR message: ") + nl_geterror(err));
        }
        const auto* ifa = static_cast<const ifaddrmsg*>(nlmsg_data(h));
        const int len = AddressLength(ifa->ifa_family);
        if (len == 0) return Ok();  // not IPv4/IPv6
        // For IPv4, IFA_LOCAL is the interface's own address (IFA_ADDRESS is the peer on
        // point-to-point links); IPv6 has only IFA_ADDRESS.
        nlattr* addr = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
        if (!addr) return DecodeError(offset, "RTM_NEWADDR without IFA_ADDRESS/IFA_LOCAL");
        if (nla_len(addr) != len) {
          return DecodeError(offset, "address attribute of " + std::to_string(nla_len(addr)) +
                                         " bytes, expected " + std::to_string(len));
        }
        if (ifa->ifa_prefixlen > len * 8) {
          return DecodeError(offset, "prefix length " + std::to_string(ifa->ifa_prefixlen) +
                                         " too long for the address family");
        }
        std::uint32_t flags = tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
        Address a;
        a.ifname = names.Name(static_cast<int>(ifa->ifa_index));
        a.family = ifa->ifa_family == AF_INET ? 4 : 6;
        a.cidr =
            AddressText(ifa->ifa_family, nla_data(addr)) + "/" + std::to_string(ifa->ifa_prefixlen);
        a.scope = ScopeName(ifa->ifa_scope);
        a.secondary = ifa->ifa_family == AF_INET && (flags & IFA_F_SECONDARY) != 0;
        out.push_back(std::move(a));
        return Ok();
      });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<Route>> DecodeRoutes(std::span<const std::uint8_t> bytes,
                                        const std::vector<Link>& links) {
  LinkNames names(links);
  std::vector<Route> out;
  Status st = ForEachMessage(
      bytes, RTM_NEWROUTE, "RTM_NEWROUTE", [&](nlmsghdr* h, std::size_t offset) -> Status {
        std::array<nlattr*, RTA_MAX + 1> tb{};
        int err = nlmsg_parse(h, sizeof(rtmsg), tb.data(), RTA_MAX, RoutePolicy());
        if (err < 0) {
          return DecodeError(offset, std::string("bad RTM_NEWROUTE message: ") + nl_geterror(err));
        }
        const auto* rtm = static_cast<const rtmsg*>(nlmsg_data(h));
        const int len = AddressLength(rtm->rtm_family);
        if (len == 0) return Ok();  // multicast (IPMR) and MPLS tables are not IP routes
        Route r;
        r.table = TableName(tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table);
        if (rtm->rtm_dst_len > len * 8) {
          return DecodeError(offset, "destination prefix length " +
                                         std::to_string(rtm->rtm_dst_len) + " too long");
        }
        if (tb[RTA_DST]) {
          if (nla_len(tb[RTA_DST]) != len) {
            return DecodeError(offset, "RTA_DST of " + std::to_string(nla_len(tb[RTA_DST])) +
                                           " bytes, expected " + std::to_string(len));
          }
          r.dst = AddressText(rtm->rtm_family, nla_data(tb[RTA_DST])) + "/" +
                  std::to_string(rtm->rtm_dst_len);
        } else if (rtm->rtm_dst_len == 0) {
          r.dst = "default";
        } else {
          return DecodeError(offset, "route with a prefix length but no RTA_DST");
        }
        if (tb[RTA_OIF]) {
          r.dev = names.Name(static_cast<int>(nla_get_u32(tb[RTA_OIF])));
        } else if (tb[RTA_MULTIPATH]) {
          auto* nh = static_cast<rtnexthop*>(nla_data(tb[RTA_MULTIPATH]));
          int rest = nla_len(tb[RTA_MULTIPATH]);
          while (rest >= static_cast<int>(sizeof(rtnexthop)) && nh->rtnh_len >= sizeof(rtnexthop) &&
                 nh->rtnh_len <= rest) {
            if (!r.dev.empty()) r.dev += ",";
            r.dev += names.Name(nh->rtnh_ifindex);
            rest -= RTNH_ALIGN(nh->rtnh_len);
            nh = RTNH_NEXT(nh);
          }
        }
        r.proto = ProtoName(rtm->rtm_protocol);
        r.type = RouteTypeName(rtm->rtm_type);
        out.push_back(std::move(r));
        return Ok();
      });
  if (!st) return tl::unexpected(st.error());
  return out;
}

NetState DecodeNetState(const Result<std::vector<std::uint8_t>>& links,
                        const Result<std::vector<std::uint8_t>>& addresses,
                        const Result<std::vector<std::uint8_t>>& routes) {
  NetState state;
  if (links) {
    auto decoded = DecodeLinks(*links);
    if (decoded) {
      state.links = std::move(*decoded);
      state.links_read = true;
    } else {
      state.errors.push_back("links: " + decoded.error().ToString());
    }
  } else {
    state.errors.push_back("links: " + links.error().ToString());
  }
  if (addresses) {
    auto decoded = DecodeAddresses(*addresses, state.links);
    if (decoded) {
      state.addresses = std::move(*decoded);
      state.addresses_read = true;
    } else {
      state.errors.push_back("addresses: " + decoded.error().ToString());
    }
  } else {
    state.errors.push_back("addresses: " + addresses.error().ToString());
  }
  if (routes) {
    auto decoded = DecodeRoutes(*routes, state.links);
    if (decoded) {
      state.routes = std::move(*decoded);
      state.routes_read = true;
    } else {
      state.errors.push_back("routes: " + decoded.error().ToString());
    }
  } else {
    state.errors.push_back("routes: " + routes.error().ToString());
  }
  return state;
}

namespace {

struct SocketCloser {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};
using SocketPtr = std::unique_ptr<nl_sock, SocketCloser>;

Unexpected NlError(int err, const std::string& what) {
  // libnl returns negative NLE_* codes.
  ErrorCode code = err == -NLE_PERM ? ErrorCode::kPermissionDenied : ErrorCode::kIo;
  return MakeError(code, "netlink: " + what + ": " + nl_geterror(err));
}

Result<SocketPtr> OpenRoute() {
  SocketPtr sock(nl_socket_alloc());
  if (!sock) return MakeError(ErrorCode::kIo, "netlink: cannot allocate a socket");
  int err = nl_connect(sock.get(), NETLINK_ROUTE);
  if (err < 0) return NlError(err, "cannot open a NETLINK_ROUTE socket");
  // Big dumps (many routes) arrive faster than we read; a bounded wait keeps a stuck kernel
  // from hanging us.
  nl_socket_set_buffer_size(sock.get(), 1 << 20, 0);
  // Datagrams larger than a page (a link with many VFs) are peeked and read whole.
  nl_socket_enable_msg_peek(sock.get());
  timeval tv{5, 0};
  ::setsockopt(nl_socket_get_fd(sock.get()), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return sock;
}

Result<std::vector<std::uint8_t>> DumpOnce(nl_sock* sock, RtnlDump what, bool& interrupted) {
  int type = 0;
  int err = 0;
  switch (what) {
    case RtnlDump::kLinks: {
      ifinfomsg req{};
      req.ifi_family = AF_UNSPEC;
      type = RTM_GETLINK;
      err = nl_send_simple(sock, type, NLM_F_DUMP, &req, sizeof req);
      break;
    }
    case RtnlDump::kAddresses: {
      ifaddrmsg req{};
      req.ifa_family = AF_UNSPEC;
      type = RTM_GETADDR;
      err = nl_send_simple(sock, type, NLM_F_DUMP, &req, sizeof req);
      break;
    }
    case RtnlDump::kRoutes: {
      rtmsg req{};
      req.rtm_family = AF_UNSPEC;
      type = RTM_GETROUTE;
      err = nl_send_simple(sock, type, NLM_F_DUMP, &req, sizeof req);
      break;
    }
  }
  if (err < 0) return NlError(err, "cannot send dump request");
  std::vector<std::uint8_t> bytes;
  interrupted = false;
  for (;;) {
    sockaddr_nl peer{};
    unsigned char* buf = nullptr;
    int n = nl_recv(sock, &peer, &buf, nullptr);
    if (n <= 0) {
      std::free(buf);
      if (n == 0) return MakeError(ErrorCode::kIo, "netlink: socket closed during dump");
      if (n == -NLE_AGAIN) {
        return MakeError(ErrorCode::kTimeout, "netlink: no answer to dump within 5 s");
      }
      return NlError(n, "receive failed");
    }
    bytes.insert(bytes.end(), buf, buf + n);
    // Look for the end of the dump in this datagram.
    bool done = false;
    int rest = n;
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); nlmsg_ok(h, rest); h = nlmsg_next(h, &rest)) {
      if (h->nlmsg_flags & NLM_F_DUMP_INTR) interrupted = true;
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) done = true;
    }
    std::free(buf);
    if (done) return bytes;
  }
}

// A dump that races with a change is marked NLM_F_DUMP_INTR; ask again (up to 3 times), as
// iproute2 does. The third answer is returned even if interrupted and the decoder reports it.
Result<std::vector<std::uint8_t>> DumpWithRetry(nl_sock* sock, RtnlDump what) {
  for (int attempt = 0;; ++attempt) {
    bool interrupted = false;
    auto bytes = DumpOnce(sock, what, interrupted);
    if (!bytes || !interrupted || attempt == 2) return bytes;
  }
}

}  // namespace

Result<std::vector<std::uint8_t>> DumpRtnl(RtnlDump what) {
  auto sock = OpenRoute();
  if (!sock) return tl::unexpected(sock.error());
  return DumpWithRetry(sock->get(), what);
}

Result<NetState> ReadNetState() {
  auto sock = OpenRoute();
  if (!sock) return tl::unexpected(sock.error());
  auto links = DumpWithRetry(sock->get(), RtnlDump::kLinks);
  auto addresses = DumpWithRetry(sock->get(), RtnlDump::kAddresses);
  auto routes = DumpWithRetry(sock->get(), RtnlDump::kRoutes);
  return DecodeNetState(links, addresses, routes);
}

std::string NetlinkErrorText(int code) {
  // Widen before negating: -INT_MIN overflows an int.
  const long long magnitude = code < 0 ? -static_cast<long long>(code) : code;
  if (magnitude < 1 || magnitude > 4095) {
    return "error code " + std::to_string(code) + " (not an errno value)";
  }
  return std::strerror(static_cast<int>(magnitude));
}

}  // namespace netdoctor::collect::host

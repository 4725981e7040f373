// SPDX-License-Identifier: Apache-2.0
#include "collect/host/netlink.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "fixture_util.h"

namespace netdoctor::collect::host {
namespace {

using testing::ReadFixtureBytes;

// Recorded from a namespace shaped like a Calico VXLAN node by
// tests/integration/record_netlink.sh (see tests/fixtures/netlink/README.md).
std::vector<std::uint8_t> Dump(const char* part) {
  auto b = ReadFixtureBytes(std::string("netlink/calico-node.") + part + ".bin");
  EXPECT_FALSE(b.empty()) << part;
  return b;
}

const Link* Find(const std::vector<Link>& links, const std::string& name) {
  auto it = std::find_if(links.begin(), links.end(), [&](const Link& l) { return l.name == name; });
  return it == links.end() ? nullptr : &*it;
}

TEST(NetlinkReplay, Links) {
  auto links = DecodeLinks(Dump("link"));
  ASSERT_TRUE(links) << links.error().ToString();
  std::vector<std::string> names;
  for (const auto& l : *links) names.push_back(l.name + ":" + l.kind);
  EXPECT_EQ(names,
            (std::vector<std::string>{"lo:", "p-eth0:veth", "eth0:veth", "vxlan.calico:vxlan",
                                      "p-cali1:veth", "cali1a2b3c4d5e6:veth", "docker0:bridge",
                                      "p-vethd0c1:veth", "vethd0c1:veth"}));
  const Link* vx = Find(*links, "vxlan.calico");
  ASSERT_NE(vx, nullptr);
  ASSERT_TRUE(vx->vxlan.has_value());
  EXPECT_EQ(vx->vxlan->vni, 4096u);
  EXPECT_EQ(vx->vxlan->local, "10.0.0.50");
  EXPECT_EQ(vx->vxlan->port, 4789);
  const Link* eth0 = Find(*links, "eth0");
  ASSERT_NE(eth0, nullptr);
  EXPECT_EQ(vx->vxlan->link_index, eth0->index);
  EXPECT_EQ(vx->vxlan->link_name, "eth0");
  EXPECT_EQ(eth0->state, "UP");
  EXPECT_EQ(Find(*links, "docker0")->state, "DOWN");
  EXPECT_FALSE(eth0->vxlan.has_value());
  EXPECT_EQ(Find(*links, "vethd0c1")->master, "docker0");
  EXPECT_EQ(eth0->master, "");
}

// Removes the message of link `name` from a recorded link dump: what a kernel that keeps a VXLAN
// device after its parent is gone (before Linux 4.13) sends. The other messages stay byte-exact.
std::vector<std::uint8_t> WithoutLink(const std::vector<std::uint8_t>& dump,
                                      const std::string& name) {
  std::vector<std::uint8_t> out;
  std::size_t off = 0;
  while (off + sizeof(nlmsghdr) <= dump.size()) {
    nlmsghdr h;
    std::memcpy(&h, dump.data() + off, sizeof h);
    std::size_t len = NLMSG_ALIGN(h.nlmsg_len);
    std::string_view msg(reinterpret_cast<const char*>(dump.data() + off),
                         std::min(len, dump.size() - off));
    bool drop = h.nlmsg_type == RTM_NEWLINK &&
                msg.find(std::string(name) + '\0') != std::string_view::npos &&
                msg.find("vxlan") == std::string_view::npos;
    if (!drop) out.insert(out.end(), dump.begin() + off, dump.begin() + off + msg.size());
    off += len;
  }
  return out;
}

TEST(NetlinkReplay, VxlanWithVanishedParent) {
  auto links = DecodeLinks(WithoutLink(Dump("link"), "eth0"));
  ASSERT_TRUE(links) << links.error().ToString();
  EXPECT_EQ(Find(*links, "eth0"), nullptr);
  const Link* vx = Find(*links, "vxlan.calico");
  ASSERT_NE(vx, nullptr);
  ASSERT_TRUE(vx->vxlan && vx->vxlan->link_index.has_value());
  EXPECT_EQ(vx->vxlan->link_name, "");  // the index points at nothing any more
}

TEST(NetlinkReplay, AddressesWithSecondaryFlag) {
  auto links = DecodeLinks(Dump("link"));
  ASSERT_TRUE(links);
  auto addrs = DecodeAddresses(Dump("addr"), *links);
  ASSERT_TRUE(addrs) << addrs.error().ToString();
  std::vector<std::string> seen;
  for (const auto& a : *addrs) {
    seen.push_back(a.ifname + " " + a.cidr + " " + a.scope + (a.secondary ? " secondary" : ""));
  }
  auto has = [&](const std::string& s) {
    return std::find(seen.begin(), seen.end(), s) != seen.end();
  };
  EXPECT_TRUE(has("lo 127.0.0.1/8 host"));
  EXPECT_TRUE(has("eth0 10.0.0.50/24 global"));
  EXPECT_TRUE(has("eth0 10.0.0.100/24 global secondary"));
  EXPECT_TRUE(has("eth0 10.0.0.101/32 global"));
  EXPECT_TRUE(has("eth0 fd00::50/64 global"));
  EXPECT_TRUE(has("docker0 172.17.0.1/16 global"));
  EXPECT_EQ(
      std::count_if(addrs->begin(), addrs->end(), [](const Address& a) { return a.secondary; }), 1);
}

TEST(NetlinkReplay, RoutesOfEveryTable) {
  auto links = DecodeLinks(Dump("link"));
  ASSERT_TRUE(links);
  auto routes = DecodeRoutes(Dump("route"), *links);
  ASSERT_TRUE(routes) << routes.error().ToString();
  std::vector<std::string> seen;
  for (const auto& r : *routes) {
    seen.push_back(r.dst + " dev=" + r.dev + " table=" + r.table + " proto=" + r.proto + " " +
                   r.type);
  }
  auto has = [&](const std::string& s) {
    bool found = std::find(seen.begin(), seen.end(), s) != seen.end();
    if (!found) ADD_FAILURE() << "no route '" << s << "'";
    return found;
  };
  has("default dev=eth0 table=main proto=dhcp unicast");
  has("10.0.0.0/24 dev=eth0 table=main proto=kernel unicast");
  has("10.244.1.0/26 dev= table=main proto=bird blackhole");
  has("10.244.1.5/32 dev=cali1a2b3c4d5e6 table=main proto=bird unicast");
  has("10.244.2.0/26 dev=eth0,eth0 table=main proto=bird unicast");
  has("10.244.9.0/24 dev=eth0 table=100 proto=boot unicast");
  has("10.0.0.100/32 dev=eth0 table=local proto=kernel local");
  has("127.0.0.0/8 dev=lo table=local proto=kernel local");
  // docker0 is down (no members): its local route exists, its prefix route does not.
  has("172.17.0.1/32 dev=docker0 table=local proto=kernel local");
  EXPECT_EQ(std::count(seen.begin(), seen.end(),
                       "172.17.0.0/16 dev=docker0 table=main proto=kernel unicast"),
            0);
  has("fd00::/64 dev=eth0 table=main proto=kernel unicast");
}

TEST(NetlinkReplay, DecodeNetStateJoinsTheParts) {
  NetState s = DecodeNetState(Dump("link"), Dump("addr"), Dump("route"));
  EXPECT_TRUE(s.links_read && s.addresses_read && s.routes_read);
  EXPECT_TRUE(s.errors.empty());
  Result<std::vector<std::uint8_t>> failed =
      MakeError(ErrorCode::kPermissionDenied, "netlink: operation not permitted");
  NetState partial = DecodeNetState(Dump("link"), failed, Dump("route"));
  EXPECT_TRUE(partial.links_read);
  EXPECT_FALSE(partial.addresses_read);
  ASSERT_EQ(partial.errors.size(), 1u);
  EXPECT_NE(partial.errors[0].find("addresses: "), std::string::npos);
  EXPECT_NE(partial.errors[0].find("operation not permitted"), std::string::npos);
}

TEST(NetlinkReplay, NamesUnknownIndexesLikeIproute2) {
  auto routes = DecodeRoutes(Dump("route"), {});
  ASSERT_TRUE(routes);
  bool if_name = std::any_of(routes->begin(), routes->end(),
                             [](const Route& r) { return r.dev.starts_with("if"); });
  EXPECT_TRUE(if_name);
}

TEST(NetlinkDecode, TruncatedDumpIsAnError) {
  auto bytes = Dump("link");
  bytes.resize(bytes.size() / 2 + 3);
  auto links = DecodeLinks(bytes);
  ASSERT_FALSE(links);
  EXPECT_EQ(links.error().code(), ErrorCode::kParseError);
  EXPECT_NE(links.error().message().find("at byte"), std::string::npos) << links.error().message();
}

TEST(NetlinkDecode, MissingDoneIsAnError) {
  auto bytes = Dump("addr");
  bytes.resize(bytes.size() - NLMSG_ALIGN(sizeof(nlmsghdr) + sizeof(int)));  // drop NLMSG_DONE
  auto addrs = DecodeAddresses(bytes, {});
  ASSERT_FALSE(addrs);
  EXPECT_NE(addrs.error().message().find("without NLMSG_DONE"), std::string::npos)
      << addrs.error().message();
}

TEST(NetlinkDecode, WrongMessageTypeIsAnError) {
  auto links = DecodeLinks(Dump("addr"));
  ASSERT_FALSE(links);
  EXPECT_NE(links.error().message().find("expected RTM_NEWLINK messages, got type 20"),
            std::string::npos)
      << links.error().message();
}

TEST(NetlinkDecode, ErrorReplyCarriesErrno) {
  // NLMSG_ERROR with -EPERM, as the kernel answers a refused request.
  struct {
    nlmsghdr h;
    nlmsgerr e;
  } msg{};
  msg.h.nlmsg_len = sizeof msg;
  msg.h.nlmsg_type = NLMSG_ERROR;
  msg.e.error = -1;  // EPERM
  std::vector<std::uint8_t> bytes(sizeof msg);
  std::memcpy(bytes.data(), &msg, sizeof msg);
  auto routes = DecodeRoutes(bytes, {});
  ASSERT_FALSE(routes);
  EXPECT_NE(routes.error().message().find("Operation not permitted"), std::string::npos)
      << routes.error().message();
}

TEST(NetlinkDecode, EmptyInputIsAnError) {
  auto links = DecodeLinks({});
  ASSERT_FALSE(links);
  EXPECT_EQ(links.error().code(), ErrorCode::kParseError);
}

// The netlink fuzz target found -INT_MIN (undefined behaviour) in the error-code path: the code
// comes from the bytes, so INT_MIN and other non-errno values are described, never negated.
TEST(NetlinkDecode, ErrorCodeIntMinIsDescribedNotNegated) {
  for (int type : {NLMSG_ERROR, NLMSG_DONE}) {
    struct {
      nlmsghdr h;
      nlmsgerr e;
    } msg{};
    msg.h.nlmsg_len = sizeof msg;
    msg.h.nlmsg_type = static_cast<std::uint16_t>(type);
    msg.e.error = INT_MIN;
    std::vector<std::uint8_t> bytes(sizeof msg);
    std::memcpy(bytes.data(), &msg, sizeof msg);
    auto links = DecodeLinks(bytes);
    ASSERT_FALSE(links) << type;
    EXPECT_NE(links.error().message().find("error code -2147483648 (not an errno value)"),
              std::string::npos)
        << links.error().message();
  }
  EXPECT_EQ(NetlinkErrorText(-1), "Operation not permitted");
  EXPECT_EQ(NetlinkErrorText(1), "Operation not permitted");
  EXPECT_EQ(NetlinkErrorText(-5000), "error code -5000 (not an errno value)");
}

}  // namespace
}  // namespace netdoctor::collect::host

// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/iproute_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netdoctor::collect::sos {
namespace {

using ::testing::HasSubstr;

// Shape: `ip -d address` of iproute2 6.2 on Rocky Linux 8.8 with Calico VXLAN (trailing spaces
// on the link/ and details lines are iproute2's own).
constexpr std::string_view kIpDAddress =
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 minmtu 0 maxmtu 0 "
    "numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 \n"
    "    inet 127.0.0.1/8 scope host lo\n"
    "       valid_lft forever preferred_lft forever\n"
    "2: ens192: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen "
    "1000\n"
    "    link/ether 00:50:56:a1:2b:3c brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 60 maxmtu 9000 "
    "numtxqueues 4 numrxqueues 4 gso_max_size 65536 gso_max_segs 65535 \n"
    "    inet 10.0.0.12/24 brd 10.0.0.255 scope global noprefixroute ens192\n"
    "       valid_lft forever preferred_lft forever\n"
    "    inet 10.0.0.100/24 scope global secondary ens192\n"
    "       valid_lft forever preferred_lft forever\n"
    "    inet6 fe80::250:56ff:fea1:2b3c/64 scope link noprefixroute \n"
    "       valid_lft forever preferred_lft forever\n"
    "4: vxlan.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group "
    "default \n"
    "    link/ether 66:9e:24:51:8f:0a brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 \n"
    "    vxlan id 4096 local 10.0.0.12 dev ens192 srcport 0 0 dstport 4789 nolearning ttl auto "
    "ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx numtxqueues 1 numrxqueues 1 "
    "gso_max_size 65536 gso_max_segs 65535 \n"
    "    inet 192.168.45.64/32 scope global vxlan.calico\n"
    "       valid_lft forever preferred_lft forever\n"
    "7: cali3f1b2c4d5e6@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP "
    "group default \n"
    "    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 0 minmtu 68 "
    "maxmtu 65535 \n"
    "    veth numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 \n"
    "9: veth1a2b3c4@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 "
    "state UP group default \n"
    "    link/ether 7a:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff link-netnsid 2 promiscuity 1 minmtu 68 "
    "maxmtu 65535 \n"
    "    veth \n"
    "    bridge_slave state forwarding priority 32 cost 2 hairpin on guard off \n"
    "10: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1440 qdisc noqueue state UNKNOWN group default qlen "
    "1000\n"
    "    link/ipip 0.0.0.0 brd 0.0.0.0 promiscuity 0 minmtu 0 maxmtu 0 \n"
    "    ipip any remote any local any ttl inherit nopmtudisc numtxqueues 1 numrxqueues 1 \n"
    "    inet 10.244.1.1/32 scope global tunl0\n"
    "       valid_lft forever preferred_lft forever\n";

TEST(ParseIpAddress, ReadsLinksKindsAndNames) {
  auto r = ParseIpAddress(kIpDAddress);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->links.size(), 6u);
  EXPECT_EQ(r->links[0].name, "lo");
  EXPECT_EQ(r->links[0].kind, "");
  EXPECT_EQ(r->links[1].name, "ens192");
  EXPECT_EQ(r->links[1].state, "UP");
  EXPECT_EQ(r->links[1].index, 2);
  EXPECT_EQ(r->links[2].kind, "vxlan");
  EXPECT_EQ(r->links[3].name, "cali3f1b2c4d5e6") << "@ifN is dropped";
  EXPECT_EQ(r->links[3].kind, "veth");
  EXPECT_EQ(r->links[4].master, "cni0");
  EXPECT_EQ(r->links[4].kind, "veth") << "bridge_slave is the slave kind, not the link kind";
  EXPECT_EQ(r->links[5].name, "tunl0") << "@NONE is dropped";
  EXPECT_EQ(r->links[5].kind, "ipip");
}

TEST(ParseIpAddress, ReadsVxlanDetailsAndResolvesTheParent) {
  auto r = ParseIpAddress(kIpDAddress);
  ASSERT_TRUE(r);
  const auto& vx = r->links[2];
  ASSERT_TRUE(vx.vxlan);
  EXPECT_EQ(vx.vxlan->vni, 4096u);
  EXPECT_EQ(vx.vxlan->local, "10.0.0.12");
  EXPECT_EQ(vx.vxlan->link_name, "ens192");
  EXPECT_EQ(vx.vxlan->link_index, 2);
  EXPECT_EQ(vx.vxlan->port, 4789);
}

TEST(ParseIpAddress, ParentThatIsGoneBecomesItsIndex) {
  // iproute2 prints "dev if<N>" when the parent index has no device any more.
  auto r = ParseIpAddress(
      "5: vxlan.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN "
      "group default \n"
      "    link/ether 66:9e:24:51:8f:0a brd ff:ff:ff:ff:ff:ff promiscuity 0 \n"
      "    vxlan id 4096 local 10.0.0.12 dev if3 srcport 0 0 dstport 4789 nolearning ageing 300 "
      "\n");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_TRUE(r->links[0].vxlan);
  EXPECT_EQ(r->links[0].vxlan->link_index, 3);
  EXPECT_EQ(r->links[0].vxlan->link_name, "");
}

TEST(ParseIpAddress, ReadsAddressesWithSecondaryFlag) {
  auto r = ParseIpAddress(kIpDAddress);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->addresses.size(), 6u);
  EXPECT_EQ(r->addresses[1].ifname, "ens192");
  EXPECT_EQ(r->addresses[1].cidr, "10.0.0.12/24");
  EXPECT_EQ(r->addresses[1].scope, "global");
  EXPECT_FALSE(r->addresses[1].secondary);
  EXPECT_EQ(r->addresses[2].cidr, "10.0.0.100/24");
  EXPECT_TRUE(r->addresses[2].secondary);
  EXPECT_EQ(r->addresses[3].family, 6);
  EXPECT_EQ(r->addresses[3].scope, "link");
  EXPECT_EQ(r->addresses[5].ifname, "tunl0");
}

TEST(ParseIpAddress, SkipsStatisticsOfIpSDLink) {
  // Shape: `ip -s -d link` of iproute 4.11 (CentOS 7), statistics after the details line.
  auto r = ParseIpAddress(
      "3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode "
      "DEFAULT group default \n"
      "    link/ether 02:42:5c:11:8e:90 brd ff:ff:ff:ff:ff:ff promiscuity 0 \n"
      "    bridge forward_delay 1500 hello_time 200 max_age 2000 addrgenmode eui64 \n"
      "    RX: bytes  packets  errors  dropped overrun mcast   \n"
      "    0          0        0       0       0       0       \n"
      "    TX: bytes  packets  errors  dropped carrier collsns \n"
      "    0          0        0       0       0       0       \n"
      "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT "
      "group default qlen 1000\n"
      "    link/ether 52:54:00:8a:61:2d brd ff:ff:ff:ff:ff:ff promiscuity 0 addrgenmode eui64 "
      "numtxqueues 1 \n"
      "    RX: bytes  packets  errors  dropped overrun mcast   \n"
      "    8851253610 9921022  0       0       0       0       \n");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->links.size(), 2u);
  EXPECT_EQ(r->links[0].kind, "bridge");
  EXPECT_EQ(r->links[1].kind, "");
  EXPECT_TRUE(r->addresses.empty());
}

TEST(ParseIpAddress, PeerAddressTakesThePeerPrefix) {
  auto r = ParseIpAddress(
      "6: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN group default "
      "qlen 1000\n"
      "    link/none \n"
      "    inet 10.8.0.1 peer 10.8.0.2/32 scope global wg0\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->addresses.size(), 1u);
  EXPECT_EQ(r->addresses[0].cidr, "10.8.0.1/32");
}

TEST(ParseIpAddress, ErrorTextInsteadOfOutputIsAParseError) {
  auto r = ParseIpAddress("Device \"vxlan.calico\" does not exist.\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kParseError);
  EXPECT_EQ(r.error().where()->line, 1);
}

TEST(ParseIpAddress, MalformedLinkLineNamesTheLine) {
  auto r = ParseIpAddress("1: lo: <LOOPBACK> mtu 65536\n2 eth0 broken\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where()->line, 2);
  EXPECT_THAT(r.error().message(), HasSubstr("expected 'N: name"));
}

TEST(ParseIpAddress, BadInetAddressIsAnError) {
  auto r = ParseIpAddress("2: eth0: <UP> mtu 1500 state UP\n    inet garbage scope global eth0\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where()->line, 2);
}

TEST(ParseIpAddress, EmptyTextHasNoLinks) {
  auto r = ParseIpAddress("");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->links.empty());
}

// Shape: `ip route show table all` on a Calico VXLAN node (Rocky 8.8).
constexpr std::string_view kRoutes =
    "default via 10.0.0.1 dev ens192 proto static metric 100 \n"
    "10.0.0.0/24 dev ens192 proto kernel scope link src 10.0.0.12 metric 100 \n"
    "blackhole 192.168.45.64/26 proto 80 \n"
    "192.168.45.65 dev cali3f1b2c4d5e6 scope link \n"
    "192.168.112.0/26 via 192.168.112.0 dev vxlan.calico proto 80 onlink \n"
    "local 10.0.0.100 dev ens192 table local proto kernel scope host src 10.0.0.12 \n"
    "broadcast 10.0.0.255 dev ens192 table local proto kernel scope link src 10.0.0.12 \n"
    "unreachable default table 100 proto static metric 4278198272 \n";

TEST(ParseIpRoute, ReadsTypesTablesProtocols) {
  auto r = ParseIpRoute(kRoutes);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 8u);
  const auto& d = (*r)[0];
  EXPECT_EQ(d.dst, "default");
  EXPECT_EQ(d.dev, "ens192");
  EXPECT_EQ(d.table, "main");
  EXPECT_EQ(d.proto, "static");
  EXPECT_EQ(d.type, "unicast");
  EXPECT_EQ((*r)[2].type, "blackhole");
  EXPECT_EQ((*r)[2].dst, "192.168.45.64/26");
  EXPECT_EQ((*r)[2].dev, "");
  EXPECT_EQ((*r)[2].proto, "80");
  EXPECT_EQ((*r)[3].proto, "boot") << "iproute2 omits proto boot";
  EXPECT_EQ((*r)[3].dev, "cali3f1b2c4d5e6");
  EXPECT_EQ((*r)[5].type, "local");
  EXPECT_EQ((*r)[5].table, "local");
  EXPECT_EQ((*r)[5].dst, "10.0.0.100");
  EXPECT_EQ((*r)[7].type, "unreachable");
  EXPECT_EQ((*r)[7].table, "100");
}

TEST(ParseIpRoute, ReadsIpv6AndMultipath) {
  auto r = ParseIpRoute(
      "fe80::/64 dev ens192 proto kernel metric 100 pref medium\n"
      "multicast ff00::/8 dev ens192 table local proto kernel metric 256 pref medium\n"
      "default proto bird metric 20 \n"
      "\tnexthop via 10.0.0.1 dev eth0 weight 1 \n"
      "\tnexthop via 10.0.1.1 dev eth1 weight 1 \n"
      "default via inet6 fe80::1 dev eth0 proto ra metric 1024 \n");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].dst, "fe80::/64");
  EXPECT_EQ((*r)[1].type, "multicast");
  EXPECT_EQ((*r)[2].dev, "eth0,eth1");
  EXPECT_EQ((*r)[3].dev, "eth0");
  EXPECT_EQ((*r)[3].proto, "ra");
}

TEST(ParseIpRoute, LineWithoutDestinationIsAnError) {
  auto r = ParseIpRoute("default via 10.0.0.1 dev eth0\nError: ipv4: FIB table does not exist.\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where()->line, 2);
  EXPECT_THAT(r.error().message(), HasSubstr("destination"));
}

TEST(ParseIpRoute, KeywordWithoutValueIsAnError) {
  auto r = ParseIpRoute("10.0.0.0/24 dev\n");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message(), HasSubstr("'dev' without a value"));
}

TEST(ParseIpRoute, StrayContinuationIsAnError) {
  auto r = ParseIpRoute("\tnexthop via 10.0.0.1 dev eth0\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where()->line, 1);
}

}  // namespace
}  // namespace netdoctor::collect::sos

// SPDX-License-Identifier: Apache-2.0
#include "collect/host/net_model.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "collect/host/netlink.h"
#include "fixture_util.h"

namespace netdoctor::collect::host {
namespace {

using testing::ReadFixtureBytes;

NetState Replayed() {
  return DecodeNetState(ReadFixtureBytes("netlink/calico-node.link.bin"),
                        ReadFixtureBytes("netlink/calico-node.addr.bin"),
                        ReadFixtureBytes("netlink/calico-node.route.bin"));
}

Link* FindLink(NetState& s, const std::string& name) {
  for (auto& l : s.links) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

std::string Reason(const facts::FactSet& fs, const std::string& key) {
  const facts::Fact* f = fs.Get(key);
  if (!f) return "<absent>";
  return f->known() ? "<known>" : f->unknown_reason;
}

TEST(NetStateToFacts, CalicoNodeReplay) {
  NetState s = Replayed();
  // `ethtool -k vxlan.calico` as Felix leaves it with ChecksumOffloadBroken=true.
  Link* vx = FindLink(s, "vxlan.calico");
  ASSERT_NE(vx, nullptr);
  vx->features = {{"tx-checksum-ip-generic", false}, {"tx-checksumming", false}};
  vx->features_read = true;
  facts::FactSet out;
  NetStateToFacts(s, "netlink", out);

  auto links = std::get<std::vector<std::string>>(*out.Get("node.links")->value);
  EXPECT_NE(std::find(links.begin(), links.end(), "vxlan.calico:vxlan"), links.end());
  EXPECT_NE(std::find(links.begin(), links.end(), "lo:"), links.end());
  EXPECT_EQ(out.GetBool("node.vxlan_calico.present"), true);
  EXPECT_EQ(out.GetString("node.vxlan_calico.parent"), "eth0");
  EXPECT_EQ(out.GetBool("node.vxlan_calico.parent_present"), true);
  EXPECT_EQ(out.GetString("node.vxlan_calico.local_ip"), "10.0.0.50");
  EXPECT_EQ(out.GetBool("node.vxlan_calico.tx_checksum"), false);
  EXPECT_EQ(out.Get("node.vxlan_calico.tx_checksum")->source,
            "ioctl ETHTOOL_GFEATURES vxlan.calico tx-checksum-ip-generic");
  EXPECT_EQ(out.GetBool("node.tunl0.present"), false);
  EXPECT_EQ(Reason(out, "node.tunl0.tx_checksum"), "tunl0 does not exist");
  EXPECT_EQ(out.GetInt("node.calico.veths"), 1);
  EXPECT_EQ(out.GetString("node.docker0.subnet"), "172.17.0.0/16");

  auto secondary =
      std::get<std::vector<facts::ObjectRef>>(*out.Get("node.addresses.secondary")->value);
  ASSERT_EQ(secondary.size(), 1u);
  EXPECT_EQ(secondary[0].kind, "Interface");
  EXPECT_EQ(secondary[0].name, "eth0");
  EXPECT_EQ(secondary[0].address, "10.0.0.100/24");
  EXPECT_EQ(secondary[0].detail, "secondary scope global");

  auto routes = std::get<std::vector<std::string>>(*out.Get("node.routes")->value);
  EXPECT_NE(std::find(routes.begin(), routes.end(),
                      "dst=10.244.1.5/32 dev=cali1a2b3c4d5e6 table=main proto=bird"),
            routes.end());
  EXPECT_NE(std::find(routes.begin(), routes.end(),
                      "dst=10.0.0.100/32 dev=eth0 table=local proto=kernel"),
            routes.end());
}

TEST(NetStateToFacts, FeaturesNotReadAreUnknownWithTheIoctlError) {
  NetState s = Replayed();
  FindLink(s, "vxlan.calico")->features_error = "ioctl ETHTOOL_GSSET_INFO vxlan.calico: denied";
  facts::FactSet out;
  NetStateToFacts(s, "netlink", out);
  EXPECT_EQ(Reason(out, "node.vxlan_calico.tx_checksum"),
            "ioctl ETHTOOL_GSSET_INFO vxlan.calico: denied");
}

TEST(NetStateToFacts, VanishedParentMakesParentUnknownAndNotPresent) {
  NetState s = Replayed();
  Link* vx = FindLink(s, "vxlan.calico");
  vx->vxlan->link_index = 99;
  vx->vxlan->link_name = "";
  facts::FactSet out;
  NetStateToFacts(s, "netlink", out);
  EXPECT_EQ(out.GetBool("node.vxlan_calico.parent_present"), false);
  EXPECT_NE(Reason(out, "node.vxlan_calico.parent").find("ifindex 99) no longer exists"),
            std::string::npos);
}

TEST(NetStateToFacts, VxlanWithoutParent) {
  NetState s = Replayed();
  FindLink(s, "vxlan.calico")->vxlan->link_index.reset();
  facts::FactSet out;
  NetStateToFacts(s, "netlink", out);
  EXPECT_EQ(out.GetString("node.vxlan_calico.parent"), "");
  EXPECT_NE(Reason(out, "node.vxlan_calico.parent_present").find("has no parent"),
            std::string::npos);
}

TEST(NetStateToFacts, Tunl0UsesTheTxChecksummingGroup) {
  NetState s;
  s.links_read = s.addresses_read = s.routes_read = true;
  Link t;
  t.index = 2;
  t.name = "tunl0";
  t.kind = "ipip";
  t.features = {{"tx-checksumming", true}, {"tx-checksum-ip-generic", true}};
  t.features_read = true;
  s.links.push_back(t);
  facts::FactSet out;
  NetStateToFacts(s, "netlink", out);
  EXPECT_EQ(out.GetBool("node.tunl0.present"), true);
  EXPECT_EQ(out.GetBool("node.tunl0.tx_checksum"), true);
  EXPECT_EQ(out.GetBool("node.vxlan_calico.present"), false);
  EXPECT_EQ(Reason(out, "node.vxlan_calico.local_ip"), "vxlan.calico does not exist");
  EXPECT_EQ(Reason(out, "node.docker0.subnet"), "docker0 does not exist");
}

TEST(NetStateToFacts, UnreadPartsAreUnknownWithTheirReason) {
  NetState s;
  s.errors = {"links: netlink: operation not permitted",
              "addresses: netlink: operation not permitted",
              "routes: netlink: operation not permitted"};
  facts::FactSet out;
  NetStateToFacts(s, "netlink", out);
  for (const char* k : {"node.links", "node.vxlan_calico.present", "node.vxlan_calico.parent",
                        "node.tunl0.present", "node.calico.veths"}) {
    EXPECT_EQ(Reason(out, k), "links: netlink: operation not permitted") << k;
  }
  for (const char* k : {"node.addresses", "node.addresses.secondary", "node.docker0.subnet"}) {
    EXPECT_EQ(Reason(out, k), "addresses: netlink: operation not permitted") << k;
  }
  EXPECT_EQ(Reason(out, "node.routes"), "routes: netlink: operation not permitted");
}

}  // namespace
}  // namespace netdoctor::collect::host

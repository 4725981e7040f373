// SPDX-License-Identifier: Apache-2.0
// Live-kernel tests: every test builds what it reads in its own network namespace (devices,
// addresses, routes, sysctls, iptables rules of both back ends), runs netdoctor_collect_probe in
// it with `ip netns exec` (a separate process, so the collector really runs in that namespace and
// sees its /proc/sys/net and /sys through HostFs "/") and checks the exact facts it prints.
// Needs root; a kernel without a feature (ipip, ip_vs) makes that test skip with the reason.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netns.h"
#include "support/ci_skip.h"

namespace netdoctor::testing {
namespace {

using nlohmann::json;

// Without root or network namespaces the test skips and says why; in CI (CI=true) that fails.
#define ND_NETNS(ns) \
  Netns ns;          \
  if (!ns.error().empty()) ND_SKIP_OR_FAIL_IN_CI(ns.error())

#define ND_MUST(ns, tool, ...)                                          \
  do {                                                                  \
    std::string nd_failure;                                             \
    ASSERT_TRUE(ns.Must(tool, __VA_ARGS__, &nd_failure)) << nd_failure; \
  } while (false)

#define ND_PROBE(ns, facts)                \
  std::string facts##_failure;             \
  json facts = ns.Probe(&facts##_failure); \
  ASSERT_FALSE(facts.is_null()) << facts##_failure

// The known value of a fact ("" JSON null when unknown or absent, and the test fails).
json Known(const json& facts, const std::string& key) {
  if (!facts.contains(key)) {
    ADD_FAILURE() << key << " was not produced";
    return nullptr;
  }
  const json& f = facts[key];
  if (!f.contains("value")) {
    ADD_FAILURE() << key << " is unknown: " << f.value("unknown", "");
    return nullptr;
  }
  return f["value"];
}

// The reason of an unknown fact ("" and a failure when it is known).
std::string UnknownReason(const json& facts, const std::string& key) {
  if (!facts.contains(key)) {
    ADD_FAILURE() << key << " was not produced";
    return "";
  }
  const json& f = facts[key];
  if (f.contains("value")) {
    ADD_FAILURE() << key << " is known: " << f["value"].dump();
    return "";
  }
  return f.value("unknown", "");
}

bool Contains(const json& list, const std::string& s) {
  return list.is_array() && std::find(list.begin(), list.end(), json(s)) != list.end();
}

// A veth pair whose first end is `name` (with `addr` if given, up) and whose peer has a
// non-cali name, as the node side of a Pod's veth looks.
void AddUplink(const Netns& ns, const std::string& name, const std::string& addr,
               std::string* failure) {
  const std::string peer = "p-" + name.substr(0, 12);  // IFNAMSIZ allows 15 characters
  if (!ns.Must("ip", {"link", "add", name, "type", "veth", "peer", "name", peer}, failure)) return;
  if (!addr.empty() && !ns.Must("ip", {"addr", "add", addr, "dev", name}, failure)) return;
  if (!ns.Must("ip", {"link", "set", name, "up"}, failure)) return;
  (void)ns.Must("ip", {"link", "set", peer, "up"}, failure);
}

#define ND_UPLINK(ns, name, addr)                  \
  do {                                             \
    std::string nd_failure;                        \
    AddUplink(ns, name, addr, &nd_failure);        \
    ASSERT_TRUE(nd_failure.empty()) << nd_failure; \
  } while (false)

void AddVxlanCalico(const Netns& ns, const std::string& parent, const std::string& local,
                    std::string* failure) {
  // As Felix creates it (felix/dataplane/linux/vxlan_mgr.go): VNI 4096, port 4789, the parent
  // device that holds the node address, that address as local.
  (void)ns.Must("ip",
                {"link", "add", "vxlan.calico", "type", "vxlan", "id", "4096", "dev", parent,
                 "local", local, "dstport", "4789"},
                failure);
}

#define ND_VXLAN(ns, parent, local)                 \
  do {                                              \
    std::string nd_failure;                         \
    AddVxlanCalico(ns, parent, local, &nd_failure); \
    ASSERT_TRUE(nd_failure.empty()) << nd_failure;  \
  } while (false)

TEST(LiveNetlink, EmptyNamespaceHasNoCalicoDevices) {
  ND_NETNS(ns);
  ND_PROBE(ns, facts);
  EXPECT_EQ(Known(facts, "node.links"), json({"lo:"}));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.present"), json(false));
  EXPECT_EQ(UnknownReason(facts, "node.vxlan_calico.tx_checksum"), "vxlan.calico does not exist");
  EXPECT_EQ(UnknownReason(facts, "node.vxlan_calico.parent"), "vxlan.calico does not exist");
  EXPECT_EQ(Known(facts, "node.tunl0.present"), json(false));
  EXPECT_EQ(UnknownReason(facts, "node.tunl0.tx_checksum"), "tunl0 does not exist");
  EXPECT_EQ(Known(facts, "node.calico.veths"), json(0));
  EXPECT_EQ(Known(facts, "node.calico.veths_proxy_arp_off"), json::array());
  EXPECT_EQ(Known(facts, "node.addresses"), json::array());  // lo is down: no addresses
  EXPECT_EQ(Known(facts, "node.routes"), json::array());
  EXPECT_EQ(UnknownReason(facts, "node.docker0.subnet"), "docker0 does not exist");
  EXPECT_EQ(facts["node.links"]["source"], "netlink");
}

TEST(LiveNetlink, VxlanCalicoWithParentAndOffloadOn) {
  ND_NETNS(ns);
  ND_UPLINK(ns, "eth0", "10.0.0.50/24");
  ND_VXLAN(ns, "eth0", "10.0.0.50");
  ND_PROBE(ns, facts);
  EXPECT_TRUE(Contains(Known(facts, "node.links"), "vxlan.calico:vxlan"));
  EXPECT_TRUE(Contains(Known(facts, "node.links"), "eth0:veth"));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.present"), json(true));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.parent"), json("eth0"));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.parent_present"), json(true));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.local_ip"), json("10.0.0.50"));
  // A new VXLAN device has tx checksum offload on.
  EXPECT_EQ(Known(facts, "node.vxlan_calico.tx_checksum"), json(true));
  EXPECT_EQ(facts["node.vxlan_calico.tx_checksum"]["source"],
            "ioctl ETHTOOL_GFEATURES vxlan.calico tx-checksum-ip-generic");
}

TEST(LiveEthtool, VxlanCalicoOffloadTurnedOff) {
  ND_NETNS(ns);
  ND_UPLINK(ns, "eth0", "10.0.0.50/24");
  ND_VXLAN(ns, "eth0", "10.0.0.50");
  // What Felix does with ChecksumOffloadBroken, and the documented workaround (calico#3145).
  ND_MUST(ns, "ethtool", {"-K", "vxlan.calico", "tx-checksum-ip-generic", "off"});
  ND_PROBE(ns, facts);
  EXPECT_EQ(Known(facts, "node.vxlan_calico.tx_checksum"), json(false));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.present"), json(true));
}

TEST(LiveNetlink, VxlanParentDeletedTakesTheDeviceWithIt) {
  ND_NETNS(ns);
  ND_UPLINK(ns, "eth0", "10.0.0.50/24");
  ND_VXLAN(ns, "eth0", "10.0.0.50");
  ND_MUST(ns, "ip", {"link", "del", "eth0"});
  ND_PROBE(ns, facts);
  // Since Linux 4.13 (vxlan_handle_lowerdev_unregister) deleting the parent deletes the VXLAN
  // device too; a kernel that keeps it with a dangling IFLA_VXLAN_LINK is covered by the replay
  // test NetlinkReplay.VxlanWithVanishedParent.
  EXPECT_EQ(Known(facts, "node.vxlan_calico.present"), json(false));
  EXPECT_EQ(UnknownReason(facts, "node.vxlan_calico.parent_present"),
            "vxlan.calico does not exist");
  EXPECT_FALSE(Contains(Known(facts, "node.links"), "eth0:veth"));
}

TEST(LiveNetlink, VxlanParentNoLongerHoldsTheNodeAddress) {
  ND_NETNS(ns);
  ND_UPLINK(ns, "eth0", "10.0.0.50/24");
  ND_UPLINK(ns, "bond0", "");
  ND_VXLAN(ns, "eth0", "10.0.0.50");
  // The node address moves to another device (NIC to bond migration); vxlan.calico keeps its
  // old parent, which is what CALICO-VXLAN-PARENT-ROUTES looks for.
  ND_MUST(ns, "ip", {"addr", "del", "10.0.0.50/24", "dev", "eth0"});
  ND_MUST(ns, "ip", {"addr", "add", "10.0.0.50/24", "dev", "bond0"});
  ND_PROBE(ns, facts);
  EXPECT_EQ(Known(facts, "node.vxlan_calico.parent"), json("eth0"));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.parent_present"), json(true));
  EXPECT_EQ(Known(facts, "node.vxlan_calico.local_ip"), json("10.0.0.50"));
  json addresses = Known(facts, "node.addresses");
  json expected = {{"kind", "Interface"},
                   {"name", "bond0"},
                   {"address", "10.0.0.50/24"},
                   {"detail", "scope global"}};
  EXPECT_NE(std::find(addresses.begin(), addresses.end(), expected), addresses.end())
      << addresses.dump();
  for (const auto& a : addresses) {
    // eth0 keeps only its IPv6 link-local address.
    if (a["name"] == "eth0") {
      EXPECT_NE(a["address"].get<std::string>().find(':'), std::string::npos) << a.dump();
    }
  }
}

TEST(LiveNetlink, Tunl0IpipDevice) {
  ND_NETNS(ns);
  // With the ipip module loaded the kernel creates tunl0 in every namespace by itself.
  auto probe = ns.Exec("ip", {"link", "show", "tunl0"});
  if (!probe.ok()) {
    auto add = ns.Exec("ip", {"link", "add", "name", "tunl0", "type", "ipip"});
    if (!add.ok()) {
      GTEST_SKIP() << "this kernel has no ipip (CONFIG_NET_IPIP): `ip link add tunl0 type ipip` "
                      "says: "
                   << add.err << "; the tunl0 facts are covered by the replay tests only";
    }
  }
  ND_MUST(ns, "ethtool", {"-K", "tunl0", "tx-checksumming", "off"});
  ND_PROBE(ns, facts);
  EXPECT_TRUE(Contains(Known(facts, "node.links"), "tunl0:ipip"));
  EXPECT_EQ(Known(facts, "node.tunl0.present"), json(true));
  EXPECT_EQ(Known(facts, "node.tunl0.tx_checksum"), json(false));
}

TEST(LiveNetlink, CalicoVethsAndProxyArp) {
  ND_NETNS(ns);
  // Host ends of two Pods' veths as Calico names them (cali + 11 hex chars).
  ND_UPLINK(ns, "cali1a2b3c4d5e6", "");
  ND_UPLINK(ns, "calif00dcafe123", "");
  // Felix sets proxy_arp=1 on every workload veth; the second one lost it.
  ND_MUST(ns, "sysctl", {"-q", "-w", "net.ipv4.conf.cali1a2b3c4d5e6.proxy_arp=1"});
  ND_MUST(ns, "sysctl", {"-q", "-w", "net.ipv4.conf.calif00dcafe123.proxy_arp=0"});
  ND_MUST(ns, "ip", {"route", "add", "10.244.1.5/32", "dev", "cali1a2b3c4d5e6", "proto", "bird"});
  ND_MUST(ns, "ip", {"route", "add", "10.244.1.6/32", "dev", "calif00dcafe123", "table", "100"});
  ND_PROBE(ns, facts);
  EXPECT_EQ(Known(facts, "node.calico.veths"), json(2));
  json off = Known(facts, "node.calico.veths_proxy_arp_off");
  ASSERT_EQ(off.size(), 1u) << off.dump();
  EXPECT_EQ(off[0]["name"], "calif00dcafe123");
  EXPECT_EQ(off[0]["kind"], "Interface");
  json routes = Known(facts, "node.routes");
  EXPECT_TRUE(Contains(routes, "dst=10.244.1.5/32 dev=cali1a2b3c4d5e6 table=main proto=bird"))
      << routes.dump();
  EXPECT_TRUE(Contains(routes, "dst=10.244.1.6/32 dev=calif00dcafe123 table=100 proto=boot"))
      << routes.dump();
}

TEST(LiveNetlink, VipAsSecondaryAndAsHostRoute) {
  ND_NETNS(ns);
  ND_UPLINK(ns, "eth0", "10.0.0.50/24");
  // A VIP added with the subnet's prefix becomes secondary (KP-IPVS-SECONDARY-VIP); one added
  // as /32 is primary.
  ND_MUST(ns, "ip", {"addr", "add", "10.0.0.100/24", "dev", "eth0"});
  ND_MUST(ns, "ip", {"addr", "add", "10.0.0.101/32", "dev", "eth0"});
  ND_PROBE(ns, facts);
  json secondary = Known(facts, "node.addresses.secondary");
  json expected_secondary = json::array({json{{"kind", "Interface"},
                                              {"name", "eth0"},
                                              {"address", "10.0.0.100/24"},
                                              {"detail", "secondary scope global"}}});
  EXPECT_EQ(secondary, expected_secondary);
  json all = Known(facts, "node.addresses");
  json primary_vip = {{"kind", "Interface"},
                      {"name", "eth0"},
                      {"address", "10.0.0.101/32"},
                      {"detail", "scope global"}};
  EXPECT_NE(std::find(all.begin(), all.end(), primary_vip), all.end()) << all.dump();
  json routes = Known(facts, "node.routes");
  EXPECT_TRUE(Contains(routes, "dst=10.0.0.0/24 dev=eth0 table=main proto=kernel"))
      << routes.dump();
  EXPECT_TRUE(Contains(routes, "dst=10.0.0.100/32 dev=eth0 table=local proto=kernel"));
  EXPECT_TRUE(Contains(routes, "dst=10.0.0.101/32 dev=eth0 table=local proto=kernel"));
}

TEST(LiveNetlink, Docker0Subnet) {
  ND_NETNS(ns);
  ND_MUST(ns, "ip", {"link", "add", "docker0", "type", "bridge"});
  ND_MUST(ns, "ip", {"addr", "add", "172.17.0.1/16", "dev", "docker0"});
  ND_PROBE(ns, facts);
  EXPECT_EQ(Known(facts, "node.docker0.subnet"), json("172.17.0.0/16"));
  EXPECT_TRUE(Contains(Known(facts, "node.links"), "docker0:bridge"));
}

// kube-proxy's and kubelet's chains as they write them (pkg/proxy/iptables/proxier.go,
// pkg/kubelet/kubelet_network_linux.go), in back end `ipt` ("iptables-legacy"/"iptables-nft").
void AddKubeRules(const Netns& ns, const std::string& ipt, std::string* failure) {
  const std::vector<std::vector<std::string>> cmds = {
      {"-t", "mangle", "-N", "KUBE-IPTABLES-HINT"},
      {"-t", "mangle", "-N", "KUBE-KUBELET-CANARY"},
      {"-t", "nat", "-N", "KUBE-SERVICES"},
      {"-t", "nat", "-N", "KUBE-POSTROUTING"},
      {"-t", "nat", "-N", "KUBE-MARK-MASQ"},
      {"-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment", "kubernetes service portals",
       "-j", "KUBE-SERVICES"},
      {"-t", "nat", "-A", "POSTROUTING", "-m", "comment", "--comment",
       "kubernetes postrouting rules", "-j", "KUBE-POSTROUTING"},
      {"-t", "nat", "-A", "KUBE-MARK-MASQ", "-j", "MARK", "--or-mark", "0x4000"},
      {"-t", "nat", "-A", "KUBE-POSTROUTING", "-m", "comment", "--comment",
       "kubernetes service traffic requiring SNAT", "-j", "MASQUERADE", "--random-fully"},
  };
  for (const auto& c : cmds) {
    if (!ns.Must(ipt, c, failure)) return;
  }
}

TEST(LiveIptables, CalicoOnlyInLegacyKubeInBoth) {
  ND_NETNS(ns);
  for (const char* b : {"iptables-legacy", "iptables-nft"}) {
    if (FindTool(b).empty()) GTEST_SKIP() << b << " is not installed";
  }
  std::string failure;
  AddKubeRules(ns, "iptables-legacy", &failure);
  ASSERT_TRUE(failure.empty()) << failure;
  AddKubeRules(ns, "iptables-nft", &failure);
  ASSERT_TRUE(failure.empty()) << failure;
  // Felix programmed legacy (the CALICO-IPTABLES-BACKEND failure) although the host uses nft.
  ND_MUST(ns, "iptables-legacy", {"-t", "filter", "-N", "cali-FORWARD"});
  ND_MUST(ns, "iptables-legacy", {"-t", "filter", "-N", "cali-from-wl-dispatch"});
  ND_MUST(ns, "iptables-legacy",
          {"-t", "filter", "-A", "FORWARD", "-m", "comment", "--comment", "cali:wUHhoiAYhphO9Mso",
           "-j", "cali-FORWARD"});
  ND_MUST(ns, "iptables-legacy", {"-t", "nat", "-N", "cali-nat-outgoing"});
  ND_MUST(ns, "ip6tables-nft", {"-t", "nat", "-N", "KUBE-SERVICES"});
  ND_PROBE(ns, facts);
  // legacy: KUBE-IPTABLES-HINT, KUBE-KUBELET-CANARY, KUBE-SERVICES, KUBE-POSTROUTING,
  // KUBE-MARK-MASQ; cali-FORWARD, cali-from-wl-dispatch, cali-nat-outgoing; 4 + 1 rules.
  EXPECT_EQ(Known(facts, "node.iptables.legacy.kube_chains"), json(5));
  EXPECT_EQ(Known(facts, "node.iptables.legacy.calico_chains"), json(3));
  EXPECT_EQ(Known(facts, "node.iptables.legacy.rules"), json(5));
  EXPECT_EQ(Known(facts, "node.iptables.legacy.hint_chains"), json(true));
  // nft: the same kube chains plus ip6 nat KUBE-SERVICES; no Calico.
  EXPECT_EQ(Known(facts, "node.iptables.nft.kube_chains"), json(6));
  EXPECT_EQ(Known(facts, "node.iptables.nft.calico_chains"), json(0));
  EXPECT_EQ(Known(facts, "node.iptables.nft.rules"), json(4));
  EXPECT_EQ(Known(facts, "node.iptables.nft.hint_chains"), json(true));
  EXPECT_EQ(Known(facts, "node.iptables.masquerade_random_fully"), json(true));
  // As root in its own namespace the census is read from the kernel, not from the save tools
  // (native_census_test checks that both give the same census).
  EXPECT_EQ(facts["node.iptables.nft.rules"]["source"], "netlink NFT_MSG_GETRULE (ip, ip6)");
  EXPECT_EQ(facts["node.iptables.legacy.rules"]["source"], "getsockopt IPT_SO_GET_ENTRIES");

  // iptables -V as the host's alternatives have it.
  auto v = ns.Exec("iptables", {"-V"});
  ASSERT_TRUE(v.ok()) << v.err;
  const bool nft_default = v.out.find("(nf_tables)") != std::string::npos;
  EXPECT_EQ(Known(facts, "node.iptables.mode"), json(nft_default ? "nft" : "legacy"));
  std::string version = Known(facts, "node.iptables.version").get<std::string>();
  EXPECT_NE(v.out.find("v" + version + " "), std::string::npos) << v.out;
}

TEST(LiveIptables, EmptyTablesCountZero) {
  ND_NETNS(ns);
  ND_PROBE(ns, facts);
  // Nothing loaded in a new namespace: legacy-save prints nothing, nft-save only what exists.
  EXPECT_EQ(Known(facts, "node.iptables.legacy.rules"), json(0));
  EXPECT_EQ(Known(facts, "node.iptables.nft.rules"), json(0));
  EXPECT_EQ(Known(facts, "node.iptables.legacy.kube_chains"), json(0));
  EXPECT_EQ(Known(facts, "node.iptables.nft.hint_chains"), json(false));
  EXPECT_EQ(Known(facts, "node.iptables.masquerade_random_fully"), json(false));
  // Nothing legacy is loaded in a fresh namespace, so the legacy tool is not even started.
  EXPECT_EQ(facts["node.iptables.legacy.rules"]["source"],
            "/proc/net/ip_tables_names (no legacy table loaded) + /proc/net/ip6_tables_names (no "
            "legacy table loaded)");
}

TEST(LiveIptables, UnprivilegedSaveIsUnknownWithReason) {
  ND_NETNS(ns);
  if (FindTool("setpriv").empty()) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  // The probe as user nobody: netlink dumps still work, iptables-save does not.
  auto o =
      ns.Exec("setpriv", {"--reuid=65534", "--regid=65534", "--clear-groups", NETDOCTOR_PROBE});
  ASSERT_TRUE(o.ok()) << o.err;
  json facts = json::parse(o.out)["facts"];
  std::string why = UnknownReason(facts, "node.iptables.nft.rules");
  EXPECT_NE(why.find("failed"), std::string::npos) << why;
  EXPECT_NE(why.find("ermission denied"), std::string::npos) << why;
  EXPECT_EQ(Known(facts, "node.vxlan_calico.present"), json(false));
}

TEST(LiveIpvs, AvailabilityMatchesTheKernel) {
  ND_NETNS(ns);
  ND_PROBE(ns, facts);
  const bool has_ipvs = access("/proc/net/ip_vs", F_OK) == 0;
  EXPECT_EQ(Known(facts, "node.ipvs.available"), json(has_ipvs));
  if (!has_ipvs) {
    EXPECT_EQ(Known(facts, "node.ipvs.services"), json(0));
    GTEST_SKIP() << "this kernel has no ip_vs (no /proc/net/ip_vs, no module): only "
                    "available=false was checked; the services count is covered by "
                    "IpvsParse tests on /proc/net/ip_vs text";
  }
  if (FindTool("ipvsadm").empty()) GTEST_SKIP() << "ipvsadm not installed to add services";
  ND_MUST(ns, "ipvsadm", {"-A", "-t", "10.96.0.1:443", "-s", "rr"});
  ND_MUST(ns, "ipvsadm", {"-A", "-u", "10.96.0.10:53", "-s", "rr"});
  ND_PROBE(ns, after);
  EXPECT_EQ(Known(after, "node.ipvs.services"), json(2));
}

}  // namespace
}  // namespace netdoctor::testing

// SPDX-License-Identifier: Apache-2.0
#include "derive/derive.h"

#include <gtest/gtest.h>

#include "facts/keys.h"

namespace netdoctor::derive {
namespace {

using facts::Fact;
using facts::FactSet;
using facts::ObjectRef;
namespace keys = facts::keys;

FactSet Cluster(std::string mode, std::string kp) {
  FactSet c;
  c.Set(Fact::Known("cluster.kube_proxy.mode", std::move(mode), "t"));
  c.Set(Fact::Known("cluster.kube_proxy.version", std::move(kp), "t"));
  return c;
}

std::optional<std::int64_t> ReuseMode(const std::string& kp, const std::string& kernel) {
  FactSet node;
  node.Set(Fact::Known("node.kernel.release", kernel, "t"));
  DeriveConnReuseMode(node, Cluster("ipvs", kp));
  return node.GetInt("node.ipvs.conn_reuse_mode");
}

// UPSTREAM_FACTS §1 table, one row per kube-proxy era.
TEST(DeriveConnReuseMode, FollowsKubeProxyVersionAndKernelNumber) {
  EXPECT_EQ(ReuseMode("v1.12.10", "4.18.0-348.el8.x86_64"), 1);
  EXPECT_EQ(ReuseMode("v1.17.4", "3.10.0-1160.el7.x86_64"), 0);
  EXPECT_EQ(ReuseMode("v1.21.14", "3.10.0-1160.el7.x86_64"), 1);   // < 4.1: left alone since 1.19
  EXPECT_EQ(ReuseMode("v1.21.14", "4.18.0-348.el8.x86_64"), 0);
  EXPECT_EQ(ReuseMode("v1.21.8", "5.15.0-91-generic"), 0);         // before the 1.21.9 pick
  EXPECT_EQ(ReuseMode("v1.21.9", "5.15.0-91-generic"), 1);
  EXPECT_EQ(ReuseMode("v1.28.2", "5.15.0-91-generic"), 1);
  // A backported distro kernel still reports 4.19: kube-proxy sets 0 regardless.
  EXPECT_EQ(ReuseMode("v1.28.2", "4.19.90-52.39.v2207.ky10.x86_64"), 0);
}

TEST(DeriveConnReuseMode, MeasuredSysctlBeatsInference) {
  FactSet node;
  node.Set(Fact::Known("node.kernel.release", std::string("4.18.0-348.el8.x86_64"), "t"));
  node.Set(Fact::Known("node.sysctl.net.ipv4.vs.conn_reuse_mode", std::string("1"), "/proc/sys/net/ipv4/vs/conn_reuse_mode"));
  DeriveConnReuseMode(node, Cluster("ipvs", "v1.21.14"));
  const Fact* f = node.Get("node.ipvs.conn_reuse_mode");
  ASSERT_TRUE(f && f->known());
  EXPECT_EQ(std::get<std::int64_t>(*f->value), 1);
  EXPECT_EQ(f->origin, facts::Origin::kMeasured);
  EXPECT_EQ(f->source, "/proc/sys/net/ipv4/vs/conn_reuse_mode");
}

TEST(DeriveConnReuseMode, UnknownKernelGivesUnknownWithReason) {
  FactSet node;
  node.Set(Fact::Unknown("node.kernel.release", "no host access"));
  DeriveConnReuseMode(node, Cluster("ipvs", "v1.21.14"));
  const Fact* f = node.Get("node.ipvs.conn_reuse_mode");
  ASSERT_NE(f, nullptr);
  EXPECT_FALSE(f->known());
  EXPECT_NE(f->unknown_reason.find("no host access"), std::string::npos);
}

bool Broken(const std::string& calico, const std::string& kernel) {
  FactSet node, cluster;
  node.Set(Fact::Known("node.kernel.release", kernel, "t"));
  cluster.Set(Fact::Known("cluster.calico.version", calico, "t"));
  DeriveChecksumOffloadBroken(node, cluster);
  auto b = node.GetBool("node.calico.checksum_offload_broken");
  EXPECT_TRUE(b.has_value()) << calico << " " << kernel;
  return b.value_or(false);
}

// UPSTREAM_FACTS §5, including the 3.28.1 revert.
TEST(DeriveChecksumOffloadBroken, FollowsCalicoReleaseHistory) {
  EXPECT_FALSE(Broken("v3.19.1", "3.10.0-1160.el7.x86_64"));
  EXPECT_TRUE(Broken("v3.20.0", "3.10.0-1160.el7.x86_64"));
  EXPECT_FALSE(Broken("v3.20.0", "5.15.0-91-generic"));
  EXPECT_TRUE(Broken("v3.26.1", "5.15.0-91-generic"));
  EXPECT_FALSE(Broken("v3.28.0", "5.15.0-91-generic"));
  EXPECT_TRUE(Broken("v3.28.1", "5.15.0-91-generic"));
  EXPECT_FALSE(Broken("v3.28.2", "5.15.0-91-generic"));
  EXPECT_TRUE(Broken("v3.29.0", "5.7.0"));  // 5.7.0 itself counts as broken
}

TEST(DeriveChecksumOffloadBroken, OverrideWins) {
  FactSet node, cluster;
  node.Set(Fact::Known("node.kernel.release", std::string("3.10.0-1160.el7.x86_64"), "t"));
  cluster.Set(Fact::Known("cluster.calico.version", std::string("v3.26.1"), "t"));
  cluster.Set(Fact::Known("cluster.calico.feature_detect_override", std::string("SNATFullyRandom=true,ChecksumOffloadBroken=false"), "t"));
  DeriveChecksumOffloadBroken(node, cluster);
  EXPECT_EQ(node.GetBool("node.calico.checksum_offload_broken"), false);
}

TEST(DeriveFelixBackend, PreFixAutoCountsLegacyRules) {
  FactSet node, cluster;
  cluster.Set(Fact::Known("cluster.calico.version", std::string("v3.24.5"), "t"));
  node.Set(Fact::Known("node.iptables.legacy.rules", std::int64_t{12}, "t"));
  node.Set(Fact::Known("node.iptables.nft.rules", std::int64_t{300}, "t"));
  node.Set(Fact::Known("node.iptables.nft.hint_chains", true, "t"));
  node.Set(Fact::Known("node.iptables.legacy.hint_chains", false, "t"));
  DeriveFelixBackend(node, cluster);
  EXPECT_EQ(node.GetString("node.calico.felix_backend"), "legacy");
  // The hint-aware detection of 3.26.0 picks nft on the same node.
  FactSet node2 = node;
  FactSet cluster2;
  cluster2.Set(Fact::Known("cluster.calico.version", std::string("v3.26.0"), "t"));
  node2 = FactSet{};
  for (const auto& [k, f] : node.all()) {
    if (k != "node.calico.felix_backend") node2.Set(f);
  }
  DeriveFelixBackend(node2, cluster2);
  EXPECT_EQ(node2.GetString("node.calico.felix_backend"), "nft");
}

TEST(DeriveFelixBackend, ExplicitSettingWins) {
  FactSet node, cluster;
  cluster.Set(Fact::Known("cluster.calico.version", std::string("v3.15.1"), "t"));
  cluster.Set(Fact::Known("cluster.calico.iptables_backend", std::string("NFT"), "t"));
  DeriveFelixBackend(node, cluster);
  EXPECT_EQ(node.GetString("node.calico.felix_backend"), "nft");
}

FactSet CalicoCluster(const std::string& calico, const std::string& backend);

TEST(DeriveChainBackends, SaysWhereChainsLive) {
  FactSet node;
  node.Set(Fact::Known("node.iptables.legacy.kube_chains", std::int64_t{0}, "t"));
  node.Set(Fact::Known("node.iptables.nft.kube_chains", std::int64_t{14}, "t"));
  node.Set(Fact::Known("node.iptables.legacy.calico_chains", std::int64_t{40}, "t"));
  node.Set(Fact::Known("node.iptables.nft.calico_chains", std::int64_t{3}, "t"));
  // Measured counts win over anything the objects say.
  FactSet cluster = CalicoCluster("v3.24.5", "Legacy");
  DeriveChainBackends(node, cluster);
  EXPECT_EQ(node.GetString("node.iptables.kube_backend"), "nft");
  EXPECT_EQ(node.GetString("node.iptables.calico_backend"), "both");
  EXPECT_EQ(node.Get(keys::kNodeIptablesCalicoBackend)->source, "40 legacy / 3 nft chains");
}

// ---- back ends decided from objects (no host access): Node osImage / kernel, calico-node env,
// FelixConfiguration, kube-proxy image --------------------------------------------------------

// A Node as a cluster dump gives it: status.nodeInfo.osImage and kernelVersion, kubeletVersion.
FactSet DumpNode(const std::string& os_image, const std::string& kernel) {
  FactSet node;
  if (!os_image.empty()) node.Set(Fact::Known(keys::kNodeOsPrettyName, os_image, "Node status.nodeInfo.osImage"));
  node.Set(Fact::Known(keys::kNodeKernelRelease, kernel, "Node status.nodeInfo.kernelVersion"));
  node.Set(Fact::Known(keys::kNodeKubeletVersion, std::string("v1.27.4"), "Node status.nodeInfo.kubeletVersion"));
  for (const char* k : {keys::kNodeIptablesLegacyKubeChains, keys::kNodeIptablesNftKubeChains,
                        keys::kNodeIptablesLegacyCalicoChains, keys::kNodeIptablesNftCalicoChains}) {
    node.Set(Fact::Unknown(k, "no host access"));
  }
  return node;
}

// calico-node with FELIX_IPTABLESBACKEND (empty: not set anywhere), kube-proxy v1.27 in ipvs mode.
FactSet CalicoCluster(const std::string& calico, const std::string& backend) {
  FactSet c;
  c.Set(Fact::Known(keys::kClusterCalicoPresent, true, "kube-system/calico-node DaemonSet"));
  c.Set(Fact::Known(keys::kClusterCalicoVersion, calico, "calico-node image tag"));
  c.Set(Fact::Known(keys::kClusterCalicoIptablesBackend, backend, "calico-node env FELIX_IPTABLESBACKEND"));
  c.Set(Fact::Known(keys::kClusterKubeProxyPresent, true, "kube-system/kube-proxy DaemonSet"));
  c.Set(Fact::Known(keys::kClusterKubeProxyVersion, std::string("v1.27.4"), "kube-proxy image tag"));
  c.Set(Fact::Known(keys::kClusterKubeProxyMode, std::string("ipvs"), "kube-proxy ConfigMap"));
  return c;
}

struct Backends {
  std::optional<std::string> host, kube, calico;
};
Backends Decide(FactSet node, const FactSet& cluster) {
  DeriveHostIptablesMode(node);
  DeriveChainBackends(node, cluster);
  return {node.GetString(keys::kNodeIptablesMode), node.GetString(keys::kNodeIptablesKubeBackend),
          node.GetString(keys::kNodeIptablesCalicoBackend)};
}

TEST(DeriveChainBackends, ExplicitLegacyOnAnEl8NodeIsDecidedFromObjects) {
  FactSet node = DumpNode("Rocky Linux 8.9 (Green Obsidian)", "4.18.0-513.5.1.el8_9.x86_64");
  DeriveHostIptablesMode(node);
  const Fact* mode = node.Get(keys::kNodeIptablesMode);
  ASSERT_TRUE(mode && mode->known());
  EXPECT_EQ(mode->origin, facts::Origin::kInferred);
  EXPECT_NE(mode->source.find("Considerations in adopting RHEL 8"), std::string::npos) << mode->source;
  EXPECT_EQ(mode->derived_from, std::vector<std::string>{keys::kNodeOsPrettyName});
  DeriveChainBackends(node, CalicoCluster("v3.24.5", "Legacy"));
  EXPECT_EQ(node.GetString(keys::kNodeIptablesKubeBackend), "nft");
  EXPECT_EQ(node.GetString(keys::kNodeIptablesCalicoBackend), "legacy");
  const Fact* cb = node.Get(keys::kNodeIptablesCalicoBackend);
  EXPECT_NE(cb->source.find("calico-node env FELIX_IPTABLESBACKEND"), std::string::npos) << cb->source;
  // RHEL 9 and CentOS Stream 9 the same.
  EXPECT_EQ(Decide(DumpNode("Red Hat Enterprise Linux 9.2 (Plow)", "5.14.0-284.11.1.el9_2.x86_64"),
                   CalicoCluster("v3.24.5", "Legacy")).kube, "nft");
}

TEST(DeriveChainBackends, ExplicitNftOnAnEl7NodeIsDecidedFromObjects) {
  Backends b = Decide(DumpNode("CentOS Linux 7 (Core)", "3.10.0-1160.119.1.el7.x86_64"),
                      CalicoCluster("v3.22.5", "NFT"));
  EXPECT_EQ(b.host, "legacy");
  EXPECT_EQ(b.kube, "legacy");
  EXPECT_EQ(b.calico, "nft");
  // The kernel's el7 tag alone (no osImage) says the same.
  EXPECT_EQ(Decide(DumpNode("", "3.10.0-1160.el7.x86_64"), CalicoCluster("v3.22.5", "NFT")).host, "legacy");
}

TEST(DeriveChainBackends, AutoFollowsThePlannerRules) {
  const FactSet el8 = DumpNode("CentOS Stream 8", "4.18.0-500.el8.x86_64");
  // Hint-chain Auto (3.26.0, 3.25.2) follows the host: nft on EL8.
  EXPECT_EQ(Decide(el8, CalicoCluster("v3.26.1", "Auto")).calico, "nft");
  EXPECT_EQ(Decide(el8, CalicoCluster("v3.25.2", "")).calico, "nft");
  // Counting Auto on an nft host depends on runtime state: left unknown.
  EXPECT_EQ(Decide(el8, CalicoCluster("v3.24.5", "Auto")).calico, std::nullopt);
  EXPECT_EQ(Decide(el8, CalicoCluster("v3.25.1", "")).calico, std::nullopt);
  // Counting Auto on a legacy-only host picks legacy; before 3.18 the default is Legacy.
  const FactSet el7 = DumpNode("CentOS Linux 7 (Core)", "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(Decide(el7, CalicoCluster("v3.24.5", "Auto")).calico, "legacy");
  EXPECT_EQ(Decide(el8, CalicoCluster("v3.17.1", "")).calico, "legacy");
}

TEST(DeriveChainBackends, SwitchableDistroDefaultsAndUnreadSettingsDecideNothing) {
  // Debian and Ubuntu default to nft but the administrator may have switched to legacy.
  Backends deb = Decide(DumpNode("Debian GNU/Linux 12 (bookworm)", "6.1.0-13-amd64"),
                        CalicoCluster("v3.24.5", "Legacy"));
  EXPECT_EQ(deb.host, std::nullopt);
  EXPECT_EQ(deb.kube, std::nullopt);
  EXPECT_EQ(deb.calico, "legacy");  // the explicit setting still says where Felix writes
  // FELIX_IPTABLESBACKEND comes from a ConfigMap that was not resolved: no version default.
  FactSet cl = CalicoCluster("v3.17.1", "");
  FactSet unread;
  for (const auto& [k, f] : cl.all()) {
    if (k != keys::kClusterCalicoIptablesBackend) unread.Set(f);
  }
  unread.Set(Fact::Unknown(keys::kClusterCalicoIptablesBackend, "env comes from ConfigMap calico-config"));
  FactSet node = DumpNode("CentOS Stream 8", "4.18.0-500.el8.x86_64");
  DeriveHostIptablesMode(node);
  DeriveChainBackends(node, unread);
  const Fact* cb = node.Get(keys::kNodeIptablesCalicoBackend);
  ASSERT_NE(cb, nullptr);
  EXPECT_FALSE(cb->known());
  EXPECT_EQ(cb->derived_from, std::vector<std::string>{keys::kNodeIptablesLegacyCalicoChains});
}

TEST(DeriveChainBackends, PerNodeFelixConfigurationBeatsTheClusterSetting) {
  FactSet node = DumpNode("Rocky Linux 8.9 (Green Obsidian)", "4.18.0-513.5.1.el8_9.x86_64");
  node.Set(Fact::Known(keys::kNodeCalicoIptablesBackend, std::string("NFT"),
                       "FelixConfiguration node.w1 spec.iptablesBackend"));
  Backends b = Decide(node, CalicoCluster("v3.24.5", "Legacy"));
  EXPECT_EQ(b.calico, "nft");
  EXPECT_EQ(b.kube, "nft");
}

TEST(DeriveRandomFully, InferredFromVersionsWhenRulesUnread) {
  FactSet node, cluster;
  node.Set(Fact::Known("node.iptables.version", std::string("1.8.4"), "t"));
  node.Set(Fact::Known("node.kernel.release", std::string("4.18.0-348.el8.x86_64"), "t"));
  cluster.Set(Fact::Known("cluster.kube_proxy.version", std::string("v1.21.14"), "t"));
  DeriveRandomFully(node, cluster);
  EXPECT_EQ(node.GetBool("node.iptables.random_fully"), true);
  EXPECT_EQ(node.Get("node.iptables.random_fully")->origin, facts::Origin::kInferred);

  FactSet old;
  old.Set(Fact::Known("node.iptables.version", std::string("1.4.21"), "t"));
  DeriveRandomFully(old, cluster);
  EXPECT_EQ(old.GetBool("node.iptables.random_fully"), false);
}

TEST(DeriveMissingPodRoutes, ListsPodsWithoutCaliRoute) {
  FactSet node, cluster;
  cluster.Set(Fact::Known("cluster.calico.present", true, "t"));
  node.Set(Fact::Known("node.pods", std::vector<ObjectRef>{{"Pod", "default", "web-1", "", "n1", "10.244.1.5"},
                                                           {"Pod", "default", "web-2", "", "n1", "10.244.1.6"}}, "t"));
  node.Set(Fact::Known("node.routes", std::vector<std::string>{"dst=10.244.1.5/32 dev=cali1a2b3c table=main proto=boot"}, "t"));
  DeriveMissingPodRoutes(node, cluster);
  const Fact* f = node.Get("node.routes.missing_pod_routes");
  ASSERT_TRUE(f && f->known());
  const auto& l = std::get<std::vector<ObjectRef>>(*f->value);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].name, "web-2");
}

TEST(DerivePodsOutsideCidr, FindsDockerBridgeAddresses) {
  FactSet node, cluster;
  node.Set(Fact::Known("node.pod_cidrs", std::vector<std::string>{"10.244.1.0/24"}, "t"));
  node.Set(Fact::Known("node.pods", std::vector<ObjectRef>{{"Pod", "default", "dns-test", "", "n1", "172.17.0.2"},
                                                           {"Pod", "default", "ok", "", "n1", "10.244.1.9"}}, "t"));
  DerivePodsOutsideCidr(node, cluster);
  const auto& l = std::get<std::vector<ObjectRef>>(*node.Get("node.pods.outside_pod_cidr")->value);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].name, "dns-test");
}

TEST(DeriveStuckTerminating, AppliesTheAgeThreshold) {
  FactSet cluster;
  cluster.Set(Fact::Known("cluster.objects.terminating",
                          std::vector<ObjectRef>{{"Namespace", "", "old", "deletionTimestamp=2025-12-31T20:00:00Z spec.finalizers=[kubernetes]", "", ""},
                                                 {"Namespace", "", "new", "deletionTimestamp=2025-12-31T23:50:00Z spec.finalizers=[kubernetes]", "", ""}},
                          "t"));
  DeriveOptions opts{std::chrono::system_clock::from_time_t(1767225600), std::chrono::minutes(30)};
  DeriveStuckTerminating(cluster, opts);
  const auto& l = std::get<std::vector<ObjectRef>>(*cluster.Get("cluster.objects.stuck_terminating")->value);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].name, "old");
  EXPECT_NE(l[0].detail.find("4h00m"), std::string::npos);
}

TEST(DeriveCniBinDirMismatch, PluginsOutsideContainerdDirs) {
  FactSet node;
  node.Set(Fact::Known("node.container_runtime.name", std::string("containerd"), "t"));
  node.Set(Fact::Known("node.containerd.cni_bin_dirs", std::vector<std::string>{"/usr/libexec/cni"}, "t"));
  node.Set(Fact::Known("node.cni.plugin_dirs", std::vector<std::string>{"/opt/cni/bin"}, "t"));
  DeriveCniBinDirMismatch(node);
  EXPECT_EQ(node.GetBool("node.cni.bin_dir_mismatch"), true);
}

TEST(DeriveNodeIpDevice, ParentThatLostTheNodeAddress) {
  FactSet node;
  node.Set(Fact::Known("node.internal_ip", std::string("10.0.0.11"), "t"));
  node.Set(Fact::Known("node.addresses", std::vector<ObjectRef>{{"Interface", "", "bond0", "", "", "10.0.0.11/24"},
                                                                {"Interface", "", "eth0", "", "", "192.168.5.2/24"}}, "t"));
  node.Set(Fact::Known("node.vxlan_calico.present", true, "t"));
  node.Set(Fact::Known("node.vxlan_calico.parent", std::string("eth0"), "t"));
  DeriveNodeIpDevice(node);
  EXPECT_EQ(node.GetString("node.node_ip_device"), "bond0");
  EXPECT_EQ(node.GetBool("node.vxlan_calico.parent_holds_node_ip"), false);
}

}  // namespace
}  // namespace netdoctor::derive

namespace netdoctor::derive {
namespace {

TEST(DeriveRandomFully, VendorKernelBelow314IsUnknownNotFalse) {
  FactSet node, cluster;
  node.Set(Fact::Known("node.iptables.version", std::string("1.4.21"), "t"));
  node.Set(Fact::Known("node.kernel.release", std::string("3.10.0-1160.el7.x86_64"), "t"));
  cluster.Set(Fact::Known("cluster.kube_proxy.version", std::string("v1.27.6"), "t"));
  DeriveRandomFully(node, cluster);
  EXPECT_EQ(node.GetBool("node.iptables.random_fully"), false) << "iptables 1.4.21 decides it";
  FactSet node2;
  node2.Set(Fact::Known("node.iptables.version", std::string("1.8.4"), "t"));
  node2.Set(Fact::Known("node.kernel.release", std::string("3.10.0-1160.el7.x86_64"), "t"));
  DeriveRandomFully(node2, cluster);
  const Fact* f = node2.Get("node.iptables.random_fully");
  ASSERT_NE(f, nullptr);
  EXPECT_FALSE(f->known());
  EXPECT_NE(f->unknown_reason.find("backport"), std::string::npos);
}

TEST(DeriveCalicoOffParentRoutes, FlagsFelixRoutesOnAnotherDevice) {
  FactSet node, cluster;
  cluster.Set(Fact::Known("cluster.calico.present", true, "t"));
  node.Set(Fact::Known("node.node_ip_device", std::string("bond0"), "t"));
  node.Set(Fact::Known("node.routes", std::vector<std::string>{
      "dst=10.244.12.0/26 dev=eth0 table=main proto=80",
      "dst=10.244.13.0/26 dev=vxlan.calico table=main proto=80",
      "dst=10.244.1.5/32 dev=cali1a2b table=main proto=boot",
      "dst=10.244.14.0/26 dev=bond0 table=main proto=80",
      "dst=10.20.0.0/24 dev=eth0 table=main proto=kernel"}, "netlink"));
  DeriveCalicoOffParentRoutes(node, cluster);
  const auto& l = std::get<std::vector<ObjectRef>>(*node.Get("node.routes.calico_off_parent")->value);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].name, "10.244.12.0/26");
}

TEST(DeriveNodeIpDevice, CalicoSourceAddressDecidesTheParentCheck) {
  FactSet node;
  node.Set(Fact::Known("node.internal_ip", std::string("192.168.5.2"), "t"));
  node.Set(Fact::Known("node.addresses", std::vector<ObjectRef>{{"Interface", "", "bond0", "", "", "10.0.0.11/24"},
                                                                {"Interface", "", "eth0", "", "", "192.168.5.2/24"}}, "t"));
  node.Set(Fact::Known("node.vxlan_calico.present", true, "t"));
  node.Set(Fact::Known("node.vxlan_calico.local_ip", std::string("10.0.0.11"), "t"));
  node.Set(Fact::Known("node.vxlan_calico.parent", std::string("bond0"), "t"));
  DeriveNodeIpDevice(node);
  EXPECT_EQ(node.GetBool("node.vxlan_calico.parent_holds_node_ip"), true);
}

// A host-only run: the node's kube-proxy gives the cluster's mode (inferred), which the kube-proxy
// entries read; nodes that disagree leave it unknown; a ConfigMap's value is never replaced.
TEST(DeriveKubeProxyModeFromNodes, AgreeingNodesGiveTheClusterMode) {
  facts::Snapshot snap;
  snap.nodes["a"].Set(facts::Fact::Known(keys::kNodeKubeProxyMode, std::string("ipvs"), "cfg"));
  snap.nodes["b"].Set(facts::Fact::Known(keys::kNodeKubeProxyMode, std::string("ipvs"), "cfg"));
  snap.nodes["c"].Set(facts::Fact::Unknown(keys::kNodeKubeProxyMode, "no kube-proxy"));
  DeriveKubeProxyModeFromNodes(snap);
  const facts::Fact* f = snap.cluster.Get(keys::kClusterKubeProxyMode);
  ASSERT_NE(f, nullptr);
  ASSERT_TRUE(f->known());
  EXPECT_EQ(facts::ValueToString(*f->value), "ipvs");
  EXPECT_EQ(f->origin, facts::Origin::kInferred);
  EXPECT_EQ(f->source, "kube-proxy on node a and 1 more");

  snap.nodes["c"].Set(facts::Fact::Known(keys::kNodeKubeProxyMode, std::string("iptables"), "x"));
  facts::Snapshot disagree;
  disagree.nodes = snap.nodes;
  DeriveKubeProxyModeFromNodes(disagree);
  EXPECT_EQ(disagree.cluster.Get(keys::kClusterKubeProxyMode), nullptr);

  facts::Snapshot configmap;
  configmap.nodes = snap.nodes;
  configmap.cluster.Set(
      facts::Fact::Known(keys::kClusterKubeProxyMode, std::string("iptables"), "ConfigMap"));
  DeriveKubeProxyModeFromNodes(configmap);
  EXPECT_EQ(configmap.cluster.Get(keys::kClusterKubeProxyMode)->source, "ConfigMap");
}

}  // namespace
}  // namespace netdoctor::derive

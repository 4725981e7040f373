// SPDX-License-Identifier: Apache-2.0
// ObjectMapper: every fact it produces, from the realistic fixtures of tests/fixtures/kubectl
// (see its README for where each shape comes from) and from small objects cut from them.
#include "collect/offline/object_mapper.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "collect/offline/dump_reader.h"
#include "facts/catalog.h"
#include "unit/collect/offline/test_util.h"

namespace netdoctor::collect::offline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Fixture;
using testing::Get;
using testing::RefNames;
using testing::Refs;
using testing::Strings;
using facts::Origin;

// The whole fixture cluster: nodes, kube-system, workloads, a terminating Namespace, Calico CRs
// and a Spiderpool install.
const facts::Snapshot& FullCluster() {
  static const facts::Snapshot snap = [] {
    auto s = ReadDumps({Fixture("nodes.json"), Fixture("kube-system.json"),
                        Fixture("workloads.json"), Fixture("namespace-terminating.json"),
                        Fixture("calico-crds.yaml"), Fixture("spiderpool.yaml")});
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().ToString());
    return s ? *s : facts::Snapshot{};
  }();
  return snap;
}

std::string Str(const facts::Fact& f) {
  if (!f.known()) return "<unknown: " + f.unknown_reason + ">";
  if (auto* s = std::get_if<std::string>(&*f.value)) return *s;
  return "<not a string>";
}
std::optional<bool> Bool(const facts::Fact& f) {
  if (!f.known()) return std::nullopt;
  if (auto* b = std::get_if<bool>(&*f.value)) return *b;
  return std::nullopt;
}
std::optional<std::int64_t> Int(const facts::Fact& f) {
  if (!f.known()) return std::nullopt;
  if (auto* i = std::get_if<std::int64_t>(&*f.value)) return *i;
  return std::nullopt;
}

// Maps objects given as JSON texts.
facts::Snapshot MapJson(const std::vector<std::string>& objects,
                        const std::vector<std::string>& empty_lists = {}) {
  ObjectMapper m;
  int i = 0;
  for (const auto& json : objects) {
    auto s = m.AddJson(json, "object " + std::to_string(i++));
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
  }
  for (const auto& l : empty_lists) m.NoteListKind(l);
  return m.Finish();
}

// ---- nodes ------------------------------------------------------------------------------------

TEST(ObjectMapper, NodeFactsFromNodeStatus) {
  const auto& snap = FullCluster();
  ASSERT_TRUE(snap.nodes.count("k8s-worker-centos"));
  const auto& n = snap.nodes.at("k8s-worker-centos");
  EXPECT_EQ(Str(Get(n, "node.name")), "k8s-worker-centos");
  EXPECT_EQ(Str(Get(n, "node.kernel.release")), "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(Get(n, "node.kernel.release").source,
            "Node k8s-worker-centos status.nodeInfo.kernelVersion");
  EXPECT_EQ(Str(Get(n, "node.os.pretty_name")), "CentOS Linux 7 (Core)");
  EXPECT_EQ(Str(Get(n, "node.kubelet.version")), "v1.27.6");
  EXPECT_EQ(Str(Get(n, "node.container_runtime.name")), "containerd");
  EXPECT_EQ(Str(Get(n, "node.container_runtime.version")), "1.6.21");
  EXPECT_EQ(Str(Get(n, "node.internal_ip")), "192.168.10.21");
  EXPECT_THAT(Strings(Get(n, "node.pod_cidrs")), ElementsAre("10.244.1.0/24"));
  EXPECT_EQ(Get(n, "node.pod_cidrs").source, "Node k8s-worker-centos spec.podCIDRs");
}

TEST(ObjectMapper, NodeFactsForEveryDistroInTheFixture) {
  const auto& snap = FullCluster();
  EXPECT_EQ(Int(Get(snap.cluster, "cluster.nodes")), 4);
  EXPECT_EQ(Str(Get(snap.nodes.at("k8s-master-1"), "node.os.pretty_name")),
            "Rocky Linux 8.8 (Green Obsidian)");
  EXPECT_EQ(Str(Get(snap.nodes.at("k8s-master-1"), "node.kernel.release")),
            "4.18.0-477.10.1.el8_8.x86_64");
  const auto& euler = snap.nodes.at("k8s-worker-euler");
  EXPECT_EQ(Str(Get(euler, "node.kernel.release")), "4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64");
  EXPECT_EQ(Str(Get(euler, "node.os.pretty_name")), "EulerOS 2.0 (SP9x86_64)");
  EXPECT_EQ(Str(Get(euler, "node.container_runtime.name")), "docker");
  EXPECT_EQ(Str(Get(euler, "node.container_runtime.version")), "20.10.24");
  EXPECT_EQ(Str(Get(euler, "node.kubelet.version")), "v1.26.9");
  const auto& ubuntu = snap.nodes.at("k8s-worker-ubuntu");
  EXPECT_EQ(Str(Get(ubuntu, "node.kernel.release")), "5.15.0-91-generic");
  EXPECT_EQ(Str(Get(ubuntu, "node.os.pretty_name")), "Ubuntu 22.04.3 LTS");
  EXPECT_EQ(Str(Get(ubuntu, "node.container_runtime.version")), "1.7.2");
}

TEST(ObjectMapper, NodePodsListNonHostNetworkPodsWithTheirIp) {
  const auto& snap = FullCluster();
  const auto& ubuntu = Get(snap.nodes.at("k8s-worker-ubuntu"), "node.pods");
  // node-exporter and log-agent are hostNetwork; big-job is Pending without a node.
  EXPECT_THAT(RefNames(ubuntu), ElementsAre("Pod default/cart-5c7d9f8b6-m4n8v",
                                            "Pod default/report-28471230-8xk2z",
                                            "Pod default/web-1",
                                            "Pod kube-system/coredns-5d78c9869d-t7wq4"));
  auto refs = Refs(ubuntu);
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[2].address, "10.244.3.14");
  EXPECT_EQ(refs[2].node, "k8s-worker-ubuntu");
  // The control plane's apiserver is hostNetwork; only calico-kube-controllers has a Pod IP.
  EXPECT_THAT(RefNames(Get(snap.nodes.at("k8s-master-1"), "node.pods")),
              ElementsAre("Pod kube-system/calico-kube-controllers-7ddc4f45bc-9xk2p"));
  // kube-proxy-8xk2p (hostNetwork) is not listed on its node.
  EXPECT_THAT(RefNames(Get(snap.nodes.at("k8s-worker-centos"), "node.pods")),
              ElementsAre("Pod default/web-0"));
}

TEST(ObjectMapper, RuntimeVersionWithoutSchemeIsUnknownWithReason) {
  auto snap = MapJson({R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},
      "status":{"nodeInfo":{"containerRuntimeVersion":"1.6.21","kernelVersion":"5.15.0-91-generic"}}})"});
  const auto& n = snap.nodes.at("n1");
  EXPECT_FALSE(Get(n, "node.container_runtime.name").known());
  EXPECT_THAT(Get(n, "node.container_runtime.name").unknown_reason,
              HasSubstr("'1.6.21' is not <runtime>://<version>"));
  EXPECT_FALSE(Get(n, "node.os.pretty_name").known());
  EXPECT_THAT(Get(n, "node.os.pretty_name").unknown_reason,
              HasSubstr("Node n1 has no status.nodeInfo.osImage"));
  EXPECT_FALSE(Get(n, "node.internal_ip").known());
  // No podCIDR at all is a measured empty list (the controller-manager allocates none).
  EXPECT_TRUE(Get(n, "node.pod_cidrs").known());
  EXPECT_THAT(Strings(Get(n, "node.pod_cidrs")), IsEmpty());
  // Pods were never listed: node.pods is unknown, not empty.
  EXPECT_FALSE(Get(n, "node.pods").known());
  EXPECT_EQ(Get(n, "node.pods").unknown_reason, "no Pods in the dump");
}

TEST(ObjectMapper, LegacyPodCidrFieldIsUsedWhenPodCidrsIsAbsent) {
  auto snap = MapJson({R"({"kind":"Node","apiVersion":"v1","metadata":{"name":"old"},
      "spec":{"podCIDR":"10.244.7.0/24"}})"});
  EXPECT_THAT(Strings(Get(snap.nodes.at("old"), "node.pod_cidrs")), ElementsAre("10.244.7.0/24"));
  EXPECT_EQ(Get(snap.nodes.at("old"), "node.pod_cidrs").source, "Node old spec.podCIDR");
}

TEST(ObjectMapper, NodeNamedOnlyByPodsGetsUnknownNodeFacts) {
  auto snap = MapJson(
      {R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"a"},
          "spec":{"nodeName":"ghost"},"status":{"phase":"Running","podIP":"10.0.0.5"}})"},
      {"NodeList"});
  const auto& n = snap.nodes.at("ghost");
  EXPECT_EQ(Str(Get(n, "node.name")), "ghost");
  EXPECT_FALSE(Get(n, "node.kernel.release").known());
  EXPECT_THAT(Get(n, "node.kernel.release").unknown_reason, HasSubstr("no Node ghost"));
  EXPECT_THAT(RefNames(Get(n, "node.pods")), ElementsAre("Pod a/p"));
  EXPECT_EQ(Int(Get(snap.cluster, "cluster.nodes")), 0);
}

// ---- Pods -------------------------------------------------------------------------------------

TEST(ObjectMapper, IpConflictsAreRunningNonHostNetworkPodsSharingAnIp) {
  const auto& snap = FullCluster();
  const auto& f = Get(snap.cluster, "cluster.pods.ip_conflicts");
  // report-… (Succeeded) shares 10.244.3.9 with cart-…; the two hostNetwork Pods share the node
  // IP: neither is a conflict.
  EXPECT_THAT(RefNames(f), ElementsAre("Pod batch/legacy-batch-7f8b9c6d5-qwert",
                                       "Pod default/payments-api-6d4cf56db6-x2kqp"));
  auto refs = Refs(f);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].detail, "10.244.2.7 is the IP of 2 Running Pods: batch/legacy-batch-7f8b9c6d5-qwert, default/payments-api-6d4cf56db6-x2kqp");
  EXPECT_EQ(refs[1].detail, refs[0].detail) << "one detail per group";
  EXPECT_EQ(refs[0].address, "10.244.2.7");
  EXPECT_EQ(refs[0].node, "k8s-worker-euler");
}

TEST(ObjectMapper, SamePodReadTwiceIsNotAConflictWithItself) {
  const std::string pod = R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"a"},
      "spec":{"nodeName":"n"},"status":{"phase":"Running","podIP":"10.0.0.5"}})";
  auto snap = MapJson({pod, pod});
  EXPECT_THAT(Refs(Get(snap.cluster, "cluster.pods.ip_conflicts")), IsEmpty());
  EXPECT_THAT(RefNames(Get(snap.nodes.at("n"), "node.pods")), ElementsAre("Pod a/p"));
}

TEST(ObjectMapper, EmptyPodListMakesPodFactsKnownAndEmpty) {
  auto snap = MapJson({}, {"PodList"});
  EXPECT_TRUE(Get(snap.cluster, "cluster.pods.ip_conflicts").known());
  EXPECT_THAT(Refs(Get(snap.cluster, "cluster.pods.ip_conflicts")), IsEmpty());
  EXPECT_FALSE(Get(snap.cluster, "cluster.calico.kube_controllers.restarts").known());
  EXPECT_THAT(Get(snap.cluster, "cluster.calico.kube_controllers.restarts").unknown_reason,
              HasSubstr("no calico-kube-controllers Pod"));
}

TEST(ObjectMapper, KubeControllersRestartsAndOomKilled) {
  const auto& snap = FullCluster();
  EXPECT_EQ(Int(Get(snap.cluster, "cluster.calico.kube_controllers.restarts")), 7);
  EXPECT_EQ(Bool(Get(snap.cluster, "cluster.calico.kube_controllers.oom_killed")), true);
  EXPECT_THAT(Get(snap.cluster, "cluster.calico.kube_controllers.oom_killed").source,
              HasSubstr("kube-system/calico-kube-controllers-7ddc4f45bc-9xk2p container "
                        "calico-kube-controllers terminated OOMKilled"));
}

// ---- Kubernetes version -----------------------------------------------------------------------

TEST(ObjectMapper, KubernetesVersionFromApiServerPodImage) {
  const auto& f = Get(FullCluster().cluster, "cluster.kubernetes.version");
  EXPECT_EQ(Str(f), "v1.27.6");
  EXPECT_EQ(f.origin, Origin::kMeasured);
  EXPECT_THAT(f.source, HasSubstr("kube-system/kube-apiserver-k8s-master-1 Pod container "
                                  "kube-apiserver image"));
}

TEST(ObjectMapper, KubernetesVersionFallsBackToNewestKubeletAsInferred) {
  auto nodes = ReadDumps({Fixture("nodes.json")});
  ASSERT_TRUE(nodes) << nodes.error().ToString();
  const auto& f = Get(nodes->cluster, "cluster.kubernetes.version");
  EXPECT_EQ(Str(f), "v1.27.6");  // not the EulerOS node's v1.26.9
  EXPECT_EQ(f.origin, Origin::kInferred);
  EXPECT_THAT(f.source, HasSubstr("newest status.nodeInfo.kubeletVersion"));
}

// ---- kube-proxy -------------------------------------------------------------------------------

TEST(ObjectMapper, KubeProxyFromDaemonSetAndConfigMap) {
  const auto& c = FullCluster().cluster;
  EXPECT_EQ(Bool(Get(c, "cluster.kube_proxy.present")), true);
  EXPECT_EQ(Get(c, "cluster.kube_proxy.present").source, "kube-system/kube-proxy DaemonSet");
  EXPECT_EQ(Str(Get(c, "cluster.kube_proxy.image")), "registry.k8s.io/kube-proxy:v1.27.6");
  EXPECT_EQ(Str(Get(c, "cluster.kube_proxy.version")), "v1.27.6");
  EXPECT_EQ(Get(c, "cluster.kube_proxy.version").source,
            "kube-system/kube-proxy DaemonSet container kube-proxy image tag");
  EXPECT_EQ(Str(Get(c, "cluster.kube_proxy.mode")), "ipvs");
  EXPECT_EQ(Get(c, "cluster.kube_proxy.mode").origin, Origin::kMeasured);
  EXPECT_EQ(Get(c, "cluster.kube_proxy.mode").source,
            "kube-system/kube-proxy ConfigMap data[config.conf].mode");
  EXPECT_TRUE(Get(c, "cluster.kube_proxy.node_port_addresses").known());
  EXPECT_THAT(Strings(Get(c, "cluster.kube_proxy.node_port_addresses")), IsEmpty());
  EXPECT_EQ(Str(Get(c, "cluster.kube_proxy.cluster_cidr")), "10.244.0.0/16");
}

std::string KubeProxyConfigMap(const std::string& config) {
  std::string escaped;
  for (char ch : config) {
    if (ch == '\n') {
      escaped += "\\n";
    } else if (ch == '"') {
      escaped += "\\\"";
    } else {
      escaped += ch;
    }
  }
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kube-proxy","namespace":"kube-system"},
      "data":{"config.conf":")" + escaped + R"(","kubeconfig.conf":"apiVersion: v1\nkind: Config\n"}})";
}

TEST(ObjectMapper, EmptyProxyModeMeansIptablesAndIsInferred) {
  auto snap = MapJson({KubeProxyConfigMap(
      "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: \"\"\n"
      "clusterCIDR: 10.244.0.0/16,fd00:10:244::/56\nnodePortAddresses:\n- 192.168.10.0/24\n")});
  const auto& mode = Get(snap.cluster, "cluster.kube_proxy.mode");
  EXPECT_EQ(Str(mode), "iptables");
  EXPECT_EQ(mode.origin, Origin::kInferred);
  EXPECT_THAT(mode.source, HasSubstr("empty: the default on Linux is iptables"));
  EXPECT_THAT(Strings(Get(snap.cluster, "cluster.kube_proxy.node_port_addresses")),
              ElementsAre("192.168.10.0/24"));
  EXPECT_THAT(Strings(Get(snap.cluster, "cluster.pod_cidrs")),
              ElementsAre("10.244.0.0/16", "fd00:10:244::/56"));
}

TEST(ObjectMapper, BrokenKubeProxyConfigMakesItsFactsUnknownWithTheYamlError) {
  auto snap = MapJson({KubeProxyConfigMap("mode: [ipvs\n")});
  const auto& mode = Get(snap.cluster, "cluster.kube_proxy.mode");
  EXPECT_FALSE(mode.known());
  EXPECT_THAT(mode.unknown_reason,
              HasSubstr("kube-system/kube-proxy ConfigMap data[config.conf]: "
                        "KubeProxyConfiguration: line"));
}

TEST(ObjectMapper, KubeProxyConfigUnderAnotherInstallerName) {
  auto snap = MapJson({R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"kube-proxy-config","namespace":"kube-system"},
      "data":{"kube-proxy-config.yaml":"apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n"}})"});
  EXPECT_EQ(Str(Get(snap.cluster, "cluster.kube_proxy.mode")), "ipvs");
  EXPECT_EQ(Get(snap.cluster, "cluster.kube_proxy.mode").source,
            "kube-system/kube-proxy-config ConfigMap data[kube-proxy-config.yaml].mode");
}

TEST(ObjectMapper, PodCidrsCombineKubeProxyKubeadmAndEnabledIpPools) {
  const auto& f = Get(FullCluster().cluster, "cluster.pod_cidrs");
  // retired-pool (10.250.0.0/16) is disabled.
  EXPECT_THAT(Strings(f), ElementsAre("10.244.0.0/16"));
  EXPECT_THAT(f.source, HasSubstr("kubeadm-config ConfigMap data[ClusterConfiguration]"
                                  ".networking.podSubnet"));
  EXPECT_THAT(f.source, HasSubstr("Calico IPPool spec.cidr"));
}

TEST(ObjectMapper, PresenceIsUnknownWithoutDaemonSetsAndFalseWithOthers) {
  auto none = MapJson({});
  EXPECT_FALSE(Get(none.cluster, "cluster.kube_proxy.present").known());
  EXPECT_EQ(Get(none.cluster, "cluster.kube_proxy.present").unknown_reason,
            "no DaemonSets in the dump");
  EXPECT_FALSE(Get(none.cluster, "cluster.calico.present").known());

  auto other = MapJson({R"({"apiVersion":"apps/v1","kind":"DaemonSet",
      "metadata":{"name":"node-exporter","namespace":"monitoring"},
      "spec":{"template":{"spec":{"containers":[{"name":"e","image":"quay.io/prometheus/node-exporter:v1.7.0"}]}}}})"});
  EXPECT_EQ(Bool(Get(other.cluster, "cluster.kube_proxy.present")), false);
  EXPECT_EQ(Bool(Get(other.cluster, "cluster.calico.present")), false);
  EXPECT_EQ(Bool(Get(other.cluster, "cluster.spiderpool.present")), false);
  EXPECT_FALSE(Get(other.cluster, "cluster.calico.version").known());
  EXPECT_THAT(Get(other.cluster, "cluster.calico.version").unknown_reason,
              HasSubstr("no calico-node DaemonSet in the dump"));

  auto empty_list = MapJson({}, {"DaemonSetList"});
  EXPECT_EQ(Bool(Get(empty_list.cluster, "cluster.calico.present")), false);
}

TEST(ObjectMapper, KubeProxyVersionFromStaticPodWhenThereIsNoDaemonSet) {
  auto snap = MapJson({R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"kube-proxy-node-a","namespace":"kube-system","labels":{"component":"kube-proxy"}},
      "spec":{"hostNetwork":true,"nodeName":"node-a","containers":[{"name":"kube-proxy","image":"k8s.gcr.io/kube-proxy:v1.21.14"}]},
      "status":{"phase":"Running","podIP":"192.168.1.5"}})"},
                      {"DaemonSetList"});
  EXPECT_EQ(Bool(Get(snap.cluster, "cluster.kube_proxy.present")), false);
  EXPECT_EQ(Str(Get(snap.cluster, "cluster.kube_proxy.version")), "v1.21.14");
  EXPECT_THAT(Get(snap.cluster, "cluster.kube_proxy.version").source,
              HasSubstr("kube-system/kube-proxy-node-a Pod container kube-proxy image"));
}

// ---- Calico -----------------------------------------------------------------------------------

TEST(ObjectMapper, CalicoFromDaemonSetFelixConfigurationAndIpPools) {
  const auto& c = FullCluster().cluster;
  EXPECT_EQ(Bool(Get(c, "cluster.calico.present")), true);
  EXPECT_EQ(Str(Get(c, "cluster.calico.image")), "docker.io/calico/node:v3.26.1");
  EXPECT_EQ(Str(Get(c, "cluster.calico.version")), "v3.26.1");
  EXPECT_EQ(Get(c, "cluster.calico.version").source,
            "kube-system/calico-node DaemonSet container calico-node image tag");
  // Felix: environment variables beat FelixConfiguration (Legacy there, NFT in the env).
  EXPECT_EQ(Str(Get(c, "cluster.calico.iptables_backend")), "NFT");
  EXPECT_EQ(Get(c, "cluster.calico.iptables_backend").source,
            "kube-system/calico-node DaemonSet container calico-node env FELIX_IPTABLESBACKEND");
  // ...and FelixConfiguration default is used where the env is silent.
  EXPECT_EQ(Str(Get(c, "cluster.calico.feature_detect_override")), "ChecksumOffloadBroken=true");
  EXPECT_THAT(Get(c, "cluster.calico.feature_detect_override").source,
              HasSubstr("FelixConfiguration default spec.featureDetectOverride"));
  // The IP pools beat CALICO_IPV4POOL_IPIP=Always in the env.
  EXPECT_EQ(Bool(Get(c, "cluster.calico.ipip")), false);
  EXPECT_EQ(Bool(Get(c, "cluster.calico.vxlan")), true);
  EXPECT_EQ(Get(c, "cluster.calico.vxlan").source,
            "IPPool spec.vxlanMode of 1 enabled pools: default-ipv4-ippool=Always");
}

std::string CalicoNode(const std::string& env) {
  return R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"calico-node","namespace":"calico-system"},
      "spec":{"template":{"spec":{"containers":[{"name":"calico-node","image":"docker.io/calico/node:v3.25.1","env":[)" +
         env + R"(]}]}}}})";
}

TEST(ObjectMapper, CalicoEncapsulationFromEnvIsInferredWithoutPools) {
  auto snap = MapJson({CalicoNode(R"({"name":"CALICO_IPV4POOL_IPIP","value":"CrossSubnet"},
                                     {"name":"CALICO_IPV4POOL_VXLAN","value":"Never"},
                                     {"name":"FELIX_IPTABLESBACKEND","value":"legacy"})")});
  const auto& ipip = Get(snap.cluster, "cluster.calico.ipip");
  EXPECT_EQ(Bool(ipip), true);
  EXPECT_EQ(ipip.origin, Origin::kInferred);
  EXPECT_THAT(ipip.source, HasSubstr("env CALICO_IPV4POOL_IPIP=CrossSubnet (no IPPools"));
  EXPECT_EQ(Bool(Get(snap.cluster, "cluster.calico.vxlan")), false);
  EXPECT_EQ(Str(Get(snap.cluster, "cluster.calico.iptables_backend")), "Legacy");
  EXPECT_EQ(Str(Get(snap.cluster, "cluster.calico.version")), "v3.25.1");
}

TEST(ObjectMapper, FelixSettingUnknownWhenNeitherEnvNorFelixConfigurationIsThere) {
  auto snap = MapJson({CalicoNode(R"({"name":"DATASTORE_TYPE","value":"kubernetes"})")});
  const auto& f = Get(snap.cluster, "cluster.calico.iptables_backend");
  EXPECT_FALSE(f.known());
  EXPECT_THAT(f.unknown_reason, HasSubstr("env has no FELIX_IPTABLESBACKEND and the input has no "
                                          "FelixConfiguration named default"));
  EXPECT_FALSE(Get(snap.cluster, "cluster.calico.ipip").known());
}

TEST(ObjectMapper, FelixSettingNotConfiguredAnywhereIsKnownEmpty) {
  auto snap = MapJson(
      {CalicoNode(R"({"name":"DATASTORE_TYPE","value":"kubernetes"})"),
       R"({"apiVersion":"crd.projectcalico.org/v1","kind":"FelixConfiguration","metadata":{"name":"default"},
           "spec":{"logSeverityScreen":"Info"}})"});
  const auto& f = Get(snap.cluster, "cluster.calico.iptables_backend");
  EXPECT_TRUE(f.known());
  EXPECT_EQ(Str(f), "");
  EXPECT_THAT(f.source, HasSubstr("not set"));
}

TEST(ObjectMapper, EnvFromConfigMapIsNotGuessed) {
  auto snap = MapJson({CalicoNode(
      R"({"name":"FELIX_IPTABLESBACKEND","valueFrom":{"configMapKeyRef":{"name":"calico-config","key":"iptables_backend"}}})")});
  const auto& f = Get(snap.cluster, "cluster.calico.iptables_backend");
  EXPECT_FALSE(f.known());
  EXPECT_THAT(f.unknown_reason, HasSubstr("comes from configMapKeyRef calico-config/iptables_backend"));
}

// ---- Services and terminating objects ---------------------------------------------------------

TEST(ObjectMapper, ServicesWithExternalIpsLocalAndSourceRanges) {
  const auto& c = FullCluster().cluster;
  const auto& ext = Get(c, "cluster.services.external_ips_local");
  EXPECT_THAT(RefNames(ext), ElementsAre("Service default/edge-gateway"));
  EXPECT_EQ(Refs(ext)[0].detail, "externalIPs=[192.168.10.200] externalTrafficPolicy=Local");
  const auto& lb = Get(c, "cluster.services.lb_source_ranges");
  EXPECT_THAT(RefNames(lb), ElementsAre("Service default/public-web"));
  EXPECT_EQ(Refs(lb)[0].detail,
            "type=LoadBalancer loadBalancerSourceRanges=[203.0.113.0/24, 198.51.100.16/28]");
}

TEST(ObjectMapper, TerminatingObjectsWithFinalizersAndNamespaceConditions) {
  const auto& f = Get(FullCluster().cluster, "cluster.objects.terminating");
  EXPECT_THAT(RefNames(f), ElementsAre("Ingress default/old-shop", "Namespace monitoring-old"));
  auto refs = Refs(f);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].detail,
            "deletionTimestamp=2024-02-18T11:42:07Z metadata.finalizers=[ingress.k8s.aws/resources]");
  // The Namespace: its finalizer is in spec, and the API its controller waits for is named.
  EXPECT_EQ(refs[1].detail,
            "deletionTimestamp=2024-02-20T09:12:44Z spec.finalizers=[kubernetes]; blocked by: API "
            "metrics.k8s.io/v1beta1 unavailable (APIService v1beta1.metrics.k8s.io): the server is "
            "currently unable to handle the request (NamespaceDeletionDiscoveryFailure)");
}

TEST(ObjectMapper, StuckNamespaceNamesEveryFailingApiAndContentFinalizers) {
  // Two aggregated APIs down and content held by a PVC finalizer (namespace controller
  // conditions as kube-controller-manager writes them).
  auto snap = MapJson({R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"obs",
      "deletionTimestamp":"2024-03-01T10:00:00Z"},"spec":{"finalizers":["kubernetes"]},
      "status":{"phase":"Terminating","conditions":[
        {"type":"NamespaceDeletionDiscoveryFailure","status":"True","reason":"DiscoveryFailed",
         "message":"Discovery failed for some groups, 2 failing: unable to retrieve the complete list of server APIs: custom.metrics.k8s.io/v1beta1: the server is currently unable to handle the request, external.metrics.k8s.io/v1beta1: stale GroupVersion discovery: external.metrics.k8s.io/v1beta1"},
        {"type":"NamespaceFinalizersRemaining","status":"True","reason":"SomeFinalizersRemain",
         "message":"Some content in the namespace has finalizers remaining: kubernetes.io/pvc-protection in 1 resource instances"},
        {"type":"NamespaceContentRemaining","status":"False","reason":"ContentRemoved","message":"All content successfully removed"}]}})"});
  auto refs = Refs(Get(snap.cluster, "cluster.objects.terminating"));
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].detail,
            "deletionTimestamp=2024-03-01T10:00:00Z spec.finalizers=[kubernetes]; blocked by: "
            "API custom.metrics.k8s.io/v1beta1 unavailable (APIService v1beta1.custom.metrics.k8s.io): "
            "the server is currently unable to handle the request (NamespaceDeletionDiscoveryFailure); "
            "API external.metrics.k8s.io/v1beta1 unavailable (APIService v1beta1.external.metrics.k8s.io): "
            "stale GroupVersion discovery: external.metrics.k8s.io/v1beta1 (NamespaceDeletionDiscoveryFailure); "
            "NamespaceFinalizersRemaining (SomeFinalizersRemain): Some content in the namespace has "
            "finalizers remaining: kubernetes.io/pvc-protection in 1 resource instances");
}

TEST(ObjectMapper, DeletedObjectWithoutFinalizersIsNotTerminating) {
  auto snap = MapJson({R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a",
      "deletionTimestamp":"2024-02-20T09:00:00Z","deletionGracePeriodSeconds":30}})"});
  EXPECT_TRUE(Get(snap.cluster, "cluster.objects.terminating").known());
  EXPECT_THAT(Refs(Get(snap.cluster, "cluster.objects.terminating")), IsEmpty());
}

// ---- Spiderpool -------------------------------------------------------------------------------

TEST(ObjectMapper, SpiderpoolFactsFromItsWorkloadsConfigAndCustomResources) {
  const auto& c = FullCluster().cluster;
  EXPECT_EQ(Bool(Get(c, "cluster.spiderpool.present")), true);
  EXPECT_EQ(Str(Get(c, "cluster.spiderpool.version")), "v0.7.0");
  EXPECT_EQ(Get(c, "cluster.spiderpool.version").source,
            "spiderpool/spiderpool-agent DaemonSet container spiderpool-agent image tag");
  EXPECT_EQ(Bool(Get(c, "cluster.spiderpool.multus_enabled")), true);
  EXPECT_EQ(Bool(Get(c, "cluster.spiderpool.ip_gc_enabled")), false);
  EXPECT_THAT(Get(c, "cluster.spiderpool.ip_gc_enabled").source,
              HasSubstr("env SPIDERPOOL_GC_IP_ENABLED=false"));
  EXPECT_EQ(Bool(Get(c, "cluster.spiderpool.kubevirt_static_ip")), false);
  EXPECT_EQ(Get(c, "cluster.spiderpool.kubevirt_static_ip").source,
            "spiderpool/spiderpool-conf ConfigMap data[conf.yml].enableKubevirtStaticIP");
  EXPECT_THAT(RefNames(Get(c, "cluster.spiderpool.empty_multus_configs")),
              ElementsAre("SpiderMultusConfig default/placeholder"));
  const auto& ns_multus = Get(c, "cluster.spiderpool.ippools_namespaced_multus");
  EXPECT_THAT(RefNames(ns_multus), ElementsAre("SpiderIPPool vlan100-v4"));
  EXPECT_EQ(Refs(ns_multus)[0].detail, "multusName=[kube-system/ipvlan-eth0]");
  const auto& coord = Get(c, "cluster.spiderpool.coordinators");
  EXPECT_THAT(RefNames(coord), ElementsAre("SpiderCoordinator default"));
  EXPECT_EQ(Refs(coord)[0].detail, "podCIDRType=auto phase=NotReady");
  EXPECT_EQ(Bool(Get(c, "cluster.spiderpool.kubeadm_config_present")), true);
  EXPECT_EQ(Int(Get(c, "cluster.spiderpool.statefulset_pods")), 2);
  EXPECT_EQ(Int(Get(c, "cluster.spiderpool.subnets")), 1);
}

TEST(ObjectMapper, SpiderpoolGcDefaultsToEnabledWhenTheEnvIsAbsent) {
  auto snap = MapJson({R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"spiderpool-controller","namespace":"kube-system","labels":{"app.kubernetes.io/version":"0.9.1"}},
      "spec":{"template":{"spec":{"containers":[{"name":"spiderpool-controller","image":"ghcr.io/spidernet-io/spiderpool/spiderpool-controller@sha256:6b1f0e9d3c2a8b7e5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f"}]}}}})"});
  const auto& gc = Get(snap.cluster, "cluster.spiderpool.ip_gc_enabled");
  EXPECT_EQ(Bool(gc), true);
  EXPECT_EQ(gc.origin, Origin::kInferred);
  // A digest-only image has no tag: the chart's version label tells it.
  EXPECT_EQ(Str(Get(snap.cluster, "cluster.spiderpool.version")), "0.9.1");
  EXPECT_THAT(Get(snap.cluster, "cluster.spiderpool.version").source,
              HasSubstr("metadata.labels[app.kubernetes.io/version]"));
  // Deployments were seen but not DaemonSets: multus is unknown, not false.
  EXPECT_FALSE(Get(snap.cluster, "cluster.spiderpool.multus_enabled").known());
}

TEST(ObjectMapper, SpiderpoolAbsentMakesItsCountsZeroNotUnknown) {
  auto snap = MapJson({}, {"DaemonSetList", "DeploymentList", "PodList", "ConfigMapList"});
  EXPECT_EQ(Bool(Get(snap.cluster, "cluster.spiderpool.present")), false);
  EXPECT_EQ(Int(Get(snap.cluster, "cluster.spiderpool.statefulset_pods")), 0);
  EXPECT_EQ(Bool(Get(snap.cluster, "cluster.spiderpool.multus_enabled")), false);
  EXPECT_EQ(Bool(Get(snap.cluster, "cluster.spiderpool.kubeadm_config_present")), false);
  // Its CRs were not listed: unknown, naming what to list.
  EXPECT_THAT(Get(snap.cluster, "cluster.spiderpool.subnets").unknown_reason,
              HasSubstr("list spidersubnets.spiderpool.spidernet.io"));
}

TEST(ObjectMapper, SpiderpoolCustomResourcesMeanItIsInstalled) {
  // kube-system's DaemonSets and Deployments (no Spiderpool there) and Spiderpool's CRs.
  auto s = ReadDumps({Fixture("nodes.json"), Fixture("kube-system.json"),
                      Fixture("spiderpool-crs.yaml")});
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  const auto& present = Get(s->cluster, "cluster.spiderpool.present");
  EXPECT_EQ(Bool(present), true);
  EXPECT_EQ(present.origin, Origin::kInferred);
  EXPECT_THAT(present.source, HasSubstr("1 SpiderIPPool, 1 SpiderCoordinator"));
  // No workload: the version and multus are not known, saying why; the CRs are read.
  EXPECT_THAT(Get(s->cluster, "cluster.spiderpool.version").unknown_reason,
              HasSubstr("read from the spiderpool-agent/controller images, and neither is in the"));
  EXPECT_FALSE(Get(s->cluster, "cluster.spiderpool.multus_enabled").known());
  EXPECT_THAT(RefNames(Get(s->cluster, "cluster.spiderpool.coordinators")),
              ElementsAre("SpiderCoordinator default"));
  // Without the CRs the same DaemonSets say it is absent.
  auto none = ReadDumps({Fixture("nodes.json"), Fixture("kube-system.json")});
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(Bool(Get(none->cluster, "cluster.spiderpool.present")), false);
}

// ---- Generic behaviour ------------------------------------------------------------------------

TEST(ObjectMapper, EveryDumpCatalogueFactIsPresentAfterFinish) {
  for (const facts::Snapshot* snap : {&FullCluster()}) {
    for (const auto& spec : facts::Catalog()) {
      if (!spec.producers.Has(facts::Producer::kDump)) continue;
      if (spec.scope == facts::FactScope::kCluster) {
        EXPECT_TRUE(snap->cluster.Has(spec.key)) << spec.key;
        const auto* f = snap->cluster.Get(spec.key);
        if (f) {
          EXPECT_TRUE(f->known()) << spec.key << ": " << f->unknown_reason;
        }
      } else {
        for (const auto& [name, set] : snap->nodes) {
          EXPECT_TRUE(set.Has(spec.key)) << name << " " << spec.key;
        }
      }
    }
  }
  // From nothing at all, everything is unknown with a reason.
  auto empty = MapJson({});
  for (const auto& spec : facts::Catalog()) {
    if (!spec.producers.Has(facts::Producer::kDump) ||
        spec.scope != facts::FactScope::kCluster) {
      continue;
    }
    const auto* f = empty.cluster.Get(spec.key);
    ASSERT_NE(f, nullptr) << spec.key;
    EXPECT_FALSE(f->known()) << spec.key;
    EXPECT_FALSE(f->unknown_reason.empty()) << spec.key;
  }
}

TEST(ObjectMapper, FieldOrderDoesNotMatter) {
  const std::string kind_first = R"({"kind":"Pod","apiVersion":"v1",
      "metadata":{"name":"p","namespace":"a","labels":{"k8s-app":"calico-kube-controllers"}},
      "spec":{"nodeName":"n","hostNetwork":false},
      "status":{"phase":"Running","podIP":"10.1.1.1","containerStatuses":[{"name":"c","restartCount":3}]}})";
  const std::string kind_last = R"({"status":{"containerStatuses":[{"restartCount":3,"name":"c"}],"podIP":"10.1.1.1","phase":"Running"},
      "spec":{"hostNetwork":false,"nodeName":"n"},
      "metadata":{"labels":{"k8s-app":"calico-kube-controllers"},"namespace":"a","name":"p"},
      "apiVersion":"v1","kind":"Pod"})";
  auto a = MapJson({kind_first});
  auto b = MapJson({kind_last});
  EXPECT_EQ(testing::SnapshotText(a), testing::SnapshotText(b));
  EXPECT_EQ(Int(Get(b.cluster, "cluster.calico.kube_controllers.restarts")), 3);
  EXPECT_THAT(RefNames(Get(b.nodes.at("n"), "node.pods")), ElementsAre("Pod a/p"));
}

TEST(ObjectMapper, KindHintIsUsedForItemsOfTypedLists) {
  ObjectMapper m;
  ASSERT_TRUE(m.AddJson(R"({"metadata":{"name":"n1"},"status":{"nodeInfo":{"kernelVersion":"5.15.0-91-generic"}}})",
                        "items[0]", "Node"));
  auto no_kind = m.AddJson(R"({"metadata":{"name":"x"}})", "items[1]");
  ASSERT_FALSE(no_kind);
  EXPECT_EQ(no_kind.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(no_kind.error().message(),
            "items[1]: kind: the object has no kind (and is not an item of a typed List)");
  auto wrong = m.AddJson(R"({"kind":"Service","metadata":{"name":"x"}})", "items[2]", "Pod");
  ASSERT_FALSE(wrong);
  EXPECT_THAT(wrong.error().message(), HasSubstr("a Service inside a list of Pod objects"));
  EXPECT_EQ(m.objects_seen(), 1u);
  auto snap = m.Finish();
  EXPECT_EQ(Str(Get(snap.nodes.at("n1"), "node.kernel.release")), "5.15.0-91-generic");
}

TEST(ObjectMapper, WrongFieldTypeNamesObjectAndField) {
  ObjectMapper m;
  auto s = m.AddJson(R"({"kind":"Pod","metadata":{"name":"web-1","namespace":"default"},
      "spec":{"hostNetwork":"yes"}})",
                     "pods.json items[3]");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.error().message(),
            "pods.json items[3]: Pod default/web-1: spec.hostNetwork: expected a boolean, got a "
            "string");
  auto t = m.AddJson(R"({"kind":"Node","metadata":{"name":"n"},"status":{"addresses":{"type":"InternalIP"}}})",
                     "nodes.json items[0]");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message(),
            "nodes.json items[0]: Node n: status.addresses: expected an array, got an object");
}

TEST(ObjectMapper, MalformedJsonIsAParseError) {
  ObjectMapper m;
  auto s = m.AddJson(R"({"kind":"Pod","metadata":{"name":"a",}})", "x.json");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kParseError);
  EXPECT_THAT(s.error().message(), HasSubstr("x.json: Pod"));
  EXPECT_THAT(s.error().message(), HasSubstr("malformed JSON"));
}

TEST(ObjectMapper, InputSummaryCountsKinds) {
  const auto& snap = FullCluster();
  ASSERT_EQ(snap.inputs.size(), 1u);
  EXPECT_EQ(snap.inputs[0].kind, "dump");
  EXPECT_THAT(snap.inputs[0].where, HasSubstr("nodes.json"));
  EXPECT_THAT(snap.inputs[0].summary, HasSubstr("4 Node"));
  EXPECT_THAT(snap.inputs[0].summary, HasSubstr("1 Namespace"));
  EXPECT_THAT(snap.inputs[0].summary, HasSubstr("2 SpiderIPPool"));
}

TEST(ObjectMapper, ApiInputKindIsNamedInSources) {
  ObjectMapper m(MapperOptions{"api", "https://10.0.0.1:6443"});
  auto snap = m.Finish();
  EXPECT_EQ(Get(snap.cluster, "cluster.nodes").unknown_reason, "no Node objects from the API server");
  EXPECT_EQ(snap.inputs.at(0).kind, "api");
}

TEST(NeededResources, CoverEveryKindTheMapperReads) {
  std::vector<std::string> kinds;
  for (const auto& r : NeededResources()) kinds.emplace_back(r.kind);
  EXPECT_THAT(kinds, ::testing::IsSupersetOf({"Node", "Pod", "Service", "Namespace", "ConfigMap",
                                              "DaemonSet", "Deployment", "Ingress",
                                              "FelixConfiguration", "IPPool", "SpiderIPPool",
                                              "SpiderSubnet", "SpiderCoordinator",
                                              "SpiderMultusConfig", "NodeReport"}));
  for (const auto& r : NeededResources()) {
    if (r.group == "crd.projectcalico.org" || r.group == "spiderpool.spidernet.io" ||
        r.group == "netdoctor.io") {
      EXPECT_TRUE(r.optional) << r.resource;
    } else {
      EXPECT_FALSE(r.optional) << r.resource;
    }
  }
  EXPECT_EQ(NeededResources().back().resource, "pods");
}

}  // namespace
}  // namespace netdoctor::collect::offline

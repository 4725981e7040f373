// SPDX-License-Identifier: Apache-2.0
#include "collect/kubecfg/kube_config_yaml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netdoctor::collect::kubecfg {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The default rendering of kubeadm's kube-proxy config.conf (REAL_FORMATS §4a), block style.
constexpr const char* kKubeadmDefault = R"(apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: 172.17.0.0/16
iptables:
  masqueradeAll: false
ipvs:
  excludeCIDRs: null
  strictARP: false
kind: KubeProxyConfiguration
mode: ""
nodePortAddresses: null
)";

TEST(ParseKubeProxyConfig, KubeadmDefaultHasEmptyModeAndNullNodePortAddresses) {
  auto v = ParseKubeProxyConfig(kKubeadmDefault);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(v->kind, "KubeProxyConfiguration");
  EXPECT_EQ(v->mode, "");
  EXPECT_EQ(v->cluster_cidr, "172.17.0.0/16");
  EXPECT_FALSE(v->node_port_addresses_set);
  EXPECT_THAT(v->node_port_addresses, IsEmpty());
}

TEST(ParseKubeProxyConfig, NodePortAddressesKeywordsAndCidrs) {
  auto v = ParseKubeProxyConfig("kind: KubeProxyConfiguration\nmode: nftables\n"
                                "nodePortAddresses:\n- primary\n- 10.0.0.0/8\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->mode, "nftables");
  EXPECT_TRUE(v->node_port_addresses_set);
  EXPECT_THAT(v->node_port_addresses, ElementsAre("primary", "10.0.0.0/8"));
}

TEST(ParseKubeProxyConfig, WrongShapesAreErrorsWithLines) {
  auto list_mode = ParseKubeProxyConfig("kind: KubeProxyConfiguration\nmode:\n- ipvs\n");
  ASSERT_FALSE(list_mode);
  EXPECT_EQ(list_mode.error().message(), "KubeProxyConfiguration: line 3: mode: expected a string");
  auto scalar_npa = ParseKubeProxyConfig("nodePortAddresses: 10.0.0.0/8\n");
  ASSERT_FALSE(scalar_npa);
  EXPECT_EQ(scalar_npa.error().message(),
            "KubeProxyConfiguration: line 1: nodePortAddresses: expected a list");
  auto broken = ParseKubeProxyConfig("mode: [ipvs\n");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code(), ErrorCode::kParseError);
  EXPECT_THAT(broken.error().message(), HasSubstr("KubeProxyConfiguration: line"));
  auto not_a_map = ParseKubeProxyConfig("just text");
  ASSERT_FALSE(not_a_map);
  EXPECT_EQ(not_a_map.error().message(), "KubeProxyConfiguration: expected a YAML mapping");
}

TEST(ParseKubeadmPodSubnets, DualStackPodSubnet) {
  auto v = ParseKubeadmPodSubnets("kind: ClusterConfiguration\nnetworking:\n  dnsDomain: "
                                  "cluster.local\n  podSubnet: 10.244.0.0/16, fd00:10:244::/56\n");
  ASSERT_TRUE(v);
  EXPECT_THAT(*v, ElementsAre("10.244.0.0/16", "fd00:10:244::/56"));
  auto none = ParseKubeadmPodSubnets("kind: ClusterConfiguration\nnetworking:\n  dnsDomain: x\n");
  ASSERT_TRUE(none);
  EXPECT_THAT(*none, IsEmpty());
}

TEST(ParseSpiderpoolConf, ChartKeys) {
  // charts/spiderpool/templates/configmap.yaml renders these keys into conf.yml.
  auto v = ParseSpiderpoolConf("ipamUnixSocketPath: /var/run/spidernet/spiderpool.sock\n"
                               "enableIPv4: true\nenableStatefulSet: true\n"
                               "enableKubevirtStaticIP: false\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->enable_kubevirt_static_ip, false);
  EXPECT_EQ(v->enable_statefulset, true);
  auto old = ParseSpiderpoolConf("enableIPv4: true\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->enable_kubevirt_static_ip, std::nullopt);
  auto bad = ParseSpiderpoolConf("enableKubevirtStaticIP: sometimes\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "conf.yml: line 1: enableKubevirtStaticIP: expected true or false");
}

TEST(SplitCidrs, TrimsAndDropsEmptyPieces) {
  EXPECT_THAT(SplitCidrs(" 10.244.0.0/16 ,,fd00::/56 "), ElementsAre("10.244.0.0/16", "fd00::/56"));
  EXPECT_THAT(SplitCidrs(""), IsEmpty());
}

}  // namespace
}  // namespace netdoctor::collect::kubecfg

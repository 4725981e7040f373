// SPDX-License-Identifier: Apache-2.0
// Fuzzes the kube-proxy configuration reader (KubeProxyConfiguration YAML from the kube-proxy
// ConfigMap) and the two other config documents read with it: kubeadm's ClusterConfiguration
// (Pod subnets) and Spiderpool's configmap.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/kubecfg/kube_config_yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netdoctor::collect::kubecfg;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto kp = ParseKubeProxyConfig(text);
  (void)kp;
  auto subnets = ParseKubeadmPodSubnets(text);
  (void)subnets;
  auto spider = ParseSpiderpoolConf(text);
  (void)spider;
  auto cidrs = SplitCidrs(text);
  (void)cidrs;
  return 0;
}

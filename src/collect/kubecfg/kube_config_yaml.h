// SPDX-License-Identifier: Apache-2.0
#pragma once

// Parsers for the YAML documents that Kubernetes components keep inside ConfigMap data values:
// kube-proxy's KubeProxyConfiguration (`config.conf`), kubeadm's ClusterConfiguration and
// Spiderpool's `conf.yml`. Text in, values out; yaml-cpp exceptions never leave these functions.
// Shared by the offline mapper (ConfigMaps) and the host collector (kube-proxy's --config file).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace netdoctor::collect::kubecfg {

/// The KubeProxyConfiguration fields netdoctor uses (kubeproxy.config.k8s.io/v1alpha1, see
/// kubernetes/kubernetes staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go).
struct KubeProxyConfigValues {
  std::string kind;  // "KubeProxyConfiguration" when the document says so
  /// `mode` as written; "" when absent or empty (the platform default).
  std::string mode;
  /// `nodePortAddresses`; empty when null or absent (meaning: all addresses).
  std::vector<std::string> node_port_addresses;
  bool node_port_addresses_set = false;  // a non-null list was given
  /// `clusterCIDR` as written ("" when absent).
  std::string cluster_cidr;
};

/// Errors: kParseError with the YAML line ("line 4: ..."), kInvalidInput when the document is
/// not a mapping or a field has the wrong shape ("nodePortAddresses: expected a list").
[[nodiscard]] Result<KubeProxyConfigValues> ParseKubeProxyConfig(std::string_view text);

/// kubeadm ClusterConfiguration `networking.podSubnet`, split on commas (dual stack); empty when
/// not set. Errors as above.
[[nodiscard]] Result<std::vector<std::string>> ParseKubeadmPodSubnets(std::string_view text);

/// Spiderpool `conf.yml` (ConfigMap spiderpool-conf; keys of charts/spiderpool/templates/
/// configmap.yaml): the values netdoctor reads. nullopt = key absent.
struct SpiderpoolConfValues {
  std::optional<bool> enable_kubevirt_static_ip;  // enableKubevirtStaticIP
  std::optional<bool> enable_statefulset;         // enableStatefulSet
};
[[nodiscard]] Result<SpiderpoolConfValues> ParseSpiderpoolConf(std::string_view text);

/// Splits a comma-separated CIDR list ("10.244.0.0/16,fd00:10:244::/56"), trimming blanks and
/// dropping empty pieces.
std::vector<std::string> SplitCidrs(std::string_view s);

}  // namespace netdoctor::collect::kubecfg

// SPDX-License-Identifier: Apache-2.0
#include "derive/planned.h"

#include "facts/keys.h"

namespace netdoctor::derive {

namespace keys = facts::keys;
namespace {

void Declare(facts::FactSet& set, const std::string& key, facts::Value v,
             const std::string& flag) {
  set.Set(facts::Fact::Known(key, std::move(v), flag, facts::Origin::kDeclared));
}

// Declares `key` from `flag` when the value was given.
void DeclareIf(facts::FactSet& set, const std::string& key, const std::string& value,
               const std::string& flag) {
  if (!value.empty()) Declare(set, key, value, flag);
}

}  // namespace

facts::Snapshot PlannedSnapshot(const PlannedVersions& p) {
  facts::Snapshot snap;
  auto& node = snap.nodes[kPlannedNode];
  auto& cl = snap.cluster;
  Declare(node, "node.name", std::string(kPlannedNode), "plan");
  DeclareIf(node, keys::kNodeOsPrettyName, p.os_image, "--os-image");
  DeclareIf(node, keys::kNodeKernelRelease, p.kernel, "--kernel");
  if (!p.k8s.empty()) {
    Declare(cl, keys::kClusterKubernetesVersion, p.k8s, "--k8s");
    Declare(node, keys::kNodeKubeletVersion, p.k8s, "--k8s");
    if (p.kube_proxy.empty()) Declare(cl, keys::kClusterKubeProxyVersion, p.k8s, "--k8s");
  }
  DeclareIf(cl, keys::kClusterKubeProxyVersion, p.kube_proxy, "--kube-proxy");
  DeclareIf(cl, keys::kClusterKubeProxyMode, p.proxy_mode, "--proxy-mode");
  if (!p.k8s.empty() || !p.kube_proxy.empty()) {
    Declare(cl, keys::kClusterKubeProxyPresent, true, "--k8s/--kube-proxy");
  }
  Declare(cl, keys::kClusterCalicoPresent, !p.calico.empty(), "--calico");
  if (!p.calico.empty()) {
    Declare(cl, keys::kClusterCalicoVersion, p.calico, "--calico");
    if (!p.calico_encap.empty()) {
      Declare(cl, keys::kClusterCalicoVxlan, p.calico_encap == "vxlan", "--calico-encap");
      Declare(cl, keys::kClusterCalicoIpip, p.calico_encap == "ipip", "--calico-encap");
    }
    DeclareIf(cl, keys::kClusterCalicoIptablesBackend, p.calico_backend,
              "--calico-iptables-backend");
  }
  Declare(cl, keys::kClusterSpiderpoolPresent, !p.spiderpool.empty(), "--spiderpool");
  DeclareIf(cl, keys::kClusterSpiderpoolVersion, p.spiderpool, "--spiderpool");
  DeclareIf(node, keys::kNodeIptablesMode, p.iptables_mode, "--iptables-mode");
  DeclareIf(node, keys::kNodeIptablesVersion, p.iptables_version, "--iptables-version");
  DeclareIf(node, keys::kNodeContainerRuntimeName, p.runtime, "--container-runtime");
  snap.inputs.push_back({"plan", "command-line flags", "declared versions"});
  return snap;
}

}  // namespace netdoctor::derive

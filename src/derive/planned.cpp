// SPDX-License-Identifier: Apache-2.0
#include "derive/planned.h"

namespace netdoctor::derive {
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
  DeclareIf(node, "node.os.pretty_name", p.os_image, "--os-image");
  DeclareIf(node, "node.kernel.release", p.kernel, "--kernel");
  if (!p.k8s.empty()) {
    Declare(cl, "cluster.kubernetes.version", p.k8s, "--k8s");
    Declare(node, "node.kubelet.version", p.k8s, "--k8s");
    if (p.kube_proxy.empty()) Declare(cl, "cluster.kube_proxy.version", p.k8s, "--k8s");
  }
  DeclareIf(cl, "cluster.kube_proxy.version", p.kube_proxy, "--kube-proxy");
  DeclareIf(cl, "cluster.kube_proxy.mode", p.proxy_mode, "--proxy-mode");
  if (!p.k8s.empty() || !p.kube_proxy.empty()) {
    Declare(cl, "cluster.kube_proxy.present", true, "--k8s/--kube-proxy");
  }
  Declare(cl, "cluster.calico.present", !p.calico.empty(), "--calico");
  if (!p.calico.empty()) {
    Declare(cl, "cluster.calico.version", p.calico, "--calico");
    if (!p.calico_encap.empty()) {
      Declare(cl, "cluster.calico.vxlan", p.calico_encap == "vxlan", "--calico-encap");
      Declare(cl, "cluster.calico.ipip", p.calico_encap == "ipip", "--calico-encap");
    }
    DeclareIf(cl, "cluster.calico.iptables_backend", p.calico_backend,
              "--calico-iptables-backend");
  }
  Declare(cl, "cluster.spiderpool.present", !p.spiderpool.empty(), "--spiderpool");
  DeclareIf(cl, "cluster.spiderpool.version", p.spiderpool, "--spiderpool");
  DeclareIf(node, "node.iptables.mode", p.iptables_mode, "--iptables-mode");
  DeclareIf(node, "node.iptables.version", p.iptables_version, "--iptables-version");
  DeclareIf(node, "node.container_runtime.name", p.runtime, "--container-runtime");
  snap.inputs.push_back({"plan", "command-line flags", "declared versions"});
  return snap;
}

}  // namespace netdoctor::derive

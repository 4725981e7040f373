// SPDX-License-Identifier: Apache-2.0
#include "engine/upgrade.h"

#include "version/range.h"

namespace netdoctor::engine {
namespace {

// Components a range set can be upgraded along, by the fact it tests.
std::string ComponentOf(const std::string& fact) {
  if (fact == "cluster.kube_proxy.version") return "kube-proxy";
  if (fact == "cluster.calico.version") return "Calico";
  if (fact == "cluster.spiderpool.version") return "Spiderpool";
  if (fact == "node.kernel.release") return "kernel";
  if (fact == "node.kubelet.version") return "kubelet";
  if (fact == "node.iptables.version") return "iptables";
  if (fact == "cluster.kubernetes.version") return "Kubernetes";
  return fact;
}

}  // namespace

std::vector<Upgrade> UpgradesFor(const kb::Issue& issue, const facts::Snapshot& snap,
                                 const std::string& node_name) {
  std::vector<Upgrade> out;
  auto node = snap.nodes.find(node_name);
  for (const auto& r : issue.ranges) {
    const facts::FactSet* set = &snap.cluster;
    if (r.fact.starts_with("node.")) {
      if (node == snap.nodes.end()) continue;
      set = &node->second;
    }
    auto current = set->GetString(r.fact);
    if (!current) continue;
    if (version::Match(r.set, *current).affected != Tri::kTrue) continue;
    out.push_back(Upgrade{ComponentOf(r.fact), *current, version::UpgradeTargets(r.set, *current)});
  }
  return out;
}

}  // namespace netdoctor::engine

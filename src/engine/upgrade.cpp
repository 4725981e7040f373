// SPDX-License-Identifier: Apache-2.0
#include "engine/upgrade.h"

#include "facts/keys.h"

#include "version/range.h"

namespace netdoctor::engine {

namespace keys = facts::keys;
namespace {

// Components a range set can be upgraded along, by the fact it tests.
std::string ComponentOf(const std::string& fact) {
  if (fact == keys::kClusterKubeProxyVersion) return "kube-proxy";
  if (fact == keys::kClusterCalicoVersion) return "Calico";
  if (fact == keys::kClusterSpiderpoolVersion) return "Spiderpool";
  if (fact == keys::kNodeKernelRelease) return "kernel";
  if (fact == keys::kNodeKubeletVersion) return "kubelet";
  if (fact == keys::kNodeIptablesVersion) return "iptables";
  if (fact == keys::kClusterKubernetesVersion) return "Kubernetes";
  return fact;
}

}  // namespace

std::vector<Upgrade> UpgradesFor(const kb::Issue& issue, const facts::Snapshot& snap,
                                 const std::string& node_name) {
  std::vector<Upgrade> out;
  auto node = snap.nodes.find(node_name);
  for (const auto& r : issue.ranges) {
    const facts::FactSet* set = &snap.cluster;
    if (keys::IsNodeKey(r.fact)) {
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

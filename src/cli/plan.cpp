// SPDX-License-Identifier: Apache-2.0
// `netdoctor plan`: declared versions in, every entry's status and the smallest upgrades out.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "derive/derive.h"
#include "engine/engine.h"
#include "facts/catalog.h"
#include "facts/facts_json.h"
#include "facts/keys.h"

namespace netdoctor::cli {

namespace keys = facts::keys;
namespace {

constexpr const char* kPlanNode = "planned-node";

void Declare(facts::FactSet& set, const std::string& key, facts::Value v, const std::string& flag) {
  set.Set(facts::Fact::Known(key, std::move(v), flag, facts::Origin::kDeclared));
}

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

struct Upgrade {
  std::string component;
  std::string current;
  std::vector<std::string> targets;
};

std::vector<Upgrade> UpgradesFor(const engine::Finding& f, const facts::Snapshot& snap) {
  std::vector<Upgrade> out;
  for (const auto& r : f.issue->ranges) {
    const facts::FactSet& set = facts::keys::IsNodeKey(r.fact) ? snap.nodes.at(kPlanNode) : snap.cluster;
    auto current = set.GetString(r.fact);
    if (!current) continue;
    if (version::Match(r.set, *current).affected != Tri::kTrue) continue;
    Upgrade u{ComponentOf(r.fact), *current, version::UpgradeTargets(r.set, *current)};
    out.push_back(std::move(u));
  }
  return out;
}

std::string DescribeTargets(const Upgrade& u) {
  if (u.targets.empty()) return fmt::format("{} {}: no fixed release known", u.component, u.current);
  return fmt::format("{} {} -> {}", u.component, u.current, fmt::join(u.targets, ", or "));
}

}  // namespace

int RunPlan(const Context& ctx, const PlanOptions& p) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  if (p.format != "text" && p.format != "json") {
    ctx.err << "netdoctor plan: --format: expected text or json, got '" << p.format << "'\n";
    return kExitUsage;
  }
  facts::Snapshot snap;
  auto& node = snap.nodes[kPlanNode];
  auto& cl = snap.cluster;
  Declare(node, keys::kNodeName, std::string(kPlanNode), "plan");
  if (!p.os_image.empty()) Declare(node, keys::kNodeOsPrettyName, p.os_image, "--os-image");
  if (!p.kernel.empty()) Declare(node, keys::kNodeKernelRelease, p.kernel, "--kernel");
  if (!p.k8s.empty()) {
    Declare(cl, keys::kClusterKubernetesVersion, p.k8s, "--k8s");
    Declare(node, keys::kNodeKubeletVersion, p.k8s, "--k8s");
    if (p.kube_proxy.empty()) Declare(cl, keys::kClusterKubeProxyVersion, p.k8s, "--k8s");
  }
  if (!p.kube_proxy.empty()) Declare(cl, keys::kClusterKubeProxyVersion, p.kube_proxy, "--kube-proxy");
  if (!p.proxy_mode.empty()) Declare(cl, keys::kClusterKubeProxyMode, p.proxy_mode, "--proxy-mode");
  if (!p.k8s.empty() || !p.kube_proxy.empty()) Declare(cl, keys::kClusterKubeProxyPresent, true, "--k8s/--kube-proxy");
  // A component left out of the plan is not part of it (present=false), not unknown.
  Declare(cl, keys::kClusterCalicoPresent, !p.calico.empty(), "--calico");
  if (!p.calico.empty()) {
    Declare(cl, keys::kClusterCalicoVersion, p.calico, "--calico");
    if (!p.calico_encap.empty()) {
      Declare(cl, keys::kClusterCalicoVxlan, p.calico_encap == "vxlan", "--calico-encap");
      Declare(cl, keys::kClusterCalicoIpip, p.calico_encap == "ipip", "--calico-encap");
    }
    if (!p.calico_backend.empty()) Declare(cl, keys::kClusterCalicoIptablesBackend, p.calico_backend, "--calico-iptables-backend");
  }
  Declare(cl, keys::kClusterSpiderpoolPresent, !p.spiderpool.empty(), "--spiderpool");
  if (!p.spiderpool.empty()) Declare(cl, keys::kClusterSpiderpoolVersion, p.spiderpool, "--spiderpool");
  if (!p.iptables_mode.empty()) Declare(node, keys::kNodeIptablesMode, p.iptables_mode, "--iptables-mode");
  if (!p.iptables_version.empty()) Declare(node, keys::kNodeIptablesVersion, p.iptables_version, "--iptables-version");
  if (!p.runtime.empty()) Declare(node, keys::kNodeContainerRuntimeName, p.runtime, "--container-runtime");
  if (auto st = ApplyOverrides(p.sets, snap); !st) {
    ctx.err << "netdoctor plan: " << st.error().ToString() << "\n";
    return kExitUsage;
  }
  snap.inputs.push_back({"plan", "command-line flags", "declared versions"});
  derive::DeriveAll(snap, derive::DeriveOptions{ctx.env.now, std::chrono::minutes(30)});

  std::vector<const kb::Issue*> checks;
  for (const auto& i : kb->issues()) {
    if (i->kind == kb::IssueKind::kCheck) checks.push_back(i.get());
  }
  engine::Findings findings = engine::Evaluate(checks, snap);
  std::stable_sort(findings.items.begin(), findings.items.end(), [](const auto& a, const auto& b) {
    return static_cast<int>(a.status) < static_cast<int>(b.status);
  });

  const std::string& lang = ctx.global.lang;
  int affected = 0, possible = 0, clean = 0;
  nlohmann::json j = {{"schema", "netdoctor/plan/v1"}, {"entries", nlohmann::json::array()}};
  std::string text;
  for (const auto& f : findings.items) {
    (f.status == engine::Status::kAffected ? affected : f.status == engine::Status::kPossiblyAffected ? possible : clean)++;
    auto ups = f.status == engine::Status::kAffected ? UpgradesFor(f, snap) : std::vector<Upgrade>{};
    nlohmann::json e = {{"id", f.issue->id},
                        {"status", std::string(engine::StatusName(f.status))},
                        {"severity", std::string(kb::SeverityName(f.issue->severity))},
                        {"title", f.issue->title.Get(lang)},
                        {"scope", f.scope.Key()},
                        {"missing", f.missing},
                        {"upgrades", nlohmann::json::array()}};
    for (const auto& u : ups) e["upgrades"].push_back({{"component", u.component}, {"current", u.current}, {"targets", u.targets}});
    j["entries"].push_back(std::move(e));
    if (f.status == engine::Status::kNotAffected && !p.show_all) continue;
    text += fmt::format("{:<18} {:<9} {:<40} {}\n", engine::StatusName(f.status), kb::SeverityName(f.issue->severity),
                        f.issue->id, f.issue->title.Get(lang));
    for (const auto& u : ups) text += "    upgrade: " + DescribeTargets(u) + "\n";
    if (f.status == engine::Status::kAffected && ups.empty()) {
      text += lang == "zh" ? "    升级无法消除：见 netdoctor explain " + f.issue->id + "\n"
                           : "    no version upgrade clears it: see netdoctor explain " + f.issue->id + "\n";
    }
    if (!f.missing.empty()) text += "    would settle it: " + fmt::format("{}", fmt::join(f.missing, ", ")) + "\n";
  }
  text += fmt::format("\n{} affected, {} possibly affected, {} not affected\n", affected, possible, clean);
  j["summary"] = {{"affected", affected}, {"possibly_affected", possible}, {"not_affected", clean}};
  ctx.out << (p.format == "json" ? j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n" : text);
  return affected ? kExitAffected : kExitClean;
}

}  // namespace netdoctor::cli

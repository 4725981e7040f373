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

namespace netdoctor::cli {
namespace {

constexpr const char* kPlanNode = "planned-node";

void Declare(facts::FactSet& set, const std::string& key, facts::Value v, const std::string& flag) {
  set.Set(facts::Fact::Known(key, std::move(v), flag, facts::Origin::kDeclared));
}

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

struct Upgrade {
  std::string component;
  std::string current;
  std::vector<std::string> targets;
};

std::vector<Upgrade> UpgradesFor(const kb::Issue& issue, const facts::Snapshot& snap) {
  std::vector<Upgrade> out;
  for (const auto& r : issue.ranges) {
    const facts::FactSet& set = r.fact.starts_with("node.") ? snap.nodes.at(kPlanNode) : snap.cluster;
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
  Declare(node, "node.name", std::string(kPlanNode), "plan");
  if (!p.os_image.empty()) Declare(node, "node.os.pretty_name", p.os_image, "--os-image");
  if (!p.kernel.empty()) Declare(node, "node.kernel.release", p.kernel, "--kernel");
  if (!p.k8s.empty()) {
    Declare(cl, "cluster.kubernetes.version", p.k8s, "--k8s");
    Declare(node, "node.kubelet.version", p.k8s, "--k8s");
    if (p.kube_proxy.empty()) Declare(cl, "cluster.kube_proxy.version", p.k8s, "--k8s");
  }
  if (!p.kube_proxy.empty()) Declare(cl, "cluster.kube_proxy.version", p.kube_proxy, "--kube-proxy");
  if (!p.proxy_mode.empty()) Declare(cl, "cluster.kube_proxy.mode", p.proxy_mode, "--proxy-mode");
  if (!p.k8s.empty() || !p.kube_proxy.empty()) Declare(cl, "cluster.kube_proxy.present", true, "--k8s/--kube-proxy");
  // A component left out of the plan is not part of it (present=false), not unknown.
  Declare(cl, "cluster.calico.present", !p.calico.empty(), "--calico");
  if (!p.calico.empty()) {
    Declare(cl, "cluster.calico.version", p.calico, "--calico");
    if (!p.calico_encap.empty()) {
      Declare(cl, "cluster.calico.vxlan", p.calico_encap == "vxlan", "--calico-encap");
      Declare(cl, "cluster.calico.ipip", p.calico_encap == "ipip", "--calico-encap");
    }
    if (!p.calico_backend.empty()) Declare(cl, "cluster.calico.iptables_backend", p.calico_backend, "--calico-iptables-backend");
  }
  Declare(cl, "cluster.spiderpool.present", !p.spiderpool.empty(), "--spiderpool");
  if (!p.spiderpool.empty()) Declare(cl, "cluster.spiderpool.version", p.spiderpool, "--spiderpool");
  if (!p.iptables_mode.empty()) Declare(node, "node.iptables.mode", p.iptables_mode, "--iptables-mode");
  if (!p.iptables_version.empty()) Declare(node, "node.iptables.version", p.iptables_version, "--iptables-version");
  if (!p.runtime.empty()) Declare(node, "node.container_runtime.name", p.runtime, "--container-runtime");
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
  // The plan has one node: every entry has exactly one scope, kept whatever its status.
  engine::Findings findings =
      engine::Evaluate(checks, snap, engine::EvaluateOptions{.keep_not_affected = true});
  struct PlanRow {
    const kb::Issue* issue;
    const engine::ScopeResult* scope;
    const engine::Variant* variant;
  };
  std::vector<PlanRow> rows;
  for (const auto& g : findings.groups) {
    for (const auto& s : g.scopes) rows.push_back(PlanRow{g.issue, &s, &g.VariantOf(s)});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const PlanRow& a, const PlanRow& b) {
    return static_cast<int>(a.scope->verdict) < static_cast<int>(b.scope->verdict);
  });

  const std::string& lang = ctx.global.lang;
  int affected = 0, possible = 0, clean = 0;
  nlohmann::json j = {{"schema", "netdoctor/plan/v1"}, {"entries", nlohmann::json::array()}};
  std::string text;
  for (const auto& row : rows) {
    const kb::Issue& issue = *row.issue;
    const engine::Verdict status = row.scope->verdict;
    const std::vector<std::string>& missing = row.variant->missing;
    (status == engine::Verdict::kAffected ? affected : status == engine::Verdict::kPossiblyAffected ? possible : clean)++;
    auto ups = status == engine::Verdict::kAffected ? UpgradesFor(issue, snap) : std::vector<Upgrade>{};
    nlohmann::json e = {{"id", issue.id},
                        {"status", std::string(engine::VerdictName(status))},
                        {"severity", std::string(kb::SeverityName(issue.severity))},
                        {"title", issue.title.Get(lang)},
                        {"scope", row.scope->scope.Key()},
                        {"missing", missing},
                        {"upgrades", nlohmann::json::array()}};
    for (const auto& u : ups) e["upgrades"].push_back({{"component", u.component}, {"current", u.current}, {"targets", u.targets}});
    j["entries"].push_back(std::move(e));
    if (status == engine::Verdict::kNotAffected && !p.show_all) continue;
    text += fmt::format("{:<18} {:<9} {:<40} {}\n", engine::VerdictName(status), kb::SeverityName(issue.severity),
                        issue.id, issue.title.Get(lang));
    for (const auto& u : ups) text += "    upgrade: " + DescribeTargets(u) + "\n";
    if (status == engine::Verdict::kAffected && ups.empty()) {
      text += lang == "zh" ? "    升级无法消除：见 netdoctor explain " + issue.id + "\n"
                           : "    no version upgrade clears it: see netdoctor explain " + issue.id + "\n";
    }
    if (!missing.empty()) text += "    would settle it: " + fmt::format("{}", fmt::join(missing, ", ")) + "\n";
  }
  text += fmt::format("\n{} affected, {} possibly affected, {} not affected\n", affected, possible, clean);
  j["summary"] = {{"affected", affected}, {"possibly_affected", possible}, {"not_affected", clean}};
  ctx.out << (p.format == "json" ? j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n" : text);
  return affected ? kExitAffected : kExitClean;
}

}  // namespace netdoctor::cli

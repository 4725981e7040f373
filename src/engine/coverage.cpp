// SPDX-License-Identifier: Apache-2.0
#include "engine/coverage.h"

#include <algorithm>

#include "engine/engine.h"
#include "facts/catalog.h"
#include "facts/keys.h"

namespace netdoctor::engine {
namespace {

namespace keys = facts::keys;

// Facts that say a component is not in a scope, by the entry's `component`. A node-scope entry
// is about a Kubernetes node, so a host where no kubelet runs is not one for every component.
struct Presence {
  std::string_view component;  // "" = every component
  bool node_scope;              // the fact is read in node scopes only
  const char* fact;
};
constexpr Presence kPresence[] = {
    {"", true, keys::kNodeKubeletRunning},
    {"kube-proxy", true, keys::kNodeKubeProxyRunning},
    {"kube-proxy", false, keys::kClusterKubeProxyPresent},
    {"calico", false, keys::kClusterCalicoPresent},
    {"spiderpool", false, keys::kClusterSpiderpoolPresent},
};

// Producers a user gives as inputs of `check` (derive is computed, plan is another command).
constexpr facts::Producers kNotInputs = facts::Producer::kDerived | facts::Producer::kPlan;

facts::Producers Without(facts::Producers p, facts::Producers drop) {
  return facts::Producers::FromBits(static_cast<std::uint16_t>(p.bits() & ~drop.bits()));
}

}  // namespace

CoverageJudge::CoverageJudge(const facts::Snapshot& snap) : snap_(snap) {
  active_ = !snap.examined.cluster.empty() ||
            std::any_of(snap.examined.nodes.begin(), snap.examined.nodes.end(),
                        [](const auto& n) { return !n.second.empty(); });
}

CoverageJudge::Cover CoverageJudge::Covered(std::string_view key, const facts::FactSet* node,
                                            facts::Producers node_cov, int depth,
                                            NotExaminedWhy& why) const {
  const bool node_key = keys::IsNodeKey(key);
  const facts::Fact* f = node_key ? (node ? node->Get(key) : nullptr) : snap_.cluster.Get(key);
  if (f && f->known()) return Cover::kKnown;
  if (f && !f->derived_from.empty() && depth < 8) {
    Cover worst = Cover::kKnown;  // a derivation from known facts only waits for knowledge
    for (const std::string& from : f->derived_from) {
      worst = std::max(worst, Covered(from, node, node_cov, depth + 1, why));
    }
    return worst;
  }
  const facts::FactSpec* spec = facts::FindFact(key);
  if (!spec) return Cover::kCoverable;  // not in the catalogue: nothing to say, stay possibly
  const facts::Producers scope_cov = node_key ? node_cov : snap_.examined.cluster;
  const facts::Producers inputs = Without(spec->producers, facts::Producer::kDerived);
  if (inputs.Intersects(scope_cov)) return Cover::kCoverable;
  // Derived only, with no record of what it was derived from: examined if anything looked at
  // the scope (the cautious answer keeps it possibly affected).
  if (inputs.empty()) return scope_cov.empty() ? Cover::kUncovered : Cover::kCoverable;
  if (std::find(why.uncovered.begin(), why.uncovered.end(), key) == why.uncovered.end()) {
    why.uncovered.emplace_back(key);
  }
  why.needs = why.needs | Without(inputs, kNotInputs);
  return Cover::kUncovered;
}

std::optional<NotExaminedWhy> CoverageJudge::Judge(const kb::Issue& issue,
                                                   const facts::FactSet* node,
                                                   std::string_view node_name,
                                                   const std::vector<std::string>& missing) const {
  if (!active_) return std::nullopt;
  for (const Presence& p : kPresence) {
    if (!p.component.empty() && p.component != issue.component) continue;
    if (p.node_scope && (issue.scope != kb::IssueScope::kNode || !node)) continue;
    const facts::Fact* f = p.node_scope ? node->Get(p.fact) : snap_.cluster.Get(p.fact);
    if (!f || !f->known()) continue;
    const bool* present = std::get_if<bool>(&*f->value);
    if (!present || *present) continue;
    NotExaminedWhy why;
    why.absent = Evidence{p.fact, true, EvidenceValue(*f->value), "", f->source, f->origin};
    return why;
  }
  if (missing.empty()) return std::nullopt;
  const facts::Producers node_cov = snap_.examined.Node(node_name);
  NotExaminedWhy why;
  Cover worst = Cover::kKnown;
  for (const std::string& m : missing) {
    worst = std::max(worst, Covered(m, node, node_cov, 0, why));
    if (worst == Cover::kCoverable) return std::nullopt;
  }
  if (worst != Cover::kUncovered) return std::nullopt;
  return why;
}

}  // namespace netdoctor::engine

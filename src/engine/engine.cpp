// SPDX-License-Identifier: Apache-2.0
#include "engine/engine.h"

#include <algorithm>

#include "engine/coverage.h"
#include "engine/fold.h"
#include "facts/keys.h"
#include "kb/condition.h"

namespace netdoctor::engine {
namespace {

class ScopeLookup : public kb::FactLookup {
 public:
  ScopeLookup(const facts::FactSet* node, const facts::FactSet& cluster)
      : node_(node), cluster_(cluster) {}
  const facts::Fact* Get(std::string_view key) const override {
    if (facts::keys::IsNodeKey(key)) return node_ ? node_->Get(key) : nullptr;
    return cluster_.Get(key);
  }

 private:
  const facts::FactSet* node_;
  const facts::FactSet& cluster_;
};

Verdict ToVerdict(Tri t) {
  return t == Tri::kTrue ? Verdict::kAffected : t == Tri::kFalse ? Verdict::kNotAffected
                                                                 : Verdict::kPossiblyAffected;
}

std::vector<Evidence> ToEvidence(const std::vector<kb::FactUse>& uses) {
  std::vector<Evidence> out;
  for (const auto& u : uses) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Evidence& e) { return e.fact == u.key; });
    if (it != out.end()) {
      it->decisive = it->decisive || u.decisive;
      if (!u.note.empty() && it->reason.find(u.note) == std::string::npos) {
        it->reason += it->reason.empty() ? u.note : "; " + u.note;
      }
      continue;
    }
    Evidence e;
    e.fact = u.key;
    e.decisive = u.decisive;
    if (u.fact) {
      e.known = u.fact->known();
      if (e.known) e.value = EvidenceValue(*u.fact->value);
      e.source = u.fact->source;
      e.origin = u.fact->origin;
      e.reason = e.known ? u.note : u.fact->unknown_reason;
    } else {
      e.reason = "not collected by any input";
      e.origin = facts::Origin::kMissing;
    }
    if (!e.known && !u.note.empty() && u.fact) e.reason += "; " + u.note;
    if (e.known && !u.note.empty()) e.reason = u.note;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::vector<std::string>> FillFix(const kb::Issue& issue, const FindingScope& scope,
                                              const facts::FactSet* node,
                                              const facts::FactSet& cluster) {
  std::vector<std::vector<std::string>> out;
  out.reserve(issue.fix.size());
  for (const auto& step : issue.fix) {
    std::vector<std::string> cmds;
    cmds.reserve(step.commands.size());
    for (const auto& c : step.commands) cmds.push_back(FillPlaceholders(c, scope, node, cluster));
    out.push_back(std::move(cmds));
  }
  return out;
}

// Folds one evaluated scope: a not-listed verdict is only counted, so a not-affected node costs
// no evidence, no strings and no memory. An undecided result the inputs never examined is
// not-examined: its variant keeps what is missing and which inputs would cover it.
void FoldOne(GroupFolder& folder, const CoverageJudge& judge, const kb::Issue& issue,
             FindingScope scope, const kb::EvalResult& r, const std::vector<kb::FactUse>& uses,
             const facts::FactSet* node, const facts::FactSet& cluster,
             const Evidence* extra = nullptr) {
  Verdict v = ToVerdict(r.value);
  if (v == Verdict::kPossiblyAffected) {
    const bool node_scope = scope.kind == ScopeKind::kNode;
    if (auto why = judge.Judge(issue, node_scope ? node : nullptr,
                               node_scope ? std::string_view(scope.name) : std::string_view(),
                               r.missing)) {
      std::vector<Evidence> evidence;
      if (why->absent) evidence.push_back(std::move(*why->absent));
      if (!folder.Lists(Verdict::kNotExamined)) {
        folder.CountNotExamined(std::move(evidence), std::move(why->uncovered), why->needs);
        return;
      }
      auto fix = FillFix(issue, scope, node, cluster);
      folder.Add(std::move(scope), Verdict::kNotExamined, std::move(evidence),
                 std::move(why->uncovered), std::move(fix), why->needs);
      return;
    }
  }
  if (!folder.Lists(v)) {
    folder.Count(v);
    return;
  }
  std::vector<Evidence> evidence = ToEvidence(uses);
  if (extra) evidence.push_back(*extra);
  std::vector<std::string> missing;
  if (v == Verdict::kPossiblyAffected) missing = r.missing;
  auto fix = FillFix(issue, scope, node, cluster);
  folder.Add(std::move(scope), v, std::move(evidence), std::move(missing), std::move(fix));
}

}  // namespace

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kAffected: return "affected";
    case Verdict::kPossiblyAffected: return "possibly-affected";
    case Verdict::kNotExamined: return "not-examined";
    case Verdict::kNotAffected: return "not-affected";
  }
  return "not-affected";
}

std::string EvidenceValue(const facts::Value& v) {
  if (const auto* refs = std::get_if<std::vector<facts::ObjectRef>>(&v);
      refs && refs->size() > kMaxEvidenceListItems) {
    std::vector<facts::ObjectRef> head;
    head.reserve(kMaxEvidenceListItems);
    for (std::size_t i = 0; i < kMaxEvidenceListItems; ++i) {
      const facts::ObjectRef& r = (*refs)[i];
      head.push_back(facts::ObjectRef{r.kind, r.namespace_, r.name, {}, {}, {}});
    }
    std::string out = facts::ValueToString(head);
    out.pop_back();  // "]"
    return out + ", … +" + std::to_string(refs->size() - kMaxEvidenceListItems) + " more]";
  }
  if (const auto* list = std::get_if<std::vector<std::string>>(&v);
      list && list->size() > kMaxEvidenceListItems) {
    std::vector<std::string> head(list->begin(),
                                  list->begin() + static_cast<std::ptrdiff_t>(kMaxEvidenceListItems));
    std::string out = facts::ValueToString(head);
    out.pop_back();
    return out + ", … +" + std::to_string(list->size() - kMaxEvidenceListItems) + " more]";
  }
  return facts::ValueToString(v);
}

std::string_view ScopeKindName(ScopeKind k) {
  switch (k) {
    case ScopeKind::kNode: return "node";
    case ScopeKind::kCluster: return "cluster";
    case ScopeKind::kObject: return "object";
  }
  return "cluster";
}

std::string FindingScope::Key() const {
  switch (kind) {
    case ScopeKind::kNode: return "node/" + name;
    case ScopeKind::kCluster: return "cluster";
    case ScopeKind::kObject: return namespace_.empty() ? "object/" + name : "object/" + namespace_ + "/" + name;
  }
  return "cluster";
}

// FillPlaceholders: engine/fix_fill.cpp.

Findings Evaluate(const std::vector<const kb::Issue*>& issues, const facts::Snapshot& snap,
                  const EvaluateOptions& options) {
  Findings out;
  out.groups.reserve(issues.size());
  static const facts::FactSet kEmpty;
  std::vector<kb::FactUse> uses;  // reused across scopes
  const CoverageJudge judge(snap);
  for (const kb::Issue* issue : issues) {
    if (issue->kind != kb::IssueKind::kCheck || !issue->condition) continue;
    GroupFolder folder(*issue, options.keep_not_affected);
    switch (issue->scope) {
      case kb::IssueScope::kNode: {
        auto eval_node = [&](const std::string& name, const facts::FactSet* node) {
          ScopeLookup lookup(node, snap.cluster);
          uses.clear();
          auto r = kb::Evaluate(*issue->condition, lookup, uses);
          FoldOne(folder, judge, *issue, FindingScope{ScopeKind::kNode, name, "", "", name}, r, uses, node,
                  snap.cluster);
        };
        if (snap.nodes.empty()) {
          eval_node("<unknown>", &kEmpty);
        } else {
          for (const auto& [name, set] : snap.nodes) {
            if (options.include_scope &&
                !options.include_scope(FindingScope{ScopeKind::kNode, name, "", "", name})) {
              continue;
            }
            eval_node(name, &set);
          }
        }
        break;
      }
      case kb::IssueScope::kCluster:
      case kb::IssueScope::kNone: {
        ScopeLookup lookup(nullptr, snap.cluster);
        uses.clear();
        auto r = kb::Evaluate(*issue->condition, lookup, uses);
        FoldOne(folder, judge, *issue, FindingScope{}, r, uses, nullptr, snap.cluster);
        break;
      }
      case kb::IssueScope::kObject: {
        ScopeLookup lookup(nullptr, snap.cluster);
        uses.clear();
        auto r = kb::Evaluate(*issue->condition, lookup, uses);
        const facts::Fact* objs = snap.cluster.Get(issue->objects_fact);
        const auto* list = objs && objs->known()
                               ? std::get_if<std::vector<facts::ObjectRef>>(&*objs->value)
                               : nullptr;
        // An object-scope entry hits objects: with none listed it cannot be affected, and with the
        // list unknown it cannot be more than possibly affected.
        if (list && list->empty()) {
          r.value = Tri::kFalse;
          r.missing.clear();
        } else if (!list && r.value == Tri::kTrue) {
          r.value = Tri::kUnknown;
          r.missing.push_back(issue->objects_fact);
        }
        // One scope per object when the entry may apply to them; otherwise one cluster-level
        // scope that says why not (or what is missing).
        if (list && !list->empty() && r.value != Tri::kFalse) {
          // The object's own detail is evidence under one name for every object, so objects
          // with the same detail (e.g. every Pod sharing one IP) share one variant.
          const std::string detail_fact = issue->objects_fact + "[object]";
          for (const auto& o : *list) {
            FindingScope scope{ScopeKind::kObject, o.name, o.namespace_, o.kind, o.node};
            if (options.include_scope && !options.include_scope(scope)) continue;
            if (o.detail.empty()) {
              FoldOne(folder, judge, *issue, std::move(scope), r, uses, nullptr, snap.cluster);
            } else {
              const Evidence detail{detail_fact, true, o.detail, "", objs->source, objs->origin};
              FoldOne(folder, judge, *issue, std::move(scope), r, uses, nullptr, snap.cluster, &detail);
            }
          }
        } else {
          FoldOne(folder, judge, *issue, FindingScope{}, r, uses, nullptr, snap.cluster);
        }
        break;
      }
    }
    out.groups.push_back(std::move(folder).Finish());
  }
  return out;
}

}  // namespace netdoctor::engine

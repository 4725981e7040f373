// SPDX-License-Identifier: Apache-2.0
#include "report/view.h"

#include "engine/fix_fill.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "facts/fact.h"
#include "facts/catalog.h"
#include "report/labels.h"
#include "report/text_layout.h"

namespace netdoctor::report {
namespace {

std::size_t StatusRank(engine::Verdict s) { return engine::VerdictIndex(s); }


// Identity of a piece of evidence within one fact. The source is left out on purpose: node
// facts name their node in the source ("Node node-a status.nodeInfo.kernelVersion"), which would
// otherwise split every node into its own row.
std::string EvidenceKey(const engine::Evidence& e) {
  std::string key;
  key.reserve(e.value.size() + e.reason.size() + 8);
  key += e.known ? 'k' : 'u';
  key += e.decisive ? 'd' : 'r';
  key += static_cast<char>('0' + static_cast<int>(e.origin));
  key += std::to_string(e.value.size());
  key += ':';
  key += e.value;
  key += e.reason;
  return key;
}

}  // namespace

const std::string& Localized(const kb::LocalText& t, std::string_view lang) {
  const std::string& text = t.Get(lang);
  return text.empty() ? t.en : text;
}

const std::vector<std::string>& Localized(const kb::LocalList& t, std::string_view lang) {
  const std::vector<std::string>& list = t.Get(lang);
  return list.empty() ? t.en : list;
}

std::string WithThousands(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string NodesReportedText(const facts::Snapshot& snap, std::string_view lang) {
  if (!snap.node_reports) return {};
  const facts::NodeReportCoverage& c = *snap.node_reports;
  std::string text = fmt::format(fmt::runtime(Tr(Label::kNodesReportedFmt, lang)),
                                 WithThousands(c.reported), WithThousands(c.nodes));
  if (c.stale > 0) {
    text += std::string(lang == "zh" ? "，" : ", ") +
            fmt::format(fmt::runtime(Tr(Label::kStaleReportsFmt, lang)), WithThousands(c.stale));
  }
  return text;
}

StatusCounts CountStatuses(const engine::Findings& findings) {
  StatusCounts counts;
  for (const engine::Group& g : findings.groups) {
    if (g.issue == nullptr) continue;
    counts.affected += g.count(engine::Verdict::kAffected);
    counts.possibly_affected += g.count(engine::Verdict::kPossiblyAffected);
    counts.not_affected += g.count(engine::Verdict::kNotAffected);
    counts.not_examined += g.count(engine::Verdict::kNotExamined);
  }
  return counts;
}

std::vector<Block> GroupByEntry(const engine::Findings& findings) {
  std::vector<Block> blocks;
  for (const engine::Group& g : findings.groups) {
    // The engine promises a non-null issue; a group without one cannot be named, so it is left
    // out rather than crashing the report.
    if (g.issue == nullptr) continue;
    for (std::size_t v = 0; v < engine::kVerdictCount; ++v) {  // worst first, however many
      const auto status = static_cast<engine::Verdict>(v);
      if (g.count(status) == 0) continue;
      Block block{g.issue, &g, status, g.count(status), {}, g.total()};
      for (const engine::ScopeResult& s : g.scopes) {
        if (s.verdict == status) block.scopes.push_back(&s);
      }
      blocks.push_back(std::move(block));
    }
  }
  return blocks;
}

std::vector<Block> OrderForPeople(const engine::Findings& findings, bool include_not_affected) {
  std::vector<Block> blocks = GroupByEntry(findings);
  if (!include_not_affected) {
    std::erase_if(blocks, [](const Block& b) {
      return b.status == engine::Verdict::kNotAffected || b.status == engine::Verdict::kNotExamined;
    });
  }
  // Stable: entries keep their knowledge-base order inside each (severity, status) bucket.
  std::stable_sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) {
    const auto sa = static_cast<int>(a.issue->severity);
    const auto sb = static_cast<int>(b.issue->severity);
    if (sa != sb) return sa < sb;
    return StatusRank(a.status) < StatusRank(b.status);
  });
  return blocks;
}

bool AnyEvidence(const std::vector<EvidenceFact>& facts, bool decisive) {
  for (const EvidenceFact& ef : facts) {
    for (const EvidenceRow& row : ef.rows) {
      if (row.evidence->decisive == decisive) return true;
    }
  }
  return false;
}

std::vector<EvidenceFact> AggregateEvidence(const Block& block) {
  struct FactRows {
    EvidenceFact out;
    std::unordered_map<std::string, std::size_t> row_index;
  };
  std::vector<FactRows> facts;
  std::unordered_map<std::string, std::size_t> fact_index;
  for (const engine::Variant& var : block.group->variants) {
    if (var.verdict != block.status) continue;
    for (const engine::Evidence& e : var.evidence) {
      auto [fit, fact_new] = fact_index.try_emplace(e.fact, facts.size());
      if (fact_new) {
        facts.emplace_back();
        facts.back().out.fact = e.fact;
      }
      FactRows& fr = facts[fit->second];
      auto [rit, row_new] = fr.row_index.try_emplace(EvidenceKey(e), fr.out.rows.size());
      if (row_new) {
        fr.out.rows.push_back(EvidenceRow{&e, var.scopes, e.sources_vary});
        continue;
      }
      // A variant names each fact once, so its scopes are new to this row.
      EvidenceRow& row = fr.out.rows[rit->second];
      if (e.sources_vary || row.evidence->source != e.source) row.sources_vary = true;
      row.scopes += var.scopes;
    }
  }
  std::vector<EvidenceFact> out;
  out.reserve(facts.size());
  for (FactRows& fr : facts) {
    EvidenceFact ef = std::move(fr.out);
    std::stable_sort(
        ef.rows.begin(), ef.rows.end(),
        [](const EvidenceRow& a, const EvidenceRow& b) { return a.scopes > b.scopes; });
    if (ef.rows.size() > kMaxValuesPerFact) {
      for (std::size_t i = kMaxValuesPerFact; i < ef.rows.size(); ++i) {
        ef.hidden_scopes += ef.rows[i].scopes;
      }
      ef.hidden_rows = ef.rows.size() - kMaxValuesPerFact;
      ef.rows.resize(kMaxValuesPerFact);
    }
    out.push_back(std::move(ef));
  }
  return out;
}

std::vector<std::string> UnionMissing(const Block& block) {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;
  for (const engine::Variant& var : block.group->variants) {
    if (var.verdict != block.status) continue;
    for (const std::string& m : var.missing) {
      if (seen.insert(m).second) out.push_back(m);
    }
  }
  return out;
}

std::vector<std::string> StepCommands(const engine::Group& g, engine::Verdict v,
                                             std::size_t step) {
  const engine::FixFill& fill = g.fix[engine::VerdictIndex(v)];
  if (step < fill.commands.size()) return fill.commands[step];
  return engine::DisplayCommands(g.issue->fix[step]);  // no scope to fill them for
}

FixView FixFor(const Block& block, std::string_view lang) {
  FixView view;
  const std::vector<kb::FixStep>& steps = block.issue->fix;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    view.steps.push_back(
        FixStepView{Localized(steps[i].title, lang), StepCommands(*block.group, block.status, i)});
  }
  view.varies = block.group->fix[engine::VerdictIndex(block.status)].varies;
  if (!block.scopes.empty()) view.shown_for = ScopeDisplayName(block.scopes.front()->scope, lang);
  return view;
}

std::string ScopeDisplayName(const engine::FindingScope& scope, std::string_view lang) {
  switch (scope.kind) {
    case engine::ScopeKind::kNode:
      return scope.name;
    case engine::ScopeKind::kCluster:
      return std::string(Tr(Label::kCluster, lang));
    case engine::ScopeKind::kObject: {
      std::string out;
      if (!scope.object_kind.empty()) out = scope.object_kind + " ";
      if (!scope.namespace_.empty()) out += scope.namespace_ + "/";
      return out + scope.name;
    }
  }
  return scope.name;
}

std::string_view ScopeNoun(const Block& block, std::size_t count, std::string_view lang) {
  bool all_nodes = true;
  bool all_objects = true;
  for (const engine::ScopeResult* s : block.scopes) {
    all_nodes = all_nodes && s->scope.kind == engine::ScopeKind::kNode;
    all_objects = all_objects && s->scope.kind == engine::ScopeKind::kObject;
  }
  // Only counted (not listed): node-scope entries are the only ones with many scopes.
  if (block.scopes.empty()) all_objects = block.issue->scope == kb::IssueScope::kObject;
  if (block.scopes.empty()) all_nodes = block.issue->scope == kb::IssueScope::kNode;
  const bool one = count == 1;
  if (all_nodes) return Tr(one ? Label::kNodesOne : Label::kNodes, lang);
  if (all_objects) return Tr(one ? Label::kObjectsOne : Label::kObjects, lang);
  return Tr(one ? Label::kScopesOne : Label::kScopes, lang);
}

std::string WhereLine(const Block& block, std::string_view lang, std::size_t max_width) {
  const std::size_t n = block.count;
  if (n == 0) return {};
  if (n == 1 && block.total_scopes <= 1 && !block.scopes.empty()) {
    const engine::FindingScope& scope = block.scopes.front()->scope;
    switch (scope.kind) {
      case engine::ScopeKind::kNode:
        return fmt::format("{} {}", Tr(Label::kNode, lang), scope.name);
      case engine::ScopeKind::kCluster:
        return std::string(Tr(Label::kCluster, lang));
      case engine::ScopeKind::kObject: {
        std::string out = ScopeDisplayName(scope, lang);
        if (!scope.node.empty()) {
          out += Paren(fmt::format("{} {}", Tr(Label::kNode, lang), scope.node), lang);
        }
        return out;
      }
    }
  }
  const bool nodes = block.scopes.empty()
                         ? block.issue->scope == kb::IssueScope::kNode
                         : block.scopes.front()->scope.kind == engine::ScopeKind::kNode;
  // "N of M" when it says something: always for nodes (how much of the cluster), for objects only
  // when some of the entry's objects are in another status.
  std::string out = (nodes || block.total_scopes != n)
                        ? fmt::format(fmt::runtime(Tr(Label::kCountOfTotalFmt, lang)),
                                      WithThousands(n), WithThousands(block.total_scopes),
                                      ScopeNoun(block, block.total_scopes, lang))
                        : fmt::format(fmt::runtime(Tr(Label::kCountFmt, lang)), WithThousands(n),
                                      ScopeNoun(block, n, lang));
  if (nodes && block.status == engine::Verdict::kAffected) out += KernelRangeQualifier(*block.issue, lang);
  if (block.scopes.empty()) return out;  // counted only (not-affected, not kept by the engine)
  out += Colon(lang);
  // As many names as fit (at most kMaxListedScopes), then "… +N" for the rest.
  std::size_t listed = std::min(block.scopes.size(), kMaxListedScopes);
  for (;; --listed) {
    if (listed == 0) return out.substr(0, out.size() - Colon(lang).size());  // only the count fits
    std::string names;
    for (std::size_t i = 0; i < listed; ++i) {
      if (i > 0) names += ", ";
      names += ScopeDisplayName(block.scopes[i]->scope, lang);
    }
    if (n > listed) names += ", … +" + WithThousands(n - listed);
    if (max_width == 0 || DisplayWidth(out) + DisplayWidth(names) <= max_width) return out + names;
  }
}

SettleInput SettleInputOf(const Block& block) {
  using facts::Producer;
  bool host = false, objects = false, derived = false, knowledge = false;
  for (const std::string& key : UnionMissing(block)) {
    // A missing fact that is known waits for knowledge (a distro's backport status), not for
    // an input: it must not send the reader to collect host facts or objects again.
    bool known = false;
    for (const engine::Variant& var : block.group->variants) {
      if (var.verdict != block.status) continue;
      for (const engine::Evidence& e : var.evidence) known = known || (e.fact == key && e.known);
    }
    if (known) {
      knowledge = true;
      continue;
    }
    const facts::FactSpec* spec = facts::FindFact(key);
    if (spec == nullptr) continue;
    const facts::Producers p = spec->producers;
    host |= p.Has(Producer::kLive) || p.Has(Producer::kHostRoot) || p.Has(Producer::kSos);
    objects |= p.Has(Producer::kDump) || p.Has(Producer::kApi);
    derived |= p.Has(Producer::kDerived);
  }
  if (host && objects) return SettleInput::kHostOrObjects;
  if (host) return SettleInput::kHost;
  if (objects) return SettleInput::kObjects;
  if (derived) return SettleInput::kDerived;
  return knowledge ? SettleInput::kKnowledge : SettleInput::kNone;
}

}  // namespace netdoctor::report

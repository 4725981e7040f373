// SPDX-License-Identifier: Apache-2.0
#include "report/view.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "facts/fact.h"
#include "report/labels.h"

namespace netdoctor::report {
namespace {

std::size_t StatusRank(engine::Status s) {
  switch (s) {
    case engine::Status::kAffected:
      return 0;
    case engine::Status::kPossiblyAffected:
      return 1;
    case engine::Status::kNotAffected:
      return 2;
  }
  return 2;
}

constexpr std::array<engine::Status, 3> kStatusOrder{
    engine::Status::kAffected, engine::Status::kPossiblyAffected, engine::Status::kNotAffected};

// Identity of a piece of evidence within one fact. The source is left out on purpose: node
// facts name their node in the source ("Node node-a status.nodeInfo.kernelVersion"), which would
// otherwise split every node into its own row.
std::string EvidenceKey(const engine::Evidence& e) {
  std::string key;
  key.reserve(e.value.size() + e.reason.size() + 8);
  key += e.known ? 'k' : 'u';
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
  for (const engine::Finding& f : findings.items) {
    if (f.issue == nullptr) continue;
    switch (f.status) {
      case engine::Status::kAffected:
        ++counts.affected;
        break;
      case engine::Status::kPossiblyAffected:
        ++counts.possibly_affected;
        break;
      case engine::Status::kNotAffected:
        ++counts.not_affected;
        break;
    }
  }
  return counts;
}

std::vector<Block> GroupByEntry(const engine::Findings& findings) {
  struct Entry {
    const kb::Issue* issue;
    std::array<std::vector<const engine::Finding*>, 3> by_status;
    std::size_t total = 0;
  };
  std::vector<Entry> entries;
  std::unordered_map<const kb::Issue*, std::size_t> index;
  for (const engine::Finding& f : findings.items) {
    // The engine promises a non-null issue; a finding without one cannot be named, so it is left
    // out rather than crashing the report.
    if (f.issue == nullptr) continue;
    auto [it, inserted] = index.try_emplace(f.issue, entries.size());
    if (inserted) entries.push_back(Entry{f.issue, {}, 0});
    Entry& entry = entries[it->second];
    entry.by_status[StatusRank(f.status)].push_back(&f);
    ++entry.total;
  }
  std::vector<Block> blocks;
  for (Entry& entry : entries) {
    for (engine::Status status : kStatusOrder) {
      auto& list = entry.by_status[StatusRank(status)];
      if (list.empty()) continue;
      blocks.push_back(Block{entry.issue, status, std::move(list), entry.total});
    }
  }
  return blocks;
}

std::vector<Block> OrderForPeople(const engine::Findings& findings, bool include_not_affected) {
  std::vector<Block> blocks = GroupByEntry(findings);
  if (!include_not_affected) {
    std::erase_if(blocks, [](const Block& b) { return b.status == engine::Status::kNotAffected; });
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

std::vector<EvidenceFact> AggregateEvidence(const Block& block) {
  struct FactRows {
    EvidenceFact out;
    std::unordered_map<std::string, std::size_t> row_index;
    std::vector<std::size_t> last_finding;  // per row: last finding counted, to count scopes once
  };
  std::vector<FactRows> facts;
  std::unordered_map<std::string, std::size_t> fact_index;
  for (std::size_t fi = 0; fi < block.findings.size(); ++fi) {
    for (const engine::Evidence& e : block.findings[fi]->evidence) {
      auto [fit, fact_new] = fact_index.try_emplace(e.fact, facts.size());
      if (fact_new) {
        facts.emplace_back();
        facts.back().out.fact = e.fact;
      }
      FactRows& fr = facts[fit->second];
      auto [rit, row_new] = fr.row_index.try_emplace(EvidenceKey(e), fr.out.rows.size());
      if (row_new) {
        fr.out.rows.push_back(EvidenceRow{&e, 1, false});
        fr.last_finding.push_back(fi);
        continue;
      }
      EvidenceRow& row = fr.out.rows[rit->second];
      if (row.evidence->source != e.source) row.sources_vary = true;
      if (fr.last_finding[rit->second] != fi) {
        fr.last_finding[rit->second] = fi;
        ++row.scopes;
      }
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
  for (const engine::Finding* f : block.findings) {
    for (const std::string& m : f->missing) {
      if (seen.insert(m).second) out.push_back(m);
    }
  }
  return out;
}

const std::vector<std::string>& StepCommands(const engine::Finding& f, std::size_t step) {
  if (step < f.fix_commands.size()) return f.fix_commands[step];
  return f.issue->fix[step].commands;
}

FixView FixFor(const Block& block, std::string_view lang) {
  FixView view;
  if (block.findings.empty()) return view;
  const engine::Finding& first = *block.findings.front();
  const std::vector<kb::FixStep>& steps = block.issue->fix;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    view.steps.push_back(FixStepView{Localized(steps[i].title, lang), StepCommands(first, i)});
  }
  for (std::size_t fi = 1; fi < block.findings.size() && !view.varies; ++fi) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (StepCommands(*block.findings[fi], i) != view.steps[i].commands) {
        view.varies = true;
        break;
      }
    }
  }
  view.shown_for = ScopeDisplayName(first.scope, lang);
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
  for (const engine::Finding* f : block.findings) {
    all_nodes = all_nodes && f->scope.kind == engine::ScopeKind::kNode;
    all_objects = all_objects && f->scope.kind == engine::ScopeKind::kObject;
  }
  const bool one = count == 1;
  if (all_nodes) return Tr(one ? Label::kNodesOne : Label::kNodes, lang);
  if (all_objects) return Tr(one ? Label::kObjectsOne : Label::kObjects, lang);
  return Tr(one ? Label::kScopesOne : Label::kScopes, lang);
}

std::string WhereLine(const Block& block, std::string_view lang) {
  const std::size_t n = block.findings.size();
  if (n == 0) return {};
  if (n == 1 && block.total_scopes <= 1) {
    const engine::FindingScope& scope = block.findings.front()->scope;
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
  const bool nodes = block.findings.front()->scope.kind == engine::ScopeKind::kNode;
  // "N of M" when it says something: always for nodes (how much of the cluster), for objects only
  // when some of the entry's objects are in another status.
  std::string out = (nodes || block.total_scopes != n)
                        ? fmt::format(fmt::runtime(Tr(Label::kCountOfTotalFmt, lang)),
                                      WithThousands(n), WithThousands(block.total_scopes),
                                      ScopeNoun(block, block.total_scopes, lang))
                        : fmt::format(fmt::runtime(Tr(Label::kCountFmt, lang)), WithThousands(n),
                                      ScopeNoun(block, n, lang));
  out += Colon(lang);
  const std::size_t listed = std::min(n, kMaxListedScopes);
  for (std::size_t i = 0; i < listed; ++i) {
    if (i > 0) out += ", ";
    out += ScopeDisplayName(block.findings[i]->scope, lang);
  }
  if (n > listed) out += ", … +" + WithThousands(n - listed);
  return out;
}

}  // namespace netdoctor::report

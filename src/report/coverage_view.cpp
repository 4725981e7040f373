// SPDX-License-Identifier: Apache-2.0
#include "report/coverage_view.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/labels.h"
#include "report/view.h"

namespace netdoctor::report {

namespace {

// Needs that read the same to people share a line: running on the node covers a host root.
std::uint16_t LineKey(facts::Producers needs) {
  std::uint16_t bits = needs.bits();
  if (needs.Has(facts::Producer::kLive)) bits |= static_cast<std::uint16_t>(facts::Producer::kHostRoot);
  return bits;
}

}  // namespace

std::vector<NotExaminedLine> NotExaminedLines(const engine::Findings& findings) {
  std::vector<NotExaminedLine> lines;
  for (const engine::Group& g : findings.groups) {
    if (g.issue == nullptr || g.count(engine::Verdict::kNotExamined) == 0) continue;
    const bool node_scope = g.issue->scope == kb::IssueScope::kNode;
    for (const engine::Variant& v : g.variants) {
      if (v.verdict != engine::Verdict::kNotExamined) continue;
      std::string absent_fact, absent_value;
      if (v.needs.empty() && !v.evidence.empty()) {
        absent_fact = v.evidence.front().fact;
        absent_value = v.evidence.front().value;
      }
      auto it = std::find_if(lines.begin(), lines.end(), [&](const NotExaminedLine& l) {
        return l.node_scope == node_scope && LineKey(l.needs) == LineKey(v.needs) &&
               l.absent_fact == absent_fact &&
               l.absent_value == absent_value;
      });
      if (it == lines.end()) {
        lines.push_back(NotExaminedLine{node_scope, v.needs, absent_fact, absent_value, {}, 0, 0});
        it = lines.end() - 1;
      }
      it->needs = it->needs | v.needs;
      if (it->ids.empty() || it->ids.back() != g.issue->id) it->ids.push_back(g.issue->id);
      it->scopes += v.scopes;
      if (node_scope) it->nodes = std::max(it->nodes, v.scopes);
    }
  }
  return lines;
}

std::string InputsToAdd(facts::Producers needs, std::string_view lang) {
  std::vector<std::string_view> parts;
  // Running on the node (or its agent) covers what a host root would; a sos report stays worth
  // naming, it is how a node's state often reaches whoever reads the report.
  const bool live = needs.Has(facts::Producer::kLive);
  if (live) parts.push_back(Tr(Label::kActionLive, lang));
  if (!live && needs.Has(facts::Producer::kHostRoot)) parts.push_back(Tr(Label::kActionHostRoot, lang));
  if (needs.Has(facts::Producer::kSos)) parts.push_back(Tr(Label::kActionSos, lang));
  if (needs.Has(facts::Producer::kApi)) parts.push_back(Tr(Label::kActionApi, lang));
  if (needs.Has(facts::Producer::kDump)) parts.push_back(Tr(Label::kActionDump, lang));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += Tr(Label::kActionOr, lang);
    out += parts[i];
  }
  return out;
}

std::string SettleAction(const engine::Variant& v, std::string_view fact, std::string_view lang) {
  for (const engine::Evidence& e : v.evidence) {
    if (e.fact == fact && e.known) return std::string(Tr(Label::kSettleKnowledge, lang));
  }
  const facts::FactSpec* spec = facts::FindFact(fact);
  if (spec == nullptr) return {};
  if (lang == "zh" && !spec->action_zh.empty()) return std::string(spec->action_zh);
  if (!spec->action.empty()) return std::string(spec->action);
  const auto inputs = facts::Producers::FromBits(static_cast<std::uint16_t>(
      spec->producers.bits() &
      ~(facts::Producers(facts::Producer::kDerived) | facts::Producer::kPlan).bits()));
  return InputsToAdd(inputs, lang);
}

std::vector<std::pair<std::string, std::string>> SettleList(const Block& block, std::string_view lang) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& fact : UnionMissing(block)) {
    std::string action;
    for (const engine::Variant& v : block.group->variants) {
      if (v.verdict != block.status) continue;
      if (std::find(v.missing.begin(), v.missing.end(), fact) == v.missing.end()) continue;
      action = SettleAction(v, fact, lang);
      break;
    }
    out.emplace_back(fact, std::move(action));
  }
  return out;
}

std::string NotExaminedSentence(const NotExaminedLine& line, std::string_view lang) {
  const std::string what =
      line.absent_fact.empty()
          ? InputsToAdd(line.needs, lang)
          : fmt::format(fmt::runtime(Tr(Label::kAbsentFmt, lang)), line.absent_fact, line.absent_value);
  const std::string on_nodes =
      line.node_scope && line.nodes > 1
          ? fmt::format(fmt::runtime(Tr(Label::kOnNodesFmt, lang)), WithThousands(line.nodes))
          : std::string();
  return fmt::format(fmt::runtime(Tr(Label::kNotExaminedFmt, lang)), WithThousands(line.ids.size()),
                     Tr(line.node_scope ? Label::kNode : Label::kCluster, lang), on_nodes, what);
}

}  // namespace netdoctor::report

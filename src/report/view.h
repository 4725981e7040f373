// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/issue.h"

// The layout model shared by the text, markdown and JSON reporters: how findings are grouped,
// ordered, counted and summarised. Renderers only decide how it looks.
namespace netdoctor::report {

/// At most this many scope names are listed in a group line before "… +N".
inline constexpr std::size_t kMaxListedScopes = 10;
/// At most this many distinct values per fact are shown for a group before "… +N more values".
inline constexpr std::size_t kMaxValuesPerFact = 5;

/// `t` in `lang`, falling back to English when the translation is empty.
const std::string& Localized(const kb::LocalText& t, std::string_view lang);
const std::vector<std::string>& Localized(const kb::LocalList& t, std::string_view lang);

/// 1200 -> "1,200".
std::string WithThousands(std::size_t n);

/// "1 of 3 nodes reported (NodeReport), 1 stale" when the input looked for NodeReports; "".
std::string NodesReportedText(const facts::Snapshot& snap, std::string_view lang);

struct StatusCounts {
  std::size_t affected = 0;
  std::size_t possibly_affected = 0;
  std::size_t not_affected = 0;
  std::size_t not_examined = 0;
};
/// Scopes per verdict over every group.
StatusCounts CountStatuses(const engine::Findings& findings);

/// One entry's scopes of one verdict: a block of the text/markdown report.
struct Block {
  const kb::Issue* issue = nullptr;
  const engine::Group* group = nullptr;
  engine::Verdict status = engine::Verdict::kNotAffected;
  std::size_t count = 0;                           // scopes with this verdict; never 0
  std::vector<const engine::ScopeResult*> scopes;  // the listed ones, evaluation order
  std::size_t total_scopes = 0;                    // scopes of this entry in any verdict
};

/// One block per (entry, verdict) present, entries in knowledge-base order, verdicts in the
/// order affected, possibly-affected, not-affected. Groups whose issue is null are skipped.
std::vector<Block> GroupByEntry(const engine::Findings& findings);

/// The blocks people read, in reading order: severity critical → info; inside a severity every
/// affected block, then possibly-affected ones, then (only with include_not_affected)
/// not-examined and not-affected ones; inside those, the entries' order of first appearance.
/// Without include_not_affected, not-examined entries are summarised by NotExaminedLines
/// (report/coverage_view.h) instead.
std::vector<Block> OrderForPeople(const engine::Findings& findings, bool include_not_affected);

/// One distinct piece of evidence within a block, with how many of its scopes share it.
struct EvidenceRow {
  const engine::Evidence* evidence = nullptr;  // the first one seen
  std::size_t scopes = 0;                      // scopes of the block that have it
  bool sources_vary = false;                   // same fact/value, different source text
};

/// The evidence of a block for one fact: its distinct values, most common first.
struct EvidenceFact {
  std::string fact;
  std::vector<EvidenceRow> rows;  // at most kMaxValuesPerFact
  std::size_t hidden_rows = 0;    // distinct values not shown
  std::size_t hidden_scopes = 0;  // scopes those hidden values cover
};

/// The evidence of the block's variants, merged: facts in order of first appearance, and per
/// fact its distinct (known, value, reason, origin) rows with the scopes that hold them.
std::vector<EvidenceFact> AggregateEvidence(const Block& block);

/// Some row of `facts` decided the verdict (decisive) or was only read (!decisive): whether the
/// evidence list or the "also read" list has anything to show.
bool AnyEvidence(const std::vector<EvidenceFact>& facts, bool decisive);

/// Walks the rows of `facts` of one kind (decisive or only read): on_row(row) for each, then
/// on_hidden(fact) for a fact that showed a row here and has distinct values left out.
template <class OnRow, class OnHidden>
void ForEachEvidenceRow(const std::vector<EvidenceFact>& facts, bool decisive, OnRow on_row, OnHidden on_hidden) {
  for (const EvidenceFact& ef : facts) {
    bool shown = false;
    for (const EvidenceRow& row : ef.rows) {
      if (row.evidence->decisive != decisive) continue;
      shown = true;
      on_row(row);
    }
    if (shown && ef.hidden_rows > 0) on_hidden(ef);
  }
}

/// Missing facts of the block's variants, without repeats, in order of first appearance.
std::vector<std::string> UnionMissing(const Block& block);

/// The fix steps of a block: titles in `lang` and commands with placeholders filled in.
struct FixStepView {
  std::string title;
  std::vector<std::string> commands;
};
struct FixView {
  std::vector<FixStepView> steps;
  /// The filled-in commands differ between the block's scopes; `steps` holds the first scope's.
  bool varies = false;
  std::string shown_for;  // display name of the scope the commands were filled in for
};
FixView FixFor(const Block& block, std::string_view lang);

/// The commands of step `step` for a verdict of a group: engine-filled when present, else the
/// KB's own.
std::vector<std::string> StepCommands(const engine::Group& g, engine::Verdict v,
                                             std::size_t step);

/// How a scope is named in lists: "node-a", "Service default/web", "cluster".
std::string ScopeDisplayName(const engine::FindingScope& scope, std::string_view lang);

/// "Where" of a block: "node node-a", "cluster", "Service default/web (node node-a)",
/// "412 of 1,200 nodes: a, b, … +402", "3 objects: Service default/a, …".
/// With max_width > 0, as many names as fit in that many columns.
std::string WhereLine(const Block& block, std::string_view lang, std::size_t max_width = 0);

/// What kind of input would settle an undecided block, from the producers of its missing facts
/// in the fact catalogue: host files, cluster objects, either, only derivations, or nothing.
/// kKnowledge: every missing fact is known and no input settles it — the knowledge base cannot
/// place its value (no backport data for that distro line).
enum class SettleInput { kHost, kObjects, kHostOrObjects, kDerived, kKnowledge, kNone };
SettleInput SettleInputOf(const Block& block);

/// Noun for `count` of a block's scopes ("node", "nodes", "objects", "scopes").
std::string_view ScopeNoun(const Block& block, std::size_t count, std::string_view lang);

}  // namespace netdoctor::report

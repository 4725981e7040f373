// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/issue.h"

namespace netdoctor::engine {

struct EvaluateOptions {
  /// List not-affected scopes (with their evidence) too; otherwise they are only counted.
  bool keep_not_affected = false;
};

/// Evaluates every check against the snapshot: node-scope checks once per node, cluster-scope
/// checks once, object-scope checks once per listed object, folding each result into its entry's
/// Group as it goes. Pure: no I/O, no clock.
/// A snapshot without nodes still evaluates node-scope checks once (scope "node/<unknown>"), so a
/// cluster-only scan reports them as possibly affected instead of dropping them.
Findings Evaluate(const std::vector<const kb::Issue*>& issues, const facts::Snapshot& snapshot,
                  const EvaluateOptions& options = {});

/// At most this many items of a list value are rendered in evidence; the rest are counted
/// ("… +N more"), so a fact listing 150,000 Pods does not become a 5 MB string.
inline constexpr std::size_t kMaxEvidenceListItems = 10;

/// A value as evidence shows it: ValueToString, with long lists shortened.
std::string EvidenceValue(const facts::Value& v);

/// Fills {node}, {namespace}, {name}, {kind}, {fact:KEY} and {fact:KEY|FIELD} (engine/fix_fill.cpp);
/// a command left holding any <placeholder> comes back commented out, naming what to look up.
std::string FillPlaceholders(std::string_view command, const FindingScope& scope,
                             const facts::FactSet* node, const facts::FactSet& cluster);

}  // namespace netdoctor::engine

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.h"

// `netdoctor check --set ... --diff`: what the overrides change, scope by scope.
namespace netdoctor::report {

struct ScopeChange {
  std::string scope;                      // display name ("node-a", "Service default/web")
  std::optional<engine::Verdict> before;  // nullopt: not evaluated in that run
  std::optional<engine::Verdict> after;
};

struct EntryChange {
  const kb::Issue* issue = nullptr;
  std::vector<ScopeChange> scopes;  // evaluation order
};

struct FindingsDiff {
  std::vector<EntryChange> entries;  // only entries with a change, knowledge-base order
  std::size_t entries_compared = 0;
  std::size_t scopes_changed = 0;
};

/// Compares two evaluations of the same checks (both with keep_not_affected, so every scope is
/// listed): `before` without overrides, `after` with them.
FindingsDiff DiffFindings(const engine::Findings& before, const engine::Findings& after);

/// "With --set X: 2 of 38 entries change (3 nodes or objects)", then one line per scope.
std::string RenderDiffText(const FindingsDiff& diff, const std::vector<std::string>& sets,
                           std::string_view lang);
/// {"schema": "netdoctor/diff/v1", "sets": [...], "entriesCompared": N, "changes": [{"id",
/// "severity", "scope", "before", "after"}]}; a scope missing from one run has null there.
std::string RenderDiffJson(const FindingsDiff& diff, const std::vector<std::string>& sets);

}  // namespace netdoctor::report

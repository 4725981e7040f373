// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "derive/planned.h"
#include "engine/finding.h"
#include "engine/upgrade.h"

namespace netdoctor::report {

/// One entry of the plan: its verdict for the planned node, the facts that would settle a
/// possible result (and the plan flags that could give them), and the upgrades that clear it.
struct PlanRow {
  const kb::Issue* issue = nullptr;  // never null; owned by the knowledge base
  engine::Verdict verdict = engine::Verdict::kNotAffected;
  std::string scope;                 // FindingScope::Key()
  std::vector<std::string> missing;
  std::vector<engine::Upgrade> upgrades;
  /// Plan flags that could settle `missing` (derive::PlanFlagsFor); empty when only runtime
  /// state is missing.
  std::vector<std::string> settle_flags;

  /// Possibly affected, no upgrade clears it and no plan flag settles it: only a look at a
  /// running node or cluster can decide it.
  bool NeedsLiveCheck() const;
};

/// A fact the planner inferred from the declared versions, with the rule and its source.
struct PlanInference {
  std::string fact;
  std::string value;
  std::string why;
};

/// What `netdoctor plan` lays out: its rows in the order to print.
struct PlanInput {
  std::vector<PlanRow> rows;
  std::vector<PlanInference> inferred;
  std::string lang = "en";
  bool show_all = false;  // also list not-affected entries in text

  /// Some entry is affected on the plan (`plan` exits 3).
  bool AnyAffected() const;
};

/// Every known fact of the plan's snapshot with origin inferred (cluster first, then nodes), in
/// key order: what the planner and the derivation rules concluded from the declared versions.
std::vector<PlanInference> PlanInferences(const facts::Snapshot& snap);

/// The snapshot a moved plan stands for (derive::PlanSnapshot with the same overrides).
using PlanSnapshotOf = std::function<facts::Snapshot(const derive::PlannedVersions&)>;

/// The plan's rows from its findings (every entry has one scope: the planned node), worst verdict
/// first: each affected or possibly-affected entry gets its smallest upgrades along the
/// components `versions` declares (each candidate evaluated on `snapshot_of` the moved plan) and
/// the plan flags that would settle its missing facts.
std::vector<PlanRow> BuildPlanRows(const engine::Findings& findings, const std::vector<const kb::Issue*>& checks,
                                   const derive::PlannedVersions& versions, const PlanSnapshotOf& snapshot_of);

/// What the planner inferred, then one line per entry the plan decides or can narrow (status,
/// severity, ID, title), its upgrades or why none helps, the flags that would settle a possible
/// result; entries that need a live check on one line; a closing count.
std::string RenderPlanText(const PlanInput& in);

/// The `netdoctor/plan/v1` document: {"schema", "inferred": [{"fact", "value", "source"}],
/// "entries": [{"id", "status", "severity", "title", "scope", "missing", "settle_with",
/// "needs_live_check", "upgrades": [{"component", "current", "targets", "note"}]}], "summary":
/// {"<verdict>": N for every verdict, "needs_live_check": N}}. Every entry, whatever show_all.
std::string RenderPlanJson(const PlanInput& in);

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "engine/finding.h"
#include "engine/upgrade.h"

namespace netdoctor::report {

/// One entry of the plan: its verdict for the planned node, the facts that would settle a
/// possible result, and the upgrades that clear an affected one.
struct PlanRow {
  const kb::Issue* issue = nullptr;  // never null; owned by the knowledge base
  engine::Verdict verdict = engine::Verdict::kNotAffected;
  std::string scope;                 // FindingScope::Key()
  std::vector<std::string> missing;
  std::vector<engine::Upgrade> upgrades;
};

/// What `netdoctor plan` lays out: its rows in the order to print.
struct PlanInput {
  std::vector<PlanRow> rows;
  std::string lang = "en";
  bool show_all = false;  // also list not-affected entries in text
};

/// One line per entry (status, severity, ID, title), its upgrades or why none helps, the facts
/// that would settle a possible result, and a closing count.
std::string RenderPlanText(const PlanInput& in);

/// The `netdoctor/plan/v1` document: {"schema", "entries": [{"id", "status", "severity", "title",
/// "scope", "missing", "upgrades": [{"component", "current", "targets"}]}], "summary":
/// {"affected", "possibly_affected", "not_affected"}}. Every entry, whatever show_all.
std::string RenderPlanJson(const PlanInput& in);

}  // namespace netdoctor::report

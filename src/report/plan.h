// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "engine/finding.h"
#include "engine/upgrade.h"

namespace netdoctor::report {

/// What `netdoctor plan` lays out: findings for the planned versions (in the order to print)
/// and, parallel to findings.items, the upgrades that clear each affected one.
struct PlanInput {
  const engine::Findings& findings;
  const std::vector<std::vector<engine::Upgrade>>& upgrades;
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

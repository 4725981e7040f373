// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "derive/planned.h"
#include "gather/inputs.h"
#include "kb/issue.h"
#include "kb/loader.h"
#include "report/plan.h"
#include "report/report.h"

// The steps of `check`, `collect` and `plan` between parsed flags and printed output, so that the
// CLI only parses, calls and picks the exit code (docs/ARCHITECTURE.md).
namespace netdoctor::run {

struct CheckRequest {
  gather::InputOptions inputs;     // the CLI has set the flags and `now`; kb-derived parts are set here
  std::vector<std::string> sets;   // --set [NODE:]FACT=VALUE
  std::vector<std::string> only;   // entry IDs; empty: every check
  std::vector<std::string> skip, skip_nodes;
  std::string config;              // policy file; "" = ./.netdoctor.yaml when present
  std::vector<std::string> namespaces;  // empty: every namespace
  bool diff = false;               // render what --set changes instead of the report
  report::Format format = report::Format::kText;
  std::string lang = "en";
  bool show_all = false, details = false, color = false;
  int columns = 0;
  std::string tool_version;
  report::RenderOptions render;
};

struct CheckOutcome {
  std::string text;                          // the rendered report (or diff)
  std::optional<kb::Severity> worst_affected;  // most severe entry with an affected scope
  bool possibly_affected = false;
  bool partial = false;                      // an input was read in part (Snapshot::incomplete)
};

/// Policy (config file and flag skips, checked against `kb`), every input, overrides, derived
/// facts, evaluation, then the report in `format` (or the --diff against the run without
/// overrides). Progress goes to `progress`. Errors name the flag, file or ID at fault.
[[nodiscard]] Result<CheckOutcome> Check(const kb::KnowledgeBase& kb, CheckRequest& req, std::ostream& progress);

/// Every input read into one snapshot with the overrides applied: what `collect` writes.
[[nodiscard]] Result<facts::Snapshot> Collect(const kb::KnowledgeBase& kb, gather::InputOptions& inputs,
                                              const std::vector<std::string>& sets, std::ostream& progress);

struct PlanRequest {
  derive::PlannedVersions versions;
  std::vector<std::string> sets;  // --set FACT=VALUE
  std::string lang = "en";
  bool show_all = false;
  std::chrono::system_clock::time_point now{};
};

/// `plan`: the declared versions' snapshot, every check evaluated on it, each open entry's
/// smallest upgrades, and what the planner inferred. Errors name the flag and the form expected.
[[nodiscard]] Result<report::PlanInput> Plan(const kb::KnowledgeBase& kb, const PlanRequest& req);

}  // namespace netdoctor::run

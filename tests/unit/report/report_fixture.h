// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/issue.h"
#include "report/report.h"

// Synthetic but real-shaped report inputs for the reporter tests. The cluster is the demo cluster
// of issue 2 item 9: CentOS 7.9/7.6, EulerOS 2.9, Rocky 8.8 and Ubuntu 22.04 nodes, kube-proxy
// v1.27.4 in IPVS mode, Calico v3.25.0 with VXLAN, a Service with externalIPs and
// externalTrafficPolicy: Local, a Namespace stuck terminating. Kernel strings are the `uname -r`
// forms of those distributions (shared/REAL_FORMATS.md, issue 2 item 2); fact sources use the
// collectors' source conventions (docs/FACTS_JSON.md); evidence reasons follow the engine's range
// notes ("<version> in [a, b)"). The knowledge-base entries are small versions of catalogue
// entries, written here so the reporters can be tested without the knowledge base.
namespace netdoctor::report::testing {

/// One (entry, scope) result as the tests write them; Fold turns a list of them into the
/// engine's folded groups with the engine's own GroupFolder.
struct Finding {
  const kb::Issue* issue = nullptr;
  engine::Verdict status = engine::Verdict::kNotAffected;
  engine::FindingScope scope;
  std::vector<engine::Evidence> evidence;
  std::vector<std::string> missing;
  std::vector<std::vector<std::string>> fix_commands;
};

/// Groups in order of first appearance of each issue; every scope is kept (as the engine does
/// with keep_not_affected). Findings with a null issue become a group with a null issue.
engine::Findings Fold(const std::vector<Finding>& items);

/// A report's inputs, owning everything ReportInput points at. Not copyable: findings point into
/// `issues`.
struct Scenario {
  std::vector<kb::Issue> issues;
  std::vector<Finding> items;
  mutable engine::Findings findings;  // Fold(items), refreshed by Input()
  facts::Snapshot snapshot;

  Scenario() = default;
  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;

  ReportInput Input(std::string lang, bool show_all = false, bool color = false) const {
    findings = Fold(items);
    return ReportInput{.findings = findings,
                       .snapshot = snapshot,
                       .lang = std::move(lang),
                       .show_all = show_all,
                       .color = color,
                       .tool_version = "0.1.0"};
  }
};

/// The knowledge-base entries the scenarios use (checks and one explanation), in KB order.
std::vector<kb::Issue> MakeIssues();

/// The demo cluster. `node_names` picks nodes from its 14 (k8s-node-01 .. k8s-node-14; empty =
/// all). `partial` adds two `incomplete` lines as a dump without calico-kube-controllers and a
/// host root without permission to one sysctl produce.
std::unique_ptr<Scenario> MakeDemoCluster(const std::vector<std::string>& node_names = {},
                                          bool partial = true);

/// A large cluster: `nodes` nodes named node-0001.., of which the first `affected` have
/// CALICO-VXLAN-OFFLOAD-SLOW (kernel 3.10.0-1160.el7.x86_64) and the rest do not (kernel
/// 5.15.0-91-generic). Only that entry is evaluated.
std::unique_ptr<Scenario> MakeLargeCluster(std::size_t nodes, std::size_t affected);

/// Removes ANSI SGR sequences ("\x1b[...m").
std::string StripAnsi(std::string_view s);

/// Compares `actual` with tests/fixtures/report/<name>. With NETDOCTOR_UPDATE_GOLDEN=1 in the
/// environment the file is rewritten from `actual` instead (regenerate after an intended change:
/// `NETDOCTOR_UPDATE_GOLDEN=1 ./report_test`, then review the diff with git).
void ExpectGolden(const std::string& name, const std::string& actual);

}  // namespace netdoctor::report::testing

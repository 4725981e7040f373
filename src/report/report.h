// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/finding.h"
#include "facts/fact.h"

namespace netdoctor::report {

/// Everything a reporter needs. Reporters never re-evaluate: they only lay out `findings`.
/// Reporters never fail: any finding/snapshot content renders (text from the examined systems has
/// its control characters escaped), and a finding with a null issue is left out.
struct ReportInput {
  const engine::Findings& findings;
  /// For `inputs` (what was examined) and `incomplete` (non-empty = a partial report).
  const facts::Snapshot& snapshot;
  /// "en" or "zh"; anything else is treated as "en".
  std::string lang = "en";
  /// Include not-affected findings in text and markdown (JSON always has every finding).
  bool show_all = false;
  /// ANSI colour in text output. The caller decides (TTY, NO_COLOR); reporters never look.
  bool color = false;
  std::string tool_version;
};

/// Text for a terminal: what was examined, a PARTIAL REPORT block when snapshot.incomplete is
/// non-empty, findings by severity (critical first), affected before possibly-affected within a
/// severity, one block per (entry, status) listing the scopes it hits ("412 of 1,200 nodes: a, b,
/// … +402"), and a closing summary line. Not-affected blocks only with show_all.
std::string RenderText(const ReportInput& in);

/// The `netdoctor/report/v1` document, keys in exactly this order:
///
///   {"schema": "netdoctor/report/v1",
///    "tool": {"name": "netdoctor", "version": tool_version},
///    "lang": "en" | "zh",
///    "summary": {"affected": N, "possibly_affected": N, "not_affected": N, "partial": bool},
///    "findings": [ every finding, including not-affected ones, in the engine's order:
///      {"id", "status": "affected" | "possibly-affected" | "not-affected", "severity",
///       "component", "title" (in lang),
///       "scope": {"kind": "node" | "cluster" | "object", "name", "namespace", "node",
///                 "object_kind"},
///       "evidence": [{"fact", "value": string, or null when unknown, "known", "reason",
///                     "source", "origin": "measured" | "inferred" | "overridden" | "declared"}],
///       "missing": [fact, ...], "recommendation" (in lang),
///       "fix": [{"title" (in lang), "commands": [filled-in command, ...]}],
///       "references": [{"title", "url"}]} ],
///    "groups": [ one per (entry, status) present, entries in order of first appearance, then
///      affected, possibly-affected, not-affected:
///      {"id", "status", "count", "total_scopes", "scopes": [FindingScope::Key(), ...]} ],
///    "inputs": [{"kind", "where", "summary"}],
///    "incomplete": ["what could not be read", ...]}
///
/// Identifiers (status, severity, kind, origin) are the same in both languages; only text is
/// translated. Strings are emitted as UTF-8; invalid UTF-8 from the examined systems is replaced
/// by U+FFFD, never thrown. Ends with a newline.
std::string RenderJson(const ReportInput& in);

/// GitHub-flavoured markdown for tickets: the same content as RenderText, as headings, lists and
/// tables, with no colour.
std::string RenderMarkdown(const ReportInput& in);

enum class Format { kText, kJson, kMarkdown };

/// "text", "json", "markdown" (also "md").
/// Errors: kInvalidInput naming the value and the accepted formats.
[[nodiscard]] Result<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);
/// The registry's names for help text: "text, json or markdown".
std::string FormatHelp();

/// The format registry: renders `in` in `format`.
std::string Render(Format format, const ReportInput& in);

}  // namespace netdoctor::report

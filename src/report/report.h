// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/finding.h"
#include "facts/fact.h"

namespace netdoctor::report {

/// Everything a reporter needs. Reporters never re-evaluate: they only lay out `findings`.
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

/// `netdoctor/report/v1` JSON (docs: src/report/json.cpp header comment and the README of the
/// report module): every finding, including not-affected ones, plus per-entry groups, inputs and
/// incomplete. Keys appear in a fixed order; invalid UTF-8 in values is replaced, never thrown.
std::string RenderJson(const ReportInput& in);

/// GitHub-flavoured markdown for tickets: the same content as RenderText, as headings, lists and
/// tables, with no colour.
std::string RenderMarkdown(const ReportInput& in);

enum class Format { kText, kJson, kMarkdown };

/// "text", "json", "markdown" (also "md").
/// Errors: kInvalidInput naming the value and the accepted formats.
[[nodiscard]] Result<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);

/// The format registry: renders `in` in `format`.
std::string Render(Format format, const ReportInput& in);

}  // namespace netdoctor::report

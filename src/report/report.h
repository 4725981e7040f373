// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>
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
  /// List not-affected scopes too (they are always counted). The engine must have kept them
  /// (EvaluateOptions::keep_not_affected) for them to be listed.
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

/// The `netdoctor/report/v2` document, documented (and checked in tests) by
/// docs/report-v2.schema.json. One object per evaluated entry with its status (the worst over its
/// scopes), counts per status, the listed scopes (affected and possibly-affected; not-affected
/// ones too with show_all, when the engine kept them), and the distinct evidence variants the
/// scopes point to by index. It grows with the findings, not with nodes × entries.
/// Identifiers (status, severity, kind, origin) are the same in both languages; only text is
/// translated. Strings are emitted as UTF-8; invalid UTF-8 from the examined systems is replaced
/// by U+FFFD, never thrown. Ends with a newline.
void RenderJsonTo(const ReportInput& in, std::ostream& os);
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

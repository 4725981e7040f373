// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

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

/// How to render, beyond what is rendered. Kept apart from ReportInput so that the callers that
/// brace-initialise ReportInput need no change when an option is added.
struct RenderOptions {
  /// Replace host, node, Pod and namespace names, addresses and the API server URL by stable
  /// pseudonyms (report/redact.h) before rendering, in every format.
  bool redact = false;
  /// The knowledge base's revision, for formats that name it (prometheus build_info); may be "".
  std::string kb_revision;
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

/// YAML: the netdoctor/report/v2 tree of RenderJsonTo, as YAML 1.1/1.2 block style (every string
/// that a YAML 1.1 reader could take for another type is quoted).
void RenderYamlTo(const ReportInput& in, std::ostream& os);
/// One self-contained HTML page (inline CSS and JS, nothing fetched): summary with a score,
/// filters by status, severity and component, each entry's scopes, evidence and fix.
void RenderHtmlTo(const ReportInput& in, std::ostream& os);
/// JUnit XML as Jenkins and GitLab read it: one testsuite per component, one testcase per entry
/// and scope group (scopes sharing a status and evidence): failure = affected, skipped = possibly
/// affected or not examined (undecided, as check's exit code treats them), passed otherwise.
void RenderJunitTo(const ReportInput& in, std::ostream& os);
/// SARIF 2.1.0: one rule per evaluated entry (help text, helpUri), one result per affected scope
/// group, level from severity.
void RenderSarifTo(const ReportInput& in, std::ostream& os);
/// Prometheus text exposition format 0.0.4 with the agent's series (report/prometheus.h).
void RenderPrometheusTo(const ReportInput& in, std::ostream& os, std::string_view kb_revision = {});

/// The format registry, keyed by name. A new format is one renderer plus one line in report.cpp.
enum class Format { kText, kJson, kYaml, kMarkdown, kHtml, kJunit, kSarif, kPrometheus };

struct FormatInfo {
  std::string_view name;         // what -o/--output takes
  std::string_view description;  // one line for help text
  Format format;
};
/// Every format, in the order help lists them.
const std::vector<FormatInfo>& Formats();

/// A format's name ("md" is accepted for markdown, "yml" for yaml).
/// Errors: kInvalidInput naming the value and the accepted formats.
[[nodiscard]] Result<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);
/// The registry's names for help text: "text, json, ... or prometheus".
std::string FormatHelp();
/// One line per format, "  name  description", for a flag's long help.
std::string FormatDescriptions();

/// Renders `in` in `format` to `os` (redacted first with options.redact).
void RenderTo(Format format, const ReportInput& in, std::ostream& os,
              const RenderOptions& options = {});
std::string Render(Format format, const ReportInput& in, const RenderOptions& options = {});
/// The same by name. Errors: those of ParseFormat.
[[nodiscard]] Status Render(std::string_view name, const ReportInput& in, std::ostream& os,
                            const RenderOptions& options = {});

}  // namespace netdoctor::report

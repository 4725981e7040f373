// SPDX-License-Identifier: Apache-2.0
#include "report/report.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "report/redact.h"

namespace netdoctor::report {
namespace {

struct FormatEntry {
  FormatInfo info;
  void (*render)(const ReportInput&, const RenderOptions&, std::ostream&);
};

// A renderer that needs no options.
template <void (*F)(const ReportInput&, std::ostream&)>
void Plain(const ReportInput& in, const RenderOptions&, std::ostream& os) {
  F(in, os);
}

// The format registry: a new format is one renderer plus one line here.
const std::vector<FormatEntry>& Registry() {
  static const std::vector<FormatEntry> kFormats{
      {{"text", "for a terminal: summary, then each entry's scopes, evidence and fix", Format::kText},
       [](const ReportInput& in, const RenderOptions&, std::ostream& os) { os << RenderText(in); }},
      {{"json", "the netdoctor/report/v2 document (docs/report-v2.schema.json)", Format::kJson},
       Plain<&RenderJsonTo>},
      {{"yaml", "the same tree as json, in YAML", Format::kYaml}, Plain<&RenderYamlTo>},
      {{"markdown", "GitHub-flavoured markdown for tickets", Format::kMarkdown},
       [](const ReportInput& in, const RenderOptions&, std::ostream& os) {
         os << RenderMarkdown(in);
       }},
      {{"html", "one self-contained page with a score and filters", Format::kHtml},
       Plain<&RenderHtmlTo>},
      {{"junit", "JUnit XML for CI (Jenkins, GitLab): affected entries fail", Format::kJunit},
       Plain<&RenderJunitTo>},
      {{"sarif", "SARIF 2.1.0 for code-scanning tools", Format::kSarif}, Plain<&RenderSarifTo>},
      {{"prometheus", "Prometheus text format with the agent's series", Format::kPrometheus},
       [](const ReportInput& in, const RenderOptions& options, std::ostream& os) {
         RenderPrometheusTo(in, os, options.kb_revision);
       }},
  };
  return kFormats;
}

std::string AcceptedList() {
  std::string accepted;
  for (const FormatEntry& entry : Registry()) {
    if (!accepted.empty()) accepted += ", ";
    accepted += entry.info.name;
  }
  return accepted;
}

}  // namespace

const std::vector<FormatInfo>& Formats() {
  static const std::vector<FormatInfo> kInfos = [] {
    std::vector<FormatInfo> out;
    for (const FormatEntry& entry : Registry()) out.push_back(entry.info);
    return out;
  }();
  return kInfos;
}

Result<Format> ParseFormat(std::string_view name) {
  for (const FormatEntry& entry : Registry()) {
    if (entry.info.name == name) return entry.info.format;
  }
  if (name == "md") return Format::kMarkdown;
  if (name == "yml") return Format::kYaml;
  return MakeError(ErrorCode::kInvalidInput,
                   fmt::format("unknown report format '{}': expected one of {}", name, AcceptedList()),
                   SourceLocation{.file = {}, .line = 0, .column = 0, .field = "--format"});
}

std::string_view FormatName(Format format) {
  for (const FormatEntry& entry : Registry()) {
    if (entry.info.format == format) return entry.info.name;
  }
  return "text";
}

std::string FormatHelp() {
  const auto& formats = Registry();
  std::string out;
  for (std::size_t i = 0; i < formats.size(); ++i) {
    if (i > 0) out += i + 1 == formats.size() ? " or " : ", ";
    out += formats[i].info.name;
  }
  return out;
}

std::string FormatDescriptions() {
  std::size_t width = 0;
  for (const FormatEntry& entry : Registry()) width = std::max(width, entry.info.name.size());
  std::string out;
  for (const FormatEntry& entry : Registry()) {
    out += fmt::format("  {:<{}}  {}\n", entry.info.name, width, entry.info.description);
  }
  return out;
}

void RenderTo(Format format, const ReportInput& in, std::ostream& os,
              const RenderOptions& options) {
  const FormatEntry* chosen = &Registry().front();
  for (const FormatEntry& entry : Registry()) {
    if (entry.info.format == format) chosen = &entry;
  }
  if (!options.redact) {
    chosen->render(in, options, os);
    return;
  }
  // The renderers see only pseudonyms: the copy holds every string they print from the input.
  const Redacted redacted = Redact(in.findings, in.snapshot, in.skipped);
  const ReportInput view{.findings = redacted.findings,
                         .snapshot = redacted.snapshot,
                         .lang = in.lang,
                         .show_all = in.show_all,
                         .color = in.color,
                         .tool_version = in.tool_version,
                         .details = in.details,
                         .columns = in.columns,
                         .skipped = redacted.skipped};
  chosen->render(view, options, os);
}

std::string Render(Format format, const ReportInput& in, const RenderOptions& options) {
  std::ostringstream os;
  RenderTo(format, in, os, options);
  return std::move(os).str();
}

Status Render(std::string_view name, const ReportInput& in, std::ostream& os,
              const RenderOptions& options) {
  auto format = ParseFormat(name);
  if (!format) return Unexpected(format.error());
  RenderTo(*format, in, os, options);
  return Ok();
}

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include "report/report.h"

#include <array>

#include <fmt/format.h>

namespace netdoctor::report {
namespace {

struct FormatEntry {
  std::string_view name;
  Format format;
  std::string (*render)(const ReportInput&);
};

// The format registry: a new format is one renderer plus one line here.
constexpr std::array kFormats{
    FormatEntry{"text", Format::kText, &RenderText},
    FormatEntry{"json", Format::kJson, &RenderJson},
    FormatEntry{"markdown", Format::kMarkdown, &RenderMarkdown},
};

}  // namespace

Result<Format> ParseFormat(std::string_view name) {
  for (const FormatEntry& entry : kFormats) {
    if (entry.name == name) return entry.format;
  }
  if (name == "md") return Format::kMarkdown;
  std::string accepted;
  for (const FormatEntry& entry : kFormats) {
    if (!accepted.empty()) accepted += ", ";
    accepted += entry.name;
  }
  return MakeError(ErrorCode::kInvalidInput,
                   fmt::format("unknown report format '{}': expected one of {}", name, accepted),
                   SourceLocation{.file = {}, .line = 0, .column = 0, .field = "--format"});
}

std::string_view FormatName(Format format) {
  for (const FormatEntry& entry : kFormats) {
    if (entry.format == format) return entry.name;
  }
  return "text";
}

std::string FormatHelp() {
  std::string out;
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (i > 0) out += i + 1 == kFormats.size() ? " or " : ", ";
    out += kFormats[i].name;
  }
  return out;
}

std::string Render(Format format, const ReportInput& in) {
  for (const FormatEntry& entry : kFormats) {
    if (entry.format == format) return entry.render(in);
  }
  return RenderText(in);
}

}  // namespace netdoctor::report

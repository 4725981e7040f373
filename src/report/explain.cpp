// SPDX-License-Identifier: Apache-2.0
#include "report/explain.h"

#include <fmt/format.h>

namespace netdoctor::report {
namespace {

// A heading in the report language.
std::string Heading(std::string_view lang, std::string_view en, std::string_view zh) {
  return std::string(lang == "zh" ? zh : en);
}

std::string_view DistroStatus(version::DistroRule::Status s) {
  if (s == version::DistroRule::Status::kAffected) return "affected";
  if (s == version::DistroRule::Status::kNotAffected) return "not affected";
  return "unknown";
}

void AffectedVersions(const kb::Issue& issue, std::string_view lang, std::string& o) {
  if (issue.ranges.empty()) return;
  o += "\n" + Heading(lang, "Affected versions", "受影响版本") + ":\n";
  for (const auto& r : issue.ranges) {
    o += fmt::format("  {} ({}, {}):\n", r.name, r.fact, version::SchemeName(r.set.scheme));
    for (const auto& a : r.set.affected) {
      o += fmt::format("    [{}, {}{}  -- {}\n", a.introduced,
                       a.fixed.empty() ? a.last_affected : a.fixed,
                       a.fixed.empty() ? (a.last_affected.empty() ? "...)" : "]") : ")", a.source);
    }
    for (const auto& d : r.set.distros) {
      o += "    distro " + d.distro + ": ";
      if (d.status == version::DistroRule::Status::kRanges) {
        for (const auto& a : d.affected) {
          o += fmt::format("[{}, {}) ", a.introduced, a.fixed.empty() ? a.last_affected : a.fixed);
        }
      } else {
        o += DistroStatus(d.status);
      }
      o += " -- " + d.source + "\n";
    }
  }
}

}  // namespace

std::string RenderExplain(const kb::Issue& issue, std::string_view lang_view) {
  const std::string lang(lang_view);
  std::string o;
  o += issue.id + ": " + issue.title.Get(lang) + "\n";
  o += fmt::format("{} | {} | {} | {}\n\n", issue.component, kb::SeverityName(issue.severity),
                   kb::ScopeName(issue.scope),
                   issue.kind == kb::IssueKind::kCheck ? "check" : "explanation");
  o += issue.summary.Get(lang) + "\n";
  const auto& symptoms = issue.symptoms.Get(lang);
  if (!symptoms.empty()) {
    o += "\n" + Heading(lang, "Symptoms", "现象") + ":\n";
    for (const auto& s : symptoms) o += "  - " + s + "\n";
  }
  AffectedVersions(issue, lang, o);
  if (!issue.condition_text.empty()) {
    o += "\n" + Heading(lang, "Detection", "检测条件") + ":\n  " + issue.condition_text + "\n";
  }
  if (!issue.recommendation.Get(lang).empty()) {
    o += "\n" + Heading(lang, "Recommendation", "建议") + ":\n" + issue.recommendation.Get(lang) +
         "\n";
  }
  if (!issue.fix.empty()) {
    o += "\n" + Heading(lang, "Fix", "修复") + ":\n";
    for (const auto& step : issue.fix) {
      o += "  * " + step.title.Get(lang) + "\n";
      for (const auto& c : step.commands) o += "      " + c + "\n";
    }
  }
  if (!issue.references.empty()) {
    o += "\n" + Heading(lang, "References", "参考") + ":\n";
    for (const auto& r : issue.references) o += "  - " + r.title + " " + r.url + "\n";
  }
  if (!issue.related.empty()) {
    o += "\n" + Heading(lang, "Related", "相关") + ": " +
         fmt::format("{}", fmt::join(issue.related, ", ")) + "\n";
  }
  return o;
}

}  // namespace netdoctor::report

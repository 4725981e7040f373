// SPDX-License-Identifier: Apache-2.0
#include "report/explain.h"

#include <cctype>

#include <fmt/format.h>

#include "engine/fix_fill.h"

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

// The condition with each named range set written as what it is ("the affected versions of
// cluster.kube_proxy.version listed above"): range names are internal identifiers.
std::string PublicCondition(const kb::Issue& issue, std::string_view lang) {
  std::string text = issue.condition_text;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (const auto& r : issue.ranges) {
    const std::string with = lang == "zh" ? "（上方列出的受影响版本）" : "(the affected versions above)";
    for (auto at = text.find(r.name); at != std::string::npos; at = text.find(r.name, at)) {
      const bool whole = (at == 0 || !word(text[at - 1])) &&
                         (at + r.name.size() == text.size() || !word(text[at + r.name.size()]));
      if (!whole) {
        at += r.name.size();
        continue;
      }
      text.replace(at, r.name.size(), with);
      at += with.size();
    }
  }
  return text;
}

void AffectedVersions(const kb::Issue& issue, std::string_view lang, std::string& o) {
  if (issue.ranges.empty()) return;
  o += "\n" + Heading(lang, "Affected versions", "受影响版本") + ":\n";
  for (const auto& r : issue.ranges) {
    o += fmt::format("  {} ({}):\n", r.fact, version::SchemeName(r.set.scheme));
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
    o += "\n" + Heading(lang, "Detection", "检测条件") + ":\n  " + PublicCondition(issue, lang) + "\n";
  }
  if (!issue.recommendation.Get(lang).empty()) {
    o += "\n" + Heading(lang, "Recommendation", "建议") + ":\n" + issue.recommendation.Get(lang) +
         "\n";
  }
  if (!issue.fix.empty()) {
    o += "\n" + Heading(lang, "Fix", "修复") + ":\n";
    for (const auto& step : issue.fix) {
      o += "  * " + step.title.Get(lang) + "\n";
      for (const auto& c : step.commands) o += "      " + engine::TemplateForDisplay(c) + "\n";
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

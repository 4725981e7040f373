// SPDX-License-Identifier: Apache-2.0
#include "report/kb_export.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include <fmt/format.h>

#include "engine/fix_fill.h"
#include "report/escape.h"
#include "report/labels.h"
#include "report/view.h"
#include "version/range.h"

namespace netdoctor::report {
namespace {

struct AreaHeading {
  std::string_view area;
  Label label;
};

// Areas of docs/KB_FORMAT.md in the order the page shows them; any other area follows, by name.
constexpr std::array kAreas{
    AreaHeading{"kube-proxy", Label::kAreaKubeProxy},  AreaHeading{"calico", Label::kAreaCalico},
    AreaHeading{"spiderpool", Label::kAreaSpiderpool}, AreaHeading{"host", Label::kAreaHost},
    AreaHeading{"cluster", Label::kAreaCluster},
};

std::string Bold(std::string_view label, std::string_view lang) {
  return fmt::format("**{}{}**", label, lang == "zh" ? "：" : ":");
}

std::string KbText(const kb::LocalText& t, std::string_view lang) {
  return SafeText(Localized(t, lang), /*keep_newlines=*/true);
}

bool BySeverityThenId(const kb::Issue* a, const kb::Issue* b) {
  if (a->severity != b->severity) return a->severity < b->severity;
  return a->id < b->id;
}

std::string Introduced(std::string_view introduced, std::string_view lang) {
  if (introduced.empty() || introduced == "0") return std::string(Tr(Label::kFromStart, lang));
  return MdCode(introduced, true);
}

std::string Fixed(const version::Range& r, std::string_view lang) {
  if (!r.fixed.empty()) return MdCode(r.fixed, true);
  if (!r.last_affected.empty()) {
    return fmt::format(fmt::runtime(Tr(Label::kLastAffectedFmt, lang)),
                       MdCode(r.last_affected, true));
  }
  return std::string(Tr(Label::kNotFixed, lang));
}

void VersionsTable(std::string& out, const kb::Issue& issue, std::string_view lang) {
  if (issue.ranges.empty()) return;
  out += Bold(Tr(Label::kAffectedVersions, lang), lang) + "\n\n";
  out +=
      fmt::format("| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
                  Tr(Label::kVersionOf, lang), Tr(Label::kScheme, lang),
                  Tr(Label::kIntroduced, lang), Tr(Label::kFixed, lang), Tr(Label::kSource, lang));
  bool vendor_note = false;
  for (const kb::NamedRanges& named : issue.ranges) {
    const std::string fact = MdCode(named.fact, true);
    const version::RangeSet& set = named.set;
    for (const version::Range& r : set.affected) {
      out += fmt::format("| {} | {} | {} | {} | {} |\n", fact, version::SchemeName(set.scheme),
                         Introduced(r.introduced, lang), Fixed(r, lang), MdEscape(r.source));
    }
    for (const version::DistroRule& rule : set.distros) {
      const std::string who =
          fact +
          Paren(fmt::format(fmt::runtime(Tr(Label::kDistroBuildsFmt, lang)), MdEscape(rule.distro)),
                lang);
      switch (rule.status) {
        case version::DistroRule::Status::kRanges:
          for (const version::Range& r : rule.affected) {
            out += fmt::format("| {} | {} | {} | {} | {} |\n", who,
                               version::SchemeName(rule.scheme), Introduced(r.introduced, lang),
                               Fixed(r, lang), MdEscape(r.source.empty() ? rule.source : r.source));
          }
          break;
        case version::DistroRule::Status::kAffected:
          out += fmt::format("| {} | — | {} | — | {} |\n", who, Tr(Label::kDistroAllAffected, lang),
                             MdEscape(rule.source));
          break;
        case version::DistroRule::Status::kNotAffected:
          out += fmt::format("| {} | — | {} | — | {} |\n", who,
                             Tr(Label::kDistroNoneAffected, lang), MdEscape(rule.source));
          break;
        case version::DistroRule::Status::kUnknown:
          out += fmt::format("| {} | — | {} | — | {} |\n", who, Tr(Label::kDistroUnknown, lang),
                             MdEscape(rule.source));
          break;
      }
    }
    vendor_note =
        vendor_note || (set.scheme == version::Scheme::kKernel && set.vendor_kernels_unknown);
  }
  out += '\n';
  if (vendor_note) out += fmt::format("{}\n\n", Tr(Label::kVendorKernelsUnknown, lang));
}

void FixSteps(std::string& out, const kb::Issue& issue, std::string_view lang) {
  if (issue.fix.empty()) return;
  out += Bold(Tr(Label::kFix, lang), lang) + "\n\n";
  for (std::size_t i = 0; i < issue.fix.size(); ++i) {
    out += fmt::format("{}. {}\n", i + 1, KbText(issue.fix[i].title, lang));
    std::string body;
    for (const std::string& command : issue.fix[i].commands) {
      if (!body.empty()) body += '\n';
      body += engine::TemplateForDisplay(command);
    }
    if (!body.empty()) out += "\n" + MdFence(body, "sh", "   ");
    out += '\n';
  }
}

void References(std::string& out, const kb::Issue& issue, std::string_view lang) {
  if (issue.references.empty()) return;
  out += Bold(Tr(Label::kReferences, lang), lang) + "\n\n";
  for (const kb::Reference& ref : issue.references) {
    out += fmt::format("* [{}]({})\n", MdEscape(ref.title.empty() ? ref.url : ref.title),
                       SafeText(ref.url));
  }
  out += '\n';
}

void Related(std::string& out, const kb::Issue& issue, std::string_view lang) {
  if (issue.related.empty()) return;
  std::vector<std::string> related = issue.related;
  std::sort(related.begin(), related.end());
  std::string list;
  for (const std::string& id : related) {
    if (!list.empty()) list += ", ";
    list += MdCode(id);
  }
  out += fmt::format("{} {}\n\n", Bold(Tr(Label::kRelated, lang), lang), list);
}

void Entry(std::string& out, const kb::Issue& issue, std::string_view lang) {
  out += fmt::format("### {}\n\n", KbText(issue.title, lang));
  std::string meta = fmt::format("{} {}", Bold(Tr(Label::kId, lang), lang), MdCode(issue.id));
  if (issue.kind == kb::IssueKind::kCheck) {
    meta += fmt::format(" · {} {}", Bold(Tr(Label::kSeverity, lang), lang),
                        SeverityLabel(issue.severity, lang));
  }
  if (!issue.component.empty()) {
    meta +=
        fmt::format(" · {} {}", Bold(Tr(Label::kComponent, lang), lang), MdEscape(issue.component));
  }
  out += meta + "\n\n";
  const std::string summary = KbText(issue.summary, lang);
  if (!summary.empty()) out += summary + "\n\n";

  const std::vector<std::string>& symptoms = Localized(issue.symptoms, lang);
  if (!symptoms.empty()) {
    out += Bold(Tr(Label::kSymptoms, lang), lang) + "\n\n";
    for (std::size_t i = 0; i < symptoms.size(); ++i) {
      out += fmt::format("{}. {}\n", i + 1, SafeText(symptoms[i], true));
    }
    out += '\n';
  }
  VersionsTable(out, issue, lang);
  const std::string recommendation = KbText(issue.recommendation, lang);
  if (!recommendation.empty()) {
    out += fmt::format("{} {}\n\n", Bold(Tr(Label::kRecommendation, lang), lang), recommendation);
  }
  FixSteps(out, issue, lang);
  References(out, issue, lang);
  Related(out, issue, lang);
}

}  // namespace

std::string ExportKnowledgeBaseMarkdown(const std::vector<kb::Issue>& issues,
                                        std::string_view lang_in) {
  const std::string_view lang = NormalizeLang(lang_in);

  // area -> checks; std::map keeps unknown areas in name order.
  std::map<std::string, std::vector<const kb::Issue*>, std::less<>> by_area;
  std::vector<const kb::Issue*> explanations;
  for (const kb::Issue& issue : issues) {
    if (issue.kind == kb::IssueKind::kExplanation) {
      explanations.push_back(&issue);
    } else {
      by_area[issue.area].push_back(&issue);
    }
  }

  std::string out =
      fmt::format("# {}\n\n{}\n\n", Tr(Label::kKbPageTitle, lang), Tr(Label::kKbPageIntro, lang));
  auto section = [&](std::string_view heading, std::vector<const kb::Issue*>& list) {
    std::sort(list.begin(), list.end(), BySeverityThenId);
    out += fmt::format("## {}\n\n", heading);
    for (const kb::Issue* issue : list) Entry(out, *issue, lang);
  };
  for (const AreaHeading& area : kAreas) {
    auto it = by_area.find(area.area);
    if (it == by_area.end()) continue;
    section(Tr(area.label, lang), it->second);
    by_area.erase(it);
  }
  for (auto& [area, list] : by_area) section(MdEscape(area), list);

  if (!explanations.empty()) {
    std::sort(explanations.begin(), explanations.end(),
              [](const kb::Issue* a, const kb::Issue* b) { return a->id < b->id; });
    out += fmt::format("## {}\n\n", Tr(Label::kExplanations, lang));
    for (const kb::Issue* issue : explanations) Entry(out, *issue, lang);
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "facts/fact.h"
#include "report/escape.h"
#include "report/coverage_view.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/view.h"

namespace netdoctor::report {
namespace {

std::string Bold(std::string_view label, std::string_view lang) {
  return fmt::format("**{}{}**", label, lang == "zh" ? "：" : ":");
}

std::string TitleCase(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

// KB text keeps its own markdown (it is written for pages like this one).
std::string KbText(const kb::LocalText& t, std::string_view lang) {
  return SafeText(Localized(t, lang), /*keep_newlines=*/true);
}

void Header(std::string& out, const ReportInput& in, std::string_view lang) {
  const std::string tool =
      in.tool_version.empty() ? "netdoctor" : "netdoctor " + MdEscape(in.tool_version);
  out += fmt::format("# {}{}{}\n\n", tool, Colon(lang), Tr(Label::kReportTitle, lang));

  out += fmt::format("## {}\n\n", Tr(Label::kExamined, lang));
  if (in.snapshot.inputs.empty()) {
    out += fmt::format("{}\n\n", Tr(Label::kNoInputs, lang));
  } else {
    out += fmt::format("| {} | {} | {} |\n|---|---|---|\n", Tr(Label::kKind, lang),
                       Tr(Label::kInputWhere, lang), Tr(Label::kInputSummary, lang));
    for (const facts::InputInfo& input : in.snapshot.inputs) {
      out += fmt::format("| {} | {} | {} |\n", MdEscape(input.kind), MdCode(input.where, true),
                         MdEscape(input.summary));
    }
    out += '\n';
  }
  if (!in.snapshot.incomplete.empty()) {
    out += fmt::format("> **{}**{}{}\n>\n", Tr(Label::kPartialReport, lang), Colon(lang),
                       Tr(Label::kPartialExplain, lang));
    for (const std::string& what : in.snapshot.incomplete) out += "> - " + MdEscape(what) + "\n";
    out += '\n';
  }
  if (!in.skipped.empty()) {
    out += fmt::format("**{}**{}\n\n", Tr(Label::kSkipped, lang), ColonEnd(lang));
    for (const kb::Skip& s : in.skipped) {
      const auto kind = s.kind == kb::Skip::Kind::kEntry ? Label::kSkipEntry : Label::kSkipNode;
      out += fmt::format("- {} {}{}{}{}\n", Tr(kind, lang), MdCode(s.name, false), Colon(lang), MdEscape(s.reason),
                         Paren(MdEscape(s.source), lang));
    }
    out += '\n';
  }

  const StatusCounts counts = CountStatuses(in.findings);
  std::string summary =
      fmt::format(fmt::runtime(Tr(Label::kSummaryFmt, lang)), WithThousands(counts.affected),
                  WithThousands(counts.possibly_affected), WithThousands(counts.not_affected));
  if (counts.not_examined > 0) {
    summary += fmt::format(fmt::runtime(Tr(Label::kSummaryNotExaminedFmt, lang)),
                           WithThousands(counts.not_examined));
  }
  if (!in.show_all && counts.not_affected > 0)
    summary += Paren(Tr(Label::kHiddenUseAll, lang), lang);
  summary += SentenceEnd(lang);
  if (const std::string nodes = NodesReportedText(in.snapshot, lang); !nodes.empty()) {
    summary += MdEscape(nodes) + std::string(SentenceEnd(lang));
  }
  summary +=
      in.snapshot.incomplete.empty()
          ? std::string(Tr(Label::kCompleteSentence, lang))
          : fmt::format("**{}**", fmt::format(fmt::runtime(Tr(Label::kPartialSentenceFmt, lang)),
                                              WithThousands(in.snapshot.incomplete.size())));
  out += fmt::format("{} {}\n\n", Bold(Tr(Label::kSummary, lang), lang), summary);
  if (!in.show_all) {
    const std::vector<NotExaminedLine> lines = NotExaminedLines(in.findings);
    for (const NotExaminedLine& line : lines) out += "- " + MdEscape(NotExaminedSentence(line, lang)) + "\n";
    if (!lines.empty()) out += '\n';
  }
  if (counts.affected + counts.possibly_affected == 0) {
    out += fmt::format("{}\n\n", Tr(Label::kNothingFound, lang));
  }
}

void EvidenceTable(std::string& out, const Block& block, const std::vector<EvidenceFact>& facts,
                   bool decisive, std::string_view lang) {
  if (!AnyEvidence(facts, decisive)) return;
  const bool counted = block.count > 1;
  out += fmt::format("**{}**\n\n", Tr(decisive ? Label::kEvidence : Label::kAlsoRead, lang));
  out += fmt::format("| {} | {} | {} | {} |", Tr(Label::kFact, lang), Tr(Label::kValue, lang),
                     Tr(Label::kSource, lang), Tr(Label::kOrigin, lang));
  out += counted ? fmt::format(" {} |\n|---|---|---|---|---:|\n", Tr(Label::kCount, lang))
                 : "\n|---|---|---|---|\n";
  const auto on_row = [&](const EvidenceRow& row) {
    const engine::Evidence& e = *row.evidence;
    std::string value;
    if (e.known) {
      value = MdCode(e.value, true);
      if (!e.reason.empty()) value += " — " + MdEscape(e.reason);
    } else {
      value = "*" + std::string(Tr(Label::kUnknown, lang)) + "*";
      if (!e.reason.empty()) value += Paren(MdEscape(e.reason), lang);
    }
    std::string source = MdEscape(e.source);
    if (row.sources_vary && !source.empty())
      source = std::string(Tr(Label::kForExample, lang)) + source;
    // An unknown fact was not obtained, so how it was obtained says nothing.
    out += fmt::format("| {} | {} | {} | {} |", MdCode(e.fact, true), value, source,
                       e.known ? OriginLabel(e.origin, lang) : "—");
    out += counted ? fmt::format(" {} |\n", WithThousands(row.scopes)) : "\n";
  };
  const auto on_hidden = [&](const EvidenceFact& ef) {
    const std::string more =
        fmt::format(fmt::runtime(Tr(Label::kMoreValuesFmt, lang)), WithThousands(ef.hidden_rows),
                    WithThousands(ef.hidden_scopes), ScopeNoun(block, ef.hidden_scopes, lang));
    out += fmt::format("| {} | {} | | |", MdCode(ef.fact, true), more);
    out += counted ? fmt::format(" {} |\n", WithThousands(ef.hidden_scopes)) : "\n";
  };
  ForEachEvidenceRow(facts, decisive, on_row, on_hidden);
  out += '\n';
}

// The facts that decided the verdict, then those only read along the way ("Also read").
void Evidence(std::string& out, const Block& block, std::string_view lang) {
  const std::vector<EvidenceFact> facts = AggregateEvidence(block);
  EvidenceTable(out, block, facts, /*decisive=*/true, lang);
  EvidenceTable(out, block, facts, /*decisive=*/false, lang);
}

void BlockMarkdown(std::string& out, const Block& block, std::string_view lang) {
  const kb::Issue& issue = *block.issue;
  out += fmt::format("### {}{}{}\n\n", MdEscape(issue.id), Colon(lang), KbText(issue.title, lang));
  if (lang == "zh" && issue.english_only) out += fmt::format("_{}_\n\n", Tr(Label::kEnglishOnlyNote, lang));
  out += fmt::format("- {} {}\n", Bold(Tr(Label::kStatus, lang), lang),
                     StatusLabel(block.status, lang));
  out += fmt::format("- {} {}\n", Bold(Tr(Label::kWhere, lang), lang),
                     MdEscape(WhereLine(block, lang)));
  if (!issue.component.empty()) {
    out += fmt::format("- {} {}\n", Bold(Tr(Label::kComponent, lang), lang),
                       MdEscape(issue.component));
  }
  out += '\n';
  const std::string summary = KbText(issue.summary, lang);
  if (!summary.empty()) out += summary + "\n\n";

  Evidence(out, block, lang);

  const auto settle = SettleList(block, lang);
  if (!settle.empty()) {
    std::string list;
    for (const auto& [fact, action] : settle) {
      if (!list.empty()) list += "; ";
      list += MdCode(fact);
      if (!action.empty()) list += Paren(MdEscape(action), lang);
    }
    out += fmt::format("{} {}\n\n", Bold(Tr(Label::kWouldSettle, lang), lang), list);
  }

  const std::string recommendation = KbText(issue.recommendation, lang);
  if (!recommendation.empty()) {
    out += fmt::format("{} {}\n\n", Bold(Tr(Label::kRecommendation, lang), lang), recommendation);
  }

  const FixView fix = FixFor(block, lang);
  if (!fix.steps.empty()) {
    out += fmt::format("**{}**\n\n", Tr(Label::kFix, lang));
    if (fix.varies) {
      out += fmt::format(
          "*{}*\n\n",
          MdEscape(fmt::format(fmt::runtime(Tr(Label::kFixShownForFmt, lang)), fix.shown_for)));
    }
    for (std::size_t i = 0; i < fix.steps.size(); ++i) {
      out += fmt::format("{}. {}\n", i + 1, SafeText(fix.steps[i].title, true));
      std::string body;
      for (const std::string& command : fix.steps[i].commands) {
        if (!body.empty()) body += '\n';
        body += command;
      }
      if (!body.empty()) out += "\n" + MdFence(body, "sh", "   ");
      out += '\n';
    }
  }

  if (!issue.references.empty()) {
    out += fmt::format("**{}**\n\n", Tr(Label::kReferences, lang));
    for (const kb::Reference& ref : issue.references) {
      const std::string title = ref.title.empty() ? ref.url : ref.title;
      out += fmt::format("- [{}]({})\n", MdEscape(title), SafeText(ref.url));
    }
    out += '\n';
  }
}

}  // namespace

std::string RenderMarkdown(const ReportInput& in) {
  const std::string_view lang = NormalizeLang(in.lang);
  std::string out;
  Header(out, in, lang);
  bool first = true;
  kb::Severity severity = kb::Severity::kInfo;
  for (const Block& block : OrderForPeople(in.findings, in.show_all)) {
    if (first || block.issue->severity != severity) {
      severity = block.issue->severity;
      first = false;
      out += fmt::format("## {}\n\n", TitleCase(SeverityLabel(severity, lang)));
    }
    BlockMarkdown(out, block, lang);
  }
  // One trailing newline, whatever the last block ended with.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "facts/fact.h"
#include "report/escape.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/view.h"

namespace netdoctor::report {
namespace {

// SGR parameters. Only these few: the report must stay readable on light and dark terminals.
constexpr std::string_view kBold = "1";
constexpr std::string_view kDim = "2";
constexpr std::string_view kRed = "31";
constexpr std::string_view kBoldRed = "1;31";
constexpr std::string_view kGreen = "32";
constexpr std::string_view kYellow = "33";
constexpr std::string_view kCyan = "36";

class TextOut {
 public:
  TextOut(bool color, std::string_view lang) : color_(color), lang_(lang) {}

  std::string Paint(std::string_view text, std::string_view sgr) const {
    if (!color_ || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
  }
  void Line(std::string_view text = {}) {
    out_ += text;
    out_ += '\n';
  }
  // "  Label: value"; multi-line values continue under the label, indented.
  void Field(int indent, Label label, std::string_view value) {
    out_.append(static_cast<std::size_t>(indent), ' ');
    out_ += Paint(Tr(label, lang_), kBold);
    out_ += Colon(lang_);
    out_ += value;
    out_ += '\n';
  }
  // `text` line by line, each non-empty line indented by `indent`.
  void Paragraph(int indent, std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = text.find('\n', start);
      const std::string_view line =
          text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      if (!line.empty()) out_.append(static_cast<std::size_t>(indent), ' ');
      out_ += line;
      out_ += '\n';
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  std::string_view lang() const { return lang_; }
  std::string Take() { return std::move(out_); }

 private:
  bool color_;
  std::string_view lang_;
  std::string out_;
};

std::string_view StatusColor(engine::Verdict s) {
  switch (s) {
    case engine::Verdict::kAffected:
      return kBoldRed;
    case engine::Verdict::kPossiblyAffected:
      return kYellow;
    case engine::Verdict::kNotAffected:
      return kGreen;
  }
  return kBold;
}

std::string_view SeverityColor(kb::Severity s) {
  switch (s) {
    case kb::Severity::kCritical:
      return kBoldRed;
    case kb::Severity::kHigh:
      return kRed;
    case kb::Severity::kMedium:
      return kYellow;
    case kb::Severity::kLow:
      return kCyan;
    case kb::Severity::kInfo:
      return kBold;
  }
  return kBold;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// KB text is ours but may be overridden with --kb; keep its newlines, neutralise the rest.
std::string KbText(const kb::LocalText& t, std::string_view lang) {
  return SafeText(Localized(t, lang), /*keep_newlines=*/true);
}

void Header(TextOut& w, const ReportInput& in) {
  const std::string_view lang = w.lang();
  const std::string tool =
      in.tool_version.empty() ? "netdoctor" : "netdoctor " + SafeText(in.tool_version);
  w.Line(w.Paint(fmt::format("{}{}{}", tool, Colon(lang), Tr(Label::kReportTitle, lang)), kBold));
  if (in.snapshot.inputs.empty()) {
    w.Line(fmt::format("{}{}{}", w.Paint(Tr(Label::kExamined, lang), kBold), Colon(lang),
                       Tr(Label::kNoInputs, lang)));
  } else {
    w.Line(fmt::format("{}{}", w.Paint(Tr(Label::kExamined, lang), kBold), ColonEnd(lang)));
    for (const facts::InputInfo& input : in.snapshot.inputs) {
      std::string line = fmt::format("  - {} {}", SafeText(input.kind), SafeText(input.where));
      if (!input.summary.empty()) line += std::string(Colon(lang)) + SafeText(input.summary);
      w.Line(line);
    }
  }
  if (const std::string nodes = NodesReportedText(in.snapshot, lang); !nodes.empty()) {
    w.Line("  - " + nodes);
    for (const std::string& note : in.snapshot.node_reports->notes) {
      w.Line("    - " + SafeText(note));
    }
  }
  if (!in.snapshot.incomplete.empty()) {
    w.Line(fmt::format("{}{}{}", w.Paint(Tr(Label::kPartialReport, lang), kBoldRed), Colon(lang),
                       Tr(Label::kPartialExplain, lang)));
    for (const std::string& what : in.snapshot.incomplete) w.Line("  - " + SafeText(what));
  }
  w.Line();
}

void EvidenceLines(TextOut& w, const Block& block) {
  const std::string_view lang = w.lang();
  const std::vector<EvidenceFact> facts = AggregateEvidence(block);
  if (facts.empty()) return;
  w.Line(fmt::format("  {}{}", w.Paint(Tr(Label::kEvidence, lang), kBold), ColonEnd(lang)));
  const std::size_t n = block.count;
  for (const EvidenceFact& ef : facts) {
    for (const EvidenceRow& row : ef.rows) {
      const engine::Evidence& e = *row.evidence;
      std::string source = SafeText(e.source);
      if (row.sources_vary && !source.empty()) {
        source = std::string(Tr(Label::kForExample, lang)) + source;
      }
      std::string line = "    " + SafeText(e.fact) + " = ";
      if (e.known) {
        line += e.value.empty() ? std::string("\"\"") : SafeText(e.value);
        if (!source.empty()) line += " ← " + w.Paint(source, kDim);
        line += Paren(OriginLabel(e.origin, lang), lang);
        if (!e.reason.empty()) line += " — " + SafeText(e.reason);
      } else {
        line += w.Paint(Tr(Label::kUnknown, lang), kYellow);
        if (!e.reason.empty()) line += Paren(SafeText(e.reason), lang);
        if (!source.empty()) line += " ← " + w.Paint(source, kDim);
      }
      if (n > 1 && row.scopes < n) {
        line += " [" +
                fmt::format(fmt::runtime(Tr(Label::kCountFmt, lang)), WithThousands(row.scopes),
                            ScopeNoun(block, row.scopes, lang)) +
                "]";
      }
      w.Line(line);
    }
    if (ef.hidden_rows > 0) {
      w.Line(fmt::format(
          "    {} {}", SafeText(ef.fact),
          fmt::format(fmt::runtime(Tr(Label::kMoreValuesFmt, lang)), WithThousands(ef.hidden_rows),
                      WithThousands(ef.hidden_scopes), ScopeNoun(block, ef.hidden_scopes, lang))));
    }
  }
}

void BlockText(TextOut& w, const Block& block) {
  const std::string_view lang = w.lang();
  const kb::Issue& issue = *block.issue;
  w.Line(fmt::format("{}{}{}", w.Paint(SafeText(issue.id), kBold), Colon(lang),
                     SafeText(WhereLine(block, lang))));
  w.Field(2, Label::kTitle, KbText(issue.title, lang));
  w.Field(2, Label::kStatus, w.Paint(StatusLabel(block.status, lang), StatusColor(block.status)));
  if (!issue.component.empty()) w.Field(2, Label::kComponent, SafeText(issue.component));
  EvidenceLines(w, block);

  const std::vector<std::string> missing = UnionMissing(block);
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) {
      if (!list.empty()) list += ", ";
      list += SafeText(m);
    }
    w.Field(2, Label::kWouldSettle, w.Paint(list, kYellow));
  }

  const std::string recommendation = KbText(issue.recommendation, lang);
  if (!recommendation.empty()) {
    w.Line(fmt::format("  {}{}", w.Paint(Tr(Label::kRecommendation, lang), kBold), ColonEnd(lang)));
    w.Paragraph(4, recommendation);
  }

  const FixView fix = FixFor(block, lang);
  if (!fix.steps.empty()) {
    w.Line(fmt::format("  {}{}", w.Paint(Tr(Label::kFix, lang), kBold), ColonEnd(lang)));
    if (fix.varies) {
      w.Line("    " + w.Paint(fmt::format(fmt::runtime(Tr(Label::kFixShownForFmt, lang)),
                                          SafeText(fix.shown_for)),
                              kDim));
    }
    for (std::size_t i = 0; i < fix.steps.size(); ++i) {
      w.Line(fmt::format("    {}. {}", i + 1, SafeText(fix.steps[i].title, true)));
      for (const std::string& command : fix.steps[i].commands) {
        w.Line("       $ " + w.Paint(SafeText(command), kCyan));
      }
    }
  }

  if (!issue.references.empty()) {
    w.Line(fmt::format("  {}{}", w.Paint(Tr(Label::kReferences, lang), kBold), ColonEnd(lang)));
    for (const kb::Reference& ref : issue.references) {
      if (ref.title.empty() || ref.title == ref.url) {
        w.Line("    - " + SafeText(ref.url));
      } else {
        w.Line(fmt::format("    - {}{}{}", SafeText(ref.title), Colon(lang), SafeText(ref.url)));
      }
    }
  }
  w.Line();
}

}  // namespace

std::string RenderText(const ReportInput& in) {
  const std::string_view lang = NormalizeLang(in.lang);
  TextOut w(in.color, lang);
  Header(w, in);

  const StatusCounts counts = CountStatuses(in.findings);
  if (counts.affected + counts.possibly_affected == 0) {
    w.Line(w.Paint(Tr(Label::kNothingFound, lang), kGreen));
    w.Line();
  }

  const std::vector<Block> blocks = OrderForPeople(in.findings, in.show_all);
  bool first = true;
  kb::Severity severity = kb::Severity::kInfo;
  for (const Block& block : blocks) {
    if (first || block.issue->severity != severity) {
      severity = block.issue->severity;
      first = false;
      w.Line(w.Paint(fmt::format("== {} ==", Upper(SeverityLabel(severity, lang))),
                     SeverityColor(severity)));
      w.Line();
    }
    BlockText(w, block);
  }

  std::string summary =
      fmt::format(fmt::runtime(Tr(Label::kSummaryFmt, lang)), WithThousands(counts.affected),
                  WithThousands(counts.possibly_affected), WithThousands(counts.not_affected));
  if (!in.show_all && counts.not_affected > 0)
    summary += Paren(Tr(Label::kHiddenUseAll, lang), lang);
  summary += SentenceEnd(lang);
  if (const std::string nodes = NodesReportedText(in.snapshot, lang); !nodes.empty()) {
    summary += nodes + std::string(SentenceEnd(lang));
  }
  if (in.snapshot.incomplete.empty()) {
    summary += Tr(Label::kCompleteSentence, lang);
  } else {
    summary += w.Paint(fmt::format(fmt::runtime(Tr(Label::kPartialSentenceFmt, lang)),
                                   WithThousands(in.snapshot.incomplete.size())),
                       kBoldRed);
  }
  w.Line(fmt::format("{}{}{}", w.Paint(Tr(Label::kSummary, lang), kBold), Colon(lang), summary));
  return w.Take();
}

}  // namespace netdoctor::report

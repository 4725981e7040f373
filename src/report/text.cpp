// SPDX-License-Identifier: Apache-2.0
// The text report, for a terminal: what was examined and the counts, a summary table (status,
// severity, ID, where, title; worst status first), then the details of affected entries, then
// the undecided ones grouped by the input that would settle them. Wrapped to the terminal width;
// each entry's recommendation, fix and references are printed once.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "facts/fact.h"
#include "report/escape.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/text_layout.h"
#include "report/coverage_view.h"
#include "report/view.h"

namespace netdoctor::report {
namespace {

using engine::Verdict;

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
  TextOut(bool color, std::string_view lang, std::size_t width) : color_(color), lang_(lang), width_(width) {}

  std::string Paint(std::string_view text, std::string_view sgr) const {
    if (!color_ || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
  }
  void Line(std::string_view text = {}) {
    out_ += text;
    out_ += '\n';
  }
  // `text` wrapped to the width: the first line after `first` (already indented, may be
  // painted), the rest indented by `indent` columns.
  void Wrapped(std::string_view first, std::size_t indent, std::string_view text) {
    const std::size_t used = DisplayWidth(first);
    if (used + 10 > width_ && !text.empty()) {  // no room beside `first`: text starts below it
      std::string head(first);
      while (!head.empty() && head.back() == ' ') head.pop_back();
      Line(head);
      for (const std::string& l : WrapText(text, width_ > indent + 10 ? width_ - indent : 10)) {
        Line(std::string(indent, ' ') + l);
      }
      return;
    }
    const std::size_t avail = width_ - used;
    std::vector<std::string> lines = WrapText(text, avail);
    // Lines after the first have `indent` columns before them, which may differ from `used`.
    if (lines.size() > 1 && indent != used) {
      const std::string rest = [&] {
        std::string r;
        for (std::size_t i = 1; i < lines.size(); ++i) r += (i > 1 ? " " : "") + lines[i];
        return r;
      }();
      lines.resize(1);
      for (auto& l : WrapText(rest, width_ > indent + 10 ? width_ - indent : 10)) lines.push_back(std::move(l));
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i == 0) {
        Line(std::string(first) + lines[0]);
      } else {
        Line(std::string(indent, ' ') + lines[i]);
      }
    }
  }
  // "Label:" ending a line, and "Label: " followed by text on the same line.
  std::string Label(std::string_view text) const { return Paint(text, kBold) + std::string(ColonEnd(lang_)); }
  std::string LabelSp(std::string_view text) const { return Paint(text, kBold) + std::string(Colon(lang_)); }
  std::string_view lang() const { return lang_; }
  std::size_t width() const { return width_; }
  std::string Take() { return std::move(out_); }

 private:
  bool color_;
  std::string_view lang_;
  std::size_t width_;
  std::string out_;
};

std::string_view StatusColor(Verdict s) {
  switch (s) {
    case Verdict::kAffected:
      return kBoldRed;
    case Verdict::kPossiblyAffected:
      return kYellow;
    case Verdict::kNotExamined:
      return kCyan;
    case Verdict::kNotAffected:
      return kGreen;
    default:
      return kBold;
  }
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

// How a verdict is laid out. Affected and possibly-affected entries get a row each; not-affected
// ones only with --all; any other verdict (entries nobody could examine) one line per input.
enum class Layout { kEntryRows, kInputLines, kHidden };
Layout LayoutOf(Verdict v, bool show_all) {
  if (v == Verdict::kAffected || v == Verdict::kPossiblyAffected) return Layout::kEntryRows;
  if (v == Verdict::kNotAffected) return show_all ? Layout::kEntryRows : Layout::kHidden;
  return Layout::kInputLines;
}

Verdict VerdictAt(std::size_t i) { return static_cast<Verdict>(i); }

std::string_view SettleLabel(SettleInput s, std::string_view lang) {
  switch (s) {
    case SettleInput::kHost:
      return Tr(Label::kInputHost, lang);
    case SettleInput::kObjects:
      return Tr(Label::kInputObjects, lang);
    case SettleInput::kHostOrObjects:
      return Tr(Label::kInputHostOrObjects, lang);
    case SettleInput::kDerived:
      return Tr(Label::kInputDerived, lang);
    case SettleInput::kKnowledge:
      return Tr(Label::kInputKnowledge, lang);
    case SettleInput::kNone:
      return Tr(Label::kInputNone, lang);
  }
  return Tr(Label::kInputNone, lang);
}

// KB text is ours but may be overridden with --kb; keep its newlines, neutralise the rest.
std::string KbText(const kb::LocalText& t, std::string_view lang) {
  return SafeText(Localized(t, lang), /*keep_newlines=*/true);
}

// "1. a 2. b 3. c" → {"1. a", "2. b", "3. c"}: recommendations are written as numbered steps in
// one paragraph; each step gets its own line. Text without "1. " at the start stays whole.
std::vector<std::string> NumberedSteps(const std::string& text) {
  if (!text.starts_with("1. ")) return {text};
  std::vector<std::string> steps;
  std::size_t start = 0;
  for (int n = 2;; ++n) {
    const std::string marker = std::to_string(n) + ". ";
    std::size_t at = start;
    std::size_t found = std::string::npos;
    while ((at = text.find(marker, at + 1)) != std::string::npos) {
      // After a space or a newline, or right after a Chinese full stop.
      const char before = text[at - 1];
      if (before == ' ' || before == '\n' || (at >= 3 && text.compare(at - 3, 3, "。") == 0)) {
        found = at;
        break;
      }
    }
    if (found == std::string::npos) break;
    std::string step = text.substr(start, found - start);
    while (!step.empty() && (step.back() == ' ' || step.back() == '\n')) step.pop_back();
    steps.push_back(std::move(step));
    start = found;
  }
  steps.push_back(text.substr(start));
  for (auto& s : steps) std::replace(s.begin(), s.end(), '\n', ' ');
  return steps;
}

void Header(TextOut& w, const ReportInput& in) {
  const std::string_view lang = w.lang();
  const std::string tool = in.tool_version.empty() ? "netdoctor" : "netdoctor " + SafeText(in.tool_version);
  w.Line(w.Paint(fmt::format("{}{}{}", tool, Colon(lang), Tr(Label::kReportTitle, lang)), kBold));
  if (in.snapshot.inputs.empty()) {
    w.Line(w.LabelSp(Tr(Label::kExamined, lang)) + std::string(Tr(Label::kNoInputs, lang)));
  } else {
    w.Line(w.Label(Tr(Label::kExamined, lang)));
    for (const facts::InputInfo& input : in.snapshot.inputs) {
      std::string line = SafeText(input.kind) + " " + SafeText(input.where);
      if (!input.summary.empty()) line += std::string(Colon(lang)) + SafeText(input.summary);
      w.Wrapped("  - ", 4, line);
    }
  }
  if (const std::string nodes = NodesReportedText(in.snapshot, lang); !nodes.empty()) {
    w.Wrapped("  - ", 4, nodes);
    for (const std::string& note : in.snapshot.node_reports->notes) w.Wrapped("    - ", 6, SafeText(note));
  }
  if (!in.skipped.empty()) {
    w.Line(w.Label(Tr(Label::kSkipped, lang)));
    for (const kb::Skip& s : in.skipped) {
      const auto kind = s.kind == kb::Skip::Kind::kEntry ? Label::kSkipEntry : Label::kSkipNode;
      w.Wrapped("  - ", 4, fmt::format("{} {}{}{}{}", Tr(kind, lang), SafeText(s.name), Colon(lang),
                                       SafeText(s.reason), Paren(SafeText(s.source), lang)));
    }
  }
  if (!in.snapshot.incomplete.empty()) {
    w.Wrapped(w.Paint(Tr(Label::kPartialReport, lang), kBoldRed) + std::string(Colon(lang)), 2,
              Tr(Label::kPartialExplain, lang));
    for (const std::string& what : in.snapshot.incomplete) w.Wrapped("  - ", 4, SafeText(what));
  }
}

// "6 affected, 12 possibly affected, 20 not affected" from counts per verdict.
std::string StatusList(const std::array<std::size_t, engine::kVerdictCount>& counts, std::string_view lang) {
  std::string out;
  for (std::size_t v = 0; v < engine::kVerdictCount; ++v) {
    if (counts[v] == 0 && VerdictAt(v) != Verdict::kAffected) continue;
    if (!out.empty()) out += lang == "zh" ? "，" : ", ";
    out += fmt::format(fmt::runtime(Tr(Label::kCountStatusFmt, lang)), WithThousands(counts[v]),
                       StatusLabel(VerdictAt(v), lang));
  }
  return out;
}

void ResultLines(TextOut& w, const ReportInput& in) {
  const std::string_view lang = w.lang();
  std::array<std::size_t, engine::kVerdictCount> entries{}, scopes{};
  std::size_t evaluated = 0;
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;
    ++evaluated;
    ++entries[engine::VerdictIndex(g.worst())];
    for (std::size_t v = 0; v < engine::kVerdictCount; ++v) scopes[v] += g.counts[v];
  }
  const std::string end(lang == "zh" ? "。" : ".");
  w.Wrapped(w.LabelSp(Tr(Label::kResult, lang)), 2,
            fmt::format(fmt::runtime(Tr(evaluated == 1 ? Label::kEntryEvaluatedOneFmt : Label::kEntriesEvaluatedFmt, lang)),
                        WithThousands(evaluated),
                        StatusList(entries, lang)) + end);
  w.Wrapped("  ", 2, fmt::format(fmt::runtime(Tr(Label::kPerScopeFmt, lang)), StatusList(scopes, lang)) + end);
  if (const std::string nodes = NodesReportedText(in.snapshot, lang); !nodes.empty()) w.Wrapped("  ", 4, nodes + end);
  w.Line("  " + (in.snapshot.incomplete.empty()
                     ? std::string(Tr(Label::kCompleteSentence, lang))
                     : w.Paint(fmt::format(fmt::runtime(Tr(Label::kPartialSentenceFmt, lang)),
                                           WithThousands(in.snapshot.incomplete.size())), kBoldRed)));
  w.Line();
  if (entries[engine::VerdictIndex(Verdict::kAffected)] + entries[engine::VerdictIndex(Verdict::kPossiblyAffected)] == 0) {
    w.Line(w.Paint(Tr(Label::kNothingFound, lang), kGreen));
    w.Line();
  }
}

// The blocks of `status` in reading order (severity, then knowledge-base order).
std::vector<Block> BlocksOf(const std::vector<Block>& all, Verdict status) {
  std::vector<Block> out;
  for (const Block& b : all) {
    if (b.status == status) out.push_back(b);
  }
  return out;
}

// An entry's title; a custom rule without Chinese text says so in Chinese output.
std::string TitleText(const kb::Issue& issue, std::string_view lang) {
  std::string title = KbText(issue.title, lang);
  if (lang == "zh" && issue.english_only) title += std::string(Tr(Label::kEnglishOnlyNote, lang));
  return title;
}

void SummaryTable(TextOut& w, const ReportInput& in, const std::vector<Block>& blocks) {
  const std::string_view lang = w.lang();
  std::size_t id_width = DisplayWidth(Tr(Label::kIdColumn, lang));
  std::size_t sev_width = DisplayWidth(Tr(Label::kSeverityColumn, lang));
  for (const Block& b : blocks) {
    id_width = std::max(id_width, DisplayWidth(b.issue->id));
    sev_width = std::max(sev_width, DisplayWidth(SeverityLabel(b.issue->severity, lang)));
  }
  const std::size_t where_col = 2 + sev_width + 2 + id_width + 2;
  const std::size_t where_width = w.width() > where_col + 20 ? w.width() - where_col : 20;
  // Too little room beside the IDs (80 columns and long IDs): where goes on a line of its own.
  const bool narrow = where_width < 40;
  auto pad = [](std::string_view s, std::size_t width) {
    return std::string(s) + std::string(width > DisplayWidth(s) ? width - DisplayWidth(s) : 0, ' ');
  };
  bool header = false;
  for (std::size_t v = 0; v < engine::kVerdictCount; ++v) {
    const Verdict status = VerdictAt(v);
    const Layout layout = LayoutOf(status, in.show_all);
    // Each entry once, in its worst status.
    std::vector<Block> rows;
    for (const Block& b : BlocksOf(blocks, status)) {
      if (b.group->worst() == status) rows.push_back(b);
    }
    std::size_t entries = rows.size();
    if (layout == Layout::kInputLines) {
      // Not-examined entries are not blocks (OrderForPeople leaves them out): count their groups.
      entries = 0;
      for (const engine::Group& g : in.findings.groups) entries += g.issue != nullptr && g.worst() == status;
    }
    if (entries == 0 || layout == Layout::kHidden) continue;
    if (!header) {
      const std::string id_head = narrow ? fmt::format("{}  {} / → {}", Tr(Label::kIdColumn, lang),
                                                      Upper(Tr(Label::kTitle, lang)), Tr(Label::kWhereColumn, lang))
                                         : pad(Tr(Label::kIdColumn, lang), id_width) + "  " +
                                               std::string(Tr(Label::kWhereColumn, lang));
      w.Line(w.Paint(fmt::format("  {}  {}", pad(Tr(Label::kSeverityColumn, lang), sev_width), id_head), kDim));
      header = true;
    }
    const auto noun = entries == 1 ? Label::kEntryOneFmt : Label::kEntriesFmt;
    w.Line(w.Paint(Upper(StatusLabel(status, lang)) + Paren(fmt::format(fmt::runtime(Tr(noun, lang)), entries), lang),
                   StatusColor(status)));
    if (layout == Layout::kInputLines) {
      // One line per input that would cover them ("23 cluster entries not examined: add
      // --kubeconfig or add --dump FILE"), then the entries.
      for (const NotExaminedLine& line : NotExaminedLines(in.findings)) {
        std::string ids;
        for (std::size_t i = 0; i < line.ids.size(); ++i) ids += (i > 0 ? ", " : "") + SafeText(line.ids[i]);
        w.Wrapped("  ", 4, SafeText(NotExaminedSentence(line, lang)));
        w.Wrapped("    ", 4, w.Paint(ids, kDim));
      }
      continue;
    }
    for (const Block& b : rows) {
      std::string also;
      for (std::size_t u = v + 1; u < engine::kVerdictCount; ++u) {
        const Verdict other = VerdictAt(u);
        const std::size_t n = b.group->count(other);
        if ((other == Verdict::kNotAffected && !in.show_all) || n == 0) continue;
        also += fmt::format(fmt::runtime(Tr(Label::kAlsoFmt, lang)), WithThousands(n), StatusLabel(other, lang),
                            ScopeNoun(b, n, lang));
      }
      const std::string sev = pad(SeverityLabel(b.issue->severity, lang), sev_width);
      const std::string sev_text = "  " + w.Paint(sev, SeverityColor(b.issue->severity)) + "  ";
      const std::size_t title_col = 2 + sev_width + 2;
      const std::size_t also_w = DisplayWidth(also);
      // Names as fit beside the "also" part; when not even one does, the line may wrap instead.
      auto where_in = [&](std::size_t room) {
        std::string where = WhereLine(b, lang, room > also_w + 20 ? room - also_w : 20);
        if (!b.scopes.empty() && where.find(Colon(lang)) == std::string::npos) where = WhereLine(b, lang, room);
        return SafeText(where) + also;
      };
      if (narrow) {  // ID and title, then where on a line of its own under the title
        w.Wrapped(sev_text + w.Paint(SafeText(b.issue->id), kBold) + "  ", title_col, TitleText(*b.issue, lang));
        w.Wrapped(std::string(title_col, ' ') + "→ ", title_col + 2, where_in(w.width() - title_col - 2));
        continue;
      }
      w.Wrapped(sev_text + w.Paint(pad(SafeText(b.issue->id), id_width), kBold) + "  ", where_col, where_in(where_width));
      w.Wrapped(std::string(title_col, ' '), title_col, TitleText(*b.issue, lang));
    }
  }
  const std::size_t hidden = [&] {
    std::size_t n = 0;
    for (const engine::Group& g : in.findings.groups) n += g.issue != nullptr && g.worst() == Verdict::kNotAffected;
    return n;
  }();
  if (!in.show_all && hidden > 0) {
    w.Line(fmt::format(fmt::runtime(Tr(hidden == 1 ? Label::kNotListedHintOneFmt : Label::kNotListedHintFmt, lang)),
                       WithThousands(hidden),
                       StatusLabel(Verdict::kNotAffected, lang)));
  }
  w.Line();
}

void EvidenceRows(TextOut& w, const Block& block, const std::vector<EvidenceFact>& facts, bool decisive) {
  const std::string_view lang = w.lang();
  if (!AnyEvidence(facts, decisive)) return;
  w.Line("  " + w.Label(Tr(decisive ? Label::kEvidence : Label::kAlsoRead, lang)));
  const std::size_t n = block.count;
  const auto on_row = [&](const EvidenceRow& row) {
    const engine::Evidence& e = *row.evidence;
    std::string source = SafeText(e.source);
    if (row.sources_vary && !source.empty()) source = std::string(Tr(Label::kForExample, lang)) + source;
    std::string line = SafeText(e.fact) + " = ";
    if (e.known) {
      line += e.value.empty() ? std::string("\"\"") : SafeText(e.value);
      if (!source.empty()) line += " ← " + source;
      line += Paren(OriginLabel(e.origin, lang), lang);
      if (!e.reason.empty()) line += " — " + SafeText(e.reason);
    } else {
      line += Tr(Label::kUnknown, lang);
      if (!e.reason.empty()) line += Paren(SafeText(e.reason), lang);
      if (!source.empty()) line += " ← " + source;
    }
    if (n > 1 && row.scopes < n) {
      line += " [" + fmt::format(fmt::runtime(Tr(Label::kCountFmt, lang)), WithThousands(row.scopes),
                                 ScopeNoun(block, row.scopes, lang)) + "]";
    }
    w.Wrapped("    ", 6, line);
  };
  const auto on_hidden = [&](const EvidenceFact& ef) {
    w.Wrapped("    ", 6,
              fmt::format("{} {}", SafeText(ef.fact),
                          fmt::format(fmt::runtime(Tr(Label::kMoreValuesFmt, lang)), WithThousands(ef.hidden_rows),
                                      WithThousands(ef.hidden_scopes), ScopeNoun(block, ef.hidden_scopes, lang))));
  };
  ForEachEvidenceRow(facts, decisive, on_row, on_hidden);
}

// The facts that decided the verdict under "Evidence", then those only read along the way under
// "Also read" (engine::Evidence::decisive).
void EvidenceLines(TextOut& w, const Block& block) {
  const std::vector<EvidenceFact> facts = AggregateEvidence(block);
  if (facts.empty()) return;
  EvidenceRows(w, block, facts, /*decisive=*/true);
  EvidenceRows(w, block, facts, /*decisive=*/false);
}

// Recommendation, fix and references: once per entry.
void Remedy(TextOut& w, const Block& block) {
  const std::string_view lang = w.lang();
  const kb::Issue& issue = *block.issue;
  const std::string recommendation = KbText(issue.recommendation, lang);
  if (!recommendation.empty()) {
    w.Line("  " + w.Label(Tr(Label::kRecommendation, lang)));
    for (const std::string& step : NumberedSteps(recommendation)) {
      const bool numbered = step.size() > 3 && std::isdigit(static_cast<unsigned char>(step[0])) && step[1] == '.';
      w.Wrapped("    ", numbered ? 7 : 4, step);
    }
  }
  const FixView fix = FixFor(block, lang);
  if (!fix.steps.empty()) {
    w.Line("  " + w.Label(Tr(Label::kFix, lang)));
    if (fix.varies) {
      w.Wrapped("    ", 4, fmt::format(fmt::runtime(Tr(Label::kFixShownForFmt, lang)), SafeText(fix.shown_for)));
    }
    for (std::size_t i = 0; i < fix.steps.size(); ++i) {
      w.Wrapped(fmt::format("    {}. ", i + 1), 7, SafeText(fix.steps[i].title, true));
      // Commands are not wrapped: they must stay copyable.
      for (const std::string& command : fix.steps[i].commands) w.Line("       $ " + w.Paint(SafeText(command), kCyan));
    }
  }
  if (!issue.references.empty()) {
    w.Line("  " + w.Label(Tr(Label::kReferences, lang)));
    for (const kb::Reference& ref : issue.references) {
      const bool titled = !ref.title.empty() && ref.title != ref.url;
      w.Wrapped("    - ", 6, titled ? fmt::format("{}{}{}", SafeText(ref.title), Colon(lang), SafeText(ref.url))
                                    : SafeText(ref.url));
    }
  }
}

// Each missing fact with what to do to get it (facts/catalog.def action column).
void MissingLine(TextOut& w, const Block& block, std::size_t indent) {
  const auto settle = SettleList(block, w.lang());
  if (settle.empty()) return;
  std::string list;
  for (const auto& [fact, action] : settle) {
    if (!list.empty()) list += "; ";
    list += SafeText(fact);
    if (!action.empty()) list += Paren(SafeText(action), w.lang());
  }
  w.Wrapped(std::string(indent, ' ') + w.LabelSp(Tr(Label::kWouldSettle, w.lang())), indent + 2, list);
}

// One entry's full block: where, evidence, what would settle it, and (first time only) the remedy.
void FullBlock(TextOut& w, const Block& block, std::set<const kb::Issue*>& remedied) {
  const std::string_view lang = w.lang();
  const kb::Issue& issue = *block.issue;
  std::string head = w.Paint(SafeText(issue.id), kBold) +
                     Paren(fmt::format("{}, {}", SeverityLabel(issue.severity, lang), SafeText(issue.component)), lang);
  w.Wrapped(head + " ", 2, w.Paint(StatusLabel(block.status, lang), StatusColor(block.status)));
  if (lang == "zh" && issue.english_only) w.Line("  " + std::string(Tr(Label::kEnglishOnlyNote, lang)));
  w.Wrapped("  " + w.LabelSp(Tr(Label::kWhere, lang)), 4, SafeText(WhereLine(block, lang)));
  EvidenceLines(w, block);
  MissingLine(w, block, 2);
  if (remedied.insert(block.issue).second) {
    Remedy(w, block);
  } else {
    w.Line("  " + std::string(Tr(Label::kSeeAbove, lang)));
  }
  w.Line();
}

void Details(TextOut& w, const ReportInput& in, const std::vector<Block>& blocks) {
  const std::string_view lang = w.lang();
  std::set<const kb::Issue*> remedied;
  for (std::size_t v = 0; v < engine::kVerdictCount; ++v) {
    const Verdict status = VerdictAt(v);
    const std::vector<Block> of = BlocksOf(blocks, status);
    if (of.empty()) continue;
    if (status == Verdict::kAffected || (status == Verdict::kNotAffected && in.show_all && in.details)) {
      w.Line(w.Paint(fmt::format("== {} ==", Upper(fmt::format(fmt::runtime(Tr(Label::kDetailsOfFmt, lang)),
                                                                StatusLabel(status, lang)))),
                     StatusColor(status)));
      w.Line();
      for (const Block& b : of) FullBlock(w, b, remedied);
      continue;
    }
    if (status == Verdict::kNotAffected) continue;
    if (LayoutOf(status, in.show_all) == Layout::kInputLines && !in.details) continue;
    // Undecided: grouped by the input that would settle them.
    w.Line(w.Paint(fmt::format("== {} ==", Upper(fmt::format(fmt::runtime(Tr(Label::kBySettleFmt, lang)),
                                                              StatusLabel(status, lang)))),
                   StatusColor(status)));
    w.Line();
    std::map<SettleInput, std::vector<const Block*>> by_input;
    for (const Block& b : of) by_input[SettleInputOf(b)].push_back(&b);
    for (const auto& [input, group] : by_input) {
      w.Wrapped("", 2, w.Paint(std::string(SettleLabel(input, lang)), kBold));
      for (const Block* b : group) {
        if (in.details) {
          FullBlock(w, *b, remedied);
          continue;
        }
        w.Wrapped("  " + w.Paint(SafeText(b->issue->id), kBold) + std::string(Colon(lang)), 4,
                  SafeText(WhereLine(*b, lang)));
        MissingLine(w, *b, 4);
      }
      w.Line();
    }
  }
  if (!in.details) {
    bool undecided = false;
    for (const Block& b : blocks) undecided |= b.status != Verdict::kAffected && b.status != Verdict::kNotAffected;
    if (undecided) {
      w.Line(std::string(Tr(Label::kDetailsHint, lang)));
      w.Line();
    }
  }
}

}  // namespace

std::string RenderText(const ReportInput& in) {
  const std::string_view lang = NormalizeLang(in.lang);
  TextOut w(in.color, lang, in.columns > 0 ? static_cast<std::size_t>(std::max(in.columns, 40)) : 80);
  Header(w, in);
  ResultLines(w, in);
  const std::vector<Block> blocks = OrderForPeople(in.findings, in.show_all);
  SummaryTable(w, in, blocks);
  Details(w, in, blocks);
  std::string out = w.Take();
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace netdoctor::report

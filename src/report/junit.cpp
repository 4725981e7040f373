// SPDX-License-Identifier: Apache-2.0
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "kb/issue.h"
#include "report/report.h"
#include "report/scope_groups.h"
#include "report/labels.h"
#include "report/view.h"

// JUnit XML as Jenkins (junit and xUnit plugins) and GitLab read it. The element order follows
// the JUnit schema those tools validate against (tests/third_party/junit/jenkins-junit.xsd):
// testcase = skipped?, error*, failure*, system-out*; testsuite = properties?, testcase*.
namespace netdoctor::report {
namespace {

enum class Outcome { kPass, kFailure, kSkipped };

// By name, so a verdict the engine adds later lands somewhere sensible without an edit here:
// anything not named passes. Possibly-affected is skipped, not an error: like `check`'s exit code
// (which fails on it only with --fail-on-possible), CI should show it undecided, not broken.
Outcome OutcomeOf(engine::Verdict v) {
  const std::string_view name = engine::VerdictName(v);
  if (name == "affected") return Outcome::kFailure;
  if (name == "possibly-affected" || name == "not-examined") return Outcome::kSkipped;
  return Outcome::kPass;
}

struct Case {
  std::string xml;
  Outcome outcome = Outcome::kPass;
};

std::string Details(const engine::Group& g, const ScopeGroup& sg, std::string_view lang) {
  const kb::Issue& issue = *g.issue;
  std::string out = Localized(issue.title, lang) + "\n";
  out += "Status: " + std::string(engine::VerdictName(sg.verdict)) + " on " +
         WithThousands(sg.count) + " of " + WithThousands(g.total()) + " scopes: " +
         ScopeList(sg, lang) + "\n";
  if (sg.variant != nullptr && !sg.variant->evidence.empty()) {
    out += "Evidence:\n";
    for (const engine::Evidence& e : sg.variant->evidence) {
      out += "  " + e.fact + " = " + (e.known ? e.value : "unknown") + " <- " + e.source;
      if (!e.reason.empty()) out += " (" + e.reason + ")";
      out += "\n";
    }
  }
  if (sg.variant != nullptr && !sg.variant->missing.empty()) {
    out += "Would settle it:\n";
    for (const std::string& m : sg.variant->missing) out += "  " + m + "\n";
  }
  const std::string& rec = Localized(issue.recommendation, lang);
  if (!rec.empty()) out += "Recommendation: " + rec + "\n";
  if (OutcomeOf(sg.verdict) == Outcome::kFailure && !issue.fix.empty()) {
    out += "Fix:\n";
    for (std::size_t i = 0; i < issue.fix.size(); ++i) {
      out += "  " + std::to_string(i + 1) + ". " + Localized(issue.fix[i].title, lang) + "\n";
      for (const std::string& c : StepCommands(g, sg.verdict, i)) out += "     $ " + c + "\n";
    }
  }
  return out;
}

Case MakeCase(const engine::Group& g, const ScopeGroup& sg, std::string_view lang) {
  const kb::Issue& issue = *g.issue;
  Case c{{}, OutcomeOf(sg.verdict)};
  const std::string name =
      std::string(engine::VerdictName(sg.verdict)) + ": " + ScopeList(sg, lang, 5);
  c.xml = "    <testcase classname=\"" + XmlEscape(issue.component + "." + issue.id) +
          "\" name=\"" + XmlEscape(issue.id + " " + name) + "\" time=\"0\">\n";
  const std::string message = XmlEscape(Localized(issue.title, lang) + " [" +
                                        std::string(kb::SeverityName(issue.severity)) + "]");
  const std::string type = XmlEscape(engine::VerdictName(sg.verdict));
  const std::string body = XmlEscape(Details(g, sg, lang));
  switch (c.outcome) {
    case Outcome::kFailure:
      c.xml += "      <failure type=\"" + type + "\" message=\"" + message + "\">" + body +
               "</failure>\n";
      break;
    case Outcome::kSkipped:
      // The schema Jenkins' xUnit plugin uses allows no attributes on <skipped>.
      c.xml += "      <skipped>" + type + ": " + body + "</skipped>\n";
      break;
    case Outcome::kPass:
      c.xml += "      <system-out>" + body + "</system-out>\n";
      break;
  }
  c.xml += "    </testcase>\n";
  return c;
}

}  // namespace

void RenderJunitTo(const ReportInput& in, std::ostream& os) {
  const std::string_view lang = NormalizeLang(in.lang);
  // Components in order of first appearance in the knowledge base.
  std::vector<std::string> order;
  std::map<std::string, std::vector<Case>> suites;
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;
    auto [it, fresh] = suites.try_emplace(g.issue->component);
    if (fresh) order.push_back(g.issue->component);
    for (const ScopeGroup& sg : ScopeGroups(g)) it->second.push_back(MakeCase(g, sg, lang));
  }
  // Left out by policy: a suite of its own, each skip a skipped case with its reason, so CI lists
  // what was not checked instead of passing over it in silence.
  if (!in.skipped.empty()) {
    const std::string suite = "policy";
    order.push_back(suite);
    for (const kb::Skip& sk : in.skipped) {
      suites[suite].push_back({"    <testcase classname=\"netdoctor.policy\" name=\"" +
                                   XmlEscape(std::string(kb::SkipKindName(sk.kind)) + " " + sk.name) + "\" time=\"0\">\n" +
                                   "      <skipped>" + XmlEscape(SkipText(sk, lang)) + "</skipped>\n    </testcase>\n",
                               Outcome::kSkipped});
    }
  }
  auto count = [](const std::vector<Case>& cases, Outcome o) {
    std::size_t n = 0;
    for (const Case& c : cases) n += c.outcome == o;
    return n;
  };
  // <error> is for a test that could not run; netdoctor has none (an unreadable input makes the
  // report partial, which every suite's netdoctor.partial property says).
  std::size_t tests = 0, failures = 0;
  for (const auto& [name, cases] : suites) {
    tests += cases.size();
    failures += count(cases, Outcome::kFailure);
  }
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  os << "<testsuites name=\"netdoctor\" tests=\"" << tests << "\" failures=\"" << failures
     << "\" errors=\"0\" time=\"0\">\n";
  for (const std::string& component : order) {
    const std::vector<Case>& cases = suites[component];
    os << "  <testsuite name=\"" << XmlEscape(component) << "\" tests=\"" << cases.size()
       << "\" failures=\"" << count(cases, Outcome::kFailure) << "\" errors=\"0\" skipped=\""
       << count(cases, Outcome::kSkipped)
       << "\" time=\"0\">\n";
    os << "    <properties>\n";
    os << "      <property name=\"netdoctor.version\" value=\"" << XmlEscape(in.tool_version)
       << "\"/>\n";
    os << "      <property name=\"netdoctor.partial\" value=\""
       << (in.snapshot.incomplete.empty() ? "false" : "true") << "\"/>\n";
    os << "    </properties>\n";
    for (const Case& c : cases) os << c.xml;
    os << "  </testsuite>\n";
  }
  os << "</testsuites>\n";
}

}  // namespace netdoctor::report

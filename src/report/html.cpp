// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>
#include <utility>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kb/issue.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/scope_groups.h"
#include "report/score.h"
#include "report/view.h"

// One self-contained HTML page: inline CSS and JS, a Content-Security-Policy that forbids every
// fetch, no fonts or images from anywhere. The content is in the markup (readable without
// JavaScript); the script only filters. Filter state lives in the URL fragment
// (#status=affected&severity=critical,high), so a filtered view can be linked to, and the
// headless-browser test can check the filters without driving clicks.
namespace netdoctor::report {
namespace {

constexpr std::string_view kStyle = R"css(
:root{--bg:#fff;--fg:#1d2430;--muted:#5c6573;--line:#d9dee5;--card:#f7f8fa;
--crit:#8b0000;--high:#c0392b;--med:#d68910;--low:#2e86c1;--info:#7f8c8d;
--aff:#c0392b;--pos:#d68910;--ok:#1e8449;--nx:#7f8c8d}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg);margin:0 auto;max-width:1180px;padding:16px 24px}
h1{font-size:22px;margin:4px 0}h2{font-size:17px;margin:18px 0 6px}h3{font-size:15px;margin:0}
h4{font-size:13px;margin:12px 0 4px;color:var(--muted);text-transform:uppercase}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#0f1720;color:#e6edf3;padding:8px 10px;border-radius:6px;overflow-x:auto;
white-space:pre-wrap;word-break:break-all;margin:4px 0}
.meta{color:var(--muted);margin:0}
#summary{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start;border:1px solid var(--line);
border-radius:10px;padding:14px;background:var(--card)}
.score{min-width:130px;text-align:center;border-radius:10px;padding:10px;color:#fff}
.score .value{font-size:40px;font-weight:700;display:block}.score .grade{font-size:18px}
.grade-A{background:#1e8449}.grade-B{background:#52a447}.grade-C{background:#b7950b}
.grade-D{background:#d68910}.grade-E{background:#ca6f1e}.grade-F{background:#a93226}
.how{max-width:520px;color:var(--muted);font-size:12px;margin:0}
table{border-collapse:collapse;margin:4px 0}th,td{border:1px solid var(--line);padding:3px 8px;
text-align:left;vertical-align:top}th{background:#eef1f5;font-weight:600}
td.num{text-align:right}
.partial{border-left:4px solid var(--pos);background:#fff7e6;padding:8px 12px;margin:12px 0}
#filters{display:flex;gap:14px;flex-wrap:wrap;margin:16px 0 8px}
fieldset{border:1px solid var(--line);border-radius:8px;padding:6px 10px;margin:0}
legend{font-weight:600;padding:0 4px}label{margin-right:10px;white-space:nowrap}
#shown{color:var(--muted);margin:4px 0 12px}
.entry{border:1px solid var(--line);border-radius:10px;padding:10px 14px;margin:10px 0;
border-left:6px solid var(--line)}
.entry[data-status=affected]{border-left-color:var(--aff)}
.entry[data-status=possibly-affected]{border-left-color:var(--pos)}
.entry[data-status=not-affected]{border-left-color:var(--ok)}
.entry[data-status=not-examined]{border-left-color:var(--nx)}
.badge{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;
font-weight:600;margin-right:4px}
.sev-critical{background:var(--crit)}.sev-high{background:var(--high)}
.sev-medium{background:var(--med)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.st-affected{background:var(--aff)}.st-possibly-affected{background:var(--pos)}
.st-not-affected{background:var(--ok)}.st-not-examined{background:var(--nx)}
.where{margin:4px 0;color:var(--muted)}.comp{color:var(--muted);font-size:12px}
summary{cursor:pointer;color:#1f5fa8;margin-top:4px}
.group{margin:6px 0 10px}.missing{color:var(--muted)}
.ghead{font-weight:600;margin:8px 0 4px}
footer{color:var(--muted);font-size:12px;margin:24px 0}
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[type=checkbox]'));
  var entries = Array.prototype.slice.call(document.querySelectorAll('article.entry'));
  var kinds = ['status', 'severity', 'component'];
  function fromHash() {
    var h = window.location.hash.replace(/^#/, '');
    if (!h) return;
    var params = new URLSearchParams(h);
    boxes.forEach(function (b) {
      var f = b.getAttribute('data-filter');
      if (params.has(f)) b.checked = params.get(f).split(',').indexOf(b.value) >= 0;
    });
  }
  function toHash() {
    var parts = kinds.map(function (f) {
      return f + '=' + boxes.filter(function (b) {
        return b.getAttribute('data-filter') === f && b.checked;
      }).map(function (b) { return b.value; }).join(',');
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', '#' + parts.join('&'));
    }
  }
  function apply() {
    var on = {};
    kinds.forEach(function (f) { on[f] = {}; });
    boxes.forEach(function (b) { if (b.checked) on[b.getAttribute('data-filter')][b.value] = true; });
    var shown = 0;
    entries.forEach(function (e) {
      var visible = kinds.every(function (f) { return on[f][e.getAttribute('data-' + f)] === true; });
      e.hidden = !visible;
      if (visible) shown++;
    });
    document.getElementById('shown-count').textContent = String(shown);
    document.body.setAttribute('data-shown', String(shown));
  }
  fromHash();
  apply();
  boxes.forEach(function (b) { b.addEventListener('change', function () { apply(); toHash(); }); });
  document.getElementById('show-all').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    apply();
    toHash();
  });
  document.body.setAttribute('data-ready', '1');
})();
)js";

std::string E(std::string_view s) { return XmlEscape(s); }

std::string Badge(std::string_view cls, std::string_view text) {
  return "<span class=\"badge " + E(cls) + "\">" + E(text) + "</span>";
}

// Statuses people look at first are on by default; the others (not-affected, not-examined) are
// one click away.
bool DefaultOn(engine::Verdict v) {
  const std::string_view n = engine::VerdictName(v);
  return n == "affected" || n == "possibly-affected";
}

void Summary(std::ostream& os, const ReportInput& in, std::string_view lang) {
  const Score score = HealthScore(in.findings);
  os << "<section id=\"summary\">\n";
  os << fmt::format(
      "<div class=\"score grade-{0}\" id=\"score\" data-score=\"{1}\" data-grade=\"{0}\">"
      "<span class=\"value\">{1}</span><span class=\"grade\">grade {0}</span></div>\n",
      score.grade, score.value);
  os << "<div><table id=\"counts\"><tr><th>" << E(Tr(Label::kStatus, lang))
     << "</th><th>entries</th><th>scopes</th></tr>\n";
  for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
    const auto v = static_cast<engine::Verdict>(i);
    std::size_t entries = 0, scopes = 0;
    for (const engine::Group& g : in.findings.groups) {
      if (g.issue == nullptr) continue;
      entries += g.worst() == v;
      scopes += g.count(v);
    }
    os << "<tr data-status=\"" << E(engine::VerdictName(v)) << "\"><td>"
       << Badge("st-" + std::string(engine::VerdictName(v)), StatusLabel(v, lang))
       << "</td><td class=\"num\">" << entries << "</td><td class=\"num\">" << scopes
       << "</td></tr>\n";
  }
  os << "</table>\n<p class=\"how\" id=\"score-how\">" << E(kScoreExplanation) << " ("
     << score.entries << " entries took part.)</p></div>\n";
  os << "<div><h2>" << E(Tr(Label::kExamined, lang)) << "</h2><ul id=\"inputs\">\n";
  if (in.snapshot.inputs.empty()) os << "<li>" << E(Tr(Label::kNoInputs, lang)) << "</li>\n";
  for (const facts::InputInfo& input : in.snapshot.inputs) {
    os << "<li><b>" << E(input.kind) << "</b> " << E(input.where) << ": " << E(input.summary)
       << "</li>\n";
  }
  os << "</ul></div>\n";
  if (!in.skipped.empty()) {
    os << "<div><h2>" << E(Tr(Label::kSkipped, lang)) << "</h2><ul id=\"skipped\">\n";
    for (const kb::Skip& sk : in.skipped) {
      os << "<li data-kind=\"" << E(kb::SkipKindName(sk.kind)) << "\">" << E(SkipText(sk, lang)) << "</li>\n";
    }
    os << "</ul></div>\n";
  }
  os << "</section>\n";
  if (!in.snapshot.incomplete.empty()) {
    os << "<div class=\"partial\" id=\"partial\"><b>" << E(Tr(Label::kPartialReport, lang))
       << "</b> " << E(Tr(Label::kPartialExplain, lang)) << "<ul>\n";
    for (const std::string& line : in.snapshot.incomplete) os << "<li>" << E(line) << "</li>\n";
    os << "</ul></div>\n";
  }
}

void Filters(std::ostream& os, const ReportInput& in, std::string_view lang) {
  std::map<std::string, std::size_t> severities, components, statuses;
  std::vector<std::string> component_order;
  std::size_t total = 0;
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;
    ++total;
    ++severities[std::string(kb::SeverityName(g.issue->severity))];
    if (components[g.issue->component]++ == 0) component_order.push_back(g.issue->component);
    ++statuses[std::string(engine::VerdictName(g.worst()))];
  }
  auto box = [&os](std::string_view filter, std::string_view value, std::string_view label,
                   std::size_t n, bool on) {
    os << "<label><input type=\"checkbox\" data-filter=\"" << E(filter) << "\" value=\""
       << E(value) << "\"" << (on ? " checked" : "") << "> " << E(label) << " (" << n
       << ")</label>\n";
  };
  os << "<section id=\"filters\">\n<fieldset><legend>" << E(Tr(Label::kStatus, lang))
     << "</legend>\n";
  for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
    const auto v = static_cast<engine::Verdict>(i);
    const std::string name(engine::VerdictName(v));
    box("status", name, StatusLabel(v, lang), statuses[name], DefaultOn(v));
  }
  os << "</fieldset>\n<fieldset><legend>" << E(Tr(Label::kSeverity, lang)) << "</legend>\n";
  for (kb::Severity s : {kb::Severity::kCritical, kb::Severity::kHigh, kb::Severity::kMedium,
                         kb::Severity::kLow, kb::Severity::kInfo}) {
    const std::string name(kb::SeverityName(s));
    box("severity", name, SeverityLabel(s, lang), severities[name], true);
  }
  os << "</fieldset>\n<fieldset><legend>" << E(Tr(Label::kComponent, lang)) << "</legend>\n";
  for (const std::string& c : component_order) box("component", c, c, components[c], true);
  os << "</fieldset>\n<button type=\"button\" id=\"show-all\">show all</button>\n</section>\n";
  os << "<p id=\"shown\"><span id=\"shown-count\">" << total << "</span> of <span id=\"total-count\">"
     << total << "</span> entries shown</p>\n";
}

// The facts that decided the verdict, then (apart, under their own caption) the ones only read.
void EvidenceTable(std::ostream& os, const engine::Variant& v, std::string_view lang) {
  for (const bool decisive : {true, false}) {
    const auto first = std::find_if(v.evidence.begin(), v.evidence.end(),
                                    [&](const engine::Evidence& e) { return e.decisive == decisive; });
    if (first == v.evidence.end()) continue;
    os << "<table class=\"evidence\" data-decisive=\"" << (decisive ? "true" : "false") << "\">";
    if (!decisive) os << "<caption>" << E(Tr(Label::kAlsoRead, lang)) << "</caption>";
    os << "<tr><th>" << E(Tr(Label::kFact, lang)) << "</th><th>" << E(Tr(Label::kValue, lang)) << "</th><th>"
       << E(Tr(Label::kSource, lang)) << "</th><th>" << E(Tr(Label::kOrigin, lang)) << "</th></tr>\n";
    for (const engine::Evidence& e : v.evidence) {
      if (e.decisive != decisive) continue;
      os << "<tr><td><code>" << E(e.fact) << "</code></td><td>"
         << (e.known ? "<code>" + E(e.value) + "</code>" : E(Tr(Label::kUnknown, lang)));
      if (!e.reason.empty()) os << "<br><small>" << E(e.reason) << "</small>";
      os << "</td><td>" << E(e.source) << (e.sources_vary ? " …" : "") << "</td><td>"
         << E(OriginLabel(e.origin, lang)) << "</td></tr>\n";
    }
    os << "</table>\n";
  }
}

void Entry(std::ostream& os, const engine::Group& g, std::string_view lang) {
  const kb::Issue& issue = *g.issue;
  const engine::Verdict worst = g.worst();
  const std::string status(engine::VerdictName(worst));
  const std::string severity(kb::SeverityName(issue.severity));
  os << "<article class=\"entry\" id=\"entry-" << E(issue.id) << "\" data-id=\"" << E(issue.id)
     << "\" data-status=\"" << E(status) << "\" data-severity=\"" << E(severity)
     << "\" data-component=\"" << E(issue.component) << "\">\n<h3>"
     << Badge("sev-" + severity, SeverityLabel(issue.severity, lang))
     << Badge("st-" + status, StatusLabel(worst, lang)) << " <code>" << E(issue.id) << "</code> "
     << E(Localized(issue.title, lang)) << " <span class=\"comp\">" << E(issue.component)
     << "</span></h3>\n";
  const std::vector<ScopeGroup> groups = ScopeGroups(g);
  for (const ScopeGroup& sg : groups) {
    if (sg.verdict != worst) continue;
    os << "<p class=\"where\">" << E(StatusLabel(sg.verdict, lang)) << ": " << sg.count << " / "
       << g.total() << " — " << E(ScopeList(sg, lang)) << "</p>\n";
  }
  os << "<details" << (engine::VerdictName(worst) == "affected" ? " open" : "") << "><summary>"
     << E(Tr(Label::kEvidence, lang)) << ", " << E(Tr(Label::kFix, lang)) << "</summary>\n";
  for (const ScopeGroup& sg : groups) {
    os << "<div class=\"group\" data-status=\"" << E(engine::VerdictName(sg.verdict))
       << "\"><p class=\"ghead\">" << E(StatusLabel(sg.verdict, lang)) << " — " << sg.count
       << ": " << E(ScopeList(sg, lang)) << "</p>\n";
    if (sg.variant != nullptr) {
      EvidenceTable(os, *sg.variant, lang);
      if (!sg.variant->missing.empty()) {
        os << "<p class=\"missing\">" << E(Tr(Label::kWouldSettle, lang)) << ": ";
        for (std::size_t i = 0; i < sg.variant->missing.size(); ++i) {
          os << (i ? ", " : "") << "<code>" << E(sg.variant->missing[i]) << "</code>";
        }
        os << "</p>\n";
      }
    }
    os << "</div>\n";
  }
  const std::string& rec = Localized(issue.recommendation, lang);
  if (!rec.empty()) {
    os << "<h4>" << E(Tr(Label::kRecommendation, lang)) << "</h4><p class=\"recommendation\">"
       << E(rec) << "</p>\n";
  }
  if (!issue.fix.empty()) {
    os << "<h4>" << E(Tr(Label::kFix, lang)) << "</h4><ol class=\"fix\">\n";
    for (std::size_t i = 0; i < issue.fix.size(); ++i) {
      os << "<li>" << E(Localized(issue.fix[i].title, lang));
      const auto& commands = StepCommands(g, worst, i);
      if (!commands.empty()) {
        os << "<pre>";
        for (const std::string& c : commands) os << "$ " << E(c) << "\n";
        os << "</pre>";
      }
      os << "</li>\n";
    }
    os << "</ol>\n";
  }
  if (!issue.references.empty()) {
    os << "<h4>" << E(Tr(Label::kReferences, lang)) << "</h4><ul class=\"refs\">\n";
    for (const kb::Reference& r : issue.references) {
      const bool web = r.url.starts_with("https://") || r.url.starts_with("http://");
      os << "<li>" << (web ? "<a href=\"" + E(r.url) + "\" rel=\"noreferrer noopener\">" : "")
         << E(r.title) << (web ? "</a>" : " " + E(r.url)) << "</li>\n";
    }
    os << "</ul>\n";
  }
  os << "</details>\n</article>\n";
}

}  // namespace

void RenderHtmlTo(const ReportInput& in, std::ostream& os) {
  const std::string_view lang = NormalizeLang(in.lang);
  os << "<!DOCTYPE html>\n<html lang=\"" << (lang == "zh" ? "zh-CN" : "en") << "\">\n<head>\n"
     << "<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     // Nothing may be fetched: the page is one file people pass around.
     << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
     << "<title>" << E(Tr(Label::kReportTitle, lang)) << "</title>\n<style>" << kStyle
     << "</style>\n</head>\n<body>\n<header><h1>" << E(Tr(Label::kReportTitle, lang))
     << "</h1><p class=\"meta\">netdoctor " << E(in.tool_version) << "</p></header>\n";
  Summary(os, in, lang);
  Filters(os, in, lang);
  // Reading order: worst status first, then severity, then knowledge-base order.
  std::vector<const engine::Group*> order;
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue != nullptr) order.push_back(&g);
  }
  std::stable_sort(order.begin(), order.end(), [](const engine::Group* a, const engine::Group* b) {
    const auto ka = std::make_pair(engine::VerdictIndex(a->worst()), static_cast<int>(a->issue->severity));
    const auto kb = std::make_pair(engine::VerdictIndex(b->worst()), static_cast<int>(b->issue->severity));
    return ka < kb;
  });
  os << "<main id=\"entries\">\n";
  for (const engine::Group* g : order) Entry(os, *g, lang);
  os << "</main>\n<footer>netdoctor/report/v2 · generated by netdoctor " << E(in.tool_version)
     << "</footer>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
}

}  // namespace netdoctor::report

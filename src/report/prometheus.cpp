// SPDX-License-Identifier: Apache-2.0
#include "report/prometheus.h"

#include <algorithm>
#include <map>
#include <ostream>

#include "engine/finding.h"
#include "kb/issue.h"
#include "report/report.h"

namespace netdoctor::report {

std::string PromEscape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void PromHead(std::string& out, std::string_view name, std::string_view type,
              std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  // HELP text escapes backslash and newline only.
  for (char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void WriteFindingSeries(std::string& out, const std::vector<EntryStatus>& entries,
                        std::string_view what) {
  PromHead(out, "netdoctor_finding", "gauge",
           std::string(what) + ": 1 for the current status of each.");
  std::vector<std::pair<std::string, std::size_t>> counts;
  for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
    counts.emplace_back(engine::VerdictName(static_cast<engine::Verdict>(i)), 0);
  }
  for (const EntryStatus& e : entries) {
    out += "netdoctor_finding{id=\"" + PromEscape(e.id) + "\",component=\"" +
           PromEscape(e.component) + "\",severity=\"" + PromEscape(e.severity) + "\",status=\"" +
           PromEscape(e.status) + "\"} 1\n";
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& c) { return c.first == e.status; });
    if (it == counts.end()) counts.emplace_back(e.status, 1);
    else ++it->second;
  }
  PromHead(out, "netdoctor_findings", "gauge", std::string(what) + " by status.");
  for (const auto& [status, n] : counts) {
    out += "netdoctor_findings{status=\"" + PromEscape(status) + "\"} " + std::to_string(n) + "\n";
  }
}

void RenderPrometheusTo(const ReportInput& in, std::ostream& os, std::string_view kb_revision) {
  std::string out;
  PromHead(out, "netdoctor_build_info", "gauge", "Version and knowledge-base revision.");
  out += "netdoctor_build_info{version=\"" + PromEscape(in.tool_version) + "\",kb_revision=\"" +
         PromEscape(kb_revision) + "\"} 1\n";
  std::vector<EntryStatus> entries;
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;
    entries.push_back({g.issue->id, g.issue->component,
                       std::string(kb::SeverityName(g.issue->severity)),
                       std::string(engine::VerdictName(g.worst()))});
  }
  // The agent's series: one node there, every scope here, so status is the worst over scopes.
  WriteFindingSeries(out, entries, "Knowledge-base entries (worst status over their scopes)");
  // What the agent cannot say about one node: how many scopes of each entry are in each status.
  PromHead(out, "netdoctor_finding_scopes", "gauge",
           "Scopes (nodes, objects, the cluster) of each entry by status.");
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;
    const std::string labels = "id=\"" + PromEscape(g.issue->id) + "\",component=\"" +
                               PromEscape(g.issue->component) + "\",severity=\"" +
                               PromEscape(kb::SeverityName(g.issue->severity)) + "\"";
    for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
      const auto v = static_cast<engine::Verdict>(i);
      out += "netdoctor_finding_scopes{" + labels + ",status=\"" +
             PromEscape(engine::VerdictName(v)) + "\"} " + std::to_string(g.count(v)) + "\n";
    }
  }
  if (!in.skipped.empty()) {
    PromHead(out, "netdoctor_skipped", "gauge",
             "Entries and nodes left out by policy (--skip, --skip-node, the config file), with the reason.");
    for (const kb::Skip& s : in.skipped) {
      out += "netdoctor_skipped{kind=\"" + PromEscape(kb::SkipKindName(s.kind)) + "\",name=\"" + PromEscape(s.name) +
             "\",reason=\"" + PromEscape(s.reason) + "\"} 1\n";
    }
  }
  PromHead(out, "netdoctor_report_incomplete_inputs", "gauge",
           "Inputs that could not be read in full (non-zero: a partial report).");
  out += "netdoctor_report_incomplete_inputs " + std::to_string(in.snapshot.incomplete.size()) +
         "\n";
  os << out;
}

}  // namespace netdoctor::report

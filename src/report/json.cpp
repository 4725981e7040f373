// SPDX-License-Identifier: Apache-2.0
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "facts/fact.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/view.h"

namespace netdoctor::report {
namespace {

using Json = nlohmann::ordered_json;

// "object_kind" is an addition to the original sketch of the format: without it a Service and a
// Pod of the same name would look the same.
Json ScopeJson(const engine::FindingScope& scope) {
  Json j = Json::object();
  j["kind"] = std::string(engine::ScopeKindName(scope.kind));
  j["name"] = scope.name;
  j["namespace"] = scope.namespace_;
  j["node"] = scope.node;
  j["object_kind"] = scope.object_kind;
  return j;
}

Json EvidenceJson(const engine::Evidence& e) {
  Json j = Json::object();
  j["fact"] = e.fact;
  j["value"] = e.known ? Json(e.value) : Json(nullptr);
  j["known"] = e.known;
  j["reason"] = e.reason;
  j["source"] = e.source;
  j["origin"] = std::string(facts::OriginName(e.origin));
  return j;
}

Json FindingJson(const engine::Finding& f, std::string_view lang) {
  const kb::Issue& issue = *f.issue;
  Json j = Json::object();
  j["id"] = issue.id;
  j["status"] = std::string(engine::StatusName(f.status));
  j["severity"] = std::string(kb::SeverityName(issue.severity));
  j["component"] = issue.component;
  j["title"] = Localized(issue.title, lang);
  j["scope"] = ScopeJson(f.scope);
  Json evidence = Json::array();
  for (const engine::Evidence& e : f.evidence) evidence.push_back(EvidenceJson(e));
  j["evidence"] = std::move(evidence);
  j["missing"] = f.missing;
  j["recommendation"] = Localized(issue.recommendation, lang);
  Json fix = Json::array();
  for (std::size_t i = 0; i < issue.fix.size(); ++i) {
    Json step = Json::object();
    step["title"] = Localized(issue.fix[i].title, lang);
    step["commands"] = StepCommands(f, i);
    fix.push_back(std::move(step));
  }
  j["fix"] = std::move(fix);
  Json refs = Json::array();
  for (const kb::Reference& r : issue.references) {
    Json ref = Json::object();
    ref["title"] = r.title;
    ref["url"] = r.url;
    refs.push_back(std::move(ref));
  }
  j["references"] = std::move(refs);
  return j;
}

}  // namespace

std::string RenderJson(const ReportInput& in) {
  const std::string_view lang = NormalizeLang(in.lang);
  Json doc = Json::object();
  doc["schema"] = "netdoctor/report/v1";
  doc["tool"] = Json::object();
  doc["tool"]["name"] = "netdoctor";
  doc["tool"]["version"] = in.tool_version;
  doc["lang"] = std::string(lang);

  const StatusCounts counts = CountStatuses(in.findings);
  doc["summary"] = Json::object();
  doc["summary"]["affected"] = counts.affected;
  doc["summary"]["possibly_affected"] = counts.possibly_affected;
  doc["summary"]["not_affected"] = counts.not_affected;
  doc["summary"]["partial"] = !in.snapshot.incomplete.empty();
  if (const auto& nr = in.snapshot.node_reports) {
    // Nodes whose facts came from a NodeReport (netdoctor agent); absent: none were looked for.
    Json n = Json::object();
    n["nodes"] = nr->nodes;
    n["reported"] = nr->reported;
    n["stale"] = nr->stale;
    n["notes"] = nr->notes;
    doc["summary"]["node_reports"] = std::move(n);
  }

  Json findings = Json::array();
  for (const engine::Finding& f : in.findings.items) {
    if (f.issue == nullptr) continue;  // cannot be named; see GroupByEntry
    findings.push_back(FindingJson(f, lang));
  }
  doc["findings"] = std::move(findings);

  Json groups = Json::array();
  for (const Block& block : GroupByEntry(in.findings)) {
    Json g = Json::object();
    g["id"] = block.issue->id;
    g["status"] = std::string(engine::StatusName(block.status));
    g["count"] = block.findings.size();
    g["total_scopes"] = block.total_scopes;
    Json scopes = Json::array();
    for (const engine::Finding* f : block.findings) scopes.push_back(f->scope.Key());
    g["scopes"] = std::move(scopes);
    groups.push_back(std::move(g));
  }
  doc["groups"] = std::move(groups);

  Json inputs = Json::array();
  for (const facts::InputInfo& input : in.snapshot.inputs) {
    Json i = Json::object();
    i["kind"] = input.kind;
    i["where"] = input.where;
    i["summary"] = input.summary;
    inputs.push_back(std::move(i));
  }
  doc["inputs"] = std::move(inputs);
  doc["incomplete"] = in.snapshot.incomplete;

  // Values come from the examined systems and may not be valid UTF-8; replace rather than throw
  // (dump's default would throw type_error 316 out of the reporter).
  return doc.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n";
}

}  // namespace netdoctor::report

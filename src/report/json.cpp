// SPDX-License-Identifier: Apache-2.0
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fix_fill.h"
#include "facts/fact.h"
#include "report/json_writer.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/view.h"

// The netdoctor/report/v2 document (docs/report-v2.schema.json), written as it goes: one object
// per knowledge-base entry with its folded scopes and evidence variants.
namespace netdoctor::report {
namespace {

using engine::Verdict;

void Counts(JsonWriter& w, std::string_view key, std::size_t affected, std::size_t possibly,
            std::size_t not_affected) {
  w.Key(key);
  w.BeginObject(true);
  w.Field("affected", static_cast<std::uint64_t>(affected));
  w.Field("possibly_affected", static_cast<std::uint64_t>(possibly));
  w.Field("not_affected", static_cast<std::uint64_t>(not_affected));
  w.EndObject();
}

// "object_kind" and "node" go beyond {kind, name, namespace}: without them a Service and a Pod
// of the same name would look the same, and a Pod's node would be lost.
void Scope(JsonWriter& w, const engine::ScopeResult& s, std::uint64_t evidence) {
  w.BeginObject(true);
  w.Field("kind", engine::ScopeKindName(s.scope.kind));
  w.Field("name", s.scope.name);
  w.Field("namespace", s.scope.namespace_);
  w.Field("node", s.scope.node);
  w.Field("object_kind", s.scope.object_kind);
  w.Field("status", engine::VerdictName(s.verdict));
  w.Field("evidence", evidence);
  w.EndObject();
}

void Variant(JsonWriter& w, const engine::Variant& v) {
  w.BeginObject();
  w.Field("status", engine::VerdictName(v.verdict));
  w.Field("scopes", static_cast<std::uint64_t>(v.scopes));
  w.Key("facts");
  w.BeginArray();
  for (const engine::Evidence& e : v.evidence) {
    w.BeginObject(true);
    w.Field("fact", e.fact);
    w.Key("value");
    if (e.known) w.String(e.value);
    else w.Null();
    w.Field("known", e.known);
    w.Field("reason", e.reason);
    w.Field("source", e.source);
    w.Field("sources_vary", e.sources_vary);
    w.Field("origin", facts::OriginName(e.origin));
    w.EndObject();
  }
  w.EndArray();
  w.StringArray("missing", v.missing);
  w.EndObject();
}

void Finding(JsonWriter& w, const engine::Group& g, std::string_view lang, bool all) {
  const kb::Issue& issue = *g.issue;
  const Verdict worst = g.worst();
  w.BeginObject();
  w.Field("id", issue.id);
  w.Field("severity", kb::SeverityName(issue.severity));
  w.Field("component", issue.component);
  w.Field("title", Localized(issue.title, lang));
  w.Field("status", engine::VerdictName(worst));
  Counts(w, "counts", g.count(Verdict::kAffected), g.count(Verdict::kPossiblyAffected),
         g.count(Verdict::kNotAffected));
  w.Field("total_scopes", static_cast<std::uint64_t>(g.total()));
  // Not-affected scopes are counted only, unless asked for (--all) and kept by the engine.
  auto shown = [all](Verdict v) { return all || v != Verdict::kNotAffected; };
  std::vector<std::uint64_t> index(g.variants.size(), 0);  // engine variant -> written index
  std::uint64_t written = 0;
  for (std::size_t i = 0; i < g.variants.size(); ++i) {
    if (shown(g.variants[i].verdict)) index[i] = written++;
  }
  w.Key("scopes");
  w.BeginArray();
  const engine::ScopeResult* first_worst = nullptr;
  for (const engine::ScopeResult& s : g.scopes) {
    if (!shown(s.verdict)) continue;
    if (!first_worst && s.verdict == worst) first_worst = &s;
    Scope(w, s, index[s.variant]);
  }
  w.EndArray();
  w.Key("evidence");
  w.BeginArray();
  for (const engine::Variant& v : g.variants) {
    if (shown(v.verdict)) Variant(w, v);
  }
  w.EndArray();
  w.Field("recommendation", Localized(issue.recommendation, lang));
  // Fix commands filled in for the first listed scope of the worst status.
  w.Key("fix");
  w.BeginObject();
  w.Field("shown_for", first_worst ? first_worst->scope.Key() : std::string());
  w.Field("varies", g.fix[engine::VerdictIndex(worst)].varies);
  w.Key("steps");
  w.BeginArray();
  for (std::size_t i = 0; i < issue.fix.size(); ++i) {
    w.BeginObject();
    w.Field("title", Localized(issue.fix[i].title, lang));
    w.StringArray("commands", first_worst ? StepCommands(g, worst, i) : engine::DisplayCommands(issue.fix[i]),
                  false);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Key("references");
  w.BeginArray();
  for (const kb::Reference& r : issue.references) {
    w.BeginObject(true);
    w.Field("title", r.title);
    w.Field("url", r.url);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

void RenderJsonTo(const ReportInput& in, std::ostream& os) {
  const std::string_view lang = NormalizeLang(in.lang);
  JsonWriter w(os);
  w.BeginObject();
  w.Field("schema", "netdoctor/report/v2");
  w.Key("tool");
  w.BeginObject(true);
  w.Field("name", "netdoctor");
  w.Field("version", in.tool_version);
  w.EndObject();
  w.Field("lang", lang);

  std::size_t entries[3] = {0, 0, 0};
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue != nullptr) ++entries[engine::VerdictIndex(g.worst())];
  }
  const StatusCounts scopes = CountStatuses(in.findings);
  w.Key("summary");
  w.BeginObject();
  w.Field("affected", static_cast<std::uint64_t>(entries[0]));
  w.Field("possibly_affected", static_cast<std::uint64_t>(entries[1]));
  w.Field("not_affected", static_cast<std::uint64_t>(entries[2]));
  Counts(w, "scopes", scopes.affected, scopes.possibly_affected, scopes.not_affected);
  w.Field("partial", !in.snapshot.incomplete.empty());
  if (const auto& nr = in.snapshot.node_reports) {
    // Nodes whose facts came from a NodeReport (netdoctor agent); absent: none were looked for.
    w.Key("node_reports");
    w.BeginObject();
    w.Field("nodes", static_cast<std::uint64_t>(nr->nodes));
    w.Field("reported", static_cast<std::uint64_t>(nr->reported));
    w.Field("stale", static_cast<std::uint64_t>(nr->stale));
    w.StringArray("notes", nr->notes);
    w.EndObject();
  }
  w.EndObject();

  w.Key("findings");
  w.BeginArray();
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;  // cannot be named; see GroupByEntry
    Finding(w, g, lang, in.show_all);
  }
  w.EndArray();

  w.Key("inputs");
  w.BeginArray();
  for (const facts::InputInfo& input : in.snapshot.inputs) {
    w.BeginObject(true);
    w.Field("kind", input.kind);
    w.Field("where", input.where);
    w.Field("summary", input.summary);
    w.EndObject();
  }
  w.EndArray();
  w.StringArray("incomplete", in.snapshot.incomplete, false);
  w.EndObject();
}

std::string RenderJson(const ReportInput& in) {
  std::ostringstream os;
  RenderJsonTo(in, os);
  return std::move(os).str();
}

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fix_fill.h"
#include "facts/fact.h"
#include "facts/catalog.h"
#include "report/coverage_view.h"
#include "report/json_writer.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/view.h"

// The netdoctor/report/v2 document (docs/report-v2.schema.json), written as it goes: one object
// per knowledge-base entry with its folded scopes and evidence variants.
namespace netdoctor::report {
namespace {

using engine::Verdict;

// "possibly-affected" -> "possibly_affected": the key of a verdict in count objects.
std::string CountKey(Verdict v) {
  std::string key(engine::VerdictName(v));
  for (char& c : key) {
    if (c == '-') c = '_';
  }
  return key;
}

using VerdictCounts = std::array<std::size_t, engine::kVerdictCount>;

void Counts(JsonWriter& w, std::string_view key, const VerdictCounts& counts) {
  w.Key(key);
  w.BeginObject(true);
  for (Verdict v : engine::kAllVerdicts) {
    w.Field(CountKey(v), static_cast<std::uint64_t>(counts[engine::VerdictIndex(v)]));
  }
  w.EndObject();
}

void ProducerList(JsonWriter& w, std::string_view key, facts::Producers p) {
  std::vector<std::string> names;
  for (facts::Producer f : facts::kAllProducers) {
    if (p.Has(f)) names.emplace_back(facts::ProducerName(f));
  }
  w.StringArray(key, names, false);
}

// One object per line of NotExaminedLines: which entries were not examined and which input
// would cover them, so a consumer can say "add --kubeconfig" without re-deriving it.
void NotExamined(JsonWriter& w, const engine::Findings& findings) {
  w.Key("not_examined");
  w.BeginArray();
  for (const NotExaminedLine& line : NotExaminedLines(findings)) {
    w.BeginObject();
    w.Field("scope", line.node_scope ? "node" : "cluster");
    ProducerList(w, "needs", line.needs);
    w.Field("absent_fact", line.absent_fact);
    w.Field("absent_value", line.absent_value);
    w.StringArray("entries", line.ids, false);
    w.Field("scopes", static_cast<std::uint64_t>(line.scopes));
    w.EndObject();
  }
  w.EndArray();
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

void Variant(JsonWriter& w, const engine::Variant& v, std::string_view lang) {
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
    w.Field("decisive", e.decisive);
    w.EndObject();
  }
  w.EndArray();
  w.StringArray("missing", v.missing);
  // Parallel to missing: what would settle each (an action, not a fact key).
  std::vector<std::string> actions;
  actions.reserve(v.missing.size());
  for (const std::string& m : v.missing) actions.push_back(SettleAction(v, m, lang));
  w.StringArray("settle", actions);
  ProducerList(w, "needs", v.needs);
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
  Counts(w, "counts", g.counts);
  w.Field("total_scopes", static_cast<std::uint64_t>(g.total()));
  // Not-affected scopes are counted only, unless asked for (--all) and kept by the engine.
  // Not-examined variants are always written (what is missing and the inputs that collect it);
  // their scopes are listed only when the engine kept them.
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
    if (shown(v.verdict)) Variant(w, v, lang);
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

  VerdictCounts entries{};
  VerdictCounts scopes{};
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;
    ++entries[engine::VerdictIndex(g.worst())];
    for (Verdict v : engine::kAllVerdicts) scopes[engine::VerdictIndex(v)] += g.count(v);
  }
  w.Key("summary");
  w.BeginObject();
  for (Verdict v : engine::kAllVerdicts) {
    w.Field(CountKey(v), static_cast<std::uint64_t>(entries[engine::VerdictIndex(v)]));
  }
  Counts(w, "scopes", scopes);
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

  NotExamined(w, in.findings);

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
  // Left out on purpose (policy), with the reasons: a skipped entry or node is never silent.
  w.Key("skipped");
  w.BeginArray();
  for (const kb::Skip& s : in.skipped) {
    w.BeginObject(true);
    w.Field("kind", kb::SkipKindName(s.kind));
    w.Field("name", s.name);
    w.Field("reason", s.reason);
    w.Field("source", s.source);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string RenderJson(const ReportInput& in) {
  std::ostringstream os;
  RenderJsonTo(in, os);
  return std::move(os).str();
}

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include "report/diff.h"

#include <map>
#include <sstream>

#include <fmt/format.h>

#include "report/escape.h"
#include "report/json_writer.h"
#include "report/labels.h"
#include "report/view.h"

namespace netdoctor::report {
namespace {

std::string_view Name(std::optional<engine::Verdict> v, std::string_view lang) {
  return v ? StatusLabel(*v, lang) : Tr(Label::kNotEvaluated, lang);
}

}  // namespace

FindingsDiff DiffFindings(const engine::Findings& before, const engine::Findings& after) {
  FindingsDiff diff;
  std::map<const kb::Issue*, const engine::Group*> old_groups;
  for (const engine::Group& g : before.groups) old_groups[g.issue] = &g;
  for (const engine::Group& g : after.groups) {
    if (g.issue == nullptr) continue;
    ++diff.entries_compared;
    EntryChange change{g.issue, {}};
    // Both runs list every scope (keep_not_affected), so keys match one to one.
    std::map<std::string, const engine::ScopeResult*> old_scopes;
    const auto it = old_groups.find(g.issue);
    if (it != old_groups.end()) {
      for (const engine::ScopeResult& s : it->second->scopes) old_scopes[s.scope.Key()] = &s;
    }
    for (const engine::ScopeResult& s : g.scopes) {
      const auto o = old_scopes.find(s.scope.Key());
      std::optional<engine::Verdict> was;
      if (o != old_scopes.end()) {
        was = o->second->verdict;
        old_scopes.erase(o);
      }
      if (was != s.verdict) change.scopes.push_back({ScopeDisplayName(s.scope, "en"), was, s.verdict});
    }
    for (const auto& [key, s] : old_scopes) change.scopes.push_back({ScopeDisplayName(s->scope, "en"), s->verdict, std::nullopt});
    if (change.scopes.empty()) continue;
    diff.scopes_changed += change.scopes.size();
    diff.entries.push_back(std::move(change));
  }
  return diff;
}

std::string RenderDiffText(const FindingsDiff& diff, const std::vector<std::string>& sets, std::string_view lang) {
  lang = NormalizeLang(lang);
  std::string flags;
  for (const std::string& s : sets) flags += (flags.empty() ? "--set " : " --set ") + SafeText(s);
  std::string out = fmt::format(fmt::runtime(Tr(Label::kDiffHeadFmt, lang)), flags) + std::string(ColonEnd(lang)) + "\n";
  if (diff.entries.empty()) return out + "  " + std::string(Tr(Label::kDiffNone, lang)) + "\n";
  for (const EntryChange& e : diff.entries) {
    out += fmt::format("  {} {}\n", SafeText(e.issue->id),
                       Paren(SeverityLabel(e.issue->severity, lang), lang).substr(lang == "zh" ? 0 : 1));
    for (const ScopeChange& s : e.scopes) {
      out += fmt::format("    {}{}{} → {}\n", SafeText(s.scope), Colon(lang), Name(s.before, lang), Name(s.after, lang));
    }
  }
  return out + fmt::format(fmt::runtime(Tr(Label::kDiffSummaryFmt, lang)), diff.entries.size(),
                           diff.entries_compared, diff.scopes_changed) + "\n";
}

std::string RenderDiffJson(const FindingsDiff& diff, const std::vector<std::string>& sets) {
  std::ostringstream os;
  JsonWriter w(os);
  w.BeginObject();
  w.Field("schema", "netdoctor/diff/v1");
  w.StringArray("sets", sets);
  w.Field("entriesCompared", static_cast<std::uint64_t>(diff.entries_compared));
  w.Key("changes");
  w.BeginArray();
  for (const EntryChange& e : diff.entries) {
    for (const ScopeChange& s : e.scopes) {
      w.BeginObject(true);
      w.Field("id", e.issue->id);
      w.Field("severity", kb::SeverityName(e.issue->severity));
      w.Field("scope", s.scope);
      w.Key("before");
      s.before ? w.String(engine::VerdictName(*s.before)) : w.Null();
      w.Key("after");
      s.after ? w.String(engine::VerdictName(*s.after)) : w.Null();
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  os << "\n";
  return std::move(os).str();
}

}  // namespace netdoctor::report

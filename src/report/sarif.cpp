// SPDX-License-Identifier: Apache-2.0
#include <cctype>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "kb/issue.h"
#include "report/escape.h"
#include "report/labels.h"
#include "report/report.h"
#include "report/scope_groups.h"
#include "report/view.h"

// SARIF 2.1.0 (OASIS), checked in tests against the schema the SARIF SDK ships
// (tests/third_party/sarif/sarif-schema-2.1.0.json). What was examined are nodes, objects and
// the cluster, not files, so results carry logical locations ("node/node-a") only.
namespace netdoctor::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxLocations = 1000;  // GitHub code scanning keeps at most 1,000

std::string_view Level(kb::Severity s) {
  switch (s) {
    case kb::Severity::kCritical:
    case kb::Severity::kHigh: return "error";
    case kb::Severity::kMedium: return "warning";
    default: return "note";
  }
}

// Strings from the examined systems may hold any bytes: nlohmann's dump must not throw on them.
std::string Clean(std::string_view s) { return SafeText(s, /*keep_newlines=*/true); }

Json Text(std::string_view s) { return Json{{"text", Clean(s)}}; }

std::string HelpText(const kb::Issue& issue, std::string_view lang) {
  std::string out = Localized(issue.recommendation, lang);
  for (std::size_t i = 0; i < issue.fix.size(); ++i) {
    out += "\n" + std::to_string(i + 1) + ". " + Localized(issue.fix[i].title, lang);
    for (const std::string& c : issue.fix[i].commands) out += "\n   $ " + c;
  }
  if (!issue.references.empty()) out += "\nReferences:";
  for (const kb::Reference& r : issue.references) out += "\n- " + r.title + ": " + r.url;
  return out;
}

// "CALICO-PROXY-ARP-OFF" -> "CalicoProxyArpOff": SARIF's friendly rule name is Pascal case.
std::string PascalName(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                 : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = false;
  }
  return out;
}

Json Rule(const kb::Issue& issue, std::string_view lang) {
  Json rule{{"id", issue.id},
            {"name", PascalName(issue.id)},
            {"shortDescription", Text(Localized(issue.title, lang))},
            {"fullDescription", Text(Localized(issue.summary, lang).empty()
                                         ? Localized(issue.title, lang)
                                         : Localized(issue.summary, lang))},
            {"help", Text(HelpText(issue, lang))}};
  for (const kb::Reference& r : issue.references) {
    if (r.url.starts_with("https://") || r.url.starts_with("http://")) {
      rule["helpUri"] = r.url;
      break;
    }
  }
  rule["defaultConfiguration"] = Json{{"level", Level(issue.severity)}};
  rule["properties"] = Json{{"component", issue.component},
                            {"severity", kb::SeverityName(issue.severity)},
                            {"tags", Json::array({"kubernetes", "networking", issue.component})}};
  return rule;
}

Json Result(const engine::Group& g, const ScopeGroup& sg, std::size_t rule_index,
            std::string_view lang) {
  const kb::Issue& issue = *g.issue;
  std::string message = Localized(issue.title, lang) + ". Affected: " +
                        WithThousands(sg.count) + " of " + WithThousands(g.total()) +
                        " scopes (" + ScopeList(sg, lang) + ").";
  Json evidence = Json::array();
  if (sg.variant != nullptr) {
    for (const engine::Evidence& e : sg.variant->evidence) {
      message += " " + e.fact + " = " + (e.known ? e.value : "unknown") + " (" + e.source + ").";
      evidence.push_back(Json{{"fact", Clean(e.fact)},
                              {"value", e.known ? Json(Clean(e.value)) : Json(nullptr)},
                              {"source", Clean(e.source)},
                              {"reason", Clean(e.reason)},
                              {"origin", facts::OriginName(e.origin)}});
    }
  }
  Json locations = Json::array();
  for (const engine::ScopeResult* s : sg.scopes) {
    if (locations.size() == kMaxLocations) break;
    locations.push_back(Json{{"logicalLocations",
                              Json::array({Json{{"name", Clean(ScopeDisplayName(s->scope, lang))},
                                                {"fullyQualifiedName", Clean(s->scope.Key())},
                                                {"kind", "resource"}}})}});
  }
  Json result{{"ruleId", issue.id},
              {"ruleIndex", rule_index},
              {"kind", "fail"},
              {"level", Level(issue.severity)},
              {"message", Text(message)}};
  if (!locations.empty()) result["locations"] = std::move(locations);
  result["properties"] = Json{{"status", engine::VerdictName(sg.verdict)},
                              {"scopes", sg.count},
                              {"totalScopes", g.total()},
                              {"evidence", std::move(evidence)}};
  return result;
}

}  // namespace

void RenderSarifTo(const ReportInput& in, std::ostream& os) {
  const std::string_view lang = NormalizeLang(in.lang);
  Json rules = Json::array();
  Json results = Json::array();
  for (const engine::Group& g : in.findings.groups) {
    if (g.issue == nullptr) continue;
    const std::size_t index = rules.size();
    rules.push_back(Rule(*g.issue, lang));
    for (const ScopeGroup& sg : ScopeGroups(g)) {
      if (engine::VerdictName(sg.verdict) != "affected") continue;
      results.push_back(Result(g, sg, index, lang));
    }
  }
  Json notifications = Json::array();
  for (const std::string& line : in.snapshot.incomplete) {
    notifications.push_back(Json{{"level", "warning"}, {"message", Text(line)}});
  }
  // Left out by policy: configuration notes, a skipped entry tied to its rule.
  Json configuration = Json::array();
  for (const kb::Skip& sk : in.skipped) {
    Json note{{"level", "note"}, {"message", Text(SkipText(sk, lang))}};
    if (sk.kind == kb::Skip::Kind::kEntry) note["associatedRule"] = Json{{"id", sk.name}};
    configuration.push_back(std::move(note));
  }
  Json invocation{{"executionSuccessful", true}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  if (!configuration.empty()) invocation["toolConfigurationNotifications"] = std::move(configuration);
  Json driver{{"name", "netdoctor"},
              {"version", in.tool_version},
              {"informationUri", "https://github.com/netdoctor/netdoctor"},
              {"rules", std::move(rules)}};
  if (!in.tool_version.empty()) driver["semanticVersion"] = in.tool_version;
  const Json doc{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", Json::array({Json{{"tool", Json{{"driver", std::move(driver)}}},
                                 {"invocations", Json::array({std::move(invocation)})},
                                 {"results", std::move(results)},
                                 {"properties", Json{{"partial", !in.snapshot.incomplete.empty()}}}}})}};
  os << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace netdoctor::report

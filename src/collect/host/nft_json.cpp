// SPDX-License-Identifier: Apache-2.0
#include "collect/host/nft_json.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace netdoctor::collect::host {
namespace {

using nlohmann::json;

bool IsXtablesTable(const std::string& family, const std::string& name) {
  if (family != "ip" && family != "ip6") return false;
  return name == "filter" || name == "nat" || name == "mangle" || name == "raw" ||
         name == "security";
}

std::string StringField(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool HasFullyRandom(const json& stmt) {
  if (!stmt.is_object()) return false;
  auto flags = stmt.find("flags");
  if (flags == stmt.end()) return false;
  if (flags->is_string()) return flags->get<std::string>() == "fully-random";
  if (flags->is_array()) {
    return std::any_of(flags->begin(), flags->end(), [](const json& f) {
      return f.is_string() && f.get<std::string>() == "fully-random";
    });
  }
  return false;
}

// Looks at one rule's statements for SNAT port randomisation.
void ScanNatRule(const json& exprs, IptablesCensus& out) {
  if (!exprs.is_array()) return;
  for (const auto& e : exprs) {
    if (!e.is_object()) continue;
    for (const char* k : {"masquerade", "snat"}) {
      auto it = e.find(k);
      if (it != e.end() && HasFullyRandom(*it)) out.masquerade_random_fully = true;
    }
    auto xt = e.find("xt");
    if (xt != e.end() && xt->is_object()) {
      std::string name = StringField(*xt, "name");
      if (StringField(*xt, "type") == "target" && (name == "MASQUERADE" || name == "SNAT")) {
        out.random_fully_unknown = true;
      }
    }
  }
}

Result<IptablesCensus> Census(const json& doc) {
  if (!doc.is_object() || !doc.contains("nftables") || !doc["nftables"].is_array()) {
    return MakeError(ErrorCode::kParseError, "expected an object with an \"nftables\" array",
                     SourceLocation{"nft -j list ruleset", 0, 0, "nftables"});
  }
  IptablesCensus out;
  std::set<std::string> chains;
  const json& items = doc["nftables"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    if (!item.is_object()) {
      return MakeError(
          ErrorCode::kParseError, "expected an object",
          SourceLocation{"nft -j list ruleset", 0, 0, "nftables[" + std::to_string(i) + "]"});
    }
    for (const char* kind : {"table", "chain", "rule"}) {
      auto it = item.find(kind);
      if (it == item.end()) continue;
      if (!it->is_object()) {
        return MakeError(ErrorCode::kParseError,
                         std::string("expected \"") + kind + "\" to be an object",
                         SourceLocation{"nft -j list ruleset", 0, 0,
                                        "nftables[" + std::to_string(i) + "]." + kind});
      }
      const json& o = *it;
      const std::string family = StringField(o, "family");
      const std::string table =
          std::string(kind) == "table" ? StringField(o, "name") : StringField(o, "table");
      if (!IsXtablesTable(family, table)) continue;
      if (std::string(kind) == "table") {
        if (std::find(out.tables.begin(), out.tables.end(), table) == out.tables.end()) {
          out.tables.push_back(table);
        }
      } else if (std::string(kind) == "chain") {
        const std::string name = StringField(o, "name");
        // ip and ip6 tables are separate, as iptables-save and ip6tables-save output are.
        if (!chains.insert(family + " " + table + ":" + name).second) continue;
        if (name.starts_with("KUBE-")) ++out.kube_chains;
        if (name.starts_with("cali-")) ++out.calico_chains;
        if (name == "KUBE-IPTABLES-HINT" || name == "KUBE-KUBELET-CANARY") out.hint_chains = true;
      } else {
        ++out.rules;
        if (table == "nat") {
          auto expr = o.find("expr");
          if (expr != o.end()) ScanNatRule(*expr, out);
        }
      }
    }
  }
  for (const auto& c : chains) out.chains.push_back(c.substr(c.find(' ') + 1));
  std::sort(out.chains.begin(), out.chains.end());
  out.chains.erase(std::unique(out.chains.begin(), out.chains.end()), out.chains.end());
  return out;
}

}  // namespace

Result<IptablesCensus> ParseNftRulesetJson(std::string_view text) {
  // nlohmann::json throws on type errors; parse without exceptions and catch the rest here so
  // nothing crosses the module boundary.
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return MakeError(ErrorCode::kParseError, "not valid JSON",
                     SourceLocation{"nft -j list ruleset", 0, 0, ""});
  }
  try {
    return Census(doc);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError, std::string("unexpected JSON shape: ") + e.what(),
                     SourceLocation{"nft -j list ruleset", 0, 0, ""});
  }
}

}  // namespace netdoctor::collect::host

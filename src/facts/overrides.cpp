// SPDX-License-Identifier: Apache-2.0
#include "facts/overrides.h"

#include "facts/catalog.h"
#include "facts/facts_json.h"

namespace netdoctor::facts {

Status ApplyOverrides(const std::vector<std::string>& sets, Snapshot& snap) {
  for (const auto& s : sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos) return MakeError(ErrorCode::kInvalidInput, "--set " + s + ": expected [NODE:]FACT=VALUE");
    std::string lhs = s.substr(0, eq), value = s.substr(eq + 1), node;
    auto colon = lhs.find(':');
    if (colon != std::string::npos) {
      node = lhs.substr(0, colon);
      lhs = lhs.substr(colon + 1);
    }
    const FactSpec* spec = FindFact(lhs);
    if (!spec) return MakeError(ErrorCode::kInvalidInput, "--set " + s + ": '" + lhs + "' is not a fact (see netdoctor facts --list)");
    auto v = ParseValueText(value, spec->type);
    if (!v) return MakeError(ErrorCode::kInvalidInput, "--set " + s + ": " + v.error().message());
    auto fact = Fact::Known(lhs, *v, "--set " + s, Origin::kOverridden);
    if (spec->scope == FactScope::kCluster) {
      if (!node.empty()) return MakeError(ErrorCode::kInvalidInput, "--set " + s + ": a cluster fact takes no NODE");
      snap.cluster.Override(fact);
      continue;
    }
    if (!node.empty()) {
      snap.nodes[node].Override(fact);
    } else if (snap.nodes.empty()) {
      return MakeError(ErrorCode::kInvalidInput, "--set " + s + ": no node to set it on; use NODE:" + lhs + "=VALUE");
    } else {
      for (auto& [name, set] : snap.nodes) set.Override(fact);
    }
  }
  return Ok();
}

}  // namespace netdoctor::facts

// SPDX-License-Identifier: Apache-2.0
// Issue 12 item 7: every entry's fix, filled for every scope of every scenario case, must be
// safe to paste — no runnable command holds a placeholder (so none writes "<vip>" into a file or
// restarts a service on an unknown value), and no placeholder stays unfilled when the scope knows
// its fact.
#pragma once

#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/fix_fill.h"
#include "facts/catalog.h"
#include "facts/keys.h"

namespace netdoctor::test_support {

// The {fact:KEY} / {fact:KEY|FIELD} placeholders of a template, as (key, whole placeholder).
inline std::vector<std::pair<std::string, std::string>> FactPlaceholders(const std::string& tmpl) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto at = tmpl.find("{fact:"); at != std::string::npos; at = tmpl.find("{fact:", at + 1)) {
    const auto close = tmpl.find('}', at);
    if (close == std::string::npos) break;
    std::string inner = tmpl.substr(at + 6, close - at - 6);
    out.emplace_back(inner.substr(0, inner.find('|')), inner);
  }
  return out;
}

inline std::vector<std::string> FixProblems(const kb::Issue& issue, const engine::Group& group,
                                            const facts::Snapshot& snap) {
  std::vector<std::string> problems;
  static const facts::FactSet kEmpty;
  for (const auto& s : group.scopes) {
    const std::string& node_name = s.scope.kind == engine::ScopeKind::kNode ? s.scope.name : s.scope.node;
    auto it = snap.nodes.find(node_name);
    const facts::FactSet* node = it == snap.nodes.end() ? &kEmpty : &it->second;
    for (const auto& step : issue.fix) {
      for (const auto& tmpl : step.commands) {
        const std::string filled = engine::FillPlaceholders(tmpl, s.scope, node, snap.cluster);
        const std::string where = s.scope.Key() + ": `" + tmpl + "` -> `" + filled + "`";
        for (const auto& [key, whole] : FactPlaceholders(tmpl)) {
          if (!facts::FindFact(key)) problems.push_back(where + ": {fact:" + key + "} is not in the fact catalogue");
          const facts::Fact* f = facts::keys::IsNodeKey(key) ? node->Get(key) : snap.cluster.Get(key);
          const bool plain = whole == key;  // no |FIELD: a known fact always has a value
          if (plain && f && f->known() && filled.find("<" + key + ">") != std::string::npos) {
            problems.push_back(where + ": " + key + " is known but left unfilled");
          }
        }
        if (!engine::IsCommentedOut(filled) && !engine::PlaceholdersIn(filled).empty()) {
          problems.push_back(where + ": a runnable command holds a placeholder");
        }
      }
    }
  }
  return problems;
}

}  // namespace netdoctor::test_support

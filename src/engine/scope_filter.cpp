// SPDX-License-Identifier: Apache-2.0
#include "engine/scope_filter.h"

#include <algorithm>

#include "core/strings.h"

namespace netdoctor::engine {

std::function<bool(const FindingScope&)> ScopeFilter(std::vector<std::string> skip_nodes,
                                                     const std::vector<std::string>& namespaces) {
  std::vector<std::string> ns;
  for (const std::string& n : namespaces) {
    for (std::string_view part : core::Split(n, ',')) {
      if (!part.empty()) ns.emplace_back(part);
    }
  }
  if (skip_nodes.empty() && ns.empty()) return nullptr;
  return [skip = std::move(skip_nodes), ns](const FindingScope& s) {
    auto has = [](const std::vector<std::string>& list, const std::string& v) {
      return std::find(list.begin(), list.end(), v) != list.end();
    };
    if (!s.node.empty() && has(skip, s.node)) return false;
    if (s.kind != ScopeKind::kObject || ns.empty()) return true;
    const std::string& in = s.namespace_.empty() && s.object_kind == "Namespace" ? s.name : s.namespace_;
    return in.empty() || has(ns, in);
  };
}

}  // namespace netdoctor::engine

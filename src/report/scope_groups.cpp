// SPDX-License-Identifier: Apache-2.0
#include "report/scope_groups.h"

#include "report/escape.h"
#include "report/view.h"

namespace netdoctor::report {

std::vector<ScopeGroup> ScopeGroups(const engine::Group& group) {
  std::vector<ScopeGroup> out;
  for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
    const auto verdict = static_cast<engine::Verdict>(i);
    const std::size_t total = group.count(verdict);
    std::size_t listed = 0;
    for (std::size_t v = 0; v < group.variants.size(); ++v) {
      const engine::Variant& variant = group.variants[v];
      if (variant.verdict != verdict) continue;
      ScopeGroup g{verdict, &variant, {}, 0};
      for (const engine::ScopeResult& s : group.scopes) {
        if (s.variant == v && s.verdict == verdict) g.scopes.push_back(&s);
      }
      if (g.scopes.empty()) continue;
      g.count = g.scopes.size();
      listed += g.count;
      out.push_back(std::move(g));
    }
    if (total > listed) out.push_back(ScopeGroup{verdict, nullptr, {}, total - listed});
  }
  return out;
}

std::string ScopeList(const ScopeGroup& group, std::string_view lang, std::size_t max) {
  if (group.scopes.empty()) {
    return WithThousands(group.count) + (group.count == 1 ? " scope" : " scopes");
  }
  std::string out;
  for (std::size_t i = 0; i < group.scopes.size() && i < max; ++i) {
    if (i) out += ", ";
    out += ScopeDisplayName(group.scopes[i]->scope, lang);
  }
  if (group.scopes.size() > max) out += ", … +" + WithThousands(group.scopes.size() - max);
  return out;
}

std::string XmlEscape(std::string_view s) {
  const std::string safe = SafeText(s, /*keep_newlines=*/true);
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace netdoctor::report

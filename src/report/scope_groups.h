// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.h"

// What the CI formats (JUnit, SARIF) and the HTML page report one item for: a scope group, the
// scopes of one entry that share a verdict and evidence (one engine variant). Scopes that were
// only counted (not-affected ones without --all, or any verdict the engine does not list) form
// one group per verdict with no variant.
namespace netdoctor::report {

struct ScopeGroup {
  engine::Verdict verdict = engine::Verdict::kNotAffected;
  const engine::Variant* variant = nullptr;         // null: counted only
  std::vector<const engine::ScopeResult*> scopes;  // listed scopes, evaluation order
  std::size_t count = 0;                           // scopes in the group (listed or not)
};

/// Every verdict in engine order, each variant of it, then its counted-only remainder.
std::vector<ScopeGroup> ScopeGroups(const engine::Group& group);

/// "node-a, node-b, … +3" for the group's listed scopes (at most `max` names), or "N scopes".
std::string ScopeList(const ScopeGroup& group, std::string_view lang, std::size_t max = 10);

/// Text for XML and HTML: control characters made visible (SafeText), then & < > " ' escaped.
std::string XmlEscape(std::string_view s);

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include "collect/host/fact_text.h"

#include <type_traits>
#include <vector>

#include "core/utf8.h"

namespace netdoctor::collect::host {
namespace {

// Escapes `s` in place; true when it changed.
bool Clean(std::string& s) {
  if (core::IsValidUtf8(s)) return false;
  s = core::EscapeInvalidUtf8(s);
  return true;
}

bool CleanValue(facts::Value& v) {
  return std::visit(
      [](auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        bool changed = false;
        if constexpr (std::is_same_v<T, std::string>) {
          changed = Clean(x);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          for (auto& s : x) changed |= Clean(s);
        } else if constexpr (std::is_same_v<T, std::vector<facts::ObjectRef>>) {
          for (auto& r : x) {
            for (std::string* s : {&r.kind, &r.namespace_, &r.name, &r.detail, &r.node, &r.address})
              changed |= Clean(*s);
          }
        }
        return changed;
      },
      v);
}

}  // namespace

int EscapeInvalidUtf8InFacts(facts::FactSet& set) {
  std::vector<facts::Fact> changed;
  for (const auto& [key, fact] : set.all()) {
    facts::Fact f = fact;
    bool dirty = false;
    if (f.value) dirty |= CleanValue(*f.value);
    dirty |= Clean(f.unknown_reason);
    dirty |= Clean(f.source);
    for (auto& d : f.derived_from) dirty |= Clean(d);
    if (!dirty) continue;
    f.source += kInvalidUtf8Mark;
    changed.push_back(std::move(f));
  }
  for (auto& f : changed) set.Set(std::move(f));
  return static_cast<int>(changed.size());
}

}  // namespace netdoctor::collect::host

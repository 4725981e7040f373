// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace netdoctor {

/// Kleene three-valued truth.
enum class Tri { kFalse, kTrue, kUnknown };

constexpr Tri TriAnd(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  if (a == Tri::kTrue && b == Tri::kTrue) return Tri::kTrue;
  return Tri::kUnknown;
}
constexpr Tri TriOr(Tri a, Tri b) {
  if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
  if (a == Tri::kFalse && b == Tri::kFalse) return Tri::kFalse;
  return Tri::kUnknown;
}
constexpr Tri TriNot(Tri a) {
  if (a == Tri::kUnknown) return a;
  return a == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
}
constexpr Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }
constexpr std::string_view TriName(Tri t) {
  return t == Tri::kTrue ? "true" : t == Tri::kFalse ? "false" : "unknown";
}

}  // namespace netdoctor

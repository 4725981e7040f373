// SPDX-License-Identifier: Apache-2.0
#include "kb/backport.h"

#include <fmt/format.h>

#include "core/tri.h"
#include "facts/keys.h"

namespace netdoctor::kb {

version::MatchResult MatchRangeWithBackport(const version::RangeSet& set,
                                            const facts::Fact& release, const FactLookup& lookup,
                                            std::vector<FactUse>& uses) {
  const auto* text = release.value ? std::get_if<std::string>(&*release.value) : nullptr;
  if (text == nullptr) return {Tri::kUnknown, "not a version string"};
  version::MatchResult table = version::Match(set, *text);
  if (set.scheme != version::Scheme::kKernel || set.fix.empty()) return table;
  const std::string key = facts::keys::KernelBackport(set.fix.Id());
  const facts::Fact* measured = lookup.Get(key);
  if (measured == nullptr) return table;  // not collected (dump, plan): the table alone
  const std::string fix = fmt::format("\"{}\"", set.fix.subject);
  if (release.origin != facts::Origin::kMeasured) {
    table.reason += fmt::format(
        "; the kernel package changelog was not used: the release is {}, "
        "not the running kernel's",
        facts::OriginName(release.origin));
    return table;
  }
  const auto* carries = measured->value ? std::get_if<bool>(&*measured->value) : nullptr;
  if (carries == nullptr) {
    table.reason +=
        fmt::format("; no kernel package changelog was searched ({})",
                    measured->known() ? "not a yes/no value" : measured->unknown_reason);
    return table;
  }
  uses.push_back({key, measured, {}});
  version::MatchResult out = table;
  if (*carries) {
    out = {Tri::kFalse, fmt::format("{}: the running kernel's package changelog carries the fix {} "
                                    "(measured; the table said: {})",
                                    *text, fix, table.reason)};
  } else if (table.affected == Tri::kUnknown) {
    out = {Tri::kTrue, fmt::format("{}: the running kernel's package changelog lacks the fix {} "
                                   "(measured; the table could not tell: {})",
                                   *text, fix, table.reason)};
  } else {
    out.reason += fmt::format("; its package changelog does not name the fix {} (measured)", fix);
  }
  uses.back().note = out.reason;
  return out;
}

}  // namespace netdoctor::kb

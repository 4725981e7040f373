// SPDX-License-Identifier: Apache-2.0
#include "kb/issue.h"

namespace netdoctor::kb {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kCritical: return "critical";
    case Severity::kHigh: return "high";
    case Severity::kMedium: return "medium";
    case Severity::kLow: return "low";
    case Severity::kInfo: return "info";
  }
  return "medium";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "critical") return Severity::kCritical;
  if (s == "high") return Severity::kHigh;
  if (s == "medium") return Severity::kMedium;
  if (s == "low") return Severity::kLow;
  if (s == "info") return Severity::kInfo;
  return std::nullopt;
}

std::string_view ScopeName(IssueScope s) {
  switch (s) {
    case IssueScope::kNode: return "node";
    case IssueScope::kCluster: return "cluster";
    case IssueScope::kObject: return "object";
    case IssueScope::kNone: return "none";
  }
  return "none";
}

const NamedRanges* Issue::FindRanges(std::string_view name) const {
  for (const auto& r : ranges) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace netdoctor::kb

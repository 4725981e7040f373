// SPDX-License-Identifier: Apache-2.0
#include "report/score.h"

#include <cmath>
#include <optional>

#include "kb/issue.h"

namespace netdoctor::report {
namespace {

double Weight(kb::Severity s) {
  switch (s) {
    case kb::Severity::kCritical: return 5;
    case kb::Severity::kHigh: return 4;
    case kb::Severity::kMedium: return 3;
    case kb::Severity::kLow: return 2;
    default: return 1;
  }
}

// How much a scope in this verdict costs; nullopt: it was not examined and does not count. By
// name, so a verdict added to the engine is left out until it is given a cost here.
std::optional<double> Cost(engine::Verdict v) {
  const std::string_view name = engine::VerdictName(v);
  if (name == "affected") return 1.0;
  if (name == "possibly-affected") return 0.5;
  if (name == "not-affected") return 0.0;
  return std::nullopt;
}

}  // namespace

Score HealthScore(const engine::Findings& findings) {
  double weights = 0, penalty = 0;
  Score score;
  for (const engine::Group& g : findings.groups) {
    if (g.issue == nullptr) continue;
    double examined = 0, cost = 0;
    for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
      const auto v = static_cast<engine::Verdict>(i);
      const auto c = Cost(v);
      if (!c) continue;
      examined += static_cast<double>(g.count(v));
      cost += *c * static_cast<double>(g.count(v));
    }
    if (examined == 0) continue;
    ++score.entries;
    const double w = Weight(g.issue->severity);
    weights += w;
    penalty += w * cost / examined;
  }
  if (weights > 0) score.value = static_cast<int>(std::lround(100.0 * (1.0 - penalty / weights)));
  score.grade = score.value >= 90   ? 'A'
                : score.value >= 80 ? 'B'
                : score.value >= 70 ? 'C'
                : score.value >= 60 ? 'D'
                : score.value >= 50 ? 'E'
                                    : 'F';
  return score;
}

}  // namespace netdoctor::report

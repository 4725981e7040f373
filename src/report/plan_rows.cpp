// SPDX-License-Identifier: Apache-2.0
#include "report/plan_rows.h"

#include <algorithm>

#include "engine/upgrade.h"

namespace netdoctor::report {

std::vector<PlanRow> PlanRows(const engine::Findings& findings, const facts::Snapshot& snap,
                              std::string_view node) {
  std::vector<PlanRow> rows;
  for (const engine::Group& g : findings.groups) {
    for (const engine::ScopeResult& s : g.scopes) {
      const bool hit = s.verdict == engine::Verdict::kAffected;
      rows.push_back(PlanRow{g.issue, s.verdict, s.scope.Key(), g.VariantOf(s).missing,
                             hit ? engine::UpgradesFor(*g.issue, snap, std::string(node))
                                 : std::vector<engine::Upgrade>{}});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const PlanRow& a, const PlanRow& b) { return a.verdict < b.verdict; });
  return rows;
}

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "engine/finding.h"
#include "facts/fact.h"
#include "report/plan.h"

namespace netdoctor::report {

/// `netdoctor plan`'s rows from its one-node evaluation (kept whatever the verdict): every
/// scope's verdict and missing facts, the smallest upgrades for an affected one (engine/upgrade.h),
/// worst verdict first.
std::vector<PlanRow> PlanRows(const engine::Findings& findings, const facts::Snapshot& snap,
                              std::string_view node);

}  // namespace netdoctor::report

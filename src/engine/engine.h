// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/issue.h"

namespace netdoctor::engine {

/// Evaluates every check against the snapshot: node-scope checks once per node, cluster-scope
/// checks once, object-scope checks once per listed object. Pure: no I/O, no clock.
/// A snapshot without nodes still evaluates node-scope checks once (scope "node/<unknown>"), so a
/// cluster-only scan reports them as possibly affected instead of dropping them.
Findings Evaluate(const std::vector<const kb::Issue*>& issues, const facts::Snapshot& snapshot);

/// Fills {node}, {namespace}, {name}, {kind} and {fact:KEY}; unresolvable ones become <KEY>.
std::string FillPlaceholders(std::string_view command, const FindingScope& scope,
                             const facts::FactSet* node, const facts::FactSet& cluster);

}  // namespace netdoctor::engine

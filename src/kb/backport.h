// SPDX-License-Identifier: Apache-2.0
#pragma once

// Backports measured on the node decide before the knowledge base's distro table.

#include <string>
#include <vector>

#include "facts/fact.h"
#include "kb/condition.h"
#include "version/range.h"

namespace netdoctor::kb {

/// Is the version fact `release` inside `set` (version::Match)? For a kernel range set, when the
/// set names its upstream fix and the node's package changelog was searched for it
/// (node.kernel.backport.<fix id>, collect/host/kernel_pkg.h), that measurement decides first:
///   carries the fix        -> not affected, whatever the table says;
///   lacks it               -> affected where the table could not tell (distro status unknown,
///                             vendor kernel unknown); otherwise the table's answer stands;
///   changelog not readable -> the table's answer, the reason appended.
/// The measurement is used only with a measured release (a --set or planned kernel is not the
/// kernel whose changelog was read). The backport fact consulted is appended to `uses`, so the
/// changelog line is evidence.
version::MatchResult MatchRangeWithBackport(const version::RangeSet& set,
                                            const facts::Fact& release, const FactLookup& lookup,
                                            std::vector<FactUse>& uses);

}  // namespace netdoctor::kb

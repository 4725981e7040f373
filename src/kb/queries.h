// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "kb/loader.h"

namespace netdoctor::kb {

/// The checks (not explanations) of `kb` in knowledge-base order; with a non-empty `only`, just
/// those IDs.
std::vector<const Issue*> SelectChecks(const KnowledgeBase& kb,
                                       const std::vector<std::string>& only = {});

/// Every node.sysctl.* fact the conditions name, as dotted sysctl names, sorted and unique (the
/// collectors read exactly these).
std::vector<std::string> SysctlsNamed(const KnowledgeBase& kb);

/// Every upstream kernel fix a range set names (RangeSet::fix), one per UpstreamFix::Id, sorted by
/// Id (the host collector searches the running kernel package's changelog for exactly these).
std::vector<version::UpstreamFix> KernelFixesNamed(const KnowledgeBase& kb);

}  // namespace netdoctor::kb

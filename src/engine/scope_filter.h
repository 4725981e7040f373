// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/finding.h"

namespace netdoctor::engine {

/// EvaluateOptions::include_scope for a run's policy and -n: leaves out the nodes in
/// `skip_nodes` (and objects placed on them) and, when `namespaces` is not empty, objects of
/// other namespaces (values may be comma-separated). Cluster-scoped objects stay, except
/// Namespace objects, which count as in their own namespace.
std::function<bool(const FindingScope&)> ScopeFilter(std::vector<std::string> skip_nodes,
                                                     const std::vector<std::string>& namespaces);

}  // namespace netdoctor::engine

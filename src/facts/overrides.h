// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::facts {

/// Parses and applies what-if overrides, "[NODE:]FACT=VALUE" each (the --set flag): a node fact
/// without NODE is set on every node. The facts are marked Origin::kOverridden.
/// Errors (kInvalidInput) name the flag value and say what was expected.
[[nodiscard]] Status ApplyOverrides(const std::vector<std::string>& sets, Snapshot& snap);

}  // namespace netdoctor::facts

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"

namespace netdoctor::engine {

/// The smallest releases of one component that leave an affected version range.
struct Upgrade {
  std::string component;             // "kube-proxy", "kernel", ... (the fact key when unnamed)
  std::string current;               // the version the snapshot holds
  std::vector<std::string> targets;  // empty: no fixed release is known
};

/// For each version range of `issue` whose fact the snapshot holds and which that version is
/// affected by: the component and its upgrade targets. Node facts are read from the node
/// `node_name` of the snapshot (absent: none).
std::vector<Upgrade> UpgradesFor(const kb::Issue& issue, const facts::Snapshot& snap,
                                 const std::string& node_name);

}  // namespace netdoctor::engine

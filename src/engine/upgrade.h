// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"

namespace netdoctor::engine {

/// The smallest releases of one component that clear an entry, or why none is offered.
struct Upgrade {
  std::string component;             // "kube-proxy", "kernel", "kernel (el7 builds)", ...
  std::string current;               // the version the plan holds
  std::vector<std::string> targets;  // smallest first, at most one per release line
  /// For a vendor kernel line: what is known about its builds when no target is named ("no
  /// build of this line carries the fix", "no backport data for this line").
  std::string note;
};

/// One version a plan can move (see derive::PlanComponents): a name, the version fact the
/// knowledge base's ranges test, the plan's value, and extra candidate versions at which a
/// derivation rule changes behaviour.
struct UpgradeAxis {
  std::string name;
  std::string fact;
  std::string current;
  std::vector<std::string> thresholds;
};

/// The plan's snapshot, derived, with axis `axis` moved to `version`.
using Replan = std::function<facts::Snapshot(std::size_t axis, const std::string& version)>;

/// What-if search for `issue`, whose verdict on the plan is affected or possibly affected:
/// for each axis, every knowledge-base range bound on its fact and each threshold above the
/// current version is tried (the whole plan re-derived, so a version that changes a derived
/// fact counts); a release line's target is its smallest version that makes the entry not
/// affected. Lines are listed from the current one up to the first line that clears at its
/// first release. A vendor kernel (one with a distro tag) is never offered an upstream kernel:
/// its line gets the distro's fixed builds from the entry's ranges, or a note saying no build
/// of the line carries the fix, or that the knowledge base has no backport data for it.
std::vector<Upgrade> UpgradesFor(const kb::Issue& issue,
                                 const std::vector<const kb::Issue*>& knowledge_base,
                                 const std::vector<UpgradeAxis>& axes, const Replan& replan);

}  // namespace netdoctor::engine

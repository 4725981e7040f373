// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string_view>

namespace netdoctor::facts {

enum class FactType {
  kBool,
  kInt,
  kString,
  kVersion,        // string holding a component version ("v1.27.3", "3.26.1", image tag)
  kKernelRelease,  // string holding `uname -r` / nodeInfo.kernelVersion
  kStringList,
  kObjectList,
  kSysctl,         // string as read; compared as an integer where the rule compares to a number
};

enum class FactScope { kNode, kCluster };

/// One catalogue row. Keys are dotted lowercase; a key ending in ".*" is a family
/// (node.sysctl.* = any sysctl by its dotted name).
struct FactSpec {
  std::string_view key;
  FactType type;
  FactScope scope;
  std::string_view description;
  std::string_view producer;  // collector or deriver that fills it
};

/// Every fact netdoctor knows, in key order within each area.
std::span<const FactSpec> Catalog();

/// The row for `key` (exact, or the family it belongs to), or nullptr.
const FactSpec* FindFact(std::string_view key);

std::string_view FactTypeName(FactType t);

}  // namespace netdoctor::facts

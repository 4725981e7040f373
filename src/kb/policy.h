// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "kb/loader.h"

namespace netdoctor::kb {

/// What a team decided not to look at, with why: an entry (`--skip ID`, `skip: [{id: ...}]`) is
/// not evaluated; a node (`--skip-node NAME`, `skip: [{node: ...}]`) is left out of every entry.
/// Every report lists the skips with their reasons, so a skipped problem is never silent.
struct Skip {
  enum class Kind { kEntry, kNode };
  Kind kind = Kind::kEntry;
  std::string name;    // entry ID or node name
  std::string reason;  // from the config file; a fixed text for command-line skips
  std::string source;  // "FILE:LINE" or the flag ("--skip")
};

/// "entry" / "node", the same in every format and language.
std::string_view SkipKindName(Skip::Kind kind);

struct Policy {
  std::vector<Skip> skips;
};

/// The default config file, looked for in the working directory.
inline constexpr std::string_view kDefaultPolicyFile = ".netdoctor.yaml";

/// Reads a config file:
///
///     skip:
///       - id: CALICO-VXLAN-OFFLOAD-SLOW
///         reason: throughput loss accepted until the kernel upgrade
///       - node: node-euler29-b
///         reason: being drained and removed
///
/// Every skip needs exactly one of `id` or `node`, and a non-empty `reason`. Errors
/// (kParseError/kInvalidInput) name the file, line and field and what was expected.
[[nodiscard]] Result<Policy> ParsePolicy(std::string_view file, std::string_view yaml);

/// The config file of a run: `path` (--config) when given, else ./.netdoctor.yaml when it
/// exists, else no skips. Errors name the file (missing, unreadable, malformed).
[[nodiscard]] Result<Policy> LoadPolicy(const std::string& path);

/// Adds `--skip ID[,ID]` and `--skip-node NAME[,NAME]` values (comma-separated lists allowed).
void AddFlagSkips(Policy& policy, const std::vector<std::string>& ids,
                  const std::vector<std::string>& nodes);

/// Every skipped entry ID must name an entry of `kb`. Errors name the ID and where it came from.
[[nodiscard]] Status CheckPolicy(const Policy& policy, const KnowledgeBase& kb);

/// `checks` without the skipped entries.
std::vector<const Issue*> WithoutSkipped(std::vector<const Issue*> checks, const Policy& policy);

/// The skipped node names.
std::vector<std::string> SkippedNodes(const Policy& policy);

}  // namespace netdoctor::kb

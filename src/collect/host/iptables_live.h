// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "collect/host/context.h"
#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::host {

/// `iptables -V` output: "iptables v1.8.9 (nf_tables)", "iptables v1.8.4 (legacy)",
/// "iptables v1.4.21" (pre-1.8 prints no back end and is always legacy).
struct IptablesVersion {
  std::string version;  // "1.8.9"
  std::string mode;     // "legacy" or "nft"
};

/// Errors: kParseError when no "v<digits>.<digits>[.<digits>]" follows the program name or the
/// back-end suffix is neither "(legacy)" nor "(nf_tables)".
[[nodiscard]] Result<IptablesVersion> ParseIptablesVersion(std::string_view text);

/// When ctx.live: runs `iptables -V` and both back ends' iptables-save and ip6tables-save (all at
/// once, each bounded by ctx.command_timeout), found by absolute path under ctx.fs's /usr/sbin
/// and /sbin (iptables-legacy-save / xtables-legacy-multi, iptables-nft-save /
/// xtables-nft-multi, or iptables-save when its link chain ends in the back end's multi-binary;
/// without any nft save tool, `nft -j list ruleset` is read instead). A legacy family whose
/// /proc/net/ip{,6}_tables_names is empty or absent counts as zero without running its tool (the
/// tool would print nothing). Facts: node.iptables.version,
/// node.iptables.mode and those of CensusToFacts. A missing binary, failure, timeout or
/// unparsable output makes the facts unknown with the reason. Not live: all unknown.
void CollectIptables(const HostContext& ctx, facts::FactSet& out);

}  // namespace netdoctor::collect::host

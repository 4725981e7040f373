// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "collect/host/iptables_save.h"
#include "core/result.h"

namespace netdoctor::collect::host {

/// Census of the iptables-nft tables in `nft -j list ruleset` output (nftables JSON schema 1, as
/// nft 0.9.x-1.x prints it: {"nftables": [{"metainfo": ...}, {"table": ...}, {"chain": ...},
/// {"rule": ...}, ...]}). Only tables of family ip/ip6 named like iptables' tables (filter, nat,
/// mangle, raw, security) count, because those are the ones iptables-nft writes; kube-proxy's
/// nftables-mode table and other native tables are left out. Rules are counted like "-A" lines.
/// random-fully is seen on native masquerade/snat statements ("flags": "fully-random"); an
/// iptables-nft xt MASQUERADE/SNAT target hides its options and sets random_fully_unknown.
/// Errors: kParseError (not JSON, or no "nftables" array) naming the offset or field.
[[nodiscard]] Result<IptablesCensus> ParseNftRulesetJson(std::string_view json);

}  // namespace netdoctor::collect::host

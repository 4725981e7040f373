// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/host/iptables_save.h"
#include "core/host_fs.h"
#include "core/result.h"

namespace netdoctor::collect::host {

/// The iptables-legacy census read straight from x_tables with getsockopt, without
/// iptables-legacy-save. DumpLegacyTable only moves bytes; DecodeLegacyTable takes them, so
/// tables recorded into tests/fixtures/iptables/native/*.legacy.bin replay through the same code.

/// One table as the kernel keeps it, walked the way libiptc does (libiptc.c cache_add_entry): a
/// builtin chain starts at a hook entry point, a user chain at an ERROR-target entry naming it,
/// the table ends with the ERROR entry "ERROR"; the last entry of every chain is its policy
/// (builtin) or its RETURN tail (user) and is not a rule.
struct LegacyTable {
  std::string name;                 // "filter", "nat", ...
  std::vector<std::string> chains;  // builtin chains (PREROUTING...) then user chains, in order
  int rules = 0;                    // what iptables-legacy-save prints as "-A" lines
  /// (nat) an entry's MASQUERADE/SNAT target has NF_NAT_RANGE_PROTO_RANDOM_FULLY.
  bool random_fully = false;
};

/// The bytes of one table: struct ipt_getinfo (IPT_SO_GET_INFO) followed by struct
/// ipt_get_entries with its entries (IPT_SO_GET_ENTRIES), for `af` AF_INET (raw socket,
/// SOL_IP) or AF_INET6 (IP6T_SO_*, SOL_IPV6; same header layout). Retries when the table changes
/// size between the two calls (EAGAIN, at most 3 times).
/// Errors: kPermissionDenied (the raw socket and x_tables need CAP_NET_RAW/CAP_NET_ADMIN),
/// kNotFound (no such table: ENOENT), kIo otherwise, each naming the table and the call.
[[nodiscard]] Result<std::vector<std::uint8_t>> DumpLegacyTable(int af, const std::string& name);

/// Decodes DumpLegacyTable's bytes (native byte order and x86_64/aarch64 struct layout).
/// Errors: kParseError naming the table, the byte offset and what was wrong (short header, entry
/// offsets outside the blob, a chain without its policy/tail entry, entries before any chain,
/// no final ERROR entry).
[[nodiscard]] Result<LegacyTable> DecodeLegacyTable(int af, std::span<const std::uint8_t> bytes);

/// The census of one family's tables (in /proc/net/ip{,6}_tables_names order) as ParseIptablesSave
/// counts iptables-legacy-save's output.
IptablesCensus LegacyCensus(const std::vector<LegacyTable>& tables);

/// Live: both families. A family whose /proc/net/ip{,6}_tables_names (through `fs`) is empty or
/// absent contributes nothing, as iptables-legacy-save prints nothing for it. Errors: those of
/// DumpLegacyTable / DecodeLegacyTable, and the names file being unreadable for another reason.
[[nodiscard]] Result<IptablesCensus> ReadLegacyCensus(const core::HostFs& fs);

/// Whether the data of an xtables MASQUERADE or SNAT target (the blob after struct
/// xt_entry_target, or nft's NFTA_TARGET_INFO) has NF_NAT_RANGE_PROTO_RANDOM_FULLY: for AF_INET
/// revision 0 the data is nf_nat_ipv4_multi_range_compat (flags after rangesize), otherwise
/// nf_nat_range / nf_nat_range2 (flags first). False for other targets or a too-short blob.
bool XtNatRandomFully(int af, std::string_view target, std::uint32_t revision,
                      std::span<const std::uint8_t> data);

}  // namespace netdoctor::collect::host

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "collect/host/iptables_save.h"
#include "core/host_fs.h"
#include "core/result.h"

namespace netdoctor::collect::host {

/// The iptables-nft census read straight from nf_tables over netlink, without iptables-nft-save.
/// As in netlink.h, the socket code (DumpNftRuleset) only moves bytes and the decoder takes those
/// bytes, so dumps recorded into tests/fixtures/iptables/native/*.nft.bin replay through exactly
/// the code that reads the live kernel.

/// One nf_tables expression of a rule, with the attributes the census looks at.
struct NftExpr {
  std::string name;  // NFTA_EXPR_NAME: "payload", "cmp", "target", "masq", ...
  /// "match"/"target" (xtables compat): NFTA_{MATCH,TARGET}_NAME, _REV and _INFO (the xt blob).
  std::string xt_name;
  std::uint32_t xt_rev = 0;
  std::vector<std::uint8_t> xt_info;
  /// "masq": NFTA_MASQ_FLAGS; "nat": NFTA_NAT_FLAGS (NF_NAT_RANGE_* bits).
  std::optional<std::uint32_t> nat_flags;
  std::uint32_t nat_type = 0;  // "nat": NFTA_NAT_TYPE (NFT_NAT_SNAT 0, NFT_NAT_DNAT 1)
  /// "limit": NFTA_LIMIT_TYPE / NFTA_LIMIT_FLAGS; "log": NFTA_LOG_GROUP present.
  std::uint32_t limit_type = 0;
  std::uint32_t limit_flags = 0;
  bool log_group = false;
};

struct NftTable {
  std::uint8_t family = 0;  // NFPROTO_IPV4 2, NFPROTO_IPV6 10, NFPROTO_INET 1, ...
  std::string name;
};

struct NftChain {
  std::uint8_t family = 0;
  std::string table;
  std::string name;
  bool base = false;          // has NFTA_CHAIN_HOOK
  std::uint32_t hooknum = 0;  // NF_INET_* when base
  std::int32_t priority = 0;
  std::string type;  // NFTA_CHAIN_TYPE ("filter", "nat", "route") when base
};

struct NftRule {
  std::uint8_t family = 0;
  std::string table;
  std::string chain;
  std::vector<NftExpr> exprs;
};

/// Every table, chain and rule of a dump, in the kernel's order.
struct NftRuleset {
  std::vector<NftTable> tables;
  std::vector<NftChain> chains;
  std::vector<NftRule> rules;
};

/// Sends NFT_MSG_GETTABLE, NFT_MSG_GETCHAIN and NFT_MSG_GETRULE dump requests (NFPROTO_UNSPEC:
/// every family) on a NETLINK_NETFILTER socket of the current network namespace and returns every
/// reply datagram of the three dumps concatenated, NLMSG_DONE included. The ruleset generation
/// (NFT_MSG_GETGEN) is read before and after; when it changed, or a dump was interrupted
/// (NLM_F_DUMP_INTR), all three dumps are repeated (at most 3 attempts).
/// Errors: kPermissionDenied (EPERM/EACCES: nfnetlink needs CAP_NET_ADMIN), kUnsupported (the
/// kernel has no nf_tables: EPROTONOSUPPORT / ENOENT / EOPNOTSUPP), kTimeout (no answer within
/// 5 s), kIo for any other socket or NLMSG_ERROR failure, each with "nf_tables netlink: ...".
[[nodiscard]] Result<std::vector<std::uint8_t>> DumpNftRuleset();

/// Decodes NFT_MSG_NEWTABLE / NEWCHAIN / NEWRULE messages (any mix and number of dumps, as
/// DumpNftRuleset returns them). Messages of other types (NLMSG_DONE, NFT_MSG_NEWGEN) are skipped.
/// Errors: kParseError naming the byte offset and what was wrong (truncated message or attribute,
/// NLMSG_ERROR in the dump, a rule or chain without table/chain name, an expression without a
/// name).
[[nodiscard]] Result<NftRuleset> DecodeNftRuleset(std::span<const std::uint8_t> bytes);

/// The census iptables-nft-save (family NFPROTO_IPV4) or ip6tables-nft-save (NFPROTO_IPV6) would
/// give for `ruleset`, as ParseIptablesSave would count its output (iptables 1.8.9
/// iptables/xtables-save.c and nft.c): only the tables of that family named filter, nat, mangle,
/// raw or security, listed in iptables-nft's builtin order (mangle, security, raw, filter, nat);
/// every builtin chain of such a table is declared (iptables-nft-save prints them even when the
/// kernel has not got them); one rule per nf_tables rule; masquerade_random_fully when a nat rule
/// has an xt MASQUERADE/SNAT target whose range flags carry NF_NAT_RANGE_PROTO_RANDOM_FULLY (or
/// a native masq/snat expression with it). Native tables (table inet filter, table ip kube-proxy)
/// are ignored, as iptables-nft-save does. legacy_tables_warning stays false (see ReadNftCensus).
/// Errors: kUnsupported when a table iptables-nft-save would print as "incompatible" (a base
/// chain that is not one of the table's builtin chains with iptables' type/hook/priority, or an
/// expression outside the set iptables-nft 1.8.9 accepts: match, target, payload, meta, cmp,
/// bitwise, counter, immediate, lookup, range, packet limit, log with group). The caller then
/// runs the save tool, whose own output defines what such a table shows.
[[nodiscard]] Result<IptablesCensus> NftIptablesCensus(const NftRuleset& ruleset,
                                                       std::uint8_t family);

/// Live: DumpNftRuleset, DecodeNftRuleset, NftIptablesCensus for IPv4 and IPv6 merged with
/// IptablesCensus::Add, like the output of iptables-nft-save followed by ip6tables-nft-save.
/// legacy_tables_warning is set when iptables-nft-save would print "# Warning: iptables-legacy
/// tables present": /proc/net/ip_tables_names (read through `fs`) exists and is not empty (the
/// IPv6 tool's "ip6tables-legacy" wording is not counted, as the text path does not count it).
/// Errors: those of the three steps.
[[nodiscard]] Result<IptablesCensus> ReadNftCensus(const core::HostFs& fs);

}  // namespace netdoctor::collect::host

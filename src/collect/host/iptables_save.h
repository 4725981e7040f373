// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::host {

/// What one back end's iptables-save (and ip6tables-save) output contains. Counts add up over
/// every table and both address families when two outputs are merged with Add().
struct IptablesCensus {
  int rules = 0;          // "-A ..." lines
  int kube_chains = 0;    // chains named KUBE-* (declared with ":" or first seen in -A/-N)
  int calico_chains = 0;  // chains named cali-*
  /// KUBE-IPTABLES-HINT or KUBE-KUBELET-CANARY is declared (in any table; kubelet puts them in
  /// mangle).
  bool hint_chains = false;
  /// A rule in the nat table jumps to MASQUERADE or SNAT with --random-fully.
  bool masquerade_random_fully = false;
  /// Tables seen ("*nat" -> "nat"), in order of appearance, without duplicates.
  std::vector<std::string> tables;
  /// Every chain name seen, "table:chain", sorted and unique (for tests and evidence).
  std::vector<std::string> chains;
  /// The "# Warning: iptables-legacy tables present, ..." line that iptables-nft-save prints.
  bool legacy_tables_warning = false;
  /// Some SNAT/MASQUERADE rules' options could not be seen (`nft -j` shows iptables-nft's xt
  /// targets without their options), so masquerade_random_fully=false is not conclusive.
  bool random_fully_unknown = false;
  /// Tables iptables-nft-save could not show ("# Table `raw' is incompatible, use 'nft' tool.").
  std::vector<std::string> incompatible_tables;

  /// Merges another output (ip6tables-save after iptables-save) into this one.
  void Add(const IptablesCensus& other);
};

/// Parses the text of iptables-save / ip6tables-save from either back end (legacy or nft, any
/// version from 1.4.21 to 1.8.x): "# comment" lines, "*table", ":CHAIN POLICY [packets:bytes]",
/// "-N CHAIN", "-A CHAIN ...", "COMMIT". Empty text (no tables loaded) is a census of zeros.
/// Errors: kParseError naming the 1-based line and what was expected (a rule or chain outside a
/// table, a malformed chain line, a missing COMMIT, an unknown line kind).
[[nodiscard]] Result<IptablesCensus> ParseIptablesSave(std::string_view text);

/// Facts node.iptables.{legacy,nft}.{rules,kube_chains,calico_chains,hint_chains} and
/// node.iptables.masquerade_random_fully. A back end whose census is nullopt yields unknown facts
/// carrying its reason ("iptables-nft-save not installed"). masquerade_random_fully is true when
/// either census has it, false when both are known without it (and neither has
/// random_fully_unknown), unknown otherwise.
void CensusToFacts(const std::optional<IptablesCensus>& legacy, const std::string& legacy_reason,
                   const std::optional<IptablesCensus>& nft, const std::string& nft_reason,
                   const std::string& source, facts::FactSet& out);

}  // namespace netdoctor::collect::host

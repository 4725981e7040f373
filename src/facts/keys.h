// SPDX-License-Identifier: Apache-2.0
#pragma once

// Typed fact keys: one constant per row of facts/catalog.def (`keys::kNodeKernelRelease` is
// "node.kernel.release"), so a misspelt key fails to compile instead of reading as "not
// collected". Families ("node.sysctl.*") give their prefix and a helper that builds a member key.
// Char arrays rather than string_views: they convert implicitly to std::string (Fact::Known),
// std::string_view (FactSet::Get) and const char*.

#include <string>
#include <string_view>

namespace netdoctor::facts::keys {

#define FACT(id, key, type, scope, producers, description, ...) inline constexpr char id[] = key;
#define FACT_FAMILY(id, prefix, type, scope, producers, description, ...) \
  inline constexpr char id[] = prefix;
#include "facts/catalog.def"
#undef FACT
#undef FACT_FAMILY

/// Scope prefixes: a key starting with kNodeScope lives in a node's FactSet, the rest in the
/// cluster's.
inline constexpr char kNodeScope[] = "node.";
inline constexpr char kClusterScope[] = "cluster.";
inline bool IsNodeKey(std::string_view key) { return key.starts_with(kNodeScope); }

/// "node.sysctl.<dotted name>", e.g. Sysctl("net.ipv4.vs.conntrack").
inline std::string Sysctl(std::string_view dotted) {
  return std::string(kNodeSysctl) + std::string(dotted);
}
/// The dotted sysctl name of a node.sysctl.* key; "" when `key` is not one.
inline std::string_view SysctlName(std::string_view key) {
  std::string_view prefix = kNodeSysctl;
  return key.starts_with(prefix) ? key.substr(prefix.size()) : std::string_view{};
}

/// "node.kernel.backport.<fix id>" (version::UpstreamFix::Id()), e.g.
/// KernelBackport("f0a5e4d7a594").
inline std::string KernelBackport(std::string_view fix_id) {
  return std::string(kNodeKernelBackport) + std::string(fix_id);
}

/// The per-back-end iptables census facts ("node.iptables.legacy.rules", ...nft...).
struct IptablesBackendKeys {
  const char* rules;
  const char* kube_chains;
  const char* calico_chains;
  const char* hint_chains;
};
inline constexpr IptablesBackendKeys kIptablesLegacy{
    kNodeIptablesLegacyRules, kNodeIptablesLegacyKubeChains, kNodeIptablesLegacyCalicoChains,
    kNodeIptablesLegacyHintChains};
inline constexpr IptablesBackendKeys kIptablesNft{
    kNodeIptablesNftRules, kNodeIptablesNftKubeChains, kNodeIptablesNftCalicoChains,
    kNodeIptablesNftHintChains};

}  // namespace netdoctor::facts::keys

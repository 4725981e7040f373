// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which iptables back end each party writes to, reasoned from versions, settings and the OS —
// the rules `netdoctor plan` applies to declared versions and `check` applies to cluster objects
// when the node's own chain counts were not read. Every answer cites the public source its rule
// rests on; a rule whose inputs are missing, or whose answer depends on runtime state, gives
// nothing.

#include <optional>
#include <string>
#include <vector>

#include "facts/fact.h"

namespace netdoctor::derive {

/// One inferred value: what, why (with its source) and the facts it came from.
struct Inference {
  std::string value;
  std::string why;
  std::vector<std::string> from;
};

/// The host's iptables mode ("legacy" or "nft") from the node's OS: node.os.pretty_name (the
/// Node's osImage or os-release PRETTY_NAME), else the kernel release's EL tag (el7, el8, el9).
/// `only_fixed`: only OS releases that ship a single back end (EL7 legacy, EL8 and later nft);
/// otherwise also the distro defaults (Debian 10+, Ubuntu 20.10+ nft; older legacy), which an
/// administrator can switch with update-alternatives.
std::optional<Inference> HostModeFromOs(const facts::FactSet& node, bool only_fixed);

/// Where KUBE-* chains land on the node: the kube-proxy image before 1.17 writes legacy, later
/// ones (and kubelet's own chains) follow the host's mode. Needs node.iptables.mode for 1.17+.
std::optional<Inference> KubeChainsFromVersions(const facts::FactSet& node,
                                                const facts::FactSet& cluster);

/// Where Felix writes its cali-* chains: an explicit iptablesBackend (per-node FelixConfiguration,
/// else FELIX_IPTABLESBACKEND / the default FelixConfiguration), else the default of the Calico
/// version; Auto as that version detects it on a host of node.iptables.mode (hint chains from
/// 3.26.0 / 3.25.2; before, rule counting is decidable only on a legacy-only host).
std::optional<Inference> FelixChainsFromSettings(const facts::FactSet& node,
                                                 const facts::FactSet& cluster);

}  // namespace netdoctor::derive

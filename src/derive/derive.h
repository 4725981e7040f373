// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

#include "facts/fact.h"

namespace netdoctor::derive {

struct DeriveOptions {
  /// "Now" for age-based facts; the CLI passes the wall clock, tests a fixed time.
  std::chrono::system_clock::time_point now{};
  std::chrono::minutes stuck_after{30};
};

/// Computes every derived fact (catalogue producer "derive") for the cluster and each node.
/// A derived fact never replaces a measured one; unknown inputs give unknown results with the
/// reason; each result lists the facts it came from (Fact::derived_from).
void DeriveAll(facts::Snapshot& snap, const DeriveOptions& opts);

// The individual derivers, exposed for tests. `node` may be modified; `cluster` is read only
// except for cluster-scope derivers.
void DeriveIpvsConntrack(facts::FactSet& node, const facts::FactSet& cluster);
void DeriveConnReuseMode(facts::FactSet& node, const facts::FactSet& cluster);
/// Infers node.iptables.mode from the node's OS where the OS ships one back end only.
void DeriveHostIptablesMode(facts::FactSet& node);
void DeriveChainBackends(facts::FactSet& node, const facts::FactSet& cluster);
void DeriveWrapperBackend(facts::FactSet& node);
void DeriveFelixBackend(facts::FactSet& node, const facts::FactSet& cluster);
void DeriveRandomFully(facts::FactSet& node, const facts::FactSet& cluster);
void DeriveChecksumOffloadBroken(facts::FactSet& node, const facts::FactSet& cluster);
void DeriveNodeIpDevice(facts::FactSet& node);
void DeriveCalicoOffParentRoutes(facts::FactSet& node, const facts::FactSet& cluster);
void DeriveMissingPodRoutes(facts::FactSet& node, const facts::FactSet& cluster);
void DerivePodsOutsideCidr(facts::FactSet& node, const facts::FactSet& cluster);
void DeriveCniBinDirMismatch(facts::FactSet& node);
void DeriveStuckTerminating(facts::FactSet& cluster, const DeriveOptions& opts);
void DeriveKubeProxyModeFromNodes(facts::Snapshot& snap);

}  // namespace netdoctor::derive

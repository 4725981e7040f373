// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/finding.h"
#include "facts/fact.h"

namespace netdoctor::agent {

/// The node condition types, one per component family, as node-problem-detector names its own.
inline constexpr const char* kCondKubeProxy = "NetdoctorKubeProxyProblem";
inline constexpr const char* kCondCalico = "NetdoctorCalicoProblem";
inline constexpr const char* kCondSpiderpool = "NetdoctorSpiderpoolProblem";
inline constexpr const char* kCondHostNetwork = "NetdoctorHostNetworkProblem";

/// The condition type of a knowledge-base component ("kube-proxy" → NetdoctorKubeProxyProblem;
/// kernel, kubelet, containerd and the rest → NetdoctorHostNetworkProblem).
const char* ConditionTypeFor(std::string_view component);

/// One node condition as it goes into status.conditions (without the timestamps).
struct NodeCondition {
  std::string type, status, reason, message;
};

/// The conditions of one cycle's node-scope findings. Per family:
///   True    (reason KnownIssueDetected): an entry is affected; the message names the IDs.
///   False   (reason NoKnownIssue): every entry of the family was examined and none is affected.
///   Unknown (reason NotFullyExamined): none affected, but some could not be decided (facts
///           missing); the message names them. Never False for an entry not really examined.
/// A family with no node-scope entry gets no condition.
std::vector<NodeCondition> BuildConditions(const engine::Findings& findings);

/// The conditions as a strategic-merge patch list, with lastHeartbeatTime = now and
/// lastTransitionTime = now for a changed status, else the previous one (`prev_transition`,
/// type → time).
nlohmann::json ConditionsPatch(const std::vector<NodeCondition>& conds, const std::string& now,
                               std::map<std::string, std::string>& transitions,
                               const std::map<std::string, std::string>& prev_status);

/// What changed since the last published state, one entry per Event to send.
struct EntryEvent {
  std::string id;
  bool affected = false;  // true: became affected (Warning); false: cleared (Normal)
  std::string message;
};
/// Events for entries that became affected, and for entries that were affected and are now
/// examined and not affected. An entry going from affected to undecided sends nothing.
std::vector<EntryEvent> Transitions(const engine::Findings& findings,
                                    const std::map<std::string, bool>& last_affected);

/// A v1 core Event about Node `node`, as kubelet and node-problem-detector send them (namespace
/// default, involvedObject kind Node with the node name as uid, source netdoctor-agent).
nlohmann::json NodeEvent(const std::string& node, const EntryEvent& e, const std::string& now,
                         long long unique);

/// The NodeReport object (docs: TEAM shape; deploy/crd-nodereport.yaml).
struct ReportInputs {
  std::string node, node_uid, collected_at, agent_version, kb_revision;
  long long interval_seconds = 0;
  const facts::Snapshot* facts = nullptr;  // the node's facts, before derivation
  const engine::Findings* findings = nullptr;
};
nlohmann::json BuildNodeReport(const ReportInputs& in);

/// A hash of the report's content without collectedAt: equal hashes mean nothing changed.
std::string ContentHash(const nlohmann::json& report);

}  // namespace netdoctor::agent

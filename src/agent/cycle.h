// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "agent/api_writer.h"
#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/loader.h"

namespace netdoctor::agent {

/// One cycle's results.
struct CycleResult {
  facts::Snapshot node_facts;  // this node only, as collected (the NodeReport's spec.facts)
  engine::Findings findings;   // node-scope entries for this node
  std::string node_uid;        // from the Node object; "" when it could not be read
  long long facts_unknown = 0;
  std::vector<std::string> read_errors;  // cluster objects that could not be read
};

struct CycleInputs {
  std::string node;
  std::string host_root;
  const kb::KnowledgeBase* kb = nullptr;
  const std::vector<const kb::Issue*>* checks = nullptr;  // node-scope checks
  const std::vector<std::string>* sysctls = nullptr;
  ApiWriter* api = nullptr;  // nullptr: no cluster objects
  std::chrono::system_clock::time_point now;
};

/// The node-scope checks of the knowledge base.
std::vector<const kb::Issue*> NodeChecks(const kb::KnowledgeBase& kb);
/// Every sysctl the knowledge base names (what the host collector reads).
std::vector<std::string> KbSysctls(const kb::KnowledgeBase& kb);

/// The cluster objects node-scope entries need, read with GET one by one.
struct ObjectRead {
  std::string_view group, resource, path;
};
const std::vector<ObjectRead>& ObjectReads();

/// Collects the host (live kernel through the current network namespace, files under
/// host_root), reads the cluster objects, derives, and evaluates the node-scope checks.
CycleResult RunCycle(const CycleInputs& in);

}  // namespace netdoctor::agent

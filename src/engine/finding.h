// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "facts/fact.h"
#include "kb/issue.h"

namespace netdoctor::engine {

enum class Status { kAffected, kPossiblyAffected, kNotAffected };
std::string_view StatusName(Status s);  // "affected", "possibly-affected", "not-affected"

enum class ScopeKind { kNode, kCluster, kObject };
std::string_view ScopeKindName(ScopeKind k);  // "node", "cluster", "object"

struct FindingScope {
  ScopeKind kind = ScopeKind::kCluster;
  std::string name;        // node name, object name; "" for cluster
  std::string namespace_;  // object namespace
  std::string object_kind; // object kind ("Service")
  std::string node;        // node an object sits on, when known
  /// "node/<name>", "cluster", "object/<ns>/<name>" (ns omitted when empty) - stable key.
  std::string Key() const;
};

/// One fact that took part in the decision.
struct Evidence {
  std::string fact;
  bool known = false;
  std::string value;         // rendered value when known
  std::string reason;        // unknown reason, or a range-match explanation
  std::string source;
  facts::Origin origin = facts::Origin::kMeasured;
};

struct Finding {
  const kb::Issue* issue = nullptr;  // never null; owned by the knowledge base
  Status status = Status::kNotAffected;
  FindingScope scope;
  std::vector<Evidence> evidence;
  /// Facts whose values could still change a possibly-affected result.
  std::vector<std::string> missing;
  /// Fix commands with placeholders filled in for this scope.
  std::vector<std::vector<std::string>> fix_commands;  // parallel to issue->fix
};

/// Every evaluated (entry, scope) pair, in knowledge-base order then scope order.
struct Findings {
  std::vector<Finding> items;
};

}  // namespace netdoctor::engine

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "facts/catalog.h"

namespace netdoctor::facts {

/// A Kubernetes object (or host object such as an interface) that a list fact names.
struct ObjectRef {
  std::string kind;       // "Service", "Pod", "Namespace", "Interface", ...
  std::string namespace_; // empty for cluster-scoped objects
  std::string name;
  std::string detail;     // short why: "externalIPs=[1.2.3.4] externalTrafficPolicy=Local"
  std::string node;       // node the object sits on, when it has one (Pods, host interfaces)
  std::string address;    // the IP or CIDR that matters for it, when one does (Pod IP, VIP)
  bool operator==(const ObjectRef&) const = default;
};

/// A fact's value. Versions are kept as the exact strings seen (parsed where a rule needs them).
using Value = std::variant<bool, std::int64_t, std::string, std::vector<std::string>,
                           std::vector<ObjectRef>>;

/// How a value came to be: read from the system, computed from other facts, set by --set,
/// or declared by the user (plan flags). kMissing: no input collected it at all (an unknown fact
/// an input tried and failed to read stays kMeasured, with its reason).
enum class Origin { kMeasured, kInferred, kOverridden, kDeclared, kMissing };

std::string_view OriginName(Origin o);
std::optional<Origin> ParseOrigin(std::string_view s);

/// One fact: a value or "unknown" with the reason, and where it came from.
/// `source` names the file, command, object field or flag ("/proc/sys/net/ipv4/vs/conntrack",
/// "kube-system/kube-proxy ConfigMap config.conf:mode", "--kernel").
struct Fact {
  std::string key;
  std::optional<Value> value;  // nullopt: unknown, see unknown_reason
  std::string unknown_reason;
  std::string source;
  Origin origin = Origin::kMeasured;
  /// For inferred facts: the keys it was computed from.
  std::vector<std::string> derived_from;

  bool known() const { return value.has_value(); }

  static Fact Known(std::string key, Value v, std::string source,
                    Origin origin = Origin::kMeasured);
  static Fact Unknown(std::string key, std::string reason, std::string source = {});
};

/// Renders a value for people and evidence: true/false, 42, text, [a, b], [ns/name, ...].
std::string ValueToString(const Value& v);

/// The facts of one scope (the cluster, or one node). A key not present was not collected.
class FactSet {
 public:
  /// Adds or replaces. A known fact is never replaced by an unknown one, and a measured fact is
  /// never replaced by an inferred one (measured beats inferred); use Override for --set.
  void Set(Fact fact);
  /// Replaces whatever is there (what-if overrides); marks origin kOverridden.
  void Override(Fact fact);
  const Fact* Get(std::string_view key) const;
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  const std::map<std::string, Fact, std::less<>>& all() const { return facts_; }
  std::size_t size() const { return facts_.size(); }

  // Typed shortcuts: nullopt when absent, unknown or of another type.
  std::optional<std::string> GetString(std::string_view key) const;
  std::optional<std::int64_t> GetInt(std::string_view key) const;
  std::optional<bool> GetBool(std::string_view key) const;

 private:
  std::map<std::string, Fact, std::less<>> facts_;
};

/// What one input contributed ("dump examples/cluster.json: 412 objects").
struct InputInfo {
  std::string kind;    // "dump", "host-root", "live-host", "sosreport", "facts", "api", "plan"
  std::string where;   // path, server URL, ...
  std::string summary; // counts
};

/// How many Nodes had their facts from a NodeReport (`netdoctor agent`), for the "N of M nodes
/// reported" summary. Set by inputs that list NodeReports (the API scan; dumps holding them).
struct NodeReportCoverage {
  std::uint64_t nodes = 0;     // Nodes in the input
  std::uint64_t reported = 0;  // of those, with a NodeReport merged in
  std::uint64_t stale = 0;     // of those, reports older than three of their intervals
  std::vector<std::string> notes;  // reports ignored and why ("NodeReport x: no Node x")
};

/// Which kinds of input examined each scope, as Producer flags (facts/catalog.h): the cluster
/// scope, and each node by name. The engine tells from it a scope no input looked at (or an entry
/// whose facts only an absent input collects: "not examined") from one where an input looked and
/// a fact stayed unknown ("possibly affected").
struct Coverage {
  Producers cluster;
  std::map<std::string, Producers, std::less<>> nodes;
  /// Set when a producer filled it in explicitly (a facts document that carries it); otherwise
  /// Snapshot::Merge infers it from the inputs' kinds.
  bool explicit_ = false;
  Producers Node(std::string_view name) const {
    auto it = nodes.find(name);
    return it == nodes.end() ? Producers{} : it->second;
  }
};

/// The producer an input kind stands for ("api" -> kApi, "live-host" -> kLive, ...); empty for
/// kinds that only carry other inputs' facts ("facts").
Producers ProducerOfInputKind(std::string_view kind);

/// Everything known about one run: cluster-wide facts and per-node facts.
struct Snapshot {
  FactSet cluster;
  std::map<std::string, FactSet> nodes;  // node name -> facts (keys start with "node.")
  std::vector<InputInfo> inputs;
  /// What could not be read, each a sentence naming the input and the reason. Non-empty means
  /// the report is partial.
  std::vector<std::string> incomplete;
  /// Set when NodeReports were looked for (see NodeReportCoverage).
  std::optional<NodeReportCoverage> node_reports;
  /// Which inputs examined which scope (see Coverage).
  Coverage examined;

  /// Merges `other` into this: facts follow FactSet::Set rules, lists are appended.
  void Merge(Snapshot other);
};

}  // namespace netdoctor::facts

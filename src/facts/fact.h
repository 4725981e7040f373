// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

/// Dense number of a fact key: the catalogue's rows (facts/catalog.def, in its order) are 0..N-1;
/// any other key (a family member such as node.sysctl.*, a key from a facts file) gets the next
/// number the first time a FactSet stores it. Ids are process-wide and never reused.
using KeyId = std::uint32_t;
/// The id of `key`, assigning one if it has none yet. Thread-safe.
KeyId InternKey(std::string_view key);
/// The id of `key` if it has one (no FactSet ever stored it otherwise).
std::optional<KeyId> FindKeyId(std::string_view key);

/// The facts of one scope (the cluster, or one node). A key not present was not collected.
/// Stored compactly: the facts in chunks of 8 (insertion order; a fact never moves, so a pointer
/// from Get() stays valid across later Set() calls) and a sorted (key id, slot) index, so a lookup
/// hashes the key once and then compares integers; no tree node or second copy of the key per
/// fact (5,000 node sets are what a cluster-wide run holds).
class FactSet {
 public:
  FactSet() = default;
  FactSet(const FactSet& other);
  FactSet& operator=(const FactSet& other);
  FactSet(FactSet&& other) noexcept;
  FactSet& operator=(FactSet&& other) noexcept;
  ~FactSet() = default;

  /// Adds or replaces. A known fact is never replaced by an unknown one, and a measured fact is
  /// never replaced by an inferred one (measured beats inferred); use Override for --set.
  void Set(Fact fact);
  /// Replaces whatever is there (what-if overrides); marks origin kOverridden.
  void Override(Fact fact);
  /// Set() for every fact of `other` (moved, not copied).
  void MergeFrom(FactSet&& other);
  const Fact* Get(std::string_view key) const;
  const Fact* Get(KeyId id) const;
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  /// Every fact in key order: `for (const auto& [key, fact] : set.all())`.
  class Range {
   public:
    using Item = std::pair<const std::string&, const Fact&>;
    class Iterator {
     public:
      using Base = std::vector<const Fact*>::const_iterator;
      explicit Iterator(Base it) : it_(it) {}
      Item operator*() const { return {(*it_)->key, **it_}; }
      Iterator& operator++() {
        ++it_;
        return *this;
      }
      bool operator==(const Iterator&) const = default;

     private:
      Base it_;
    };
    explicit Range(std::vector<const Fact*> sorted) : sorted_(std::move(sorted)) {}
    Iterator begin() const { return Iterator(sorted_.begin()); }
    Iterator end() const { return Iterator(sorted_.end()); }
    std::size_t size() const { return sorted_.size(); }

   private:
    std::vector<const Fact*> sorted_;
  };
  Range all() const;

  // Typed shortcuts: nullopt when absent, unknown or of another type.
  std::optional<std::string> GetString(std::string_view key) const;
  std::optional<std::int64_t> GetInt(std::string_view key) const;
  std::optional<bool> GetBool(std::string_view key) const;

 private:
  struct Slot {
    KeyId id;
    std::uint32_t pos;  // insertion position (chunk pos / kChunk)
  };
  static constexpr std::uint32_t kChunk = 8;
  Fact& At(std::uint32_t pos) const { return chunks_[pos / kChunk][pos % kChunk]; }
  Fact* Find(KeyId id) const;
  void Store(KeyId id, Fact fact);
  static bool Accepts(const Fact& old, const Fact& incoming);

  std::vector<std::unique_ptr<Fact[]>> chunks_;  // kChunk facts each
  std::uint32_t count_ = 0;
  std::vector<Slot> index_;  // sorted by id
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

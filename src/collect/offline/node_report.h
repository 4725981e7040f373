// SPDX-License-Identifier: Apache-2.0
#pragma once

// NodeReport objects (netdoctor.io/v1alpha1, cluster-scoped, written by `netdoctor agent` on each
// node) carry the facts `netdoctor collect` measured on that node. The cluster report uses them
// for that node's node-scope entries, so a fault found on the node is decided there instead of
// being "possibly affected" for lack of host facts.
//
// Precedence, when a NodeReport and the cluster's own objects disagree (docs/FLEET.md):
//   - Identity: the Node object names the node. A NodeReport applies to the Node named by its
//     spec.nodeName (which must equal metadata.name); node.name stays the Node's.
//   - Node facts the Node object also gives (kernel release, OS image, kubelet and runtime
//     versions, InternalIP, Pod CIDRs): a fresh report wins — it was measured on the node — and
//     the evidence says what the Node status said when the two differ. A stale report (older than
//     three of its intervals) loses to the Node status, which the kubelet keeps current; the
//     evidence then names what the stale report said.
//   - Facts only the report has: used, fresh or stale; stale ones say so in their source.
//   - Facts the report could not read (unknown) never replace a known fact (FactSet::Set).
//   - Cluster facts inside spec.facts are ignored: the cluster scope comes from the API objects.
//   - node.pods comes from the Pods in the input, never from a report.

#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/json_fields.h"
#include "facts/fact.h"

namespace netdoctor::collect::offline {

/// A NodeReport older than this many of its own intervals is stale (the agent rewrites an
/// unchanged report at least this often).
inline constexpr int kStaleIntervals = 3;

/// One NodeReport, as read.
struct NodeReport {
  std::string name;          // metadata.name
  std::string node;          // spec.nodeName
  std::string collected_at;  // spec.collectedAt as written (RFC 3339)
  std::chrono::system_clock::time_point collected{};
  std::int64_t interval_seconds = 0;
  std::vector<facts::Fact> facts;  // the node facts of spec.facts
};

/// "2026-12-03T10:00:00Z", "…T10:00:00.5+02:00" (RFC 3339). nullopt when malformed or outside
/// the years 1970 to 2261 (system_clock's range).
std::optional<std::chrono::system_clock::time_point> ParseRfc3339Time(std::string_view text);

/// "45s", "12m", "3h", "2d": an age for people.
std::string ShortAge(std::chrono::seconds age);

/// Reads the `spec` of a NodeReport whose metadata (c.name) was read. A malformed report is not
/// an error of the input: `note` gets the problem, naming the NodeReport and the field ("…:
/// NodeReport node-1: spec.intervalSeconds: expected an integer, got a string"), and the report
/// is to be skipped. Returns false only for malformed JSON (c.error set), which no object could
/// survive.
[[nodiscard]] bool ReadNodeReportSpec(od::value& spec, const ObjectContext& c, NodeReport& out,
                                      std::string& note);

/// Collects the NodeReports of an input and merges them into its snapshot.
class NodeReportMerger {
 public:
  void Add(NodeReport r);
  /// A malformed report (see ReadNodeReportSpec); it makes the report partial.
  void Note(std::string note) { notes_.push_back(std::move(note)); }
  /// A NodeReport list was read (possibly empty) or its API group is absent.
  void NoteListed() { listed_ = true; }
  bool seen() const { return listed_ || !reports_.empty() || !notes_.empty(); }

  /// Merges the reports into `snap` (after the Node facts are built). `node_objects`: names of
  /// the Node objects in the input; `nodes_seen`: whether the input had Nodes at all (when it
  /// had none, each report's node is taken as it is); `now`: for staleness (unset: none is
  /// stale). Sets snap.node_reports; malformed reports go to snap.incomplete.
  void Finish(facts::Snapshot& snap, const std::set<std::string, std::less<>>& node_objects,
              bool nodes_seen, std::optional<std::chrono::system_clock::time_point> now);

 private:
  std::map<std::string, NodeReport, std::less<>> reports_;  // by node name
  std::vector<std::string> notes_;                          // malformed reports
  bool listed_ = false;
};

}  // namespace netdoctor::collect::offline

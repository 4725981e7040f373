// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reads the `spec.facts` of a NodeReport — a netdoctor/facts/v1 document (docs/FACTS_JSON.md),
// exactly what `netdoctor collect -o` writes — straight from the page being parsed, with
// simdjson On-Demand. The --facts reader (facts/facts_json.h) builds an nlohmann DOM and a whole
// Snapshot per document; for 5,000 reports in one cluster check that was most of the merge's time
// and memory (bench/nodereport_merge_bench.sh). This reader accepts the same node facts with the
// same rules (catalogue keys and types, exactly one of value/unknown, no unknown fields), which
// tests/unit/collect/offline/node_report_facts_test.cpp checks against facts::ParseFactsJson.
// The document's cluster scope, inputs and incomplete lists are not used for a NodeReport
// (cluster facts come from the API objects), so they are only type-checked, not read.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "collect/offline/json_fields.h"
#include "facts/catalog.h"
#include "facts/fact.h"

namespace netdoctor::collect::offline {

class ReportFactsReader {
 public:
  /// Reads `doc` (the value of spec.facts) and fills `out` with the facts of its one node: the
  /// node keyed `node` (the NodeReport's name), or the only node when the agent keyed it by host
  /// name. Facts with a key in `skip` are dropped. False with c.error set (path "spec.facts") on
  /// the first problem.
  [[nodiscard]] bool Read(od::value& doc, const ObjectContext& c, std::string_view node,
                          const std::vector<std::string_view>& skip, std::vector<facts::Fact>& out);

 private:
  // Catalogue rows by key: facts::FindFact scans the table, and every report repeats the keys.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const facts::FactSpec* Spec(std::string_view key);
  bool ReadNode(od::value& v, const ObjectContext& c, std::string_view where,
                const std::vector<std::string_view>& skip, std::vector<facts::Fact>& out);
  bool ReadFact(std::string_view key, od::value& v, const ObjectContext& c, std::string_view where,
                facts::Fact& f);

  std::unordered_map<std::string, const facts::FactSpec*, Hash, std::equal_to<>> specs_;
};

}  // namespace netdoctor::collect::offline

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/issue.h"

namespace netdoctor::engine {

/// Why an undecided (entry, scope) pair was not examined.
struct NotExaminedWhy {
  /// The facts behind the result that no given input collects (derived facts traced to theirs).
  std::vector<std::string> uncovered;
  /// The kinds of input that collect them (derive and plan left out).
  facts::Producers needs;
  /// Set instead when the entry's component is known absent from the scope: the fact saying so.
  std::optional<Evidence> absent;
};

/// Tells "not examined" from "possibly affected" for results the facts could not decide, from
/// which inputs examined which scope (Snapshot::examined) and which producers collect each fact
/// (facts/catalog.def). Pure.
class CoverageJudge {
 public:
  explicit CoverageJudge(const facts::Snapshot& snap);

  /// For an undecided result (always nullopt when the snapshot records no coverage at all) of `issue` in a scope (`node` null for cluster and object scopes;
  /// `node_name` the node's name). nullopt: the scope was examined and something in it is
  /// missing, so the result stays possibly affected. Not examined when the entry's component is
  /// known absent from the scope, or when some missing fact is one only an input that was not
  /// given collects and none is one a given input left unknown (known facts in `missing` wait
  /// for knowledge, not for an input, and count for neither).
  std::optional<NotExaminedWhy> Judge(const kb::Issue& issue, const facts::FactSet* node,
                                      std::string_view node_name,
                                      const std::vector<std::string>& missing) const;

 private:
  // kCoverable: an input that was given collects `key` (directly, or for an unknown derived fact,
  // one of the facts it was derived from) and left it unknown; kUncovered: only inputs not given
  // collect it (the leaves are added to `why`); kKnown: it is known, so what is missing is
  // knowledge (a distro's backport status), which no input settles.
  enum class Cover { kKnown, kUncovered, kCoverable };
  Cover Covered(std::string_view key, const facts::FactSet* node, facts::Producers node_cov,
                int depth, NotExaminedWhy& why) const;

  const facts::Snapshot& snap_;
  // A snapshot that records no coverage at all (built by code, not from inputs) says nothing
  // about what was examined: every undecided result stays possibly affected.
  bool active_ = false;
};

}  // namespace netdoctor::engine

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/finding.h"

namespace netdoctor::engine {

/// Folds the results of one entry, scope by scope, into its Group: counts every verdict, lists
/// the scopes that are listed, and interns their evidence so that equal outcomes share one
/// Variant. Evidence sources are not part of a variant's identity (node facts name their node in
/// the source, which would otherwise give every node its own variant).
class GroupFolder {
 public:
  GroupFolder(const kb::Issue& issue, bool keep_not_affected);

  /// Whether a scope with this verdict is listed; when not, call Count only and skip building
  /// its evidence.
  bool Lists(Verdict v) const { return v != Verdict::kNotAffected || keep_not_affected_; }
  void Count(Verdict v) { ++group_.counts[VerdictIndex(v)]; }

  /// Counts and lists one scope. `fix` holds the filled-in commands of every fix step.
  void Add(FindingScope scope, Verdict v, std::vector<Evidence> evidence,
           std::vector<std::string> missing, std::vector<std::vector<std::string>> fix);

  Group Finish() &&;

 private:
  Group group_;
  bool keep_not_affected_;
  std::unordered_map<std::string, std::uint32_t> variant_index_;
  std::string key_;  // reused buffer
};

}  // namespace netdoctor::engine

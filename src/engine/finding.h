// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "facts/catalog.h"
#include "facts/fact.h"
#include "kb/issue.h"

namespace netdoctor::engine {

/// The outcome of one entry for one scope. Ordered worst first, so `std::min` picks the worst.
/// kNotExamined: no input covered what the entry needs in that scope (only inputs that were not
/// given collect its missing facts), or the entry's component is known absent there. It says
/// "not looked at", where kPossiblyAffected says "looked at, and something is missing".
/// Renderers loop over kAllVerdicts; none may assume a fixed number.
enum class Verdict { kAffected, kPossiblyAffected, kNotExamined, kNotAffected };
inline constexpr std::size_t kVerdictCount = 4;
inline constexpr std::array<Verdict, kVerdictCount> kAllVerdicts{
    Verdict::kAffected, Verdict::kPossiblyAffected, Verdict::kNotExamined, Verdict::kNotAffected};
/// "affected", "possibly-affected", "not-examined", "not-affected"
std::string_view VerdictName(Verdict v);
inline std::size_t VerdictIndex(Verdict v) { return static_cast<std::size_t>(v); }

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
  std::string value;         // rendered value when known (long lists shortened, see engine.h)
  std::string reason;        // unknown reason, or a range-match explanation
  std::string source;        // the first scope's source
  facts::Origin origin = facts::Origin::kMeasured;
  /// The scopes sharing this evidence read it from differently named sources (node facts name
  /// their node in the source); `source` is then one example.
  bool sources_vary = false;
  /// The fact took part in deciding the verdict (kb::FactUse::decisive); false for facts only
  /// read along the way, which reports show apart ("also read").
  bool decisive = true;
};

/// One distinct outcome of an entry: the verdict with its evidence (sources aside) and missing
/// facts. Every listed scope with the same outcome points to one variant, so 5,000 nodes with the
/// same kernel share one.
struct Variant {
  Verdict verdict = Verdict::kNotAffected;
  std::vector<Evidence> evidence;
  /// Facts whose values could still change a possibly-affected result; for a not-examined one,
  /// the facts no given input collects.
  std::vector<std::string> missing;
  /// Not-examined only: the kinds of input that would collect `missing` (Producer flags, derive
  /// and plan left out). Empty when the component is known absent from the scope (the evidence
  /// then holds the fact that says so).
  facts::Producers needs;
  /// Scopes with this outcome: the listed ones; for a not-examined variant every one, listed or
  /// not (not-examined scopes are listed only with keep_not_affected, like not-affected ones).
  std::size_t scopes = 0;
};

/// One evaluated scope that is listed (affected and possibly-affected ones always; not-affected
/// and not-examined ones only when EvaluateOptions::keep_not_affected).
struct ScopeResult {
  FindingScope scope;
  Verdict verdict = Verdict::kNotAffected;
  std::uint32_t variant = 0;  // index into Group::variants
};

/// Fix commands of one verdict, filled in for the first listed scope with that verdict.
struct FixFill {
  bool filled = false;
  std::vector<std::vector<std::string>> commands;  // parallel to issue->fix
  /// Another listed scope of this verdict fills in different commands.
  bool varies = false;
};

/// Every result of one entry, folded as it was evaluated: counts per verdict for all scopes,
/// the listed scopes in evaluation order, and their distinct evidence variants. Its size grows
/// with the distinct findings, not with the number of scopes examined.
struct Group {
  const kb::Issue* issue = nullptr;  // never null; owned by the knowledge base
  std::array<std::size_t, kVerdictCount> counts{};
  std::vector<ScopeResult> scopes;
  std::vector<Variant> variants;
  std::array<FixFill, kVerdictCount> fix;

  std::size_t count(Verdict v) const { return counts[VerdictIndex(v)]; }
  std::size_t total() const {
    std::size_t n = 0;
    for (std::size_t c : counts) n += c;
    return n;
  }
  /// The worst verdict over its scopes (not-affected when nothing was evaluated).
  Verdict worst() const;
  const Variant& VariantOf(const ScopeResult& s) const { return variants[s.variant]; }
  /// The listed scope with this key, or null.
  const ScopeResult* Find(std::string_view scope_key) const;
};

/// One group per evaluated entry, in knowledge-base order.
struct Findings {
  std::vector<Group> groups;
};

}  // namespace netdoctor::engine

// SPDX-License-Identifier: Apache-2.0
#pragma once

// The condition language of the knowledge base (docs/KB_FORMAT.md):
//
//   expr       := or_expr
//   or_expr    := and_expr ( "or" and_expr )*
//   and_expr   := not_expr ( "and" not_expr )*
//   not_expr   := "not" not_expr | primary
//   primary    := "(" expr ")" | test
//   test       := FACT                                  bool fact is true
//               | FACT op literal                       op: == != < <= > >=
//               | FACT "in" RANGE_NAME                  version inside a named range set
//               | FACT "in" "[" literal ("," literal)* "]"
//               | FACT "contains" literal               list contains / string contains
//               | "any" "(" FACT ")"                    list fact is non-empty
//               | "known" "(" FACT ")"                  the fact has a value
//   literal    := STRING | INTEGER | "true" | "false"
//
// Evaluation is three-valued (Kleene): a test on an unknown fact is unknown.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/tri.h"
#include "facts/fact.h"
#include "version/range.h"

namespace netdoctor::kb {

using Literal = std::variant<bool, std::int64_t, std::string>;
std::string LiteralToString(const Literal& l);

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct Condition {
  enum class Kind { kAnd, kOr, kNot, kTruthy, kCompare, kInRange, kInList, kContains, kAny, kKnown };
  Kind kind = Kind::kTruthy;
  std::vector<std::unique_ptr<Condition>> children;  // kAnd, kOr, kNot
  std::string fact;                                  // tests
  CompareOp op = CompareOp::kEq;                     // kCompare
  Literal literal;                                   // kCompare, kContains
  std::vector<Literal> list;                         // kInList
  std::string range_name;                            // kInRange
  const version::RangeSet* range = nullptr;          // kInRange, resolved by the loader
  int column = 0;                                    // 1-based position in the source text

  /// Every fact key the condition names, in first-use order, without duplicates.
  std::vector<std::string> Facts() const;
};

/// Deepest nesting of "(" and "not" a condition may have; deeper text is a parse error (the
/// parser and the evaluator recurse once per level).
constexpr int kMaxConditionDepth = 100;

/// Parses condition text. Errors (kParseError) carry the 1-based column and say what was expected.
[[nodiscard]] Result<std::unique_ptr<Condition>> ParseCondition(std::string_view text);

/// Where facts come from during evaluation (node facts first, then cluster facts).
class FactLookup {
 public:
  virtual ~FactLookup() = default;
  virtual const facts::Fact* Get(std::string_view key) const = 0;
};

/// One fact as the evaluation saw it, for evidence.
struct FactUse {
  std::string key;
  const facts::Fact* fact = nullptr;  // null: not collected
  std::string note;                   // range-match explanation, when a range test used it
  /// The test this use belongs to took part in deciding the result: false when a sibling alone
  /// decided its `and`/`or` (a true branch of an `or` that came out true, a false test of an
  /// `and` that came out false) and this one was only read along the way.
  bool decisive = true;
};

struct EvalResult {
  Tri value = Tri::kUnknown;
  /// Unknown facts whose value could still change an unknown result (empty when decided).
  std::vector<std::string> missing;
};

/// Evaluates every branch (no short-circuit) so that `uses` lists all evidence, each marked
/// decisive or not (FactUse::decisive).
EvalResult Evaluate(const Condition& cond, const FactLookup& lookup, std::vector<FactUse>& uses);

}  // namespace netdoctor::kb

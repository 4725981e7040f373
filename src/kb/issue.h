// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kb/condition.h"
#include "version/range.h"

namespace netdoctor::kb {

enum class Severity { kCritical, kHigh, kMedium, kLow, kInfo };
enum class IssueKind { kCheck, kExplanation };
enum class IssueScope { kNode, kCluster, kObject, kNone };
enum class Maturity { kStable, kIncubating, kSandbox, kDeprecated };

std::string_view SeverityName(Severity s);
std::optional<Severity> ParseSeverity(std::string_view s);
std::string_view ScopeName(IssueScope s);

/// Text in both languages of the knowledge base.
struct LocalText {
  std::string en;
  std::string zh;
  const std::string& Get(std::string_view lang) const { return lang == "zh" ? zh : en; }
};

struct LocalList {
  std::vector<std::string> en;
  std::vector<std::string> zh;
  const std::vector<std::string>& Get(std::string_view lang) const { return lang == "zh" ? zh : en; }
};

struct FixStep {
  LocalText title;
  /// May hold {node}, {namespace}, {name}, {kind}, {ns_flag}, {address}, {fact:KEY} and {fact:KEY|FIELD}
  /// (engine/fix_fill.cpp); a value the reader must supply is written "<like-this>".
  std::vector<std::string> commands;
};

struct Reference {
  std::string title;
  std::string url;
};

/// A named set of version ranges the condition tests with `FACT in NAME`.
struct NamedRanges {
  std::string name;
  std::string fact;
  version::RangeSet set;
};

/// One knowledge-base entry, validated and compiled.
struct Issue {
  std::string id;
  IssueKind kind = IssueKind::kCheck;
  std::string area;
  std::string component;
  Severity severity = Severity::kMedium;
  IssueScope scope = IssueScope::kNode;
  Maturity maturity = Maturity::kIncubating;
  LocalText title;
  LocalText summary;
  LocalList symptoms;
  std::vector<NamedRanges> ranges;
  std::string condition_text;
  std::shared_ptr<const Condition> condition;  // null for explanations
  std::string objects_fact;                    // scope object: the object-list fact
  LocalText recommendation;
  std::vector<FixStep> fix;
  std::vector<Reference> references;
  std::vector<std::string> related;
  std::string file;  // where it was loaded from (for messages)

  const NamedRanges* FindRanges(std::string_view name) const;
};

}  // namespace netdoctor::kb

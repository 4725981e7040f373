// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/issue.h"

namespace netdoctor::report {

/// Every fixed word the reporters print, in both languages, from one table (labels.cpp). Entries
/// ending in "Fmt" are fmt format strings; their arguments are documented beside each entry.
enum class Label {
  kReportTitle,
  kExamined,
  kNoInputs,
  kPartialReport,
  kPartialExplain,
  kTitle,
  kStatus,
  kWhere,
  kComponent,
  kSeverity,
  kEvidence,
  kUnknown,
  kWouldSettle,
  kRecommendation,
  kFix,
  kReferences,
  kSummary,
  kComplete,
  kPartial,
  kHiddenUseAll,
  kNothingFound,
  kNodes,
  kObjects,
  kScopes,
  kNodesOne,
  kObjectsOne,
  kScopesOne,
  kNode,
  kCluster,
  kCountOfTotalFmt,  // {0} count, {1} total, {2} noun (kNodes...)
  kCountFmt,         // {0} count, {1} noun
  kMoreValuesFmt,    // {0} hidden values, {1} scopes they cover, {2} noun
  kForExample,
  kFixShownForFmt,  // {0} the scope the commands were filled in for
  kSummaryFmt,      // {0} affected, {1} possibly, {2} not affected (numbers as text)
  kCompleteSentence,
  kPartialSentenceFmt,  // {0} number of things that could not be read
  kNodesReportedFmt,    // {0} Nodes with a NodeReport, {1} Nodes (numbers as text)
  kStaleReportsFmt,     // {0} stale NodeReports (number as text)
  kFact,
  kValue,
  kSource,
  kOrigin,
  kCount,
  kKind,
  kInputWhere,
  kInputSummary,
  kLanguage,
  kKbPageTitle,
  kKbPageIntro,
  kSymptoms,
  kAffectedVersions,
  kVersionOf,
  kScheme,
  kIntroduced,
  kFixed,
  kFromStart,
  kNotFixed,
  kLastAffectedFmt,  // {0} version
  kDistroBuildsFmt,  // {0} distro tag
  kDistroAllAffected,
  kDistroNoneAffected,
  kDistroUnknown,
  kVendorKernelsUnknown,
  kExplanations,
  kRelated,
  kId,
  kAreaKubeProxy,
  kAreaCalico,
  kAreaSpiderpool,
  kAreaHost,
  kAreaCluster,
  kSeverityCritical,
  kSeverityHigh,
  kSeverityMedium,
  kSeverityLow,
  kSeverityInfo,
  kStatusAffected,
  kStatusPossiblyAffected,
  kStatusNotAffected,
  kOriginMeasured,
  kOriginInferred,
  kOriginOverridden,
  kOriginDeclared,
  kLabelCount,  // keep last
};

/// "zh" for Chinese, "en" for anything else.
std::string_view NormalizeLang(std::string_view lang);

/// The label in `lang` ("zh", otherwise English).
std::string_view Tr(Label label, std::string_view lang);

std::string_view SeverityLabel(kb::Severity s, std::string_view lang);
std::string_view StatusLabel(engine::Verdict s, std::string_view lang);
std::string_view OriginLabel(facts::Origin o, std::string_view lang);

/// Punctuation that differs between the languages: ": " / "：", " (x)" / "（x）", ". " / "。".
/// ColonEnd is the colon that ends a line (no trailing space).
std::string_view Colon(std::string_view lang);
std::string_view ColonEnd(std::string_view lang);
std::string Paren(std::string_view text, std::string_view lang);
std::string_view SentenceEnd(std::string_view lang);

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/issue.h"
#include "kb/policy.h"

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
  kAlsoRead,
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
  kStatusNotExamined,
  kOriginMissing,
  kSummaryNotExaminedFmt,  // {0} not-examined scopes (number as text); appended to kSummaryFmt
  kNotExaminedFmt,         // {0} entries, {1} scope word (kNode/kCluster), {2} kOnNodesFmt or "", {3} what to do
  kOnNodesFmt,             // {0} nodes (number as text)
  kAbsentFmt,              // {0} fact, {1} its value: why the component is absent
  kActionLive,
  kActionHostRoot,
  kActionSos,
  kActionDump,
  kActionApi,
  kActionOr,
  kEnglishOnlyNote,
  kSettleKnowledge,
  // The text report's layout: result lines, summary table, details, --diff.
  kSkipped,
  kSkipEntry,
  kSkipNode,
  kKernelWord,
  kResult,
  kEntriesEvaluatedFmt,  // {0} entries, {1} "6 affected, 12 possibly affected, …"
  kEntryEvaluatedOneFmt,  // the same for one entry
  kPerScopeFmt,          // {0} the same list per node, object or cluster
  kCountStatusFmt,       // {0} count, {1} status
  kAlsoFmt,              // {0} count, {1} status, {2} noun: the entry's scopes in a lesser status
  kSeverityColumn,
  kIdColumn,
  kWhereColumn,
  kEntriesFmt,           // {0} count
  kEntryOneFmt,          // {0} count (1)
  kDetailsOfFmt,         // {0} status
  kBySettleFmt,          // {0} status
  kInputHost,
  kInputObjects,
  kInputHostOrObjects,
  kInputKnowledge,
  kInputDerived,
  kInputNone,
  kDetailsHint,
  kNotListedHintFmt,     // {0} count, {1} status
  kNotListedHintOneFmt,  // the same for one entry
  kSeeAbove,
  kDiffHeadFmt,          // {0} the --set flags
  kDiffNone,
  kDiffSummaryFmt,       // {0} entries changed, {1} entries compared, {2} scopes changed
  kNotEvaluated,
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

/// One policy skip as plain text: "entry KP-X: reason (source)" / "节点 node-a：原因（来源）".
/// Formats that escape (HTML, XML) escape the whole line.
std::string SkipText(const kb::Skip& s, std::string_view lang);

/// What every node an entry calls affected shares, from the kernel range its condition requires
/// (the condition, or one of its "and"ed parts): " (kernel < 5.7)", " (4.19 ≤ kernel < 5.9)"; ""
/// when it requires none, or one of more than two ranges. It qualifies a count of affected nodes
/// ("412 of 1,200 nodes (kernel < 5.7)"); the upstream range, which a vendor build may have
/// backported the fix into: each node's evidence says which.
std::string KernelRangeQualifier(const kb::Issue& issue, std::string_view lang);

}  // namespace netdoctor::report

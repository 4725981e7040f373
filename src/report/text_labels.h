// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

// The words of the text report's summary table, its grouped sections and `--diff`, in both
// languages (the shared report words are in labels.h).
namespace netdoctor::report {

enum class TextLabel {
  kSkipped,
  kSkipEntry,
  kSkipNode,
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
  kCount,  // keep last
};

std::string_view Tt(TextLabel label, std::string_view lang);

}  // namespace netdoctor::report

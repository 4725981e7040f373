// SPDX-License-Identifier: Apache-2.0
#include "report/text_labels.h"

#include <array>
#include <cstddef>

namespace netdoctor::report {
namespace {

struct Row {
  TextLabel label;
  std::string_view en, zh;
};

constexpr std::array kRows{
    Row{TextLabel::kSkipped, "Skipped by policy", "按策略跳过"},
    Row{TextLabel::kSkipEntry, "entry", "条目"},
    Row{TextLabel::kSkipNode, "node", "节点"},
    Row{TextLabel::kResult, "Result", "结果"},
    Row{TextLabel::kEntriesEvaluatedFmt, "{0} entries evaluated: {1}", "共检查 {0} 个条目：{1}"},
    Row{TextLabel::kEntryEvaluatedOneFmt, "{0} entry evaluated: {1}", "共检查 {0} 个条目：{1}"},
    Row{TextLabel::kPerScopeFmt, "Per node, object or cluster: {0}", "按节点、对象或集群计：{0}"},
    Row{TextLabel::kCountStatusFmt, "{0} {1}", "{1} {0} 个"},
    Row{TextLabel::kAlsoFmt, "; also {1} on {0} {2}", "；另有 {0} {2}{1}"},
    Row{TextLabel::kSeverityColumn, "SEVERITY", "严重程度"},
    Row{TextLabel::kIdColumn, "ID", "编号"},
    Row{TextLabel::kWhereColumn, "WHERE", "位置"},
    Row{TextLabel::kEntriesFmt, "{0} entries", "{0} 个条目"},
    Row{TextLabel::kEntryOneFmt, "{0} entry", "{0} 个条目"},
    Row{TextLabel::kDetailsOfFmt, "Details: {0}", "详情：{0}"},
    Row{TextLabel::kBySettleFmt, "{0}: by what would settle it", "{0}：按可确定结论的输入分组"},
    Row{TextLabel::kInputHost, "Host facts: run netdoctor check on the node, or give --host-root or --sosreport",
        "主机事实：在节点上运行 netdoctor check，或提供 --host-root 或 --sosreport"},
    Row{TextLabel::kInputObjects, "Cluster objects: give --dump or a kubeconfig (API server)",
        "集群对象：提供 --dump 或 kubeconfig（API 服务器）"},
    Row{TextLabel::kInputHostOrObjects, "Host facts or cluster objects: node files, --dump or the API server",
        "主机事实或集群对象：节点文件、--dump 或 API 服务器"},
    Row{TextLabel::kInputDerived, "Facts netdoctor works out from others that are unknown here",
        "由其他事实推导、而这些事实此处未知"},
    Row{TextLabel::kInputNone, "Facts no input collects: set them with --set FACT=VALUE",
        "没有输入能采集的事实：用 --set FACT=VALUE 指定"},
    Row{TextLabel::kDetailsHint, "--details shows the evidence and fix of each.",
        "使用 --details 查看每项的证据和修复方法。"},
    Row{TextLabel::kNotListedHintFmt, "{0} entries {1} (--all lists them).", "{0} 个条目{1}（--all 列出）。"},
    Row{TextLabel::kNotListedHintOneFmt, "{0} entry {1} (--all lists it).", "{0} 个条目{1}（--all 列出）。"},
    Row{TextLabel::kSeeAbove, "Recommendation, fix and references: see above.", "建议、修复与参考：见上文。"},
    Row{TextLabel::kDiffHeadFmt, "What changes with {0}", "{0} 带来的变化"},
    Row{TextLabel::kDiffNone, "Nothing changes: every entry has the same result on every node, object and cluster.",
        "没有变化：每个条目在每个节点、对象和集群上的结果都相同。"},
    Row{TextLabel::kDiffSummaryFmt, "{0} of {1} entries change, on {2} nodes, objects or cluster.",
        "{1} 个条目中有 {0} 个发生变化，涉及 {2} 个节点、对象或集群。"},
    Row{TextLabel::kNotEvaluated, "not evaluated", "未检查"},
};

constexpr bool InOrder() {
  for (std::size_t i = 0; i < kRows.size(); ++i) {
    if (static_cast<std::size_t>(kRows[i].label) != i || kRows[i].en.empty() || kRows[i].zh.empty()) return false;
  }
  return true;
}
static_assert(kRows.size() == static_cast<std::size_t>(TextLabel::kCount), "one row per TextLabel");
static_assert(InOrder(), "rows in enum order, both languages");

}  // namespace

std::string_view Tt(TextLabel label, std::string_view lang) {
  const auto& row = kRows[static_cast<std::size_t>(label)];
  return lang == "zh" ? row.zh : row.en;
}

}  // namespace netdoctor::report

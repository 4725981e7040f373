// SPDX-License-Identifier: Apache-2.0
// The "where" column's kernel qualifier: only a kernel range the condition requires qualifies the
// affected nodes, because only then does "affected" imply the kernel is in it.
#include <string>

#include <gtest/gtest.h>

#include "kb/loader.h"
#include "report/labels.h"

namespace netdoctor::report {
namespace {

std::string Entry(std::string_view condition, std::string_view affected) {
  std::string s = R"(schema_version: 1
id: KP-TEST-QUALIFIER
kind: check
area: kube-proxy
component: kube-proxy
severity: high
scope: node
maturity: incubating
title: {en: Test title, zh: 测试标题}
summary: {en: What breaks., zh: 什么坏了。}
symptoms: {en: [slow], zh: [慢]}
ranges:
  kernel_without_fix:
    fact: node.kernel.release
    scheme: kernel
    affected:
AFFECTED
condition: >-
  CONDITION
recommendation: {en: Upgrade., zh: 升级。}
references:
  - title: kubernetes#93297
    url: https://github.com/kubernetes/kubernetes/issues/93297
)";
  s.replace(s.find("AFFECTED"), 8, affected);
  s.replace(s.find("CONDITION"), 9, condition);
  return s;
}

constexpr std::string_view kBelow59 = R"(      - introduced: "0"
        fixed: "5.9"
        source: "upstream fix in mainline 5.9")";
constexpr std::string_view kFrom419 = R"(      - introduced: "4.19"
        fixed: "5.9"
        source: "introduced in 4.19, fixed in 5.9")";

std::string Qualifier(std::string_view condition, std::string_view affected, std::string_view lang) {
  kb::KnowledgeBase kb;
  kb.AddFromText("kb/issues/kube-proxy/KP-TEST-QUALIFIER.yaml", Entry(condition, affected));
  kb.Finish();
  EXPECT_TRUE(kb.ok()) << (kb.messages().empty() ? "" : kb.messages().front().ToString());
  const kb::Issue* issue = kb.Find("KP-TEST-QUALIFIER");
  return issue == nullptr ? "<no entry>" : KernelRangeQualifier(*issue, lang);
}

TEST(KernelRangeQualifier, RequiredRangeQualifiesInBothLanguages) {
  EXPECT_EQ(Qualifier("node.kernel.release in kernel_without_fix", kBelow59, "en"), " (kernel < 5.9)");
  EXPECT_EQ(Qualifier("node.kernel.release in kernel_without_fix", kBelow59, "zh"), "（内核 < 5.9）");
  EXPECT_EQ(Qualifier("cluster.kube_proxy.mode == \"ipvs\" and node.kernel.release in kernel_without_fix",
                      kFrom419, "en"),
            " (4.19 ≤ kernel < 5.9)");
}

TEST(KernelRangeQualifier, NoneWhenTheRangeIsNotRequired) {
  // Affected through the other branch of an "or" says nothing about the kernel.
  EXPECT_EQ(Qualifier("cluster.kube_proxy.mode == \"ipvs\" or node.kernel.release in kernel_without_fix",
                      kBelow59, "en"),
            "");
  EXPECT_EQ(Qualifier("not (node.kernel.release in kernel_without_fix)", kBelow59, "en"), "");
}

}  // namespace
}  // namespace netdoctor::report

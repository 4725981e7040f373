// SPDX-License-Identifier: Apache-2.0
#include "report/kb_export.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report_fixture.h"

namespace netdoctor::report {
namespace {

using testing::ExpectGolden;
using testing::MakeIssues;

TEST(KbExport, MatchesGoldenEnglish) {
  ExpectGolden("kb_en.md", ExportKnowledgeBaseMarkdown(MakeIssues(), "en"));
}

TEST(KbExport, MatchesGoldenChinese) {
  ExpectGolden("kb_zh.md", ExportKnowledgeBaseMarkdown(MakeIssues(), "zh"));
}

TEST(KbExport, OutputDoesNotDependOnInputOrder) {
  std::vector<kb::Issue> issues = MakeIssues();
  const std::string forward = ExportKnowledgeBaseMarkdown(issues, "en");
  std::reverse(issues.begin(), issues.end());
  EXPECT_EQ(ExportKnowledgeBaseMarkdown(issues, "en"), forward);
  std::rotate(issues.begin(), issues.begin() + 3, issues.end());
  EXPECT_EQ(ExportKnowledgeBaseMarkdown(issues, "en"), forward);
}

TEST(KbExport, AreasInPageOrderThenExplanations) {
  const std::string md = ExportKnowledgeBaseMarkdown(MakeIssues(), "en");
  const auto title = md.find("# Known issues of Kubernetes network components\n");
  const auto proxy = md.find("\n## kube-proxy\n");
  const auto calico = md.find("\n## Calico\n");
  const auto cluster = md.find("\n## Cluster objects\n");
  const auto explain = md.find("\n## Explanations\n");
  ASSERT_EQ(title, 0u);
  ASSERT_NE(proxy, std::string::npos);
  ASSERT_NE(calico, std::string::npos);
  ASSERT_NE(cluster, std::string::npos);
  ASSERT_NE(explain, std::string::npos);
  EXPECT_LT(proxy, calico);
  EXPECT_LT(calico, cluster);
  EXPECT_LT(cluster, explain);
  // Inside kube-proxy: high before medium, then by ID.
  const auto delay = md.find("`KP-IPVS-CONN-REUSE-DELAY`");
  const auto stale = md.find("`KP-IPVS-STALE-REALSERVER` ·");
  const auto extip = md.find("`KP-EXTERNALIPS-LOCAL-POLICY`");
  EXPECT_LT(delay, stale);
  EXPECT_LT(stale, extip);
  EXPECT_LT(extip, calico);
  // The explanation is only in its own section.
  EXPECT_GT(md.find("### What conn_reuse_mode does, and why both values can hurt"), explain);
}

TEST(KbExport, VersionsTableHasEveryRangeAndDistroStream) {
  const std::string md = ExportKnowledgeBaseMarkdown(MakeIssues(), "en");
  EXPECT_NE(md.find("**Affected versions:**\n\n| version of | scheme | introduced | fixed | source "
                    "|\n|---|---|---|---|---|\n| `node.kernel.release` | kernel | from the start | "
                    "`4.14.194` | UPSTREAM\\_FACTS §1: 4.14 stable review 096/228 (inferred) |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| `node.kernel.release` | kernel | `4.15` | `4.19.140` | Linux 4.19.140 "
                    "stable announcement |\n"),
            std::string::npos);
  EXPECT_NE(md.find("| `node.kernel.release` (eulerosv2r9 builds) | rpm | from the start | "
                    "`4.18.0-147.5.1.6.h686` | Huawei CCE FAQ on conn\\_reuse\\_mode "
                    "(UPSTREAM\\_FACTS §1) |\n"),
            std::string::npos);
  EXPECT_NE(md.find("| `node.kernel.release` (el7 builds) | — | every build affected | — | seeds "
                    "000/003: CentOS 7.6-7.9 kernels are 3.10 and lack the fix |\n"),
            std::string::npos);
  EXPECT_NE(md.find("| `node.kernel.release` (el8 builds) | — | backport status unknown | — |"),
            std::string::npos);
  EXPECT_NE(md.find("Vendor kernels of distributions not listed here may carry backported fixes"),
            std::string::npos);
  EXPECT_NE(md.find("| `cluster.calico.version` | semver | `3.25.0` | `3.28.0` | Calico v3.25.0 "
                    "release notes (calico #6842) |\n"),
            std::string::npos);
}

TEST(KbExport, OpenAndLastAffectedRanges) {
  std::vector<kb::Issue> issues = MakeIssues();
  version::Range open;
  open.introduced = "1.29.0";
  open.source = "no fix released yet";
  version::Range last;
  last.introduced = "0";
  last.last_affected = "3.27.4";
  last.source = "last 3.27 release";
  issues[3].ranges[0].set.affected = {open, last};
  const std::string md = ExportKnowledgeBaseMarkdown(issues, "en");
  EXPECT_NE(md.find("| `cluster.calico.version` | semver | `1.29.0` | not fixed | no fix released "
                    "yet |\n"),
            std::string::npos);
  EXPECT_NE(md.find("| `cluster.calico.version` | semver | from the start | last affected "
                    "`3.27.4` | last 3.27 release |\n"),
            std::string::npos);
}

TEST(KbExport, EntryHasSymptomsRecommendationFixAndReferences) {
  const std::string md = ExportKnowledgeBaseMarkdown(MakeIssues(), "en");
  EXPECT_NE(md.find("### Service connections stall for one second in IPVS mode\n\n**ID:** "
                    "`KP-IPVS-CONN-REUSE-DELAY` · **Severity:** high · **Component:** "
                    "kube-proxy\n\n"),
            std::string::npos);
  EXPECT_NE(md.find("**Symptoms:**\n\n1. Requests through a ClusterIP take about 1 s longer under "
                    "load\n2. SYN retransmissions on the client\n"),
            std::string::npos);
  // Fix commands keep their placeholders, shown as the value to supply (never raw template syntax):
  // the page is not about one node.
  EXPECT_NE(md.find("   ```sh\n   ssh <node> 'uname -r; sysctl"), std::string::npos);
  EXPECT_NE(md.find("* [projectcalico/felix#2811](https://github.com/projectcalico/felix/pull/"
                    "2811)\n"),
            std::string::npos);
  EXPECT_NE(md.find("**Related:** `EXPLAIN-IPVS-CONN-REUSE`, `KP-IPVS-STALE-REALSERVER`\n"),
            std::string::npos);
}

TEST(KbExport, ChineseTextAndLabels) {
  const std::string md = ExportKnowledgeBaseMarkdown(MakeIssues(), "zh");
  EXPECT_EQ(md.rfind("# Kubernetes 网络组件已知问题\n", 0), 0u);
  EXPECT_NE(md.find("### IPVS 模式下访问 Service 偶发 1 秒延迟\n"), std::string::npos);
  EXPECT_NE(md.find("**现象：**\n\n1. 高负载下经 ClusterIP 的请求多出约 1 秒\n"),
            std::string::npos);
  EXPECT_NE(md.find("**受影响版本：**"), std::string::npos);
  EXPECT_NE(md.find("| 最早版本起 |"), std::string::npos);
  EXPECT_NE(md.find("## 集群对象\n"), std::string::npos);
  EXPECT_NE(md.find("## 原理说明\n"), std::string::npos);
  EXPECT_NE(md.find("**严重程度：** 高"), std::string::npos);
}

TEST(KbExport, UnknownAreaGetsItsOwnHeadingAfterTheKnownOnes) {
  std::vector<kb::Issue> issues = MakeIssues();
  kb::Issue extra = issues[5];
  extra.id = "STORAGE-EXAMPLE";
  extra.area = "storage";
  issues.push_back(extra);
  const std::string md = ExportKnowledgeBaseMarkdown(issues, "en");
  const auto storage = md.find("\n## storage\n");
  ASSERT_NE(storage, std::string::npos);
  EXPECT_GT(storage, md.find("\n## Cluster objects\n"));
  EXPECT_LT(storage, md.find("\n## Explanations\n"));
}

TEST(KbExport, EmptyKnowledgeBase) {
  EXPECT_EQ(ExportKnowledgeBaseMarkdown({}, "en"),
            "# Known issues of Kubernetes network components\n\nGenerated by netdoctor from its "
            "knowledge base. Each entry says what breaks, which versions are affected (with the "
            "source of every range), and how to fix or work around it.\n");
}

}  // namespace
}  // namespace netdoctor::report

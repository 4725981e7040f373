// SPDX-License-Identifier: Apache-2.0
#include <string>

#include <gtest/gtest.h>

#include "report/report.h"
#include "report_fixture.h"

namespace netdoctor::report {
namespace {

using testing::ExpectGolden;
using testing::MakeDemoCluster;
using testing::MakeLargeCluster;

TEST(MarkdownReport, MatchesGoldenEnglish) {
  auto s = MakeDemoCluster();
  ExpectGolden("demo_en.md", RenderMarkdown(s->Input("en")));
}

TEST(MarkdownReport, MatchesGoldenChinese) {
  auto s = MakeDemoCluster();
  ExpectGolden("demo_zh.md", RenderMarkdown(s->Input("zh")));
}

TEST(MarkdownReport, HidesNotAffectedUnlessShowAll) {
  auto s = MakeDemoCluster();
  const std::string hidden = RenderMarkdown(s->Input("en"));
  const std::string all = RenderMarkdown(s->Input("en", /*show_all=*/true));
  EXPECT_EQ(hidden.find("**Status:** not affected"), std::string::npos);
  EXPECT_NE(all.find("**Status:** not affected"), std::string::npos);
  // Colour never reaches markdown.
  EXPECT_EQ(RenderMarkdown(s->Input("en", false, /*color=*/true)), hidden);
}

TEST(MarkdownReport, PartialReportIsAQuoteBlockUpFront) {
  auto s = MakeDemoCluster();
  const std::string md = RenderMarkdown(s->Input("en"));
  EXPECT_NE(md.find("> **PARTIAL REPORT**: these could not be read; findings that need them are "
                    "missing or only possibly affected\n>\n> - dump cluster-info-dump/: no "
                    "calico-kube-controllers Pod in kube-system or calico-system\n"),
            std::string::npos);
  EXPECT_LT(md.find("PARTIAL REPORT"), md.find("## High"));
  EXPECT_NE(md.find("**PARTIAL REPORT: 2 input problem(s), see above.**"), std::string::npos);
}

TEST(MarkdownReport, EvidenceIsATableWithCountsForGroups) {
  auto s = MakeDemoCluster();
  const std::string md = RenderMarkdown(s->Input("en"));
  EXPECT_NE(md.find("| fact | value | source | origin | count |\n|---|---|---|---|---:|\n"),
            std::string::npos);
  EXPECT_NE(md.find("| `node.kernel.release` | `3.10.0-1160.el7.x86_64` | e.g. "
                    "/proc/sys/kernel/osrelease | measured | 4 |\n"),
            std::string::npos);
  // A single finding has no count column; an unknown fact has no origin.
  EXPECT_NE(md.find("| `cluster.calico.kube_controllers.oom_killed` | *unknown* (no "
                    "calico-kube-controllers Pod in kube-system or calico-system) |  | — |\n"),
            std::string::npos);
}

TEST(MarkdownReport, FactsThatDidNotDecideHaveTheirOwnTable) {
  auto s = MakeDemoCluster();
  ASSERT_EQ(s->items[0].evidence.at(2).fact, "node.sysctl.net.ipv4.vs.conntrack");
  s->items[0].evidence[2].decisive = false;
  const std::string md = RenderMarkdown(s->Input("en"));
  const auto also = md.find("**Also read (did not decide it)**\n\n| fact | value | source | origin |");
  ASSERT_NE(also, std::string::npos) << md;
  EXPECT_GT(md.find("| `node.sysctl.net.ipv4.vs.conntrack` | `1`", md.find("**Evidence**")), also) << md;
}

TEST(MarkdownReport, CellsCannotBreakTheTable) {
  auto s = MakeDemoCluster();
  engine::Evidence& e = s->items.back().evidence.front();
  e.value = "a|b`c";
  e.source = "line one\nline | two";
  const std::string md = RenderMarkdown(s->Input("en"));
  EXPECT_NE(md.find("| ``a\\|b`c`` — deletionTimestamp"), std::string::npos) << md;
  EXPECT_NE(md.find("line one<br>line \\| two"), std::string::npos);
}

TEST(MarkdownReport, FixCommandsAreFencedCodeBlocks) {
  auto s = MakeDemoCluster();
  const std::string md = RenderMarkdown(s->Input("en"));
  EXPECT_NE(md.find("1. Confirm the kernel and the IPVS sysctls on the node\n\n   ```sh\n   ssh "
                    "k8s-node-01 'uname -r; sysctl net.ipv4.vs.conn_reuse_mode "
                    "net.ipv4.vs.conntrack'\n   ```\n"),
            std::string::npos);
  EXPECT_NE(md.find("- [kubernetes/kubernetes#93297](https://github.com/kubernetes/kubernetes/"
                    "issues/93297)\n"),
            std::string::npos);
}

TEST(MarkdownReport, GroupsLargeClusters) {
  auto s = MakeLargeCluster(1200, 412);
  const std::string md = RenderMarkdown(s->Input("en"));
  EXPECT_NE(md.find("- **Where:** 412 of 1,200 nodes: node-0001, "), std::string::npos);
  EXPECT_NE(md.find("node-0010, … +402\n"), std::string::npos);
  EXPECT_EQ(md.find("node-0011"), std::string::npos);
}

TEST(MarkdownReport, ChineseHeadings) {
  auto s = MakeDemoCluster();
  const std::string md = RenderMarkdown(s->Input("zh"));
  EXPECT_NE(md.find("# netdoctor 0.1.0：已知问题检查报告\n"), std::string::npos);
  EXPECT_NE(md.find("## 检查对象\n"), std::string::npos);
  EXPECT_NE(md.find("## 高\n"), std::string::npos);
  EXPECT_NE(md.find("- **状态：** 受影响\n"), std::string::npos);
  EXPECT_NE(md.find("**建议：**"), std::string::npos);
}

}  // namespace
}  // namespace netdoctor::report

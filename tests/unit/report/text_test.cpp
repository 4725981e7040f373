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
using testing::StripAnsi;

std::size_t Count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

TEST(TextReport, MatchesGoldenEnglish) {
  auto s = MakeDemoCluster();
  ExpectGolden("demo_en.txt", RenderText(s->Input("en")));
}

TEST(TextReport, MatchesGoldenChinese) {
  auto s = MakeDemoCluster();
  ExpectGolden("demo_zh.txt", RenderText(s->Input("zh")));
}

TEST(TextReport, MatchesGoldenWithColour) {
  auto s = MakeDemoCluster();
  ExpectGolden("demo_en_color.txt", RenderText(s->Input("en", false, /*color=*/true)));
}

TEST(TextReport, MatchesGoldenWithNotAffected) {
  auto s = MakeDemoCluster();
  ExpectGolden("demo_en_all.txt", RenderText(s->Input("en", /*show_all=*/true)));
}

TEST(TextReport, ColourOnlyAddsSgrSequences) {
  auto s = MakeDemoCluster();
  const std::string plain = RenderText(s->Input("en"));
  const std::string colour = RenderText(s->Input("en", false, true));
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(colour.find("\x1b[1;31maffected\x1b[0m"), std::string::npos);
  EXPECT_NE(colour.find("\x1b[33mpossibly affected\x1b[0m"), std::string::npos);
  EXPECT_EQ(StripAnsi(colour), plain);
}

TEST(TextReport, HidesNotAffectedUnlessShowAll) {
  auto s = MakeDemoCluster();
  const std::string hidden = RenderText(s->Input("en"));
  const std::string all = RenderText(s->Input("en", /*show_all=*/true));
  EXPECT_EQ(Count(hidden, "Status: not affected"), 0u);
  // Conn-reuse delay (nodes 09-14) and stale real server (01-08, 13, 14) have not-affected nodes.
  EXPECT_EQ(Count(all, "Status: not affected"), 2u);
  EXPECT_NE(all.find("KP-IPVS-CONN-REUSE-DELAY: 6 of 14 nodes: k8s-node-09, k8s-node-10, "
                     "k8s-node-11, k8s-node-12, k8s-node-13, k8s-node-14\n"),
            std::string::npos);
  EXPECT_NE(hidden.find("16 not affected (hidden; --all shows them)"), std::string::npos);
  EXPECT_EQ(all.find("hidden; --all"), std::string::npos);
}

TEST(TextReport, OrdersBySeverityThenAffectedBeforePossiblyAffected) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  const auto high = text.find("== HIGH ==");
  const auto medium = text.find("== MEDIUM ==");
  const auto low = text.find("== LOW ==");
  ASSERT_NE(high, std::string::npos);
  ASSERT_NE(medium, std::string::npos);
  ASSERT_NE(low, std::string::npos);
  EXPECT_LT(high, medium);
  EXPECT_LT(medium, low);
  const auto delay_affected = text.find("KP-IPVS-CONN-REUSE-DELAY: 1 of 14 nodes: k8s-node-01\n");
  const auto stale_affected =
      text.find("KP-IPVS-STALE-REALSERVER: 2 of 14 nodes: k8s-node-11, k8s-node-12\n");
  const auto delay_possibly = text.find("KP-IPVS-CONN-REUSE-DELAY: 7 of 14 nodes: k8s-node-02");
  const auto stale_possibly =
      text.find("KP-IPVS-STALE-REALSERVER: 2 of 14 nodes: k8s-node-09, k8s-node-10\n");
  ASSERT_NE(delay_affected, std::string::npos);
  ASSERT_NE(stale_affected, std::string::npos);
  ASSERT_NE(delay_possibly, std::string::npos);
  ASSERT_NE(stale_possibly, std::string::npos);
  EXPECT_LT(high, delay_affected);
  EXPECT_LT(delay_affected, stale_affected);
  EXPECT_LT(stale_affected, delay_possibly);
  EXPECT_LT(delay_possibly, stale_possibly);
  EXPECT_LT(stale_possibly, medium);
}

TEST(TextReport, GroupsManyNodesWithCountAndTruncatedNames) {
  auto s = MakeLargeCluster(1200, 412);
  const std::string text = RenderText(s->Input("en"));
  EXPECT_NE(text.find("CALICO-VXLAN-OFFLOAD-SLOW: 412 of 1,200 nodes: node-0001, node-0002, "
                      "node-0003, node-0004, node-0005, node-0006, node-0007, node-0008, "
                      "node-0009, node-0010, … +402\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(Count(text, "CALICO-VXLAN-OFFLOAD-SLOW:"), 1u);
  EXPECT_EQ(text.find("node-0011"), std::string::npos);
  EXPECT_NE(text.find("Summary: 412 affected, 0 possibly affected, 788 not affected"),
            std::string::npos);

  const std::string all = RenderText(s->Input("en", /*show_all=*/true));
  EXPECT_NE(all.find("CALICO-VXLAN-OFFLOAD-SLOW: 788 of 1,200 nodes: node-0413, "),
            std::string::npos);
  EXPECT_NE(all.find("node-0422, … +778\n"), std::string::npos);
}

TEST(TextReport, GroupEvidenceMergesEqualValuesAndCountsThem) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  // Shared by every node of the block: shown once, without a count.
  EXPECT_NE(text.find("    cluster.calico.version = v3.25.0 ← kube-system/calico-node DaemonSet "
                      "image docker.io/calico/node:v3.25.0 (measured) — v3.25.0 in [3.25.0, "
                      "3.28.0)\n"),
            std::string::npos);
  // node-01's kernel was read from its host root, the others from the dump: sources vary.
  EXPECT_NE(text.find("    node.kernel.release = 3.10.0-1160.el7.x86_64 ← e.g. "
                      "/proc/sys/kernel/osrelease (measured) [4 nodes]\n"),
            std::string::npos);
  // Seven kernels on 14 nodes: five shown, two summarised.
  EXPECT_NE(text.find("    node.kernel.release … +2 more on 2 nodes\n"), std::string::npos);
  EXPECT_NE(text.find("[1 node]"), std::string::npos);
}

TEST(TextReport, ShowsUnknownEvidenceAndWhatWouldSettleIt) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  EXPECT_NE(text.find("    node.sysctl.net.ipv4.vs.conntrack = unknown (no host access: the node "
                      "was only seen in the cluster dump)\n"),
            std::string::npos);
  EXPECT_NE(text.find("  Would settle it: node.sysctl.net.ipv4.vs.conntrack\n"), std::string::npos);
  EXPECT_NE(text.find("  Would settle it: cluster.calico.kube_controllers.oom_killed, "
                      "cluster.calico.kube_controllers.restarts\n"),
            std::string::npos);
  EXPECT_NE(text.find("node.ipvs.conn_reuse_mode = 1 ← derived from cluster.kube_proxy.version, "
                      "node.kernel.release (inferred)"),
            std::string::npos);
}

TEST(TextReport, FixCommandsHaveRealNamesAndSayWhenTheyDifferPerScope) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  // Single node: its own name, no note.
  EXPECT_NE(text.find("    1. Confirm the kernel and the IPVS sysctls on the node\n       $ ssh "
                      "k8s-node-01 'uname -r; sysctl net.ipv4.vs.conn_reuse_mode "
                      "net.ipv4.vs.conntrack'\n"),
            std::string::npos);
  // Seven nodes: the first one's commands, and a note.
  EXPECT_NE(text.find("    commands filled in for k8s-node-02; --format json has them for each "
                      "scope\n    1. Confirm the kernel"),
            std::string::npos);
  EXPECT_NE(text.find("       $ kubectl -n payments get service gateway -o yaml\n"),
            std::string::npos);
  EXPECT_EQ(text.find("{node}"), std::string::npos);
}

TEST(TextReport, WhereNamesNodesObjectsAndTheCluster) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  EXPECT_NE(text.find("CALICO-KUBE-CONTROLLERS-LEAK: cluster\n"), std::string::npos);
  EXPECT_NE(text.find("KP-EXTERNALIPS-LOCAL-POLICY: 2 objects: Service payments/gateway, Service "
                      "shop/frontend-ext\n"),
            std::string::npos);
  EXPECT_NE(text.find("CLUSTER-STUCK-TERMINATING: Namespace legacy-monitoring\n"),
            std::string::npos);
  EXPECT_NE(text.find("CALICO-VXLAN-OFFLOAD-SLOW: 14 of 14 nodes: k8s-node-01, "),
            std::string::npos);
  EXPECT_NE(text.find("k8s-node-10, … +4\n"), std::string::npos);
}

TEST(TextReport, PartialReportBlockListsWhatCouldNotBeRead) {
  auto partial = MakeDemoCluster({}, /*partial=*/true);
  const std::string text = RenderText(partial->Input("en"));
  EXPECT_NE(text.find("PARTIAL REPORT: these could not be read; findings that need them are "
                      "missing or only possibly affected\n  - dump cluster-info-dump/: no "
                      "calico-kube-controllers Pod in kube-system or calico-system\n  - host-root "
                      "/host: proc/sys/net/ipv4/vs/expire_nodest_conn: Permission denied\n"),
            std::string::npos);
  EXPECT_NE(text.find("PARTIAL REPORT: 2 input problem(s), see above.\n"), std::string::npos);
  // The header block comes before any finding.
  EXPECT_LT(text.find("PARTIAL REPORT"), text.find("== HIGH =="));

  auto complete = MakeDemoCluster({}, /*partial=*/false);
  const std::string clean = RenderText(complete->Input("en"));
  EXPECT_EQ(clean.find("PARTIAL"), std::string::npos);
  EXPECT_NE(clean.find("Report complete.\n"), std::string::npos);
}

TEST(TextReport, ExaminedInputsAreListedWithTheirSummaries) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  EXPECT_EQ(
      text.rfind("netdoctor 0.1.0: known-issue report\nExamined:\n  - dump cluster-info-dump/: "
                 "14 Nodes, 212 Pods, 38 Services, 9 DaemonSets, 41 ConfigMaps\n  - host-root "
                 "/host: node k8s-node-01 (etc/hostname)\n",
                 0),
      0u);
}

TEST(TextReport, ChineseUsesChineseLabelsAndText) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("zh"));
  for (const char* label : {"标题：", "状态：", "证据：", "建议：", "修复：", "参考：", "汇总：",
                            "检查对象：", "报告不完整：", "可确定结论的事实："}) {
    EXPECT_NE(text.find(label), std::string::npos) << label;
  }
  EXPECT_NE(text.find("CALICO-VXLAN-OFFLOAD-SLOW：14 个节点中的 14 个：k8s-node-01"),
            std::string::npos);
  EXPECT_NE(text.find("标题：IPVS 模式下访问 Service 偶发 1 秒延迟"), std::string::npos);
  EXPECT_NE(text.find("== 高 =="), std::string::npos);
  EXPECT_NE(text.find("（实测）"), std::string::npos);
  EXPECT_EQ(text.find("Recommendation"), std::string::npos);
}

TEST(TextReport, OtherLanguagesFallBackToEnglish) {
  auto s = MakeDemoCluster();
  EXPECT_EQ(RenderText(s->Input("fr")), RenderText(s->Input("en")));
}

TEST(TextReport, MissingTranslationFallsBackToEnglishText) {
  auto s = MakeDemoCluster();
  s->issues[0].title.zh.clear();
  const std::string text = RenderText(s->Input("zh"));
  EXPECT_NE(text.find("标题：Service connections stall for one second in IPVS mode"),
            std::string::npos);
}

TEST(TextReport, NothingFoundAndNoInputs) {
  engine::Findings findings;
  facts::Snapshot snapshot;
  const std::string text = RenderText(ReportInput{.findings = findings,
                                                  .snapshot = snapshot,
                                                  .lang = "en",
                                                  .show_all = false,
                                                  .color = false,
                                                  .tool_version = ""});
  EXPECT_EQ(text,
            "netdoctor: known-issue report\n"
            "Examined: nothing (no inputs were given)\n"
            "\n"
            "No known issue affects what was examined.\n"
            "\n"
            "Summary: 0 affected, 0 possibly affected, 0 not affected. Report complete.\n");
}

TEST(TextReport, EscapesControlCharactersFromExaminedSystems) {
  auto s = MakeDemoCluster();
  // An object name and a fact value crafted to retitle the terminal and clear the screen.
  testing::Finding& f = s->items.back();
  f.scope.name = "legacy\x1b]0;pwned\x07";
  f.evidence.front().value = "[x\x1b[2J]";
  s->snapshot.incomplete.push_back("dump x.json: bad line\nsecond line");
  const std::string text = RenderText(s->Input("en"));
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_NE(text.find("Namespace legacy\\x1b]0;pwned\\x07\n"), std::string::npos);
  EXPECT_NE(text.find("[x\\x1b[2J]"), std::string::npos);
  EXPECT_NE(text.find("  - dump x.json: bad line\\nsecond line\n"), std::string::npos);
}

TEST(TextReport, SkipsFindingsWithoutAnIssue) {
  auto s = MakeDemoCluster();
  testing::Finding orphan;
  orphan.status = engine::Verdict::kAffected;
  s->items.push_back(orphan);
  auto reference = MakeDemoCluster();
  EXPECT_EQ(RenderText(s->Input("en")), RenderText(reference->Input("en")));
}

}  // namespace
}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include <string>

#include <gtest/gtest.h>

#include "report/report.h"
#include "report/text_layout.h"
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
  EXPECT_NE(colour.find("\x1b[1;31mAFFECTED (5 entries)\x1b[0m"), std::string::npos);
  EXPECT_NE(colour.find("\x1b[33mPOSSIBLY AFFECTED (1 entry)\x1b[0m"), std::string::npos);
  EXPECT_EQ(StripAnsi(colour), plain);
}

TEST(TextReport, SummaryTableComesFirstWorstStatusFirst) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  const auto table = text.find("  SEVERITY  ID  TITLE / → WHERE\n");
  const auto affected = text.find("\nAFFECTED (5 entries)\n");
  const auto possibly = text.find("\nPOSSIBLY AFFECTED (1 entry)\n");
  const auto details = text.find("== DETAILS: AFFECTED ==");
  const auto grouped = text.find("== POSSIBLY AFFECTED: BY WHAT WOULD SETTLE IT ==");
  ASSERT_NE(table, std::string::npos) << text;
  EXPECT_LT(text.find("Result: 6 entries evaluated: 5 affected, 1 possibly affected."), table);
  EXPECT_LT(table, affected);
  EXPECT_LT(affected, possibly);
  EXPECT_LT(possibly, details);
  EXPECT_LT(details, grouped);
  // Severity order inside a status; an entry in its worst status only, its other scopes counted.
  EXPECT_LT(text.find("  high      KP-IPVS-STALE-REALSERVER"), text.find("  medium    CALICO-VXLAN-OFFLOAD-SLOW"));
  EXPECT_LT(text.find("  medium    CALICO-VXLAN-OFFLOAD-SLOW"), text.find("  low       CLUSTER-STUCK-TERMINATING"));
  EXPECT_NE(text.find("            → 1 of 14 nodes: k8s-node-01; also possibly affected on 7 nodes\n"),
            std::string::npos);
  EXPECT_EQ(Count(text, "  high      KP-IPVS-CONN-REUSE-DELAY"), 1u);
  // Counts say what they count: entries by their worst status, then nodes/objects/cluster.
  EXPECT_NE(text.find("  Per node, object or cluster: 20 affected, 10 possibly affected, 16 not\n  affected.\n"),
            std::string::npos);
}

TEST(TextReport, HidesNotAffectedUnlessShowAll) {
  auto s = MakeLargeCluster(20, 0);
  const std::string hidden = RenderText(s->Input("en"));
  const std::string all = RenderText(s->Input("en", /*show_all=*/true));
  EXPECT_NE(hidden.find("1 entry not affected (--all lists it).\n"), std::string::npos) << hidden;
  EXPECT_EQ(hidden.find("NOT AFFECTED (1 entry)"), std::string::npos);
  EXPECT_NE(all.find("NOT AFFECTED (1 entry)\n"), std::string::npos) << all;
  EXPECT_EQ(all.find("--all lists them"), std::string::npos);
  // An affected entry's not-affected nodes are counted in its row with --all.
  auto demo = MakeDemoCluster();
  EXPECT_NE(RenderText(demo->Input("en", true)).find("also not affected on 6 nodes"), std::string::npos);
}

TEST(TextReport, GroupsManyNodesWithCountAndTruncatedNames) {
  auto s = MakeLargeCluster(1200, 412);
  const std::string text = RenderText(s->Input("en"));
  // The table row: as many names as fit the line.
  EXPECT_NE(text.find("  medium    CALICO-VXLAN-OFFLOAD-SLOW  412 of 1,200 nodes: node-0001, … +411\n"),
            std::string::npos)
      << text;
  // The details: up to ten names.
  EXPECT_NE(text.find("  Where: 412 of 1,200 nodes: node-0001, node-0002, node-0003, node-0004,\n"
                      "    node-0005, node-0006, node-0007, node-0008, node-0009, node-0010, … +402\n"),
            std::string::npos);
  EXPECT_EQ(text.find("node-0011"), std::string::npos);
  EXPECT_NE(text.find("Per node, object or cluster: 412 affected, 788 not affected."), std::string::npos);
}

TEST(TextReport, LinesFitTheWidthExceptCommands) {
  auto s = MakeDemoCluster();
  for (int columns : {60, 80, 120}) {
    ReportInput in = s->Input("en");
    in.columns = columns;
    const std::string text = RenderText(in);
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = text.find('\n', start);
      const std::string line = text.substr(start, end - start);
      start = end + 1;
      if (line.starts_with("       $ ")) continue;  // commands stay whole, to be copied
      EXPECT_LE(DisplayWidth(line), static_cast<std::size_t>(columns)) << line;
    }
  }
  ReportInput zh = s->Input("zh");
  zh.columns = 50;
  const std::string zh_text = RenderText(zh);
  for (std::size_t start = 0, end = 0; start < zh_text.size(); start = end + 1) {
    end = zh_text.find('\n', start);
    const std::string line = zh_text.substr(start, end - start);
    if (line.starts_with("       $ ") || line.find("http") != std::string::npos) continue;
    EXPECT_LE(DisplayWidth(line), 50u) << line;
  }
}

TEST(TextReport, RemedyOncePerEntryAndRecommendationStepsNumbered) {
  auto s = MakeDemoCluster();
  ReportInput in = s->Input("en");
  in.details = true;
  const std::string text = RenderText(in);
  // KP-IPVS-CONN-REUSE-DELAY is affected on one node and possibly affected on seven: its fix is
  // printed once, in the affected block.
  EXPECT_EQ(Count(text, "1. Confirm the kernel and the IPVS sysctls on the node"), 1u);
  EXPECT_EQ(Count(text, "Recommendation, fix and references: see above."), 2u);
  EXPECT_EQ(Count(text, "KP-IPVS-CONN-REUSE-DELAY (high, kube-proxy)"), 2u);
  EXPECT_EQ(text.find("--details shows"), std::string::npos);
  // Numbered steps of a recommendation each start a line.
  s->issues[0].recommendation.en = "1. Upgrade the kernel. 2. Or switch kube-proxy to iptables mode. 3. Verify.";
  const std::string steps = RenderText(s->Input("en"));
  EXPECT_NE(steps.find("    1. Upgrade the kernel.\n    2. Or switch kube-proxy to iptables mode.\n    3. Verify.\n"),
            std::string::npos)
      << steps;
}

TEST(TextReport, UndecidedEntriesAreGroupedByTheInputThatWouldSettleThem) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  const auto host = text.find("Host facts: run netdoctor check on the node, or give --host-root or --sosreport\n"
                              "  KP-IPVS-CONN-REUSE-DELAY: 7 of 14 nodes: k8s-node-02,");
  const auto objects = text.find("Cluster objects: give --dump or a kubeconfig (API server)\n"
                                 "  CALICO-KUBE-CONTROLLERS-LEAK: cluster\n"
                                 "    Would settle it: cluster.calico.kube_controllers.oom_killed (add\n"
                                 "      --kubeconfig or add --dump FILE); cluster.calico.kube_controllers.restarts\n"
                                 "      (add --kubeconfig or add --dump FILE)\n");
  EXPECT_NE(host, std::string::npos) << text;
  EXPECT_NE(objects, std::string::npos) << text;
  EXPECT_NE(text.find("--details shows the evidence and fix of each.\n"), std::string::npos);
}

TEST(TextReport, GroupEvidenceMergesEqualValuesAndCountsThem) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  // Shared by every node of the block: shown once, without a count.
  EXPECT_NE(text.find("    cluster.calico.version = v3.25.0 ← kube-system/calico-node DaemonSet image\n"
                      "      docker.io/calico/node:v3.25.0 (measured) — v3.25.0 in [3.25.0, 3.28.0)\n"),
            std::string::npos);
  // node-01's kernel was read from its host root, the others from the dump: sources vary.
  EXPECT_NE(text.find("    node.kernel.release = 3.10.0-1160.el7.x86_64 ← e.g.\n"
                      "      /proc/sys/kernel/osrelease (measured) [4 nodes]\n"),
            std::string::npos);
  // Seven kernels on 14 nodes: five shown, two summarised.
  EXPECT_NE(text.find("    node.kernel.release … +2 more on 2 nodes\n"), std::string::npos);
}

TEST(TextReport, FactsThatDidNotDecideAreListedApart) {
  auto s = MakeDemoCluster();
  ASSERT_EQ(s->items[0].issue->id, "KP-IPVS-CONN-REUSE-DELAY");
  ASSERT_EQ(s->items[0].evidence.at(2).fact, "node.sysctl.net.ipv4.vs.conntrack");
  s->items[0].evidence[2].decisive = false;  // as the engine marks a fact read beside the decision
  ReportInput in = s->Input("en");
  in.columns = 400;
  const std::string text = RenderText(in);
  const auto block = text.find("KP-IPVS-CONN-REUSE-DELAY (high");
  ASSERT_NE(block, std::string::npos) << text;
  const auto evidence = text.find("  Evidence:\n", block);
  const auto also = text.find("  Also read (did not decide it):\n", block);
  ASSERT_NE(evidence, std::string::npos);
  ASSERT_NE(also, std::string::npos) << text;
  EXPECT_LT(evidence, also);
  const auto fact = text.find("    node.sysctl.net.ipv4.vs.conntrack = 1", block);
  EXPECT_GT(fact, also) << text;
  // Every other fact of the block stays under Evidence.
  EXPECT_LT(text.find("    cluster.kube_proxy.mode = ipvs", block), also);
  // Chinese has its own label.
  EXPECT_NE(RenderText(s->Input("zh")).find("另外读取（未决定结论）"), std::string::npos);
}

TEST(TextReport, ShowsUnknownEvidenceAndWhatWouldSettleIt) {
  auto s = MakeDemoCluster();
  ReportInput in = s->Input("en");
  in.details = true;
  in.columns = 400;  // one line per field: the assertions read whole lines
  const std::string text = RenderText(in);
  EXPECT_NE(text.find("    node.sysctl.net.ipv4.vs.conntrack = unknown (no host access: the node "
                      "was only seen in the cluster dump)\n"),
            std::string::npos)
      << text;
  // Each missing fact with an action, not only its key.
  EXPECT_NE(text.find("  Would settle it: node.sysctl.net.ipv4.vs.conntrack (run netdoctor on the "
                      "node or deploy the agent (netdoctor agent) or add --sosreport FILE)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("node.ipvs.conn_reuse_mode = "), std::string::npos);
  EXPECT_NE(text.find(" ← derived from cluster.kube_proxy.version, node.kernel.release (inferred)"),
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
  // Several scopes: the first one's commands, and a note.
  EXPECT_NE(text.find("    commands filled in for k8s-node-11; -o json has them for each scope\n"
                      "    1. Check the effective conn_reuse_mode\n"),
            std::string::npos);
  EXPECT_NE(text.find("       $ kubectl -n payments get service gateway -o yaml\n"), std::string::npos);
  EXPECT_EQ(text.find("{node}"), std::string::npos);
}

TEST(TextReport, WhereNamesNodesObjectsAndTheCluster) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  EXPECT_NE(text.find("  CALICO-KUBE-CONTROLLERS-LEAK: cluster\n"), std::string::npos);
  EXPECT_NE(text.find("  Where: 2 objects: Service payments/gateway, Service shop/frontend-ext\n"),
            std::string::npos);
  EXPECT_NE(text.find("  Where: Namespace legacy-monitoring\n"), std::string::npos);
  EXPECT_NE(text.find("  Where: 14 of 14 nodes: k8s-node-01, "), std::string::npos);
  EXPECT_NE(text.find("k8s-node-10, … +4\n"), std::string::npos);
}

TEST(TextReport, PartialReportBlockListsWhatCouldNotBeRead) {
  auto partial = MakeDemoCluster({}, /*partial=*/true);
  const std::string text = RenderText(partial->Input("en"));
  EXPECT_NE(text.find("PARTIAL REPORT: these could not be read; findings that need them are missing or\n"
                      "  only possibly affected\n  - dump cluster-info-dump/: no calico-kube-controllers Pod in "
                      "kube-system or\n    calico-system\n  - host-root /host: "
                      "proc/sys/net/ipv4/vs/expire_nodest_conn: Permission denied\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  PARTIAL REPORT: 2 input problem(s), see above.\n"), std::string::npos);
  // The header block comes before the table.
  EXPECT_LT(text.find("PARTIAL REPORT"), text.find("AFFECTED (5 entries)"));

  auto complete = MakeDemoCluster({}, /*partial=*/false);
  const std::string clean = RenderText(complete->Input("en"));
  EXPECT_EQ(clean.find("PARTIAL"), std::string::npos);
  EXPECT_NE(clean.find("  Report complete.\n"), std::string::npos);
}

TEST(TextReport, SkipsByPolicyAreListedWithTheirReasons) {
  auto s = MakeDemoCluster();
  ReportInput in = s->Input("en");
  in.skipped = {kb::Skip{kb::Skip::Kind::kEntry, "CALICO-IPIP-CSUM-RANDOM-FULLY", "no IPIP here", ".netdoctor.yaml:3"},
                kb::Skip{kb::Skip::Kind::kNode, "k8s-node-14", "being drained", ".netdoctor.yaml:5"}};
  const std::string text = RenderText(in);
  EXPECT_NE(text.find("Skipped by policy:\n  - entry CALICO-IPIP-CSUM-RANDOM-FULLY: no IPIP here (.netdoctor.yaml:3)\n"
                      "  - node k8s-node-14: being drained (.netdoctor.yaml:5)\n"),
            std::string::npos)
      << text;
  EXPECT_LT(text.find("Skipped by policy"), text.find("Result:"));
  EXPECT_NE(RenderMarkdown(in).find("- entry `CALICO-IPIP-CSUM-RANDOM-FULLY`: no IPIP here (.netdoctor.yaml:3)"),
            std::string::npos);
}

TEST(TextReport, ExaminedInputsAreListedWithTheirSummaries) {
  auto s = MakeDemoCluster();
  const std::string text = RenderText(s->Input("en"));
  EXPECT_EQ(text.rfind("netdoctor 0.1.0: known-issue report\nExamined:\n  - dump cluster-info-dump/: "
                       "14 Nodes, 212 Pods, 38 Services, 9 DaemonSets, 41\n    ConfigMaps\n  - host-root "
                       "/host: node k8s-node-01 (etc/hostname)\n",
                       0),
            0u);
}

TEST(TextReport, ChineseUsesChineseLabelsAndText) {
  auto s = MakeDemoCluster();
  ReportInput in = s->Input("zh");
  in.details = true;
  const std::string text = RenderText(in);
  for (const char* label : {"证据：", "建议：", "修复：", "参考：", "结果：", "检查对象：", "报告不完整：",
                            "可确定结论的事实：", "位置："}) {
    EXPECT_NE(text.find(label), std::string::npos) << label;
  }
  EXPECT_NE(text.find("→ 14 个节点中的 14 个：k8s-node-01"), std::string::npos) << text;
  EXPECT_NE(text.find("KP-IPVS-CONN-REUSE-DELAY  IPVS 模式下访问 Service 偶发 1 秒延迟"), std::string::npos);
  EXPECT_NE(text.find("受影响（5 个条目）"), std::string::npos);
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
  EXPECT_NE(text.find("KP-IPVS-CONN-REUSE-DELAY  Service connections stall for one second"), std::string::npos);
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
            "Result: 0 entries evaluated: 0 affected.\n"
            "  Per node, object or cluster: 0 affected.\n"
            "  Report complete.\n"
            "\n"
            "No known issue affects what was examined.\n");
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
  EXPECT_NE(text.find("Namespace legacy\\x1b]0;pwned\\x07\n"), std::string::npos) << text;
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

// SPDX-License-Identifier: Apache-2.0
#include "report/view.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "report/escape.h"
#include "report/labels.h"
#include "report/report.h"
#include "report_fixture.h"

namespace netdoctor::report {
namespace {

using testing::MakeDemoCluster;

TEST(WithThousands, GroupsDigitsInThrees) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1000), "1,000");
  EXPECT_EQ(WithThousands(1200), "1,200");
  EXPECT_EQ(WithThousands(150000), "150,000");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
}

TEST(ParseFormat, AcceptsTheRegisteredFormats) {
  ASSERT_TRUE(ParseFormat("text").has_value());
  EXPECT_EQ(*ParseFormat("text"), Format::kText);
  EXPECT_EQ(*ParseFormat("json"), Format::kJson);
  EXPECT_EQ(*ParseFormat("markdown"), Format::kMarkdown);
  EXPECT_EQ(*ParseFormat("md"), Format::kMarkdown);
  for (Format f : {Format::kText, Format::kJson, Format::kMarkdown}) {
    EXPECT_EQ(*ParseFormat(FormatName(f)), f);
  }
}

TEST(ParseFormat, RejectsOthersNamingTheValueAndTheChoices) {
  for (std::string_view bad : {"", "xml", "JSON", "html "}) {
    auto r = ParseFormat(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message().find("'" + std::string(bad) + "'"), std::string::npos);
    EXPECT_NE(r.error().message().find("expected one of text, json, yaml, markdown, html, junit, sarif, prometheus"), std::string::npos);
    ASSERT_TRUE(r.error().where().has_value());
    EXPECT_EQ(r.error().where()->field, "--format");
  }
}

TEST(Render, DispatchesToEachRenderer) {
  auto s = MakeDemoCluster();
  const ReportInput in = s->Input("en");
  EXPECT_EQ(Render(Format::kText, in), RenderText(in));
  EXPECT_EQ(Render(Format::kJson, in), RenderJson(in));
  EXPECT_EQ(Render(Format::kMarkdown, in), RenderMarkdown(in));
}

TEST(Labels, EveryLabelExistsInBothLanguages) {
  for (int i = 0; i < static_cast<int>(Label::kLabelCount); ++i) {
    const auto label = static_cast<Label>(i);
    EXPECT_FALSE(Tr(label, "en").empty()) << i;
    EXPECT_FALSE(Tr(label, "zh").empty()) << i;
  }
  // The format-string labels format in both languages (fmt would throw on a broken one).
  for (Label label : {Label::kCountOfTotalFmt, Label::kCountFmt, Label::kMoreValuesFmt,
                      Label::kFixShownForFmt, Label::kSummaryFmt, Label::kPartialSentenceFmt,
                      Label::kLastAffectedFmt, Label::kDistroBuildsFmt}) {
    for (std::string_view lang : {"en", "zh"}) {
      std::string out;
      EXPECT_NO_THROW(out = fmt::format(fmt::runtime(Tr(label, lang)), "A", "B", "C"));
      EXPECT_NE(out.find('A'), std::string::npos) << static_cast<int>(label) << " " << lang;
    }
  }
  EXPECT_EQ(Tr(Label::kTitle, "zh"), "标题");
  EXPECT_EQ(Tr(Label::kTitle, "en"), "Title");
  EXPECT_EQ(Tr(Label::kTitle, "de"), "Title");
  EXPECT_EQ(StatusLabel(engine::Verdict::kPossiblyAffected, "zh"), "可能受影响");
  EXPECT_EQ(SeverityLabel(kb::Severity::kCritical, "en"), "critical");
  EXPECT_EQ(OriginLabel(facts::Origin::kInferred, "zh"), "推断");
}

TEST(GroupByEntry, OneBlockPerEntryAndStatusInFirstAppearanceOrder) {
  auto s = MakeDemoCluster();
  const std::vector<Block> blocks = GroupByEntry(s->findings);
  ASSERT_EQ(blocks.size(), 10u);
  EXPECT_EQ(blocks[0].issue->id, "KP-IPVS-CONN-REUSE-DELAY");
  EXPECT_EQ(blocks[0].status, engine::Verdict::kAffected);
  EXPECT_EQ(blocks[0].count, 1u);
  EXPECT_EQ(blocks[0].total_scopes, 14u);
  EXPECT_EQ(blocks[1].status, engine::Verdict::kPossiblyAffected);
  EXPECT_EQ(blocks[1].count, 7u);
  EXPECT_EQ(blocks[1].scopes.front()->scope.name, "k8s-node-02");
  std::size_t total = 0;
  for (const Block& b : blocks) total += b.count;
  EXPECT_EQ(total, s->items.size());
}

TEST(OrderForPeople, SeverityThenStatusKeepingEntryOrder) {
  auto s = MakeDemoCluster();
  std::vector<std::string> order;
  for (const Block& b : OrderForPeople(s->findings, /*include_not_affected=*/false)) {
    order.push_back(b.issue->id + " " + std::string(StatusLabel(b.status, "en")));
  }
  EXPECT_EQ(order, (std::vector<std::string>{
                       "KP-IPVS-CONN-REUSE-DELAY affected",
                       "KP-IPVS-STALE-REALSERVER affected",
                       "KP-IPVS-CONN-REUSE-DELAY possibly affected",
                       "KP-IPVS-STALE-REALSERVER possibly affected",
                       "CALICO-VXLAN-OFFLOAD-SLOW affected",
                       "KP-EXTERNALIPS-LOCAL-POLICY affected",
                       "CALICO-KUBE-CONTROLLERS-LEAK possibly affected",
                       "CLUSTER-STUCK-TERMINATING affected",
                   }));
  EXPECT_EQ(OrderForPeople(s->findings, true).size(), 10u);
}

TEST(AggregateEvidence, MergesEqualValuesAndCountsEachScopeOnce) {
  auto s = MakeDemoCluster();
  const std::vector<Block> blocks = GroupByEntry(s->findings);
  const Block& offload = blocks[6];
  ASSERT_EQ(offload.issue->id, "CALICO-VXLAN-OFFLOAD-SLOW");
  const std::vector<EvidenceFact> facts = AggregateEvidence(offload);
  ASSERT_EQ(facts.size(), 4u);
  EXPECT_EQ(facts[0].fact, "cluster.calico.vxlan");
  ASSERT_EQ(facts[0].rows.size(), 1u);
  EXPECT_EQ(facts[0].rows[0].scopes, 14u);
  EXPECT_FALSE(facts[0].rows[0].sources_vary);
  const EvidenceFact& kernel = facts[3];
  EXPECT_EQ(kernel.fact, "node.kernel.release");
  ASSERT_EQ(kernel.rows.size(), kMaxValuesPerFact);
  EXPECT_EQ(kernel.rows[0].evidence->value, "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(kernel.rows[0].scopes, 4u);
  EXPECT_TRUE(kernel.rows[0].sources_vary);
  EXPECT_EQ(kernel.hidden_rows, 2u);
  EXPECT_EQ(kernel.hidden_scopes, 2u);

}

TEST(UnionMissing, KeepsFirstAppearanceOrderWithoutRepeats) {
  const kb::Issue issue;
  testing::Finding a, b;
  a.issue = b.issue = &issue;
  a.status = b.status = engine::Verdict::kPossiblyAffected;
  a.scope.name = "a";
  b.scope.name = "b";
  a.missing = {"node.kernel.release", "node.sysctl.net.ipv4.vs.conntrack"};
  b.missing = {"node.sysctl.net.ipv4.vs.conntrack", "cluster.kube_proxy.mode"};
  const engine::Findings folded = testing::Fold({a, b});
  const Block block = GroupByEntry(folded).at(0);
  EXPECT_EQ(UnionMissing(block),
            (std::vector<std::string>{"node.kernel.release", "node.sysctl.net.ipv4.vs.conntrack",
                                      "cluster.kube_proxy.mode"}));
}

// A RHEL 8 kernel whose distro line has no backport data: the release is known, so what is
// missing is knowledge, not an input — it is not grouped with host facts or cluster objects.
TEST(SettleInputOf, KnownFactWithoutBackportDataIsKnowledgeNotAnInput) {
  const kb::Issue issue;
  testing::Finding f;
  f.issue = &issue;
  f.status = engine::Verdict::kPossiblyAffected;
  f.scope = engine::FindingScope{engine::ScopeKind::kNode, "rhel8-w1", "", "", "rhel8-w1"};
  f.evidence = {engine::Evidence{"node.kernel.release", true, "4.18.0-513.5.1.el8_9.x86_64",
                                 "affected versions cannot be decided: no backport data for el8",
                                 "Node rhel8-w1 status.nodeInfo.kernelVersion", facts::Origin::kMeasured}};
  f.missing = {"node.kernel.release"};
  const engine::Findings folded = testing::Fold({f});
  EXPECT_EQ(SettleInputOf(GroupByEntry(folded).at(0)), SettleInput::kKnowledge);
  // With an unknown fact an input collects beside it, that input settles the rest.
  testing::Finding g = f;
  g.evidence.push_back(engine::Evidence{"node.vxlan_calico.present", false, "", "no host access", "",
                                        facts::Origin::kMissing});
  g.missing.push_back("node.vxlan_calico.present");
  const engine::Findings folded2 = testing::Fold({g});
  EXPECT_EQ(SettleInputOf(GroupByEntry(folded2).at(0)), SettleInput::kHost);
  // The label says what is missing.
  EXPECT_NE(std::string(Tr(Label::kInputKnowledge, "en")).find("no backport data"), std::string::npos);
}

TEST(AggregateEvidence, KeepsTheDecisiveFlagApart) {
  const kb::Issue issue;
  testing::Finding a;
  a.issue = &issue;
  a.status = engine::Verdict::kAffected;
  a.scope.name = "a";
  engine::Evidence decided{"cluster.calico.ipip", true, "true", "", "IPPool default-ipv4-ippool", facts::Origin::kMeasured};
  engine::Evidence read{"node.tunl0.present", true, "false", "", "ip -d link", facts::Origin::kMeasured};
  read.decisive = false;
  a.evidence = {decided, read};
  const engine::Findings folded = testing::Fold({a});
  const std::vector<EvidenceFact> facts = AggregateEvidence(GroupByEntry(folded).at(0));
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_TRUE(facts[0].rows.at(0).evidence->decisive);
  EXPECT_FALSE(facts[1].rows.at(0).evidence->decisive);
}

TEST(FixFor, FallsBackToTheKnowledgeBaseCommandsWhenNotFilledIn) {
  auto s = MakeDemoCluster();
  testing::Finding f = s->items[0];
  f.fix_commands.clear();
  const engine::Findings folded = testing::Fold({f});
  const Block block = GroupByEntry(folded).at(0);
  const FixView view = FixFor(block, "en");
  ASSERT_EQ(view.steps.size(), 2u);
  EXPECT_EQ(view.steps[0].commands[0],
            "ssh <node> 'uname -r; sysctl net.ipv4.vs.conn_reuse_mode net.ipv4.vs.conntrack'")
      << "no scope to fill them for: placeholders shown as the values to supply";
  EXPECT_FALSE(view.varies);
}

TEST(SafeText, EscapesControlCharacters) {
  EXPECT_EQ(SafeText("plain\ttab"), "plain\ttab");
  EXPECT_EQ(SafeText("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(SafeText("bell\x07"), "bell\\x07");
  EXPECT_EQ(SafeText("two\nlines"), "two\\nlines");
  EXPECT_EQ(SafeText("two\nlines", /*keep_newlines=*/true), "two\nlines");
  EXPECT_EQ(SafeText("c1 \xc2\x9b"
                     "31m"),
            "c1 \\x9b31m");
  EXPECT_EQ(SafeText("中文 ü"), "中文 ü");
  EXPECT_EQ(SafeText("del\x7f"), "del\\x7f");
}

TEST(Markdown, CodeSpansAndEscapes) {
  EXPECT_EQ(MdCode("v1.27.4"), "`v1.27.4`");
  EXPECT_EQ(MdCode("a`b"), "``a`b``");
  EXPECT_EQ(MdCode("`x`"), "`` `x` ``");
  EXPECT_EQ(MdCode("a|b"), "`a|b`");
  EXPECT_EQ(MdCode("a|b", /*in_table=*/true), "`a\\|b`");
  EXPECT_EQ(MdCode(""), "`\"\"`");
  EXPECT_EQ(MdEscape("a_b*c<d>|e\nf"), "a\\_b\\*c\\<d\\>\\|e<br>f");
  EXPECT_EQ(MdFence("echo ```", "sh", "  "), "  ````sh\n  echo ```\n  ````\n");
  EXPECT_EQ(MdFence("a\nb", "", ""), "```\na\nb\n```\n");
}

TEST(WhereLine, SingleScopesAndGroups) {
  auto s = MakeDemoCluster({"k8s-node-01"});
  const std::vector<Block> blocks = GroupByEntry(s->findings);
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(WhereLine(blocks[0], "en"), "node k8s-node-01");
  EXPECT_EQ(WhereLine(blocks[0], "zh"), "节点 k8s-node-01");

  const kb::Issue issue;
  testing::Finding pod;
  pod.issue = &issue;
  pod.status = engine::Verdict::kAffected;
  pod.scope.kind = engine::ScopeKind::kObject;
  pod.scope.object_kind = "Pod";
  pod.scope.namespace_ = "shop";
  pod.scope.name = "cart-7d9f8c6b5-x2x4q";
  pod.scope.node = "k8s-node-03";
  const engine::Findings folded = testing::Fold({pod});
  Block block = GroupByEntry(folded).at(0);
  block.total_scopes = 1;
  EXPECT_EQ(WhereLine(block, "en"), "Pod shop/cart-7d9f8c6b5-x2x4q (node k8s-node-03)");
  EXPECT_EQ(WhereLine(block, "zh"), "Pod shop/cart-7d9f8c6b5-x2x4q（节点 k8s-node-03）");
  block.total_scopes = 3;
  EXPECT_EQ(WhereLine(block, "en"), "1 of 3 objects: Pod shop/cart-7d9f8c6b5-x2x4q");
}

}  // namespace
}  // namespace netdoctor::report

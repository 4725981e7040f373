// SPDX-License-Identifier: Apache-2.0
#include "engine/engine.h"

#include <gtest/gtest.h>

#include "kb/loader.h"

namespace netdoctor::engine {
namespace {

kb::KnowledgeBase Load(const std::string& scope, const std::string& condition, const std::string& extra = "") {
  kb::KnowledgeBase kb;
  kb.AddFromText("T-ENTRY.yaml", "schema_version: 1\nid: T-ENTRY\nkind: check\narea: test\ncomponent: test\n"
                                 "severity: high\nscope: " + scope + "\nmaturity: sandbox\n"
                                 "title: {en: T, zh: T}\nsummary: {en: S, zh: S}\n"
                                 "recommendation: {en: R, zh: R}\n"
                                 "fix:\n  - title: {en: F, zh: F}\n    commands: [\"ssh {node} ethtool -K {fact:node.vxlan_calico.parent} tx off\", \"kubectl -n {namespace} get {kind} {name}\", \"jq '{a}'\"]\n"
                                 "references: [{title: r, url: 'https://example.org'}]\n"
                                 "condition: " + condition + "\n" + extra);
  kb.Finish();
  for (const auto& m : kb.messages()) ADD_FAILURE() << m.ToString();
  return kb;
}

TEST(Engine, NodeScopeEvaluatesEveryNode) {
  auto kb = Load("node", "node.vxlan_calico.tx_checksum");
  facts::Snapshot snap;
  snap.nodes["a"].Set(facts::Fact::Known("node.vxlan_calico.tx_checksum", true, "ethtool"));
  snap.nodes["a"].Set(facts::Fact::Known("node.vxlan_calico.parent", std::string("eth0"), "netlink"));
  snap.nodes["b"].Set(facts::Fact::Known("node.vxlan_calico.tx_checksum", false, "ethtool"));
  snap.nodes["c"];
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  ASSERT_EQ(f.groups.size(), 1u);
  const Group& g = f.groups[0];
  EXPECT_EQ(g.count(Verdict::kAffected), 1u);
  EXPECT_EQ(g.count(Verdict::kNotAffected), 1u);
  EXPECT_EQ(g.count(Verdict::kPossiblyAffected), 1u);
  EXPECT_EQ(g.worst(), Verdict::kAffected);
  // Not-affected node b is counted, not listed.
  ASSERT_EQ(g.scopes.size(), 2u);
  EXPECT_EQ(g.scopes[0].verdict, Verdict::kAffected);
  EXPECT_EQ(g.scopes[0].scope.Key(), "node/a");
  EXPECT_EQ(g.VariantOf(g.scopes[0]).evidence[0].value, "true");
  EXPECT_EQ(g.VariantOf(g.scopes[0]).evidence[0].source, "ethtool");
  const FixFill& fa = g.fix[VerdictIndex(Verdict::kAffected)];
  EXPECT_EQ(fa.commands[0][0], "ssh a ethtool -K eth0 tx off");
  EXPECT_EQ(fa.commands[0][2], "jq '{a}'") << "non-placeholder braces stay";
  EXPECT_EQ(g.scopes[1].verdict, Verdict::kPossiblyAffected);
  EXPECT_EQ(g.VariantOf(g.scopes[1]).missing, std::vector<std::string>{"node.vxlan_calico.tx_checksum"});
  // An unknown value: the command comes back commented out, naming what to look up.
  const std::string& unknown = g.fix[VerdictIndex(Verdict::kPossiblyAffected)].commands[0][0];
  EXPECT_TRUE(unknown.starts_with("# fill in <node.vxlan_calico.parent>")) << unknown;
  EXPECT_TRUE(unknown.ends_with("then run: ssh c ethtool -K <node.vxlan_calico.parent> tx off")) << unknown;

  auto all = Evaluate({kb.issues()[0].get()}, snap, {.keep_not_affected = true});
  ASSERT_EQ(all.groups[0].scopes.size(), 3u);
  EXPECT_EQ(all.groups[0].scopes[1].scope.Key(), "node/b");
  EXPECT_EQ(all.groups[0].scopes[1].verdict, Verdict::kNotAffected);
}

TEST(Engine, EvidenceSaysWhichFactsDecidedTheVerdict) {
  // CALICO-IPIP-CSUM-RANDOM-FULLY's shape: a Calico version that leaves tunl0's offload on
  // decides the or; Felix's ChecksumOffloadBroken beside it was only read.
  auto kb = Load("node", "cluster.calico.ipip and (node.tunl0.tx_checksum or not node.calico.checksum_offload_broken)");
  facts::Snapshot snap;
  snap.cluster.Set(facts::Fact::Known("cluster.calico.ipip", true, "IPPool spec.ipipMode"));
  snap.nodes["a"].Set(facts::Fact::Known("node.tunl0.tx_checksum", true, "ethtool -k tunl0"));
  snap.nodes["a"].Set(facts::Fact::Known("node.calico.checksum_offload_broken", true, "Calico 3.25 default"));
  snap.nodes["b"].Set(facts::Fact::Known("node.tunl0.tx_checksum", true, "ethtool -k tunl0"));
  snap.nodes["b"].Set(facts::Fact::Known("node.calico.checksum_offload_broken", false, "Calico 3.19 default"));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  const Group& g = f.groups[0];
  ASSERT_EQ(g.count(Verdict::kAffected), 2u);
  auto decisive = [&](const ScopeResult& s, const std::string& fact) {
    for (const Evidence& e : g.VariantOf(s).evidence) {
      if (e.fact == fact) return e.decisive;
    }
    ADD_FAILURE() << fact << " not in the evidence";
    return false;
  };
  EXPECT_TRUE(decisive(g.scopes[0], "cluster.calico.ipip"));
  EXPECT_TRUE(decisive(g.scopes[0], "node.tunl0.tx_checksum"));
  EXPECT_FALSE(decisive(g.scopes[0], "node.calico.checksum_offload_broken"));
  // On b both or-branches hold: both decided it. Different flags, different variants.
  EXPECT_TRUE(decisive(g.scopes[1], "node.calico.checksum_offload_broken"));
  EXPECT_EQ(g.variants.size(), 2u);
}

TEST(Engine, NodesWithTheSameOutcomeShareOneVariant) {
  auto kb = Load("node", "node.vxlan_calico.tx_checksum");
  facts::Snapshot snap;
  for (int i = 0; i < 1000; ++i) {
    const std::string name = "n" + std::to_string(i);
    snap.nodes[name].Set(facts::Fact::Known("node.vxlan_calico.tx_checksum", i % 2 == 0,
                                            "ethtool on " + name));
  }
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  const Group& g = f.groups[0];
  EXPECT_EQ(g.count(Verdict::kAffected), 500u);
  EXPECT_EQ(g.scopes.size(), 500u);
  ASSERT_EQ(g.variants.size(), 1u);
  EXPECT_EQ(g.variants[0].scopes, 500u);
  EXPECT_TRUE(g.variants[0].evidence[0].sources_vary);
}

TEST(Engine, LongListsAreShortenedInEvidence) {
  std::vector<facts::ObjectRef> refs;
  for (int i = 0; i < 25; ++i) refs.push_back({"Pod", "ns", "p" + std::to_string(i), "", "", ""});
  EXPECT_EQ(EvidenceValue(refs),
            "[ns/p0, ns/p1, ns/p2, ns/p3, ns/p4, ns/p5, ns/p6, ns/p7, ns/p8, ns/p9, … +15 more]");
  EXPECT_EQ(EvidenceValue(std::vector<std::string>{"a", "b"}), "[a, b]");
}

TEST(Engine, NodeScopeWithoutNodesIsPossiblyAffectedNotDropped) {
  auto kb = Load("node", "node.vxlan_calico.tx_checksum");
  facts::Snapshot snap;
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  ASSERT_EQ(f.groups.size(), 1u);
  EXPECT_EQ(f.groups[0].count(Verdict::kPossiblyAffected), 1u);
  EXPECT_EQ(f.groups[0].scopes.at(0).scope.Key(), "node/<unknown>");
}

TEST(Engine, ObjectScopeGivesOneFindingPerObject) {
  auto kb = Load("object", "cluster.kube_proxy.mode == \"ipvs\" and any(cluster.services.external_ips_local)",
                 "objects: cluster.services.external_ips_local\n");
  facts::Snapshot snap;
  snap.cluster.Set(facts::Fact::Known("cluster.kube_proxy.mode", std::string("ipvs"), "cm"));
  snap.cluster.Set(facts::Fact::Known(
      "cluster.services.external_ips_local",
      std::vector<facts::ObjectRef>{{"Service", "shop", "web", "externalIPs=[203.0.113.10]", "", ""},
                                    {"Service", "shop", "api", "", "", ""}},
      "svc"));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  const Group& g = f.groups.at(0);
  ASSERT_EQ(g.scopes.size(), 2u);
  EXPECT_EQ(g.scopes[0].scope.Key(), "object/shop/web");
  EXPECT_EQ(g.scopes[0].verdict, Verdict::kAffected);
  EXPECT_EQ(g.fix[0].commands[0][1], "kubectl -n shop get Service web");
  EXPECT_TRUE(g.fix[0].varies);
  // The object's detail is evidence; objects without one share the entry's evidence.
  EXPECT_EQ(g.VariantOf(g.scopes[0]).evidence.back().fact,
            "cluster.services.external_ips_local[object]");
  EXPECT_EQ(g.VariantOf(g.scopes[0]).evidence.back().value, "externalIPs=[203.0.113.10]");
  EXPECT_EQ(g.variants.size(), 2u);
}

TEST(Engine, ObjectScopeNotAffectedIsOneClusterFinding) {
  auto kb = Load("object", "cluster.kube_proxy.mode == \"ipvs\" and any(cluster.services.external_ips_local)",
                 "objects: cluster.services.external_ips_local\n");
  facts::Snapshot snap;
  snap.cluster.Set(facts::Fact::Known("cluster.kube_proxy.mode", std::string("iptables"), "cm"));
  snap.cluster.Set(facts::Fact::Known("cluster.services.external_ips_local",
                                      std::vector<facts::ObjectRef>{{"Service", "shop", "web", "", "", ""}}, "svc"));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  auto all = Evaluate({kb.issues()[0].get()}, snap, {.keep_not_affected = true});
  ASSERT_EQ(all.groups.at(0).scopes.size(), 1u);
  EXPECT_EQ(all.groups[0].scopes[0].scope.Key(), "cluster");
  EXPECT_EQ(all.groups[0].scopes[0].verdict, Verdict::kNotAffected);
  EXPECT_EQ(f.groups.at(0).count(Verdict::kNotAffected), 1u);
  EXPECT_TRUE(f.groups[0].scopes.empty());
}

}  // namespace
}  // namespace netdoctor::engine

namespace netdoctor::engine {
namespace {

TEST(Engine, ObjectScopeWithNoObjectsIsNotAffectedEvenIfTheRestHolds) {
  auto kb = Load("object", "cluster.kube_proxy.mode == \"ipvs\"", "objects: cluster.services.external_ips_local\n");
  facts::Snapshot snap;
  snap.cluster.Set(facts::Fact::Known("cluster.kube_proxy.mode", std::string("ipvs"), "cm"));
  snap.cluster.Set(facts::Fact::Known("cluster.services.external_ips_local", std::vector<facts::ObjectRef>{}, "svc"));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  EXPECT_EQ(f.groups.at(0).worst(), Verdict::kNotAffected);
  EXPECT_EQ(f.groups[0].total(), 1u);

  facts::Snapshot unknown_list;
  unknown_list.cluster.Set(facts::Fact::Known("cluster.kube_proxy.mode", std::string("ipvs"), "cm"));
  auto g = Evaluate({kb.issues()[0].get()}, unknown_list);
  ASSERT_EQ(g.groups.at(0).scopes.size(), 1u);
  EXPECT_EQ(g.groups[0].scopes[0].verdict, Verdict::kPossiblyAffected);
  EXPECT_EQ(g.groups[0].VariantOf(g.groups[0].scopes[0]).missing,
            std::vector<std::string>{"cluster.services.external_ips_local"});
}

}  // namespace
}  // namespace netdoctor::engine

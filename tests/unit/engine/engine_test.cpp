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
  ASSERT_EQ(f.items.size(), 3u);
  EXPECT_EQ(f.items[0].status, Status::kAffected);
  EXPECT_EQ(f.items[0].scope.Key(), "node/a");
  EXPECT_EQ(f.items[0].evidence[0].value, "true");
  EXPECT_EQ(f.items[0].evidence[0].source, "ethtool");
  EXPECT_EQ(f.items[0].fix_commands[0][0], "ssh a ethtool -K eth0 tx off");
  EXPECT_EQ(f.items[0].fix_commands[0][2], "jq '{a}'") << "non-placeholder braces stay";
  EXPECT_EQ(f.items[1].status, Status::kNotAffected);
  EXPECT_EQ(f.items[2].status, Status::kPossiblyAffected);
  EXPECT_EQ(f.items[2].missing, std::vector<std::string>{"node.vxlan_calico.tx_checksum"});
  EXPECT_EQ(f.items[2].fix_commands[0][0], "ssh c ethtool -K <node.vxlan_calico.parent> tx off");
}

TEST(Engine, NodeScopeWithoutNodesIsPossiblyAffectedNotDropped) {
  auto kb = Load("node", "node.vxlan_calico.tx_checksum");
  facts::Snapshot snap;
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].status, Status::kPossiblyAffected);
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
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].scope.Key(), "object/shop/web");
  EXPECT_EQ(f.items[0].status, Status::kAffected);
  EXPECT_EQ(f.items[0].fix_commands[0][1], "kubectl -n shop get Service web");
}

TEST(Engine, ObjectScopeNotAffectedIsOneClusterFinding) {
  auto kb = Load("object", "cluster.kube_proxy.mode == \"ipvs\" and any(cluster.services.external_ips_local)",
                 "objects: cluster.services.external_ips_local\n");
  facts::Snapshot snap;
  snap.cluster.Set(facts::Fact::Known("cluster.kube_proxy.mode", std::string("iptables"), "cm"));
  snap.cluster.Set(facts::Fact::Known("cluster.services.external_ips_local",
                                      std::vector<facts::ObjectRef>{{"Service", "shop", "web", "", "", ""}}, "svc"));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].scope.Key(), "cluster");
  EXPECT_EQ(f.items[0].status, Status::kNotAffected);
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
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].status, Status::kNotAffected);

  facts::Snapshot unknown_list;
  unknown_list.cluster.Set(facts::Fact::Known("cluster.kube_proxy.mode", std::string("ipvs"), "cm"));
  auto g = Evaluate({kb.issues()[0].get()}, unknown_list);
  ASSERT_EQ(g.items.size(), 1u);
  EXPECT_EQ(g.items[0].status, Status::kPossiblyAffected);
  EXPECT_EQ(g.items[0].missing, std::vector<std::string>{"cluster.services.external_ips_local"});
}

}  // namespace
}  // namespace netdoctor::engine

// SPDX-License-Identifier: Apache-2.0
#include "kb/condition.h"

#include <map>

#include <gtest/gtest.h>

namespace netdoctor::kb {
namespace {

class MapLookup : public FactLookup {
 public:
  void Put(facts::Fact f) { m_[f.key] = std::move(f); }
  const facts::Fact* Get(std::string_view key) const override {
    auto it = m_.find(std::string(key));
    return it == m_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, facts::Fact> m_;
};

EvalResult Eval(std::string_view text, const MapLookup& l) {
  auto c = ParseCondition(text);
  EXPECT_TRUE(c) << (c ? "" : c.error().ToString());
  std::vector<FactUse> uses;
  return Evaluate(**c, l, uses);
}

TEST(Condition, AndBindsTighterThanOr) {
  MapLookup l;
  l.Put(facts::Fact::Known("cluster.calico.present", true, "t"));
  l.Put(facts::Fact::Known("cluster.calico.vxlan", false, "t"));
  l.Put(facts::Fact::Known("cluster.calico.ipip", true, "t"));
  // (present and vxlan) or ipip -> true; present and (vxlan or ipip) -> true; not both-false.
  EXPECT_EQ(Eval("cluster.calico.vxlan and cluster.calico.present or cluster.calico.ipip", l).value, Tri::kTrue);
  EXPECT_EQ(Eval("cluster.calico.vxlan and (cluster.calico.present or cluster.calico.ipip)", l).value, Tri::kFalse);
}

// Which uses decided the result, per key (a key used twice is decisive if either use is).
std::map<std::string, bool> Decisive(std::string_view text, const MapLookup& l, Tri* value = nullptr) {
  auto c = ParseCondition(text);
  EXPECT_TRUE(c) << (c ? "" : c.error().ToString());
  std::vector<FactUse> uses;
  auto r = Evaluate(**c, l, uses);
  if (value) *value = r.value;
  std::map<std::string, bool> out;
  for (const auto& u : uses) out[u.key] = out[u.key] || u.decisive;
  return out;
}

TEST(Condition, UsesThatDidNotDecideAreMarked) {
  // CALICO-IPTABLES-BACKEND's shape: of the two or-branches only the true one decided.
  MapLookup l;
  l.Put(facts::Fact::Known("cluster.calico.present", true, "t"));
  l.Put(facts::Fact::Known("node.iptables.calico_backend", std::string("legacy"), "t"));
  l.Put(facts::Fact::Known("node.iptables.kube_backend", std::string("nft"), "t"));
  Tri v = Tri::kUnknown;
  auto d = Decisive("(not known(cluster.calico.present) or cluster.calico.present) and "
                    "((node.iptables.calico_backend == \"legacy\" and node.iptables.kube_backend == \"nft\") "
                    "or (node.iptables.calico_backend == \"nft\" and node.iptables.kube_backend == \"legacy\"))",
                    l, &v);
  EXPECT_EQ(v, Tri::kTrue);
  EXPECT_TRUE(d["cluster.calico.present"]);  // the second use (present is true) decided
  EXPECT_TRUE(d["node.iptables.calico_backend"]);
  EXPECT_TRUE(d["node.iptables.kube_backend"]);
  // An or that is true through one branch: the other branch's fact was only read.
  l.Put(facts::Fact::Known("node.tunl0.present", false, "t"));
  d = Decisive("cluster.calico.present or node.tunl0.present", l, &v);
  EXPECT_EQ(v, Tri::kTrue);
  EXPECT_TRUE(d["cluster.calico.present"]);
  EXPECT_FALSE(d["node.tunl0.present"]);
  // An and that is false: only the false test decided; a known-true one and an unknown one did not.
  l.Put(facts::Fact::Unknown("node.tunl0.tx_checksum", "no host access"));
  d = Decisive("cluster.calico.present and node.tunl0.present and node.tunl0.tx_checksum", l, &v);
  EXPECT_EQ(v, Tri::kFalse);
  EXPECT_FALSE(d["cluster.calico.present"]);
  EXPECT_TRUE(d["node.tunl0.present"]);
  EXPECT_FALSE(d["node.tunl0.tx_checksum"]);
  // An unknown and: the unknown test and the true ones all stand behind "possibly".
  d = Decisive("cluster.calico.present and node.tunl0.tx_checksum", l, &v);
  EXPECT_EQ(v, Tri::kUnknown);
  EXPECT_TRUE(d["cluster.calico.present"]);
  EXPECT_TRUE(d["node.tunl0.tx_checksum"]);
}

TEST(Condition, UnknownAndFalseIsFalseWithNothingMissing) {
  MapLookup l;
  l.Put(facts::Fact::Known("cluster.kube_proxy.mode", std::string("iptables"), "t"));
  auto r = Eval("cluster.kube_proxy.mode == \"ipvs\" and node.ipvs.conn_reuse_mode == 1", l);
  EXPECT_EQ(r.value, Tri::kFalse);
  EXPECT_TRUE(r.missing.empty());
}

TEST(Condition, UnknownAndTrueIsUnknownNamingTheFact) {
  MapLookup l;
  l.Put(facts::Fact::Known("cluster.kube_proxy.mode", std::string("ipvs"), "t"));
  l.Put(facts::Fact::Unknown("node.ipvs.conn_reuse_mode", "no host access"));
  auto r = Eval("cluster.kube_proxy.mode == \"ipvs\" and node.ipvs.conn_reuse_mode == 1", l);
  EXPECT_EQ(r.value, Tri::kUnknown);
  EXPECT_EQ(r.missing, std::vector<std::string>{"node.ipvs.conn_reuse_mode"});
}

TEST(Condition, UnknownOrTrueIsTrue) {
  MapLookup l;
  l.Put(facts::Fact::Known("node.kube_proxy.log_conntrack_missing", true, "t"));
  EXPECT_EQ(Eval("node.conntrack.binary == false or node.kube_proxy.log_conntrack_missing", l).value, Tri::kTrue);
}

TEST(Condition, NotOfUnknownStaysUnknown) {
  MapLookup l;
  EXPECT_EQ(Eval("not node.conntrack.binary", l).value, Tri::kUnknown);
}

TEST(Condition, KnownIsNeverUnknown) {
  MapLookup l;
  l.Put(facts::Fact::Unknown("node.kernel.release", "x"));
  EXPECT_EQ(Eval("known(node.kernel.release)", l).value, Tri::kFalse);
}

TEST(Condition, SysctlTextComparesAsInteger) {
  MapLookup l;
  l.Put(facts::Fact::Known("node.sysctl.net.ipv4.vs.conntrack", std::string("1\n"), "/proc"));
  EXPECT_EQ(Eval("node.sysctl.net.ipv4.vs.conntrack == 1", l).value, Tri::kTrue);
  EXPECT_EQ(Eval("node.sysctl.net.ipv4.vs.conntrack >= 2", l).value, Tri::kFalse);
}

TEST(Condition, NonNumericSysctlIsUnknownNotFalse) {
  MapLookup l;
  l.Put(facts::Fact::Known("node.sysctl.net.ipv4.vs.conntrack", std::string("garbage"), "/proc"));
  EXPECT_EQ(Eval("node.sysctl.net.ipv4.vs.conntrack == 1", l).value, Tri::kUnknown);
}

TEST(Condition, InListContainsAndAny) {
  MapLookup l;
  l.Put(facts::Fact::Known("cluster.kube_proxy.mode", std::string("nftables"), "t"));
  l.Put(facts::Fact::Known("node.containerd.cni_bin_dirs", std::vector<std::string>{"/opt/cni/bin"}, "t"));
  l.Put(facts::Fact::Known("cluster.services.external_ips_local", std::vector<facts::ObjectRef>{}, "t"));
  EXPECT_EQ(Eval("cluster.kube_proxy.mode in [\"ipvs\", \"nftables\"]", l).value, Tri::kTrue);
  EXPECT_EQ(Eval("node.containerd.cni_bin_dirs contains \"/opt/cni/bin\"", l).value, Tri::kTrue);
  EXPECT_EQ(Eval("any(cluster.services.external_ips_local)", l).value, Tri::kFalse);
}

TEST(Condition, ParseErrorsGiveTheColumnAndWhatWasExpected) {
  auto e = ParseCondition("cluster.kube_proxy.mode == ");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().where()->column, 28);
  EXPECT_NE(e.error().message().find("expected a literal"), std::string::npos);

  auto s = ParseCondition("cluster.kube_proxy.mode == \"ipvs");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("unterminated"), std::string::npos);

  auto in = ParseCondition("node.kernel.release in");
  ASSERT_FALSE(in);
  EXPECT_NE(in.error().message().find("range name"), std::string::npos);

  auto dangling = ParseCondition("node.conntrack.binary and");
  ASSERT_FALSE(dangling);
  EXPECT_NE(dangling.error().message().find("fact name"), std::string::npos);

  EXPECT_FALSE(ParseCondition(""));
  EXPECT_FALSE(ParseCondition("node.a = 1"));
  EXPECT_FALSE(ParseCondition("(node.conntrack.binary"));
}

TEST(Condition, FactsListsEachKeyOnceInOrder) {
  auto c = ParseCondition("node.a.b == 1 and (node.c.d or node.a.b == 2) and any(cluster.x.y)");
  ASSERT_TRUE(c);
  EXPECT_EQ((*c)->Facts(), (std::vector<std::string>{"node.a.b", "node.c.d", "cluster.x.y"}));
}

// A hostile --kb file once overflowed the stack with 20,000 nested parentheses; the parser now
// stops at kMaxConditionDepth with an error that names the limit and the column.
TEST(Condition, DeepParenthesesAreAnErrorNamingTheLimit) {
  const std::string deep = std::string(20000, '(') + "x.y" + std::string(20000, ')');
  auto c = ParseCondition(deep);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code(), ErrorCode::kParseError);
  EXPECT_NE(c.error().message().find("deeper than 100 levels"), std::string::npos)
      << c.error().message();
  ASSERT_TRUE(c.error().where());
  EXPECT_EQ(c.error().where()->column, kMaxConditionDepth + 1);  // the first '(' too many
}

TEST(Condition, DeepNotChainIsAnError) {
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "not ";
  deep += "x.y";
  auto c = ParseCondition(deep);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message().find("deeper than 100 levels"), std::string::npos);
}

TEST(Condition, NestingUpToTheLimitStillParsesAndEvaluates) {
  MapLookup l;
  l.Put(facts::Fact::Known("x.y", true, "t"));
  // Exactly kMaxConditionDepth levels: the outermost, 98 parentheses and the "not".
  const std::string ok = std::string(kMaxConditionDepth - 2, '(') + "not x.y" +
                         std::string(kMaxConditionDepth - 2, ')');
  EXPECT_FALSE(ParseCondition("(" + ok + ")"));
  EXPECT_EQ(Eval(ok, l).value, Tri::kFalse);
}

}  // namespace
}  // namespace netdoctor::kb

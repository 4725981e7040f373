// SPDX-License-Identifier: Apache-2.0
#include "facts/facts_json.h"

#include <gtest/gtest.h>

namespace netdoctor::facts {
namespace {

TEST(FactsJson, RoundTripsEveryValueKindAndUnknowns) {
  Snapshot s;
  s.cluster.Set(Fact::Known("cluster.kube_proxy.mode", std::string("ipvs"), "kube-system/kube-proxy ConfigMap"));
  s.cluster.Set(Fact::Known("cluster.nodes", std::int64_t{3}, "NodeList"));
  Fact inferred = Fact::Known("cluster.calico.vxlan", true, "IPPool default-ipv4-ippool", Origin::kInferred);
  inferred.derived_from = {"cluster.calico.version"};
  s.cluster.Set(inferred);
  s.nodes["node-a"].Set(Fact::Unknown("node.kernel.release", "no host access", "/proc/sys/kernel/osrelease"));
  s.nodes["node-a"].Set(Fact::Known("node.pod_cidrs", std::vector<std::string>{"10.244.1.0/24"}, "Node"));
  s.nodes["node-a"].Set(Fact::Known("node.calico.veths_proxy_arp_off",
                                    std::vector<ObjectRef>{{"Interface", "", "cali12ab", "proxy_arp=0", "node-a", ""}}, "/proc"));
  s.inputs.push_back({"dump", "x.json", "10 objects"});
  s.incomplete.push_back("pods: 403");
  auto back = ParseFactsJson(WriteFactsJson(s), "mem");
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(WriteFactsJson(*back), WriteFactsJson(s));
  EXPECT_EQ(back->cluster.Get("cluster.calico.vxlan")->origin, Origin::kInferred);
  EXPECT_FALSE(back->nodes["node-a"].Get("node.kernel.release")->known());
  EXPECT_EQ(back->incomplete.size(), 1u);
}

TEST(FactsJson, ErrorsNameTheFileAndKey) {
  auto bad_type = ParseFactsJson(R"({"schema":"netdoctor/facts/v1","cluster":{"cluster.nodes":{"value":"three"}}})", "f.json");
  ASSERT_FALSE(bad_type);
  EXPECT_NE(bad_type.error().message().find("f.json"), std::string::npos);
  EXPECT_NE(bad_type.error().message().find("cluster.nodes"), std::string::npos);
  EXPECT_NE(bad_type.error().message().find("integer"), std::string::npos);

  auto unknown_key = ParseFactsJson(R"({"schema":"netdoctor/facts/v1","cluster":{"cluster.nope":{"value":1}}})", "f.json");
  ASSERT_FALSE(unknown_key);
  EXPECT_NE(unknown_key.error().message().find("cluster.nope"), std::string::npos);

  EXPECT_FALSE(ParseFactsJson(R"({"schema":"other"})", "f.json"));
  EXPECT_FALSE(ParseFactsJson("{not json", "f.json"));
  EXPECT_FALSE(ParseFactsJson(R"({"schema":"netdoctor/facts/v1","nodes":{"a":{"cluster.nodes":{"value":1}}}})", "f.json"));
}

TEST(FactsJson, ParseValueTextTypesByCatalogue) {
  EXPECT_EQ(std::get<bool>(*ParseValueText("true", FactType::kBool)), true);
  EXPECT_FALSE(ParseValueText("yes", FactType::kBool));
  EXPECT_EQ(std::get<std::int64_t>(*ParseValueText("42", FactType::kInt)), 42);
  auto l = ParseValueText("a, b", FactType::kStringList);
  EXPECT_EQ(std::get<std::vector<std::string>>(*l), (std::vector<std::string>{"a", "b"}));
}

TEST(FactSet, MeasuredBeatsInferredAndKnownBeatsUnknown) {
  FactSet s;
  s.Set(Fact::Known("node.ipvs.conn_reuse_mode", std::int64_t{1}, "/proc"));
  s.Set(Fact::Known("node.ipvs.conn_reuse_mode", std::int64_t{0}, "guess", Origin::kInferred));
  EXPECT_EQ(s.GetInt("node.ipvs.conn_reuse_mode"), 1);
  s.Set(Fact::Unknown("node.ipvs.conn_reuse_mode", "later failure"));
  EXPECT_EQ(s.GetInt("node.ipvs.conn_reuse_mode"), 1);
  s.Override(Fact::Known("node.ipvs.conn_reuse_mode", std::int64_t{0}, "--set"));
  EXPECT_EQ(s.GetInt("node.ipvs.conn_reuse_mode"), 0);
  EXPECT_EQ(s.Get("node.ipvs.conn_reuse_mode")->origin, Origin::kOverridden);
}

}  // namespace
}  // namespace netdoctor::facts

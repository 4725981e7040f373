// SPDX-License-Identifier: Apache-2.0
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/report.h"
#include "report_fixture.h"

namespace netdoctor::report {
namespace {

using Json = nlohmann::ordered_json;
using testing::ExpectGolden;
using testing::MakeDemoCluster;
using testing::MakeLargeCluster;

Json Parse(const std::string& text) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << text;
  return doc;
}

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

const Json* FindFinding(const Json& doc, std::string_view id, std::string_view name) {
  for (const Json& f : doc["findings"]) {
    if (f["id"] == id && f["scope"]["name"] == name) return &f;
  }
  return nullptr;
}

TEST(JsonReport, MatchesGolden) {
  auto s = MakeDemoCluster({"k8s-node-01", "k8s-node-09", "k8s-node-11"});
  ExpectGolden("demo_small.json", RenderJson(s->Input("en")));
}

TEST(JsonReport, KeysAppearInTheDocumentedOrder) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  EXPECT_EQ(Keys(doc), (std::vector<std::string>{"schema", "tool", "lang", "summary", "findings",
                                                 "groups", "inputs", "incomplete"}));
  EXPECT_EQ(doc["schema"], "netdoctor/report/v1");
  EXPECT_EQ(Keys(doc["tool"]), (std::vector<std::string>{"name", "version"}));
  EXPECT_EQ(doc["tool"]["name"], "netdoctor");
  EXPECT_EQ(doc["tool"]["version"], "0.1.0");
  EXPECT_EQ(doc["lang"], "en");
  EXPECT_EQ(Keys(doc["summary"]),
            (std::vector<std::string>{"affected", "possibly_affected", "not_affected", "partial"}));
  const Json& f = doc["findings"].at(0);
  EXPECT_EQ(Keys(f), (std::vector<std::string>{"id", "status", "severity", "component", "title",
                                               "scope", "evidence", "missing", "recommendation",
                                               "fix", "references"}));
  EXPECT_EQ(Keys(f["scope"]),
            (std::vector<std::string>{"kind", "name", "namespace", "node", "object_kind"}));
  EXPECT_EQ(Keys(f["evidence"].at(0)),
            (std::vector<std::string>{"fact", "value", "known", "reason", "source", "origin"}));
  EXPECT_EQ(Keys(f["fix"].at(0)), (std::vector<std::string>{"title", "commands"}));
  EXPECT_EQ(Keys(f["references"].at(0)), (std::vector<std::string>{"title", "url"}));
  EXPECT_EQ(Keys(doc["groups"].at(0)),
            (std::vector<std::string>{"id", "status", "count", "total_scopes", "scopes"}));
  EXPECT_EQ(Keys(doc["inputs"].at(0)), (std::vector<std::string>{"kind", "where", "summary"}));
}

TEST(JsonReport, ListsEveryFindingIncludingNotAffected) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en", /*show_all=*/false)));
  ASSERT_EQ(doc["findings"].size(), s->findings.items.size());
  std::size_t affected = 0, possibly = 0, not_affected = 0;
  for (std::size_t i = 0; i < s->findings.items.size(); ++i) {
    const Json& f = doc["findings"][i];
    EXPECT_EQ(f["id"], s->findings.items[i].issue->id);  // engine order kept
    const std::string status = f["status"];
    affected += status == "affected";
    possibly += status == "possibly-affected";
    not_affected += status == "not-affected";
  }
  EXPECT_EQ(affected, 20u);
  EXPECT_EQ(possibly, 10u);
  EXPECT_EQ(not_affected, 16u);
  EXPECT_EQ(doc["summary"]["affected"], 20);
  EXPECT_EQ(doc["summary"]["possibly_affected"], 10);
  EXPECT_EQ(doc["summary"]["not_affected"], 16);
  EXPECT_EQ(doc["summary"]["partial"], true);
}

TEST(JsonReport, NodeFindingCarriesEveryField) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  const Json* f = FindFinding(doc, "KP-IPVS-CONN-REUSE-DELAY", "k8s-node-01");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["status"], "affected");
  EXPECT_EQ((*f)["severity"], "high");
  EXPECT_EQ((*f)["component"], "kube-proxy");
  EXPECT_EQ((*f)["title"], "Service connections stall for one second in IPVS mode");
  EXPECT_EQ((*f)["scope"],
            Json::parse(R"({"kind":"node","name":"k8s-node-01","namespace":"","node":"",
                            "object_kind":""})"));
  ASSERT_EQ((*f)["evidence"].size(), 4u);
  EXPECT_EQ((*f)["evidence"][0],
            Json::parse(R"({"fact":"cluster.kube_proxy.mode","value":"ipvs","known":true,
                            "reason":"",
                            "source":"kube-system/kube-proxy ConfigMap config.conf:mode",
                            "origin":"measured"})"));
  EXPECT_EQ((*f)["evidence"][3]["fact"], "node.kernel.release");
  EXPECT_EQ((*f)["evidence"][3]["reason"], "3.10.0-1160.el7.x86_64: el7 stream affected");
  EXPECT_EQ((*f)["missing"], Json::array());
  EXPECT_EQ((*f)["recommendation"],
            "Move these nodes to a kernel that carries the fix (5.9 or later, or a distribution "
            "build with the backport), or run kube-proxy in iptables mode.");
  ASSERT_EQ((*f)["fix"].size(), 2u);
  EXPECT_EQ((*f)["fix"][0]["title"], "Confirm the kernel and the IPVS sysctls on the node");
  EXPECT_EQ((*f)["fix"][0]["commands"],
            Json::array({"ssh k8s-node-01 'uname -r; sysctl net.ipv4.vs.conn_reuse_mode "
                         "net.ipv4.vs.conntrack'"}));
  EXPECT_EQ((*f)["fix"][1]["commands"].size(), 2u);
  EXPECT_EQ((*f)["references"], Json::parse(R"([{"title":"kubernetes/kubernetes#93297",
                             "url":"https://github.com/kubernetes/kubernetes/issues/93297"}])"));
}

TEST(JsonReport, UnknownEvidenceHasNullValueAndReason) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  const Json* f = FindFinding(doc, "KP-IPVS-CONN-REUSE-DELAY", "k8s-node-02");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["status"], "possibly-affected");
  const Json& unknown = (*f)["evidence"][2];
  EXPECT_EQ(unknown["fact"], "node.sysctl.net.ipv4.vs.conntrack");
  EXPECT_TRUE(unknown["value"].is_null());
  EXPECT_EQ(unknown["known"], false);
  EXPECT_EQ(unknown["reason"], "no host access: the node was only seen in the cluster dump");
  EXPECT_EQ((*f)["missing"], Json::parse(R"(["node.sysctl.net.ipv4.vs.conntrack"])"));
  const Json& inferred = (*f)["evidence"][1];
  EXPECT_EQ(inferred["origin"], "inferred");
  EXPECT_EQ(inferred["value"], "1");
}

TEST(JsonReport, ObjectAndClusterScopes) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  const Json* svc = FindFinding(doc, "KP-EXTERNALIPS-LOCAL-POLICY", "gateway");
  ASSERT_NE(svc, nullptr);
  EXPECT_EQ((*svc)["scope"],
            Json::parse(R"({"kind":"object","name":"gateway","namespace":"payments","node":"",
                            "object_kind":"Service"})"));
  EXPECT_EQ((*svc)["fix"][0]["commands"][0], "kubectl -n payments get service gateway -o yaml");
  const Json* leak = FindFinding(doc, "CALICO-KUBE-CONTROLLERS-LEAK", "");
  ASSERT_NE(leak, nullptr);
  EXPECT_EQ((*leak)["scope"]["kind"], "cluster");
  EXPECT_EQ((*leak)["status"], "possibly-affected");
}

TEST(JsonReport, GroupsCountEveryScopeOfAnEntry) {
  auto s = MakeLargeCluster(1200, 412);
  const Json doc = Parse(RenderJson(s->Input("en")));
  ASSERT_EQ(doc["groups"].size(), 2u);
  const Json& affected = doc["groups"][0];
  EXPECT_EQ(affected["id"], "CALICO-VXLAN-OFFLOAD-SLOW");
  EXPECT_EQ(affected["status"], "affected");
  EXPECT_EQ(affected["count"], 412);
  EXPECT_EQ(affected["total_scopes"], 1200);
  ASSERT_EQ(affected["scopes"].size(), 412u);  // JSON lists every scope, never "+N"
  EXPECT_EQ(affected["scopes"][0], "node/node-0001");
  EXPECT_EQ(affected["scopes"][411], "node/node-0412");
  const Json& rest = doc["groups"][1];
  EXPECT_EQ(rest["status"], "not-affected");
  EXPECT_EQ(rest["count"], 788);
  EXPECT_EQ(rest["total_scopes"], 1200);
  EXPECT_EQ(doc["findings"].size(), 1200u);
  EXPECT_EQ(doc["summary"]["partial"], false);
}

TEST(JsonReport, GroupsFollowEntryOrderThenStatus) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  std::vector<std::string> order;
  for (const Json& g : doc["groups"]) {
    order.push_back(g["id"].get<std::string>() + " " + g["status"].get<std::string>() + " " +
                    std::to_string(g["count"].get<int>()));
  }
  EXPECT_EQ(order, (std::vector<std::string>{
                       "KP-IPVS-CONN-REUSE-DELAY affected 1",
                       "KP-IPVS-CONN-REUSE-DELAY possibly-affected 7",
                       "KP-IPVS-CONN-REUSE-DELAY not-affected 6",
                       "KP-IPVS-STALE-REALSERVER affected 2",
                       "KP-IPVS-STALE-REALSERVER possibly-affected 2",
                       "KP-IPVS-STALE-REALSERVER not-affected 10",
                       "CALICO-VXLAN-OFFLOAD-SLOW affected 14",
                       "CALICO-KUBE-CONTROLLERS-LEAK possibly-affected 1",
                       "KP-EXTERNALIPS-LOCAL-POLICY affected 2",
                       "CLUSTER-STUCK-TERMINATING affected 1",
                   }));
  EXPECT_EQ(doc["groups"][8]["scopes"],
            Json::parse(R"(["object/payments/gateway","object/shop/frontend-ext"])"));
  EXPECT_EQ(doc["groups"][9]["scopes"], Json::parse(R"(["object/legacy-monitoring"])"));
}

TEST(JsonReport, InputsAndIncompleteAreCopied) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  EXPECT_EQ(doc["inputs"][1], Json::parse(R"j({"kind":"host-root","where":"/host",
                              "summary":"node k8s-node-01 (etc/hostname)"})j"));
  ASSERT_EQ(doc["incomplete"].size(), 2u);
  EXPECT_EQ(doc["incomplete"][1],
            "host-root /host: proc/sys/net/ipv4/vs/expire_nodest_conn: Permission denied");
}

TEST(JsonReport, ChineseTextButEnglishIdentifiers) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("zh")));
  EXPECT_EQ(doc["lang"], "zh");
  const Json* f = FindFinding(doc, "KP-IPVS-CONN-REUSE-DELAY", "k8s-node-01");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["title"], "IPVS 模式下访问 Service 偶发 1 秒延迟");
  EXPECT_EQ((*f)["fix"][0]["title"], "确认节点内核与 IPVS 相关 sysctl");
  EXPECT_EQ((*f)["status"], "affected");
  EXPECT_EQ((*f)["severity"], "high");
  EXPECT_EQ((*f)["evidence"][0]["origin"], "measured");
}

TEST(JsonReport, InvalidUtf8IsReplacedInsteadOfThrown) {
  auto s = MakeDemoCluster();
  s->findings.items.front().evidence.front().value = "ipvs\xff\xfe";
  std::string text;
  ASSERT_NO_THROW(text = RenderJson(s->Input("en")));
  const Json doc = Parse(text);
  EXPECT_EQ(doc["findings"][0]["evidence"][0]["value"], "ipvs\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(JsonReport, EmptyReportIsStillComplete) {
  engine::Findings findings;
  facts::Snapshot snapshot;
  const Json doc = Parse(RenderJson(ReportInput{.findings = findings,
                                                .snapshot = snapshot,
                                                .lang = "en",
                                                .show_all = false,
                                                .color = false,
                                                .tool_version = ""}));
  EXPECT_EQ(doc["findings"], Json::array());
  EXPECT_EQ(doc["groups"], Json::array());
  EXPECT_EQ(doc["inputs"], Json::array());
  EXPECT_EQ(doc["incomplete"], Json::array());
  EXPECT_EQ(doc["summary"]["affected"], 0);
  EXPECT_EQ(doc["tool"]["version"], "");
}

}  // namespace
}  // namespace netdoctor::report

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

const Json* FindEntry(const Json& doc, std::string_view id) {
  for (const Json& f : doc["findings"]) {
    if (f["id"] == id) return &f;
  }
  return nullptr;
}

TEST(JsonReport, MatchesGolden) {
  auto s = MakeDemoCluster({"k8s-node-01", "k8s-node-09", "k8s-node-11"});
  ExpectGolden("demo_small.json", RenderJson(s->Input("en")));
}

TEST(JsonReport, MatchesGoldenWithAll) {
  auto s = MakeDemoCluster({"k8s-node-01", "k8s-node-09", "k8s-node-11"});
  ExpectGolden("demo_small_all.json", RenderJson(s->Input("en", /*show_all=*/true)));
}

TEST(JsonReport, KeysAppearInTheDocumentedOrder) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  EXPECT_EQ(Keys(doc), (std::vector<std::string>{"schema", "tool", "lang", "summary", "not_examined",
                                                 "findings", "inputs", "incomplete", "skipped"}));
  EXPECT_EQ(doc["schema"], "netdoctor/report/v2");
  EXPECT_EQ(doc["tool"]["version"], "0.1.0");
  EXPECT_EQ(Keys(doc["summary"]), (std::vector<std::string>{"affected", "possibly_affected",
                                                            "not_examined", "not_affected", "scopes",
                                                            "partial"}));
  const Json& f = doc["findings"].at(0);
  EXPECT_EQ(Keys(f), (std::vector<std::string>{"id", "severity", "component", "title", "status",
                                               "counts", "total_scopes", "scopes", "evidence",
                                               "recommendation", "fix", "references"}));
  EXPECT_EQ(Keys(f["scopes"].at(0)),
            (std::vector<std::string>{"kind", "name", "namespace", "node", "object_kind", "status",
                                      "evidence"}));
  EXPECT_EQ(Keys(f["evidence"].at(0)),
            (std::vector<std::string>{"status", "scopes", "facts", "missing", "settle", "needs"}));
  EXPECT_EQ(Keys(f["evidence"].at(0)["facts"].at(0)),
            (std::vector<std::string>{"fact", "value", "known", "reason", "source",
                                      "sources_vary", "origin", "decisive"}));
  EXPECT_EQ(Keys(f["fix"]), (std::vector<std::string>{"shown_for", "varies", "steps"}));
}

TEST(JsonReport, OneObjectPerEntryWithCountsOfEveryScope) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  ASSERT_EQ(doc["findings"].size(), s->findings.groups.size());
  std::size_t affected = 0, possibly = 0, not_affected = 0;
  for (std::size_t i = 0; i < doc["findings"].size(); ++i) {
    const Json& f = doc["findings"][i];
    EXPECT_EQ(f["id"], s->findings.groups[i].issue->id);  // engine order kept
    affected += f["counts"]["affected"].get<std::size_t>();
    possibly += f["counts"]["possibly_affected"].get<std::size_t>();
    not_affected += f["counts"]["not_affected"].get<std::size_t>();
    // Without --all only affected and possibly-affected scopes are listed.
    for (const Json& scope : f["scopes"]) EXPECT_NE(scope["status"], "not-affected");
    for (const Json& scope : f["scopes"]) {
      ASSERT_LT(scope["evidence"].get<std::size_t>(), f["evidence"].size());
      EXPECT_EQ(f["evidence"][scope["evidence"].get<std::size_t>()]["status"], scope["status"]);
    }
  }
  EXPECT_EQ(affected, 20u);
  EXPECT_EQ(possibly, 10u);
  EXPECT_EQ(not_affected, 16u);
  EXPECT_EQ(doc["summary"]["scopes"]["affected"], 20);
  EXPECT_EQ(doc["summary"]["scopes"]["possibly_affected"], 10);
  EXPECT_EQ(doc["summary"]["scopes"]["not_affected"], 16);
  EXPECT_EQ(doc["summary"]["partial"], true);
}

TEST(JsonReport, EntryStatusIsTheWorstOverItsScopes) {
  auto s = MakeDemoCluster();
  const Json doc = Parse(RenderJson(s->Input("en")));
  const Json* f = FindEntry(doc, "KP-IPVS-CONN-REUSE-DELAY");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["status"], "affected");
  EXPECT_EQ((*f)["severity"], "high");
  EXPECT_EQ((*f)["total_scopes"], 14);
  EXPECT_EQ((*f)["scopes"][0]["name"], "k8s-node-01");
  EXPECT_EQ((*f)["fix"]["shown_for"], "node/k8s-node-01");
}

TEST(JsonReport, NodesWithTheSameEvidenceShareOneVariant) {
  auto s = MakeLargeCluster(5000, 4000);
  const Json doc = Parse(RenderJson(s->Input("en")));
  const Json& f = doc["findings"].at(0);
  EXPECT_EQ(f["counts"]["affected"], 4000);
  EXPECT_EQ(f["counts"]["not_affected"], 1000);
  EXPECT_EQ(f["scopes"].size(), 4000u);
  // The kernel fact names its node in the source: the sources vary, the variant is one.
  ASSERT_EQ(f["evidence"].size(), 1u);
  EXPECT_EQ(f["evidence"][0]["scopes"], 4000);
  EXPECT_EQ(f["evidence"][0]["facts"][2]["sources_vary"], true);
  const Json all = Parse(RenderJson(s->Input("en", /*show_all=*/true)));
  EXPECT_EQ(all["findings"][0]["scopes"].size(), 5000u);
  EXPECT_EQ(all["findings"][0]["evidence"].size(), 2u);
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
  const Json* f = FindEntry(doc, "KP-IPVS-CONN-REUSE-DELAY");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["title"], "IPVS 模式下访问 Service 偶发 1 秒延迟");
  EXPECT_EQ((*f)["fix"]["steps"][0]["title"], "确认节点内核与 IPVS 相关 sysctl");
  EXPECT_EQ((*f)["status"], "affected");
  EXPECT_EQ((*f)["evidence"][0]["facts"][0]["origin"], "measured");
}

TEST(JsonReport, InvalidUtf8IsReplacedAndControlsEscaped) {
  auto s = MakeDemoCluster();
  s->items.front().evidence.front().value = "ipvs\xff\xfe\x01\"\\";
  std::string text;
  ASSERT_NO_THROW(text = RenderJson(s->Input("en")));
  const Json doc = Parse(text);
  EXPECT_EQ(doc["findings"][0]["evidence"][0]["facts"][0]["value"],
            "ipvs\xEF\xBF\xBD\xEF\xBF\xBD\x01\"\\");
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
  EXPECT_EQ(doc["inputs"], Json::array());
  EXPECT_EQ(doc["incomplete"], Json::array());
  EXPECT_EQ(doc["summary"]["affected"], 0);
  EXPECT_EQ(doc["tool"]["version"], "");
}

}  // namespace
}  // namespace netdoctor::report

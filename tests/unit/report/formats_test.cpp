// SPDX-License-Identifier: Apache-2.0
// The format registry and the renderers added with it (YAML, HTML, JUnit, SARIF, Prometheus),
// and --redact. The consumers of each format read the demo's reports in
// tests/formats/validate_formats.sh; these tests pin what a consumer cannot see: the registry's
// contract, escaping of hostile names, YAML quoting, and the pseudonyms.
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "report/redact.h"
#include "report/report.h"
#include "report/score.h"
#include "unit/report/report_fixture.h"

namespace netdoctor::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::MakeDemoCluster;

TEST(FormatRegistry, NamesEveryFormatOnceWithADescription) {
  std::vector<std::string> names;
  for (const FormatInfo& f : Formats()) {
    names.emplace_back(f.name);
    EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_EQ(f.description.find('\n'), std::string_view::npos) << f.name;
    auto parsed = ParseFormat(f.name);
    ASSERT_TRUE(parsed) << f.name;
    EXPECT_EQ(FormatName(*parsed), f.name);
  }
  EXPECT_THAT(names, ::testing::ElementsAre("text", "json", "yaml", "markdown", "html", "junit",
                                            "sarif", "prometheus"));
  EXPECT_EQ(FormatHelp(), "text, json, yaml, markdown, html, junit, sarif or prometheus");
  const std::string descriptions = FormatDescriptions();
  EXPECT_EQ(std::count(descriptions.begin(), descriptions.end(), '\n'), 8);
}

TEST(FormatRegistry, UnknownNameIsAnErrorListingTheFormats) {
  auto s = MakeDemoCluster({"k8s-node-01"});
  std::ostringstream os;
  const Status st = Render("xml", s->Input("en"), os);
  ASSERT_FALSE(st);
  EXPECT_THAT(st.error().message(), HasSubstr("'xml'"));
  EXPECT_THAT(st.error().message(), HasSubstr("sarif, prometheus"));
  EXPECT_TRUE(os.str().empty());
  EXPECT_EQ(*ParseFormat("md"), Format::kMarkdown);
  EXPECT_EQ(*ParseFormat("yml"), Format::kYaml);
}

TEST(FormatRegistry, RenderByNameMatchesRenderByFormat) {
  auto s = MakeDemoCluster();
  for (const FormatInfo& f : Formats()) {
    std::ostringstream os;
    ASSERT_TRUE(Render(f.name, s->Input("en"), os));
    EXPECT_EQ(os.str(), Render(f.format, s->Input("en"))) << f.name;
    EXPECT_FALSE(os.str().empty()) << f.name;
  }
}

// Every JSON string reads back as the same string, and the ones a YAML 1.1 reader would take for
// a number, a boolean or null are quoted (yaml-cpp tags quoted scalars "!").
void ExpectSameTree(const nlohmann::json& j, const YAML::Node& y, const std::string& path) {
  if (j.is_object()) {
    ASSERT_TRUE(y.IsMap()) << path;
    ASSERT_EQ(y.size(), j.size()) << path;
    for (auto it = j.begin(); it != j.end(); ++it) ExpectSameTree(*it, y[it.key()], path + "." + it.key());
  } else if (j.is_array()) {
    ASSERT_TRUE(y.IsSequence()) << path;
    ASSERT_EQ(y.size(), j.size()) << path;
    for (std::size_t i = 0; i < j.size(); ++i) ExpectSameTree(j[i], y[i], path + "[" + std::to_string(i) + "]");
  } else if (j.is_string()) {
    ASSERT_TRUE(y.IsScalar()) << path;
    EXPECT_EQ(y.as<std::string>(), j.get<std::string>()) << path;
    const std::string& s = j.get_ref<const std::string&>();
    const bool risky = s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) ||
                       s == "true" || s == "false" || s == "null" || s == "yes" || s == "no" ||
                       s == "on" || s == "off";
    if (risky) {
      EXPECT_EQ(y.Tag(), "!") << path << " = " << s << " must be quoted";
    }
  } else if (j.is_null()) {
    EXPECT_TRUE(y.IsNull()) << path;
  } else {
    EXPECT_EQ(y.as<std::string>(), j.dump()) << path;
    EXPECT_EQ(y.Tag(), "?") << path << " must be plain";
  }
}

TEST(YamlReport, IsTheJsonTreeWithRiskyStringsQuoted) {
  auto s = MakeDemoCluster();
  // Hostile and number-like values from the examined systems.
  s->items[0].evidence[0].value = "1.28";
  s->items[1].evidence[0].value = "on";
  s->items[2].evidence[0].value = "a: b # c\n- d \"e\" \\ \x01 \xc2\x85 \xe2\x80\xa8";
  const auto in = s->Input("en", /*show_all=*/true);
  const nlohmann::json j = nlohmann::json::parse(RenderJson(in));
  const std::string yaml = Render(Format::kYaml, in);
  YAML::Node y;
  ASSERT_NO_THROW(y = YAML::Load(yaml));
  ExpectSameTree(j, y, "$");
}

TEST(RendererEscaping, HostileNamesStayTextInHtmlAndJunit) {
  auto s = MakeDemoCluster({"k8s-node-01"});
  for (auto& item : s->items) {
    if (item.scope.kind == engine::ScopeKind::kNode) item.scope.name = "n<script>alert(1)</script>&\"'";
  }
  const auto in = s->Input("en", true);
  const std::string html = Render(Format::kHtml, in);
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, HasSubstr("n&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
  const std::string junit = Render(Format::kJunit, in);
  EXPECT_THAT(junit, Not(HasSubstr("<script>")));
  EXPECT_THAT(junit, HasSubstr("&lt;script&gt;"));
  // SARIF is JSON: nlohmann escapes; it must still parse.
  const auto sarif = nlohmann::json::parse(Render(Format::kSarif, in), nullptr, false);
  EXPECT_FALSE(sarif.is_discarded());
}

TEST(SarifReport, OneResultPerAffectedScopeGroupWithTheRuleIndex) {
  auto s = MakeDemoCluster();
  const auto in = s->Input("en");
  const nlohmann::json sarif = nlohmann::json::parse(Render(Format::kSarif, in));
  const auto& run = sarif["runs"][0];
  std::size_t affected_groups = 0;
  for (const engine::Group& g : in.findings.groups) {
    for (const engine::Variant& v : g.variants) affected_groups += v.verdict == engine::Verdict::kAffected && v.scopes > 0;
  }
  ASSERT_GT(affected_groups, 0u);
  EXPECT_EQ(run["results"].size(), affected_groups);
  for (const auto& r : run["results"]) {
    EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<std::size_t>()]["id"], r["ruleId"]);
    EXPECT_THAT(r["level"].get<std::string>(), ::testing::AnyOf("error", "warning", "note"));
  }
}

TEST(PrometheusReport, SharesTheAgentsSeriesAndCountsEveryVerdict) {
  auto s = MakeDemoCluster();
  const auto in = s->Input("en");
  RenderOptions options;
  options.kb_revision = "kb-0123";
  const std::string text = Render(Format::kPrometheus, in, options);
  EXPECT_THAT(text, HasSubstr("netdoctor_build_info{version=\"0.1.0\",kb_revision=\"kb-0123\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE netdoctor_finding gauge\n"));
  for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
    EXPECT_THAT(text, HasSubstr(std::string("netdoctor_findings{status=\"") +
                                std::string(engine::VerdictName(static_cast<engine::Verdict>(i))) + "\"}"));
  }
  EXPECT_THAT(text, HasSubstr("netdoctor_finding{id=\"KP-IPVS-CONN-REUSE-DELAY\",component=\"kube-proxy\""));
}

TEST(HealthScore, WeighsAffectedScopesBySeverity) {
  auto all = MakeDemoCluster();
  const auto in = all->Input("en");
  const Score score = HealthScore(in.findings);
  EXPECT_GT(score.entries, 0u);
  EXPECT_GE(score.value, 0);
  EXPECT_LT(score.value, 100);  // the demo has affected entries
  engine::Findings clean;
  EXPECT_EQ(HealthScore(clean).value, 100);
  EXPECT_EQ(HealthScore(clean).grade, 'A');
}

TEST(Pseudonyms, AddressesUrlsAndNamesAreStableWithinAReport) {
  auto s = MakeDemoCluster({"k8s-node-01", "k8s-node-02"});
  const auto in = s->Input("en");
  const Pseudonyms p = Pseudonyms::Collect(in.findings, in.snapshot);
  EXPECT_EQ(p.Text("k8s-node-01"), p.Name("k8s-node-01"));
  EXPECT_THAT(p.Name("k8s-node-01"), ::testing::StartsWith("node-"));
  EXPECT_NE(p.Name("k8s-node-01"), p.Name("k8s-node-02"));
  const std::string a = p.Text("server https://10.1.2.3:6443, Pod 10.244.1.7 in 10.244.0.0/16.");
  EXPECT_EQ(a, "server https://server-1, Pod ip-1 in ip-2/16.");
  EXPECT_EQ(p.Text("again 10.244.1.7"), "again ip-1");
  EXPECT_EQ(p.Text("fd00:10:244::7/64 and fe80::1"), "ip6-1/64 and ip6-2");
  // Not addresses: versions, kernel releases, times, fact keys.
  EXPECT_EQ(p.Text("4.18.0-147.5.1.6.h686 v1.27.4 10:00:00 node.sysctl.net.ipv4.ip_forward"),
            "4.18.0-147.5.1.6.h686 v1.27.4 10:00:00 node.sysctl.net.ipv4.ip_forward");
}

TEST(Pseudonyms, FixCommandsKeepTheKnowledgeBasesOwnWords) {
  auto s = MakeDemoCluster({"k8s-node-01"});
  const auto in = s->Input("en");
  const Pseudonyms p = Pseudonyms::Collect(in.findings, in.snapshot);
  const std::string node = p.Name("k8s-node-01");
  EXPECT_EQ(p.Command("kubectl drain {node} # k8s-node-01 stays", "kubectl drain k8s-node-01 # k8s-node-01 stays"),
            "kubectl drain " + node + " # k8s-node-01 stays");
  EXPECT_EQ(p.Command("ssh {node} -- sysctl {fact:x}", "ssh k8s-node-01 -- sysctl 10.0.0.9"),
            "ssh " + node + " -- sysctl ip-1");
  // A filled command that does not match its template is redacted whole.
  EXPECT_EQ(p.Command("echo {node}", "printf k8s-node-01"), "printf " + node);
}

TEST(Redact, NoNodeNameSurvivesInAnyFormat) {
  auto s = MakeDemoCluster();
  const auto in = s->Input("en", /*show_all=*/true);
  RenderOptions options;
  options.redact = true;
  for (const FormatInfo& f : Formats()) {
    const std::string plain = Render(f.format, in);
    const std::string redacted = Render(f.format, in, options);
    // The Prometheus series name entries only, never a scope.
    if (f.format != Format::kPrometheus) {
      EXPECT_THAT(plain, HasSubstr("k8s-node-0")) << f.name << ": the test needs names to redact";
    }
    EXPECT_THAT(redacted, Not(HasSubstr("k8s-node-"))) << f.name;
    EXPECT_EQ(redacted, Render(f.format, in, options)) << f.name << ": pseudonyms must be stable";
  }
}

// Policy skips are listed in every format, with their reasons; --redact hides a skipped node's
// name (it may be a node no input had) but keeps the entry ID, the knowledge base's own word.
TEST(Skips, EveryFormatListsThemAndRedactionHidesTheNode) {
  auto s = MakeDemoCluster();
  auto in = s->Input("en");
  in.skipped = {{kb::Skip::Kind::kEntry, "CLUSTER-STUCK-TERMINATING", "owned by another team", "--skip"},
                {kb::Skip::Kind::kNode, "k8s-node-77", "drained for a kernel upgrade", "/etc/nd.yaml:4"}};
  RenderOptions options;
  options.redact = true;
  for (const FormatInfo& f : Formats()) {
    const std::string plain = Render(f.format, in);
    const std::string redacted = Render(f.format, in, options);
    for (const std::string& text : {plain, redacted}) {
      EXPECT_THAT(text, HasSubstr("CLUSTER-STUCK-TERMINATING")) << f.name;
      EXPECT_THAT(text, HasSubstr("drained for a kernel upgrade")) << f.name;
    }
    EXPECT_THAT(plain, HasSubstr("k8s-node-77")) << f.name;
    EXPECT_THAT(redacted, Not(HasSubstr("k8s-node-77"))) << f.name;
  }
  EXPECT_THAT(Render(Format::kPrometheus, in),
              HasSubstr("netdoctor_skipped{kind=\"node\",name=\"k8s-node-77\",reason=\"drained for a kernel upgrade\"} 1\n"));
  EXPECT_THAT(Render(Format::kJunit, in),
              HasSubstr("<skipped>node k8s-node-77: drained for a kernel upgrade (/etc/nd.yaml:4)</skipped>"));
  const auto sarif = nlohmann::json::parse(Render(Format::kSarif, in));
  const auto& notes = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["associatedRule"]["id"], "CLUSTER-STUCK-TERMINATING");
  EXPECT_FALSE(notes[1].contains("associatedRule"));
}

TEST(HtmlReport, FactsThatDidNotDecideHaveTheirOwnTable) {
  auto s = MakeDemoCluster();
  ASSERT_EQ(s->items[0].evidence.at(2).fact, "node.sysctl.net.ipv4.vs.conntrack");
  s->items[0].evidence[2].decisive = false;
  const std::string html = Render(Format::kHtml, s->Input("en"));
  const auto also = html.find("<table class=\"evidence\" data-decisive=\"false\"><caption>Also read (did not decide it)</caption>");
  ASSERT_NE(also, std::string::npos) << html;
  const auto decided = html.find("<table class=\"evidence\" data-decisive=\"true\">");
  ASSERT_NE(decided, std::string::npos);
  EXPECT_LT(decided, also);
  EXPECT_GT(html.find("<code>node.sysctl.net.ipv4.vs.conntrack</code>", also), also);
}

}  // namespace
}  // namespace netdoctor::report

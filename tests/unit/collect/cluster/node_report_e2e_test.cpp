// SPDX-License-Identifier: Apache-2.0
// End to end: the netdoctor binary checks a cluster (the test API server) whose NodeReports carry
// real `netdoctor collect` documents (tests/fixtures/nodereport/). worker-1's report has a cali*
// veth with proxy_arp off; the cluster report must call CALICO-PROXY-ARP-OFF affected on worker-1
// from it, not "possibly", and say how many nodes reported.
#include <chrono>
#include <filesystem>
#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using nlohmann::json;
using testing::ReadFileOrDie;
using testing::RunProcess;
using testing::TempDir;
using testing::TestApiServer;
using testing::TestPki;

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::time_point_cast<std::chrono::seconds>(t));
}

json Report(const std::string& node, const std::string& facts_file,
            std::chrono::system_clock::time_point collected) {
  json facts = json::parse(ReadFileOrDie(std::string(NETDOCTOR_SOURCE_DIR) +
                                         "/tests/fixtures/nodereport/" + facts_file));
  return {{"apiVersion", "netdoctor.io/v1alpha1"},
          {"kind", "NodeReport"},
          {"metadata",
           {{"name", node},
            {"uid", "0b7c1f0e-8f3a-4d6e-9c1b-" + std::string(12 - node.size() % 12, '0') +
                        std::string(node.size() % 12, '1')},
            {"labels", {{"netdoctor.io/node", node}}},
            {"ownerReferences", json::array({{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node},
                                              {"uid", "d1f0e2a4-3b5c-4e6f-8a9b-0c1d2e3f4a5b"}}})}}},
          {"spec",
           {{"nodeName", node},
            {"collectedAt", Rfc3339(collected)},
            {"intervalSeconds", 600},
            {"agentVersion", "0.2.0"},
            {"kbRevision", "test"},
            {"facts", facts},
            {"summary",
             {{"affected", json::array()},
              {"possiblyAffected", json::array()},
              {"counts", {{"affected", 0}, {"possiblyAffected", 0}, {"notAffected", 0},
                          {"notExamined", 0}}}}}}}};
}

class NodeReportE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = std::string(NETDOCTOR_BINARY_DIR) + "/src/cli/netdoctor";
    ASSERT_TRUE(std::filesystem::exists(binary_))
        << binary_ << " is missing: build the netdoctor target before this test";
    const auto now = std::chrono::system_clock::now();
    json list = {{"apiVersion", "v1"},
                 {"kind", "List"},
                 {"items", json::array({Report("worker-1", "rocky8-worker-1.facts.json",
                                               now - std::chrono::minutes(2)),
                                        Report("worker-2", "centos7-worker-2.facts.json",
                                               now - std::chrono::hours(2)),
                                        Report("worker-9", "centos7-worker-2.facts.json", now)})}};
    server_ = std::make_unique<TestApiServer>(std::vector<std::string>{
        "--fixture", dir_.Write("nodereports.json", list.dump())});
    ASSERT_TRUE(server_->ok());
    kubeconfig_ = dir_.Write(
        "kubeconfig",
        fmt::format("apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster:\n"
                    "    certificate-authority: {}\n    server: {}\nusers:\n- name: t\n  user:\n"
                    "    client-certificate: {}\n    client-key: {}\ncontexts:\n- name: t\n"
                    "  context: {{cluster: t, user: t}}\ncurrent-context: t\n",
                    TestPki().ca_crt(), server_->url(), TestPki().client_crt(),
                    TestPki().client_key()));
  }
  int Check(const std::string& format, std::string* out) {
    return RunProcess({binary_, "check", "--cluster-only", "--kubeconfig", kubeconfig_,
                       "--format", format, "--quiet", "--all"},
                      out, dir_.path() + "/stderr");
  }
  // Report v2: the scope of entry `id` on `node` (listed whatever its status, --all), or null.
  static const json* ScopeOn(const json& report, const std::string& id, const std::string& node) {
    for (const auto& f : report["findings"]) {
      if (f["id"] != id) continue;
      for (const auto& s : f["scopes"]) {
        if (s["kind"] == "node" && s["name"] == node) return &s;
      }
    }
    return nullptr;
  }
  static std::string StatusOn(const json& report, const std::string& id, const std::string& node) {
    const json* s = ScopeOn(report, id, node);
    return s ? std::string((*s)["status"]) : "";
  }
  // The evidence row of `fact` that entry `id` holds for `node`, or null.
  static const json* EvidenceOn(const json& report, const std::string& id, const std::string& node,
                                const std::string& fact) {
    const json* s = ScopeOn(report, id, node);
    if (!s) return nullptr;
    for (const auto& f : report["findings"]) {
      if (f["id"] != id) continue;
      for (const auto& e : f["evidence"][(*s)["evidence"].get<std::size_t>()]["facts"]) {
        if (e["fact"] == fact) return &e;
      }
    }
    return nullptr;
  }

  TempDir dir_;
  std::string binary_, kubeconfig_;
  std::unique_ptr<TestApiServer> server_;
};

TEST_F(NodeReportE2e, PlantedFaultIsAffectedOnItsNode) {
  std::string out;
  const int code = Check("json", &out);
  EXPECT_EQ(code, 3) << ReadFileOrDie(dir_.path() + "/stderr");
  const json report = json::parse(out);
  EXPECT_EQ(StatusOn(report, "CALICO-PROXY-ARP-OFF", "worker-1"), "affected");
  EXPECT_EQ(StatusOn(report, "CALICO-PROXY-ARP-OFF", "worker-2"), "not-affected");
  EXPECT_EQ(StatusOn(report, "CALICO-PROXY-ARP-OFF", "master-1"), "not-examined");
  const json& nr = report["summary"]["node_reports"];
  EXPECT_EQ(nr["nodes"], 3);
  EXPECT_EQ(nr["reported"], 2);
  EXPECT_EQ(nr["stale"], 1);
  EXPECT_EQ(nr["notes"], json::array({"NodeReport worker-9 ignored: no Node worker-9 in the input"}));
  EXPECT_FALSE(report["summary"]["partial"]);
  // The evidence names the report; worker-2's is two hours old with a 10-minute interval.
  const json* w1 = EvidenceOn(report, "CALICO-PROXY-ARP-OFF", "worker-1", "node.calico.veths_proxy_arp_off");
  ASSERT_NE(w1, nullptr);
  const std::string source1 = (*w1)["source"];
  EXPECT_EQ(source1.rfind("NodeReport worker-1 (collected ", 0), 0u) << source1;
  EXPECT_EQ(source1.find("stale"), std::string::npos) << source1;
  EXPECT_EQ((*w1)["origin"], "measured");
  const json* w2 = EvidenceOn(report, "CALICO-PROXY-ARP-OFF", "worker-2", "node.calico.veths_proxy_arp_off");
  ASSERT_NE(w2, nullptr);
  const std::string source2 = (*w2)["source"];
  EXPECT_NE(source2.find("; stale: collected 2h ago, interval 600s)"), std::string::npos) << source2;

  std::string text;
  Check("text", &text);
  EXPECT_NE(text.find("2 of 3 nodes reported (NodeReport), 1 stale."), std::string::npos) << text;
}

TEST_F(NodeReportE2e, ForbiddenNodeReportsMakeAPartialReportNamingThem) {
  server_->SetFaults(json::array({{{"type", "forbid"}, {"resource", "nodereports"},
                                   {"group", "netdoctor.io"}}}));
  std::string out;
  Check("json", &out);
  const json report = json::parse(out);
  EXPECT_TRUE(report["summary"]["partial"]);
  EXPECT_EQ(report["summary"]["node_reports"]["reported"], 0);
  EXPECT_EQ(report["summary"]["node_reports"]["nodes"], 3);
  bool named = false;
  for (const auto& i : report["incomplete"]) {
    named = named || std::string(i).find("nodereports") != std::string::npos;
  }
  EXPECT_TRUE(named) << report["incomplete"].dump();
  EXPECT_EQ(StatusOn(report, "CALICO-PROXY-ARP-OFF", "worker-1"), "not-examined");  // no report read: no input examined its host
}

}  // namespace
}  // namespace netdoctor::collect::cluster

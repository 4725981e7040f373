// SPDX-License-Identifier: Apache-2.0
// The agent's pieces: conditions, Events on change, the NodeReport shape, metrics text, the
// textfile, and ApiWriter's 409 paths and 403 messages against the test API server.
#include <sys/stat.h>

#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "agent/api_writer.h"
#include "agent/metrics.h"
#include "agent/publish.h"
#include "collect/cluster/api_client.h"
#include "kb/loader.h"
#include "test_apiserver.h"

namespace netdoctor::agent {
namespace {

using collect::cluster::testing::TempDir;
using collect::cluster::testing::TestApiServer;
using nlohmann::json;

// Findings over real knowledge-base entries, one per component family.
class Entries : public ::testing::Test {
 protected:
  void SetUp() override {
    kb_ = kb::LoadEmbedded();
    kb_.Finish();
    for (const auto& i : kb_.issues()) {
      if (i->scope != kb::IssueScope::kNode || i->kind != kb::IssueKind::kCheck) continue;
      if (!by_component_.count(i->component)) by_component_[i->component] = i.get();
    }
    ASSERT_TRUE(by_component_.count("calico"));
    ASSERT_TRUE(by_component_.count("kube-proxy"));
  }
  // The folded group of one node-scope entry evaluated on one node.
  engine::Group F(const std::string& component, engine::Verdict v) {
    engine::Group g;
    g.issue = by_component_.at(component);
    SetVerdict(g, v);
    return g;
  }
  static void SetVerdict(engine::Group& g, engine::Verdict v) {
    g.counts = {};
    g.counts[engine::VerdictIndex(v)] = 1;
    g.scopes.clear();
    g.variants.assign(1, engine::Variant{v, {}, {}, 1});
    if (v != engine::Verdict::kNotAffected) {
      g.scopes.push_back(engine::ScopeResult{{engine::ScopeKind::kNode, "worker-1", "", "", "worker-1"}, v, 0});
    }
  }
  kb::KnowledgeBase kb_;
  std::map<std::string, const kb::Issue*> by_component_;
};

const NodeCondition* Cond(const std::vector<NodeCondition>& v, const std::string& type) {
  for (const auto& c : v) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

TEST_F(Entries, ConditionsTrueFalseUnknownPerFamily) {
  engine::Findings fs;
  fs.groups.push_back(F("calico", engine::Verdict::kAffected));
  fs.groups.push_back(F("kube-proxy", engine::Verdict::kNotAffected));
  const auto conds = BuildConditions(fs);
  const auto* calico = Cond(conds, kCondCalico);
  ASSERT_NE(calico, nullptr);
  EXPECT_EQ(calico->status, "True");
  EXPECT_EQ(calico->reason, "KnownIssueDetected");
  EXPECT_NE(calico->message.find(by_component_["calico"]->id), std::string::npos);
  ASSERT_NE(Cond(conds, kCondKubeProxy), nullptr);
  EXPECT_EQ(Cond(conds, kCondKubeProxy)->status, "False");
  // No Spiderpool finding at all: no condition rather than a False nobody checked.
  EXPECT_EQ(Cond(conds, kCondSpiderpool), nullptr);

  engine::Findings undecided;
  undecided.groups.push_back(F("kube-proxy", engine::Verdict::kPossiblyAffected));
  const auto u = BuildConditions(undecided);
  ASSERT_NE(Cond(u, kCondKubeProxy), nullptr);
  EXPECT_EQ(Cond(u, kCondKubeProxy)->status, "Unknown");
  EXPECT_EQ(Cond(u, kCondKubeProxy)->reason, "NotFullyExamined");
}

TEST_F(Entries, EventsOnlyOnChange) {
  engine::Findings fs;
  fs.groups.push_back(F("calico", engine::Verdict::kAffected));
  std::map<std::string, bool> last;
  auto ev = Transitions(fs, last);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].affected);
  last[ev[0].id] = true;
  EXPECT_TRUE(Transitions(fs, last).empty()) << "no Event while nothing changes";
  SetVerdict(fs.groups[0], engine::Verdict::kPossiblyAffected);
  EXPECT_TRUE(Transitions(fs, last).empty()) << "undecided is not cleared";
  SetVerdict(fs.groups[0], engine::Verdict::kNotAffected);
  ev = Transitions(fs, last);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].affected);

  const json e = NodeEvent("worker-1", ev[0], "2026-12-03T10:00:00Z", 0x1234);
  EXPECT_EQ(e["metadata"]["namespace"], "default");
  EXPECT_EQ(e["metadata"]["name"], "worker-1.1234");
  EXPECT_EQ(e["involvedObject"]["kind"], "Node");
  EXPECT_EQ(e["type"], "Normal");
  EXPECT_EQ(e["reason"], "NetdoctorIssueCleared");
}

TEST_F(Entries, NodeReportShapeAndContentHash) {
  engine::Findings fs;
  fs.groups.push_back(F("calico", engine::Verdict::kAffected));
  fs.groups.push_back(F("kube-proxy", engine::Verdict::kPossiblyAffected));
  facts::Snapshot snap;
  snap.nodes["worker-1"].Set(facts::Fact::Known("node.name", std::string("worker-1"), "test"));
  ReportInputs in{"worker-1", "uid-1", "2026-12-03T10:00:00Z", "0.1.0", "kb-1", 600, &snap, &fs};
  const json r = BuildNodeReport(in);
  EXPECT_EQ(r["apiVersion"], "netdoctor.io/v1alpha1");
  EXPECT_EQ(r["kind"], "NodeReport");
  EXPECT_EQ(r["metadata"]["labels"]["netdoctor.io/node"], "worker-1");
  EXPECT_EQ(r["metadata"]["ownerReferences"][0],
            (json{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", "worker-1"}, {"uid", "uid-1"}}));
  EXPECT_EQ(r["spec"]["intervalSeconds"], 600);
  EXPECT_EQ(r["spec"]["facts"]["schema"], "netdoctor/facts/v1");
  EXPECT_EQ(r["spec"]["summary"]["affected"], json::array({by_component_["calico"]->id}));
  EXPECT_EQ(r["spec"]["summary"]["counts"]["possiblyAffected"], 1);
  // collectedAt alone does not make new content; a finding does.
  in.collected_at = "2026-12-03T10:10:00Z";
  EXPECT_EQ(ContentHash(BuildNodeReport(in)), ContentHash(r));
  SetVerdict(fs.groups[1], engine::Verdict::kAffected);
  EXPECT_NE(ContentHash(BuildNodeReport(in)), ContentHash(r));
}

TEST_F(Entries, MetricsText) {
  engine::Findings fs;
  fs.groups.push_back(F("calico", engine::Verdict::kAffected));
  MetricsSnapshot m;
  m.version = "0.1.0";
  m.kb_revision = "kb-abc";
  SetFindings(m, fs);
  m.api_errors[{"patch", "nodes/status", 403}] = 2;
  const std::string t = RenderMetrics(m);
  EXPECT_NE(t.find("netdoctor_build_info{version=\"0.1.0\",kb_revision=\"kb-abc\"} 1\n"),
            std::string::npos);
  EXPECT_NE(t.find("netdoctor_finding{id=\"" + by_component_["calico"]->id +
                   "\",component=\"calico\""),
            std::string::npos);
  EXPECT_NE(t.find("netdoctor_findings{status=\"affected\"} 1\n"), std::string::npos);
  EXPECT_NE(t.find("netdoctor_api_errors_total{verb=\"patch\",resource=\"nodes/status\","
                   "code=\"403\"} 2\n"),
            std::string::npos);
  EXPECT_NE(t.find("# TYPE netdoctor_cycle_duration_seconds gauge\n"), std::string::npos);
}

TEST(Textfile, AtomicRenameLeavesOneFile) {
  TempDir dir;
  ASSERT_TRUE(WriteTextfile(dir.path(), "a 1\n"));
  ASSERT_TRUE(WriteTextfile(dir.path(), "a 2\n"));
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"netdoctor.prom"});
  EXPECT_EQ(collect::cluster::testing::ReadFileOrDie(dir.path() + "/netdoctor.prom"), "a 2\n");
  auto st = WriteTextfile(dir.path() + "/missing", "x");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("--textfile"), std::string::npos);
}

// ---- ApiWriter against the test API server ----

class Writer : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    collect::cluster::ClientOptions co;
    co.retry.max_attempts = 1;
    auto c = collect::cluster::ApiClient::Create(
        collect::cluster::testing::TokenAccess(server_), co, clock_);
    ASSERT_TRUE(c) << c.error().ToString();
    client_ = std::move(*c);
    writer_ = std::make_unique<ApiWriter>(*client_, [this](const ApiCallFailure& f) {
      failures_.push_back(f);
    });
  }
  json Report(const std::string& node, int affected) {
    return {{"apiVersion", "netdoctor.io/v1alpha1"},
            {"kind", "NodeReport"},
            {"metadata", {{"name", node}}},
            {"spec", {{"nodeName", node}, {"summary", {{"counts", {{"affected", affected}}}}}}}};
  }
  json Get(const std::string& path) {
    std::string body;
    auto r = client_->Get(path, body);
    EXPECT_TRUE(r && r->status == 200) << path;
    return json::parse(body);
  }
  std::vector<std::string> Calls() {
    std::vector<std::string> out;
    for (const auto& e : server_.Log()) {
      out.push_back(e["method"].get<std::string>() + " " + std::to_string(e["code"].get<int>()));
    }
    return out;
  }

  TestApiServer server_{{"--groups", "netdoctor.io/v1alpha1"}};
  collect::cluster::testing::FakeClock clock_;
  std::unique_ptr<collect::cluster::ApiClient> client_;
  std::unique_ptr<ApiWriter> writer_;
  std::vector<ApiCallFailure> failures_;
};

TEST_F(Writer, CreateThenAlreadyExistsThenUpdate) {
  auto w = writer_->PutNodeReport(Report("worker-1", 1));
  ASSERT_TRUE(w) << w.error().ToString();
  EXPECT_TRUE(w->created);
  server_.ClearLog();
  w = writer_->PutNodeReport(Report("worker-1", 2));
  ASSERT_TRUE(w) << w.error().ToString();
  EXPECT_FALSE(w->created);
  EXPECT_EQ(Calls(), (std::vector<std::string>{"POST 409", "GET 200", "PUT 200"}));
  EXPECT_EQ(Get("/apis/netdoctor.io/v1alpha1/nodereports/worker-1")["spec"]["summary"]["counts"]
               ["affected"],
            2);
  EXPECT_TRUE(failures_.empty()) << "409 handled is not an API error";
}

TEST_F(Writer, ConflictReadsAgainAndRetries) {
  ASSERT_TRUE(writer_->PutNodeReport(Report("worker-2", 1)));
  // Someone else's write between our GET and PUT, once: the server answers the first PUT 409.
  server_.SetFaults(json::array({{{"type", "status"},
                                  {"code", 409},
                                  {"path", "/apis/netdoctor.io/v1alpha1/nodereports/worker-2"},
                                  {"when", "first"},
                                  {"after", 1},
                                  {"times", 1}}}));
  server_.ClearLog();
  auto w = writer_->PutNodeReport(Report("worker-2", 5));
  ASSERT_TRUE(w) << w.error().ToString();
  EXPECT_EQ(w->conflicts, 1);
  EXPECT_EQ(Calls(),
            (std::vector<std::string>{"POST 409", "GET 200", "PUT 409", "GET 200", "PUT 200"}));
  EXPECT_EQ(Get("/apis/netdoctor.io/v1alpha1/nodereports/worker-2")["spec"]["summary"]["counts"]
               ["affected"],
            5);
}

TEST_F(Writer, RealStaleResourceVersionIsAConflict) {
  // The server's own optimistic concurrency (not an injected answer): a PUT with an old
  // resourceVersion answers 409 Conflict.
  ASSERT_TRUE(writer_->PutNodeReport(Report("worker-3", 1)));
  json stale = Get("/apis/netdoctor.io/v1alpha1/nodereports/worker-3");
  ASSERT_TRUE(writer_->PutNodeReport(Report("worker-3", 2)));
  std::string body;
  const std::string text = stale.dump();
  auto r = client_->Send({"PUT", "/apis/netdoctor.io/v1alpha1/nodereports/worker-3",
                          "application/json", text},
                         body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(body)["reason"], "Conflict");
}

TEST_F(Writer, StrategicMergeKeepsKubeletConditions) {
  const json conds = json::array({{{"type", "NetdoctorCalicoProblem"},
                                   {"status", "True"},
                                   {"reason", "KnownIssueDetected"},
                                   {"message", "affected by X"}}});
  ASSERT_TRUE(writer_->PatchNodeConditions("worker-1", conds));
  std::set<std::string> types;
  const json node = Get("/api/v1/nodes/worker-1");
  for (const auto& c : node["status"]["conditions"]) {
    types.insert(c["type"].get<std::string>());
  }
  EXPECT_TRUE(types.count("Ready"));
  EXPECT_TRUE(types.count("NetdoctorCalicoProblem"));
}

TEST_F(Writer, ForbiddenNamesVerbAndResource) {
  server_.SetFaults(json::array(
      {{{"type", "forbid"}, {"resource", "nodes/status"}, {"verb", "patch"}}}));
  auto st = writer_->PatchNodeConditions("worker-1", json::array());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(st.error().message().find("may not patch nodes/status"), std::string::npos)
      << st.error().message();
  ASSERT_EQ(failures_.size(), 1u);
  EXPECT_EQ(failures_[0].verb, "patch");
  EXPECT_EQ(failures_[0].resource, "nodes/status");
  EXPECT_EQ(failures_[0].code, 403);
}

TEST_F(Writer, EventForTheNode) {
  const EntryEvent e{"CALICO-PROXY-ARP-OFF", true, "m"};
  ASSERT_TRUE(writer_->CreateEvent("default", NodeEvent("worker-1", e, "2026-12-03T10:00:00Z", 7)));
  const json list = Get("/api/v1/namespaces/default/events");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["involvedObject"]["name"], "worker-1");
  EXPECT_EQ(list["items"][0]["type"], "Warning");
}

}  // namespace
}  // namespace netdoctor::agent

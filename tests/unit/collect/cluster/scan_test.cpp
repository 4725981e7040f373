// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/scan.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collect/offline/dump_reader.h"
#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using testing::FakeClock;
using testing::TempDir;
using testing::TestApiServer;
using testing::TestPki;
using testing::TokenAccess;

class ScanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestApiServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(server_->ok());
    server_->ClearFaults();
    server_->ClearLog();
  }
  ScanOptions Options(int page_size = 2) {
    ScanOptions o;
    o.access = TokenAccess(*server_);
    o.page_size = page_size;
    o.clock = &clock_;
    o.client.stall_timeout = std::chrono::milliseconds(800);
    o.client.retry.max_attempts = 3;
    return o;
  }
  // Paths of the list requests the server saw, in order.
  static std::vector<std::string> ListRequests(const std::string& resource_path) {
    std::vector<std::string> out;
    for (const auto& e : server_->Log()) {
      const std::string p = e["path"];
      if (p.rfind(resource_path + "?", 0) == 0) out.push_back(p);
    }
    return out;
  }

  static TestApiServer* server_;
  FakeClock clock_;
};
TestApiServer* ScanTest::server_ = nullptr;

std::string Render(const facts::Fact& f) {
  return f.known() ? facts::ValueToString(*f.value) : "unknown";
}

// Facts must not depend on the input: the API scan and the dump reader see the same objects.
// One difference is intended: an optional API group that discovery shows absent is an empty list
// for the API scan (the mapper is told so), while a dump without such objects cannot tell "none"
// from "not dumped". Facts under `api_knows_more` may therefore be known from the API only.
void ExpectSameFacts(const facts::Snapshot& api, const facts::Snapshot& dump,
                     const std::string& api_knows_more = "") {
  for (const auto& [key, fact] : dump.cluster.all()) {
    const facts::Fact* other = api.cluster.Get(key);
    ASSERT_NE(other, nullptr) << key;
    if (key == "cluster.kubernetes.version") continue;  // the API adds /version (checked apart)
    if (!fact.known() && other->known() && !api_knows_more.empty() &&
        key.rfind(api_knows_more, 0) == 0) {
      continue;
    }
    EXPECT_EQ(Render(*other), Render(fact)) << key << " (dump: " << fact.unknown_reason << ")";
  }
  ASSERT_EQ(api.nodes.size(), dump.nodes.size());
  for (const auto& [node, fs] : dump.nodes) {
    auto it = api.nodes.find(node);
    ASSERT_NE(it, api.nodes.end()) << node;
    for (const auto& [key, fact] : fs.all()) {
      const facts::Fact* other = it->second.Get(key);
      ASSERT_NE(other, nullptr) << node << " " << key;
      EXPECT_EQ(Render(*other), Render(fact)) << node << " " << key;
    }
  }
}

TEST_F(ScanTest, ReadsEveryObjectOnceAcrossPages) {
  ScanStats stats;
  std::vector<ScanProgress> progress;
  ScanOptions o = Options(2);
  o.on_progress = [&](const ScanProgress& p) { progress.push_back(p); };
  auto snap = ScanCluster(o, &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_TRUE(snap->incomplete.empty()) << snap->incomplete.front();
  EXPECT_EQ(stats.nodes, 3u);
  EXPECT_EQ(stats.pods, 12u);
  EXPECT_EQ(stats.services, 4u);
  EXPECT_EQ(stats.server_version, "v1.27.3");
  EXPECT_EQ(stats.restarts, 0u);

  // 12 Pods at limit=2: six requests, each following the previous page's continue token.
  auto pods = ListRequests("/api/v1/pods");
  ASSERT_EQ(pods.size(), 6u);
  EXPECT_EQ(pods[0], "/api/v1/pods?limit=2");
  for (std::size_t i = 1; i < pods.size(); ++i) {
    EXPECT_EQ(pods[i].rfind("/api/v1/pods?limit=2&continue=", 0), 0u) << pods[i];
  }
  // Only GET, only what NeededResources() lists, and discovery.
  for (const auto& e : server_->Log()) EXPECT_EQ(e["method"], "GET");

  // The last Pod progress report counts all of them.
  auto last_pod = std::find_if(progress.rbegin(), progress.rend(),
                               [](const ScanProgress& p) { return p.resource == "pods"; });
  ASSERT_NE(last_pod, progress.rend());
  EXPECT_EQ(last_pod->objects, 12u);
  EXPECT_EQ(last_pod->page, 6);
  EXPECT_EQ(progress.front().remaining.value_or(-1), 1);  // 3 nodes at limit 2: one remains

  auto dump = offline::ReadDumps({TestApiServer::DefaultFixture()});
  ASSERT_TRUE(dump) << dump.error().ToString();
  ExpectSameFacts(*snap, *dump, "cluster.spiderpool.");
}

TEST_F(ScanTest, PageSizeDoesNotChangeTheFacts) {
  auto one = ScanCluster(Options(1));
  auto big = ScanCluster(Options(500));
  ASSERT_TRUE(one && big);
  ExpectSameFacts(*one, *big);
  ExpectSameFacts(*big, *one);
}

TEST_F(ScanTest, SummaryGoesIntoInputs) {
  auto snap = ScanCluster(Options(5));
  ASSERT_TRUE(snap);
  auto api = std::find_if(snap->inputs.begin(), snap->inputs.end(), [](const facts::InputInfo& i) {
    return i.kind == "api" && i.summary.find("Nodes") != std::string::npos;
  });
  ASSERT_NE(api, snap->inputs.end());
  EXPECT_EQ(api->where, server_->url());
  EXPECT_NE(api->summary.find("Kubernetes v1.27.3: 3 Nodes, 12 Pods, 4 Services"),
            std::string::npos)
      << api->summary;
  EXPECT_NE(api->summary.find("API groups found: crd.projectcalico.org/v1"), std::string::npos)
      << api->summary;
  EXPECT_NE(api->summary.find("skipped: spiderpool.spidernet.io/v2beta1 (not installed)"),
            std::string::npos)
      << api->summary;
  const facts::Fact* version = snap->cluster.Get("cluster.kubernetes.version");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(Render(*version), "v1.27.3");
  EXPECT_EQ(version->source, "GET /version gitVersion");
}

TEST_F(ScanTest, AbsentCrdGroupIsSkippedCleanly) {
  ScanStats stats;
  auto snap = ScanCluster(Options(), &stats);
  ASSERT_TRUE(snap);
  EXPECT_TRUE(snap->incomplete.empty());
  EXPECT_EQ(stats.groups_found, std::vector<std::string>{"crd.projectcalico.org/v1"});
  EXPECT_EQ(stats.groups_skipped,
            std::vector<std::string>{"spiderpool.spidernet.io/v2beta1 (not installed)"});
  EXPECT_EQ(stats.resources_skipped.size(), 4u);
  EXPECT_TRUE(ListRequests("/apis/spiderpool.spidernet.io/v2beta1/spiderippools").empty());
  // Absent means none: facts about Spiderpool's objects are known empty, not unknown.
  for (const char* key :
       {"cluster.spiderpool.empty_multus_configs", "cluster.spiderpool.ippools_namespaced_multus",
        "cluster.spiderpool.coordinators", "cluster.spiderpool.subnets"}) {
    const facts::Fact* f = snap->cluster.Get(key);
    ASSERT_NE(f, nullptr) << key;
    EXPECT_TRUE(f->known()) << key << ": " << f->unknown_reason;
  }
}

TEST_F(ScanTest, CrdGroupAnswering404IsSkipped) {
  server_->SetFaults({{{"type", "status"},
                       {"code", 404},
                       {"path", "/apis/crd.projectcalico.org/v1"},
                       {"times", -1}}});
  ScanStats stats;
  auto snap = ScanCluster(Options(), &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_TRUE(snap->incomplete.empty());
  EXPECT_NE(std::find(stats.groups_skipped.begin(), stats.groups_skipped.end(),
                      "crd.projectcalico.org/v1 (404 from /apis/crd.projectcalico.org/v1)"),
            stats.groups_skipped.end());
  EXPECT_TRUE(ListRequests("/apis/crd.projectcalico.org/v1/ippools").empty());
}

TEST_F(ScanTest, ForbiddenListNamesVerbResourceAndClusterRole) {
  server_->SetFaults({{{"type", "forbid"}, {"resource", "pods"}, {"group", ""}}});
  auto snap = ScanCluster(Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  ASSERT_EQ(snap->incomplete.size(), 1u);
  const std::string& note = snap->incomplete[0];
  EXPECT_NE(note.find("GET /api/v1/pods?limit=2 was refused (403 Forbidden): cannot list pods"),
            std::string::npos)
      << note;
  EXPECT_NE(note.find("pods is forbidden: User \"system:serviceaccount:netdoctor:netdoctor\" "
                      "cannot list resource \"pods\" in API group \"\" at the cluster scope"),
            std::string::npos)
      << note;
  EXPECT_NE(note.find("deploy/rbac.yaml"), std::string::npos) << note;
  EXPECT_NE(note.find("ClusterRole netdoctor-reader"), std::string::npos) << note;
  EXPECT_NE(note.find("kubectl create clusterrolebinding netdoctor-reader-netdoctor "
                      "--clusterrole=netdoctor-reader --serviceaccount=netdoctor:netdoctor"),
            std::string::npos)
      << note;
  // The rest of the cluster was still read.
  const facts::Fact* nodes = snap->cluster.Get("cluster.nodes");
  ASSERT_NE(nodes, nullptr);
  EXPECT_EQ(Render(*nodes), "3");
}

TEST_F(ScanTest, ForbiddenCrdNamesItsGroup) {
  server_->SetFaults(
      {{{"type", "forbid"}, {"resource", "ippools"}, {"group", "crd.projectcalico.org"}}});
  auto snap = ScanCluster(Options());
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->incomplete.size(), 1u);
  EXPECT_NE(snap->incomplete[0].find("cannot list ippools.crd.projectcalico.org"),
            std::string::npos)
      << snap->incomplete[0];
}

TEST_F(ScanTest, ExpiredContinueRestartsOnceWithoutDoubleCounting) {
  // The second Pod page finds its continue token compacted away.
  server_->SetFaults({{{"type", "expire"},
                       {"path", "/api/v1/pods"},
                       {"when", "continue"},
                       {"after", 1},
                       {"times", 1}}});
  ScanStats stats;
  auto snap = ScanCluster(Options(2), &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_TRUE(snap->incomplete.empty()) << snap->incomplete.front();
  EXPECT_EQ(stats.restarts, 1u);
  EXPECT_EQ(stats.pods, 12u);  // the 4 Pods of the first pass are not handed on twice
  auto pods = ListRequests("/api/v1/pods");
  // page 1, page 2, page 3 (410), then page 1..6 again
  ASSERT_EQ(pods.size(), 9u);
  EXPECT_EQ(pods[3], "/api/v1/pods?limit=2");
  auto dump = offline::ReadDumps({TestApiServer::DefaultFixture()});
  ASSERT_TRUE(dump);
  ExpectSameFacts(*snap, *dump, "cluster.spiderpool.");
}

TEST_F(ScanTest, ContinueExpiringTwiceLeavesTheListIncomplete) {
  server_->SetFaults(
      {{{"type", "expire"}, {"path", "/api/v1/pods"}, {"when", "continue"}, {"times", 2}}});
  ScanStats stats;
  auto snap = ScanCluster(Options(2), &stats);
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->incomplete.size(), 1u);
  EXPECT_NE(snap->incomplete[0].find("pods: the list's continue token expired twice (410 Gone: "
                                     "The provided continue parameter is too old"),
            std::string::npos)
      << snap->incomplete[0];
  EXPECT_NE(snap->incomplete[0].find("2 objects were read"), std::string::npos);
  EXPECT_EQ(stats.restarts, 1u);
}

TEST_F(ScanTest, CompactionExpiresTokensLikeEtcd) {
  // A real compaction between two pages (server-side), not an injected fault: restart works.
  ScanOptions o = Options(2);
  bool compacted = false;
  o.on_progress = [&](const ScanProgress& p) {
    if (p.resource == "pods" && p.page == 2 && !compacted) {
      compacted = true;
      server_->Compact();
    }
  };
  ScanStats stats;
  auto snap = ScanCluster(o, &stats);
  ASSERT_TRUE(snap);
  EXPECT_TRUE(snap->incomplete.empty());
  EXPECT_EQ(stats.restarts, 1u);
  EXPECT_EQ(stats.pods, 12u);
}

TEST_F(ScanTest, ServerErrorsRetriedThenListIncomplete) {
  server_->SetFaults(
      {{{"type", "status"}, {"code", 503}, {"path", "/api/v1/services"}, {"times", -1}}});
  ScanStats stats;
  auto snap = ScanCluster(Options(), &stats);
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->incomplete.size(), 1u);
  EXPECT_EQ(snap->incomplete[0],
            "services: GET /api/v1/services?limit=2: HTTP 503 ServiceUnavailable: the server is "
            "currently unable to handle the request (after 3 attempts) (0 objects read before)");
  EXPECT_EQ(stats.pods, 12u);
}

TEST_F(ScanTest, TransientFaultsLeaveNoTrace) {
  server_->SetFaults(
      {{{"type", "reset"}, {"after_bytes", 500}, {"path", "/api/v1/pods"}, {"when", "continue"}},
       {{"type", "status"}, {"code", 500}, {"path", "/api/v1/nodes"}},
       {{"type", "status"}, {"code", 429}, {"retry_after", 1}, {"path", "/api/v1/configmaps"}}});
  ScanStats stats;
  auto snap = ScanCluster(Options(), &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_TRUE(snap->incomplete.empty()) << snap->incomplete.front();
  EXPECT_EQ(stats.retries, 3u);
  EXPECT_EQ(stats.pods, 12u);
  EXPECT_EQ(stats.nodes, 3u);
}

TEST_F(ScanTest, StalledListIsIncompleteNotHung) {
  server_->SetFaults({{{"type", "stall"},
                       {"after_bytes", 200},
                       {"seconds", 5},
                       {"path", "/api/v1/services"},
                       {"times", -1}}});
  ScanOptions o = Options();
  o.client.retry.max_attempts = 1;
  auto snap = ScanCluster(o);
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->incomplete.size(), 1u);
  EXPECT_NE(snap->incomplete[0].find("stopped sending the response"), std::string::npos)
      << snap->incomplete[0];
}

TEST_F(ScanTest, RejectedCredentialsAreAnError) {
  ScanOptions o = Options();
  o.access->token = Secret("expired-token-4711");
  auto snap = ScanCluster(o);
  ASSERT_FALSE(snap);
  EXPECT_EQ(snap.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(snap.error().ToString().find("credentials rejected by " + server_->url() +
                                         " for user \"netdoctor-sa\""),
            std::string::npos)
      << snap.error().ToString();
  EXPECT_EQ(snap.error().ToString().find("expired-token-4711"), std::string::npos);
}

TEST_F(ScanTest, WrongCaIsAnErrorNamingTheCa) {
  ScanOptions o = Options();
  o.access->ca_file = TestPki().wrong_ca_crt();
  auto snap = ScanCluster(o);
  ASSERT_FALSE(snap);
  EXPECT_NE(snap.error().ToString().find("CA file " + TestPki().wrong_ca_crt()), std::string::npos);
}

// End to end through a kubeconfig as kubectl would read it: KUBECONFIG with two files, the
// context picked by --context, a relative certificate-authority and a tokenFile.
TEST_F(ScanTest, ThroughKubeconfigAndContext) {
  TempDir d;
  d.Write("pki/ca.crt", testing::ReadFileOrDie(TestPki().ca_crt()));
  d.Write("token", std::string(testing::kToken) + "\n");
  const std::string first = d.Write("first.yaml",
                                    "apiVersion: v1\nkind: Config\ncurrent-context: elsewhere\n"
                                    "contexts: [{name: elsewhere, context: {cluster: x}}]\n");
  const std::string second =
      d.Write("second.yaml",
              "apiVersion: v1\nkind: Config\n"
              "clusters:\n- name: test\n  cluster:\n    certificate-authority: pki/ca.crt\n"
              "    server: " +
                  server_->url() +
                  "\n"
                  "users:\n- name: reader\n  user:\n    tokenFile: token\n"
                  "contexts:\n- name: test-reader\n  context: {cluster: test, user: reader}\n");
  ScanOptions o = Options(500);
  o.access.reset();
  o.kubeconfig.kubeconfig_env = first + ":" + second;
  o.kubeconfig.context = "test-reader";
  o.kubeconfig.allow_in_cluster = false;
  ScanStats stats;
  auto snap = ScanCluster(o, &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_EQ(stats.context, "test-reader");
  EXPECT_EQ(stats.pods, 12u);
  EXPECT_EQ(server_->Log()[0]["user"], testing::kTokenUser);
}

TEST_F(ScanTest, InClusterServiceAccount) {
  TempDir d;
  d.Write("sa/token", testing::kToken);
  d.Write("sa/ca.crt", testing::ReadFileOrDie(TestPki().ca_crt()));
  d.Write("sa/namespace", "netdoctor");
  ScanOptions o = Options(500);
  o.access.reset();
  o.kubeconfig.home = d.path();  // no ~/.kube/config: client-go falls back to in-cluster
  o.kubeconfig.in_cluster = {d.path() + "/sa", "127.0.0.1", std::to_string(server_->port())};
  ScanStats stats;
  auto snap = ScanCluster(o, &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_EQ(stats.nodes, 3u);
}

TEST_F(ScanTest, UnreachableServerIsAnError) {
  ScanOptions o = Options();
  o.access->server = "https://127.0.0.1:1";
  auto snap = ScanCluster(o);
  ASSERT_FALSE(snap);
  EXPECT_NE(snap.error().ToString().find("cannot connect to API server https://127.0.0.1:1"),
            std::string::npos)
      << snap.error().ToString();
}

// A list discovery advertises but that answers 404 (a CRD removed during the scan) was counted
// as empty: the report looked complete. It is now partial, naming the resource.
TEST_F(ScanTest, AdvertisedListAnswering404MakesTheReportPartial) {
  server_->SetFaults({{{"type", "status"},
                       {"code", 404},
                       {"path", "/apis/crd.projectcalico.org/v1/ippools"},
                       {"times", -1}}});
  ScanStats stats;
  auto snap = ScanCluster(Options(), &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  ASSERT_EQ(snap->incomplete.size(), 1u);
  EXPECT_EQ(snap->incomplete[0],
            "ippools.crd.projectcalico.org: GET /apis/crd.projectcalico.org/v1/ippools answered "
            "404 Not Found although API discovery lists ippools in crd.projectcalico.org/v1; facts "
            "about it are unknown (was its CustomResourceDefinition just removed?)");
  for (const auto& skipped : stats.resources_skipped) {
    EXPECT_EQ(skipped.find("ippools"), std::string::npos) << skipped;
  }
}

// One 429 with Retry-After: 3600 used to end the retries at once while the message said "after
// 5 attempts". The client now says what it did and why it stopped.
TEST_F(ScanTest, RetryAfterAboveTheLimitGivesUpSayingSo) {
  server_->SetFaults({{{"type", "status"},
                       {"code", 429},
                       {"retry_after", 3600},
                       {"path", "/api/v1/services"},
                       {"times", -1}}});
  ScanOptions o = Options();
  o.client.retry.max_attempts = 5;
  auto snap = ScanCluster(o);
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->incomplete.size(), 1u);
  EXPECT_EQ(snap->incomplete[0],
            "services: GET /api/v1/services?limit=2: HTTP 429 TooManyRequests: Too many requests, "
            "please try again later. (after 1 attempt; the server asked to retry after 3600 s "
            "(Retry-After), longer than the 60 s netdoctor waits at most (--max-retry-after)) (0 "
            "objects read before)");
  EXPECT_EQ(ListRequests("/api/v1/services").size(), 1u);
}

TEST_F(ScanTest, LongRetryAfterWithinTheLimitIsWaitedFor) {
  server_->SetFaults({{{"type", "status"},
                       {"code", 429},
                       {"retry_after", 45},
                       {"path", "/api/v1/services"},
                       {"times", 2}}});
  ScanOptions o = Options();
  o.client.retry.max_attempts = 5;
  auto snap = ScanCluster(o);
  ASSERT_TRUE(snap);
  EXPECT_TRUE(snap->incomplete.empty()) << snap->incomplete[0];
  EXPECT_EQ(ListRequests("/api/v1/services").size(), 3u);
  EXPECT_EQ(std::count(clock_.sleeps.begin(), clock_.sleeps.end(), std::chrono::seconds(45)), 2);
}

TEST_F(ScanTest, RetryLimitIsConfigurable) {
  server_->SetFaults({{{"type", "status"},
                       {"code", 429},
                       {"retry_after", 90},
                       {"path", "/api/v1/services"},
                       {"times", 1}}});
  ScanOptions o = Options();
  o.client.retry.max_retry_after = std::chrono::seconds(120);
  auto snap = ScanCluster(o);
  ASSERT_TRUE(snap);
  EXPECT_TRUE(snap->incomplete.empty());
  EXPECT_EQ(ListRequests("/api/v1/services").size(), 2u);
}

TEST_F(ScanTest, CredentialsOverPlainHttpAreRefused) {
  ScanOptions o = Options();
  o.access->server = "http://127.0.0.1:1";
  auto snap = ScanCluster(o);
  ASSERT_FALSE(snap);
  EXPECT_EQ(snap.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(snap.error().message().find("refusing to send the bearer token of user"),
            std::string::npos)
      << snap.error().ToString();
  EXPECT_NE(snap.error().message().find("--insecure-allow-http-credentials"), std::string::npos);
  // Allowed on request: the scan then gets as far as connecting.
  o.client.allow_http_credentials = true;
  auto allowed = ScanCluster(o);
  ASSERT_FALSE(allowed);
  EXPECT_NE(allowed.error().message().find("cannot connect"), std::string::npos)
      << allowed.error().ToString();
}

}  // namespace
}  // namespace netdoctor::collect::cluster

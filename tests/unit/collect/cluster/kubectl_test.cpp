// SPDX-License-Identifier: Apache-2.0
// Faithfulness of the test API server: real kubectl (Debian's kubernetes-client, or whatever
// kubectl is on PATH; $NETDOCTOR_KUBECTL to choose one) must accept its discovery, its paged
// lists and its TLS, and see the same objects netdoctor sees. Skipped where no kubectl exists.

#include <cstdlib>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collect/cluster/credentials.h"
#include "collect/cluster/scan.h"
#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using testing::TempDir;
using testing::TestApiServer;
using testing::TestPki;

std::string FindKubectl() {
  if (const char* k = std::getenv("NETDOCTOR_KUBECTL"); k && *k) return k;
  ExecConfig kubectl;
  kubectl.command = "kubectl";
  const char* path = std::getenv("PATH");
  auto found = FindExecutable(kubectl, path ? path : "");
  return found ? *found : std::string();
}

class KubectlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kubectl_ = FindKubectl();
    if (kubectl_.empty()) GTEST_SKIP() << "no kubectl (install Debian's kubernetes-client)";
    server_ = std::make_unique<TestApiServer>();
    ASSERT_TRUE(server_->ok());
    kubeconfig_ =
        dir_.Write("kubeconfig",
                   "apiVersion: v1\nkind: Config\n"
                   "clusters:\n- name: test\n  cluster:\n"
                   "    certificate-authority: " +
                       TestPki().ca_crt() +
                       "\n"
                       "    server: " +
                       server_->url() +
                       "\n"
                       "users:\n- name: reader\n  user:\n"
                       "    client-certificate: " +
                       TestPki().client_crt() +
                       "\n"
                       "    client-key: " +
                       TestPki().client_key() +
                       "\n"
                       "contexts:\n- name: test\n  context: {cluster: test, user: reader}\n"
                       "current-context: test\n");
  }
  std::pair<int, std::string> Kubectl(std::vector<std::string> args) {
    args.insert(args.begin(),
                {kubectl_, "--kubeconfig", kubeconfig_, "--cache-dir", dir_.path() + "/cache"});
    std::string out;
    const int rc = testing::RunProcess(args, &out, dir_.path() + "/stderr");
    return {rc, out};
  }

  std::string kubectl_;
  TempDir dir_;
  std::unique_ptr<TestApiServer> server_;
  std::string kubeconfig_;
};

TEST_F(KubectlTest, GetPodsInChunksSeesEveryPodOnce) {
  auto [rc, out] = Kubectl({"get", "pods", "-A", "--chunk-size=2", "-o", "json"});
  ASSERT_EQ(rc, 0) << out;
  auto doc = nlohmann::json::parse(out);
  std::multiset<std::string> kubectl_pods;
  for (const auto& p : doc["items"]) {
    EXPECT_EQ(p["kind"], "Pod");  // kubectl puts back what the list items leave out
    kubectl_pods.insert(p["metadata"]["namespace"].get<std::string>() + "/" +
                        p["metadata"]["name"].get<std::string>());
  }
  EXPECT_EQ(kubectl_pods.size(), 12u);
  EXPECT_EQ(std::set<std::string>(kubectl_pods.begin(), kubectl_pods.end()).size(), 12u);
  // kubectl paged exactly as netdoctor does: limit=2, then continue tokens.
  int pages = 0;
  for (const auto& e : server_->Log()) {
    const std::string path = e["path"];
    if (path.rfind("/api/v1/pods?", 0) == 0) {
      EXPECT_NE(path.find("limit=2"), std::string::npos) << path;
      ++pages;
    }
  }
  EXPECT_EQ(pages, 6);

  ScanOptions o;
  o.access = testing::CertAccess(*server_);
  ScanStats stats;
  auto snap = ScanCluster(o, &stats);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_EQ(stats.pods, kubectl_pods.size());
}

TEST_F(KubectlTest, DiscoveryFindsCalicoCustomResources) {
  auto [rc, out] = Kubectl({"get", "ippools.crd.projectcalico.org", "-o", "json"});
  ASSERT_EQ(rc, 0) << out;
  auto doc = nlohmann::json::parse(out);
  ASSERT_EQ(doc["items"].size(), 1u);
  EXPECT_EQ(doc["items"][0]["spec"]["vxlanMode"], "Always");
}

TEST_F(KubectlTest, ForbiddenIsReportedByKubectlAsByNetdoctor) {
  server_->SetFaults({{{"type", "forbid"}, {"resource", "nodes"}}});
  auto [rc, out] = Kubectl({"get", "nodes", "-o", "json"});
  EXPECT_NE(rc, 0);
  // kubectl shows the Status message that netdoctor quotes in its own 403 note.
  EXPECT_NE(testing::ReadFileOrDie(dir_.path() + "/stderr")
                .find("Error from server (Forbidden): nodes is forbidden: User \"netdoctor-test\" "
                      "cannot list resource \"nodes\" in API group \"\" at the cluster scope"),
            std::string::npos);
}

}  // namespace
}  // namespace netdoctor::collect::cluster

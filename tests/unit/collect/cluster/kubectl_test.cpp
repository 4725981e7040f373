// SPDX-License-Identifier: Apache-2.0
// Faithfulness of the test API server: real kubectl (Debian's kubernetes-client, or whatever
// kubectl is on PATH; $NETDOCTOR_KUBECTL to choose one) must accept its discovery, its paged
// lists and its TLS, and see the same objects netdoctor sees. Skipped where no kubectl exists.
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "collect/cluster/scan.h"
#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using testing::TempDir;
using testing::TestApiServer;
using testing::TestPki;

std::string FindKubectl() {
  if (const char* k = std::getenv("NETDOCTOR_KUBECTL"); k && *k) return k;
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "";
  std::size_t i = 0;
  while (i <= p.size()) {
    std::size_t j = p.find(':', i);
    if (j == std::string::npos) j = p.size();
    std::string candidate = p.substr(i, j - i) + "/kubectl";
    if (j > i && access(candidate.c_str(), X_OK) == 0) return candidate;
    i = j + 1;
  }
  return {};
}

// Runs kubectl without a shell, returns {exit status, stdout}; stderr goes to `err_file`.
std::pair<int, std::string> RunKubectl(const std::vector<std::string>& args,
                                       const std::string& err_file) {
  int out[2];
  if (pipe(out) != 0) return {-1, ""};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    FILE* err = std::fopen(err_file.c_str(), "w");
    if (err) dup2(fileno(err), STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string text;
  pollfd pfd{out[0], POLLIN, 0};
  while (poll(&pfd, 1, 60000) > 0) {
    char buf[65536];
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
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
    return RunKubectl(args, dir_.path() + "/stderr");
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

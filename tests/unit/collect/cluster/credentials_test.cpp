// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/credentials.h"

#include <signal.h>

#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collect/cluster/clock.h"
#include "collect/cluster/encoding.h"
#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using testing::FakeClock;
using testing::ReadFileOrDie;
using testing::TempDir;

constexpr const char* kV1 = "client.authentication.k8s.io/v1";
constexpr const char* kV1Beta1 = "client.authentication.k8s.io/v1beta1";

// A plugin as a shell script: records its argv, env and each run, and prints `output`.
std::string WritePlugin(const TempDir& d, const std::string& name, const std::string& output,
                        int exit_code = 0) {
  return d.Write(name,
                 "#!/bin/sh\n"
                 "echo run >> \"$PLUGIN_DIR/runs\"\n"
                 "printf '%s\\n' \"$@\" > \"$PLUGIN_DIR/args\"\n"
                 "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$PLUGIN_DIR/exec_info\"\n"
                 "printf '%s' \"$AWS_PROFILE\" > \"$PLUGIN_DIR/profile\"\n"
                 "cat <<'EOF'\n" +
                     output +
                     "\nEOF\n"
                     "exit " +
                     std::to_string(exit_code) + "\n",
                 0755);
}

int Runs(const TempDir& d) {
  std::string runs = ReadFileOrDie(d.path() + "/runs");
  return static_cast<int>(std::count(runs.begin(), runs.end(), '\n'));
}

ClusterAccess ExecAccess(const TempDir& d, const std::string& command, const char* version) {
  ClusterAccess a;
  a.server = "https://10.6.0.11:6443";
  a.cluster = "prod";
  a.user = "eks-user";
  a.ca_pem = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
  ExecConfig e;
  e.api_version = version;
  e.command = command;
  e.args = {"--region", "eu-west-1", "eks", "get-token"};
  e.env = {{"AWS_PROFILE", "prod"}, {"PLUGIN_DIR", d.path()}};
  e.interactive_mode = "Never";
  a.exec = e;
  return a;
}

// ExecCredential as `aws eks get-token` prints it (v1beta1) and as client-go's docs show v1.
TEST(ExecCredential, ParsesTokenWithExpiry) {
  auto cred = ParseExecCredential(
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},)"
      R"("status":{"expirationTimestamp":"2024-03-11T08:35:21Z","token":"k8s-aws-v1.aHR0cHM6Ly9zdHM"}})",
      kV1Beta1, "aws");
  ASSERT_TRUE(cred) << cred.error().ToString();
  EXPECT_EQ(cred->token.Reveal(), "k8s-aws-v1.aHR0cHM6Ly9zdHM");
  ASSERT_TRUE(cred->expiry);
  EXPECT_EQ(*cred->expiry, std::chrono::sys_days{std::chrono::year{2024} / 3 / 11} +
                               std::chrono::hours(8) + std::chrono::minutes(35) +
                               std::chrono::seconds(21));
}

// Found by fuzz_exec_credential (corpus fuzz/corpus/exec_credential/expiry-year-4052.json): an
// expiry past 2262 overflowed the clock. It means "not expiring while this runs".
TEST(ExecCredential, ExpiryFarInTheFutureIsNotExpired) {
  auto cred = ParseExecCredential(
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},)"
      R"("status":{"expirationTimestamp":"4052-12-03T11:18:06Z","token":"ya29.a0AfB_byC"}})",
      kV1Beta1, "gke");
  ASSERT_TRUE(cred) << cred.error().ToString();
  ASSERT_TRUE(cred->expiry);
  EXPECT_GT(*cred->expiry, std::chrono::system_clock::now() + std::chrono::hours(24 * 365 * 200));
}

TEST(ExecCredential, ParsesClientCertificate) {
  auto cred = ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{)"
      R"("clientCertificateData":"-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n",)"
      R"("clientKeyData":"-----BEGIN EC PRIVATE KEY-----\nB\n-----END EC PRIVATE KEY-----\n"}})",
      kV1, "p");
  ASSERT_TRUE(cred) << cred.error().ToString();
  EXPECT_TRUE(cred->token.empty());
  EXPECT_EQ(cred->client_cert_pem, "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n");
  EXPECT_FALSE(cred->expiry);
}

TEST(ExecCredential, RejectsWhatClientGoRejects) {
  auto wrong_version = ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})",
      kV1, "p");
  ASSERT_FALSE(wrong_version);
  EXPECT_EQ(wrong_version.error().ToString(),
            "exec plugin p: is configured to use API version client.authentication.k8s.io/v1, "
            "plugin returned version client.authentication.k8s.io/v1beta1");
  auto no_status = ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})", kV1, "p");
  ASSERT_FALSE(no_status);
  EXPECT_EQ(no_status.error().ToString(), "exec plugin p: didn't return a status field");
  auto half = ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientKeyData":"k"}})",
      kV1, "p");
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().ToString(), "exec plugin p: returned only certificate or key, not both");
  auto junk = ParseExecCredential("Please log in at https://login.example.com", kV1, "p");
  ASSERT_FALSE(junk);
  auto bad_time = ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"tomorrow"}})",
      kV1, "p");
  ASSERT_FALSE(bad_time);
  EXPECT_EQ(bad_time.error().ToString().find("\"t\""), std::string::npos);
}

TEST(ExecCredential, ExecInfoAsKubectlSendsIt) {
  TempDir d;
  ClusterAccess a = ExecAccess(d, "aws", kV1);
  EXPECT_EQ(ExecInfoJson(*a.exec, a),
            R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",)"
            R"("spec":{"interactive":false}})");
  a.exec->provide_cluster_info = true;
  a.tls_server_name = "kubernetes.default.svc";
  auto info = nlohmann::json::parse(ExecInfoJson(*a.exec, a));
  EXPECT_EQ(info["spec"]["cluster"]["server"], "https://10.6.0.11:6443");
  EXPECT_EQ(info["spec"]["cluster"]["tls-server-name"], "kubernetes.default.svc");
  EXPECT_EQ(*Base64Decode(info["spec"]["cluster"]["certificate-authority-data"].get<std::string>()),
            a.ca_pem);
  EXPECT_EQ(info["spec"]["interactive"], false);
}

TEST(ExecPlugin, RunsWithArgsEnvAndExecInfoCachedUntilExpiry) {
  TempDir d;
  const std::string plugin = WritePlugin(
      d, "bin/aws",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},)"
      R"("status":{"expirationTimestamp":"2024-03-11T00:15:00Z","token":"k8s-aws-v1.dG9rZW4"}})");
  ClusterAccess a = ExecAccess(d, plugin, kV1Beta1);
  FakeClock clock;  // wall clock: 2024-03-11T00:00:00Z
  CredentialSource creds(a, clock);
  auto tok = creds.BearerToken();
  ASSERT_TRUE(tok) << tok.error().ToString();
  EXPECT_EQ(*tok, "k8s-aws-v1.dG9rZW4");
  EXPECT_EQ(ReadFileOrDie(d.path() + "/args"), "--region\neu-west-1\neks\nget-token\n");
  EXPECT_EQ(ReadFileOrDie(d.path() + "/profile"), "prod");
  EXPECT_EQ(ReadFileOrDie(d.path() + "/exec_info"),
            R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1",)"
            R"("spec":{"interactive":false}})");
  // Cached while valid ...
  clock.AdvanceWall(std::chrono::minutes(14));
  ASSERT_TRUE(creds.BearerToken());
  EXPECT_EQ(Runs(d), 1);
  EXPECT_EQ(creds.exec_runs(), 1);
  // ... and fetched again once expirationTimestamp has passed.
  clock.AdvanceWall(std::chrono::minutes(2));
  ASSERT_TRUE(creds.BearerToken());
  EXPECT_EQ(Runs(d), 2);
  // A 401 drops the cache too (client-go re-runs the plugin then).
  EXPECT_TRUE(creds.Invalidate());
  ASSERT_TRUE(creds.BearerToken());
  EXPECT_EQ(Runs(d), 3);
}

TEST(ExecPlugin, WithoutExpiryRunsOnce) {
  TempDir d;
  const std::string plugin = WritePlugin(
      d, "plugin",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"abc"}})");
  ClusterAccess a = ExecAccess(d, plugin, kV1);
  FakeClock clock;
  CredentialSource creds(a, clock);
  for (int i = 0; i < 3; ++i) {
    clock.AdvanceWall(std::chrono::hours(5));
    ASSERT_TRUE(creds.BearerToken());
  }
  EXPECT_EQ(Runs(d), 1);
}

TEST(ExecPlugin, BareCommandIsLookedUpInPath) {
  TempDir d;
  WritePlugin(
      d, "bin/kubelogin",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"x"}})");
  ExecConfig e;
  e.command = "kubelogin";
  auto found = FindExecutable(e, "/nonexistent:" + d.path() + "/bin");
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, d.path() + "/bin/kubelogin");
  e.command = "gke-gcloud-auth-plugin-missing";
  e.install_hint =
      "Install gke-gcloud-auth-plugin for use with kubectl by following\n"
      "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl";
  auto missing = FindExecutable(e, d.path() + "/bin");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().ToString(),
            "exec plugin: executable gke-gcloud-auth-plugin-missing not found\n" + e.install_hint);
}

TEST(ExecPlugin, FailureNamesThePluginAndStatus) {
  TempDir d;
  const std::string plugin = WritePlugin(d, "fail", "error: not logged in", 3);
  ClusterAccess a = ExecAccess(d, plugin, kV1);
  FakeClock clock;
  CredentialSource creds(a, clock);
  auto tok = creds.BearerToken();
  ASSERT_FALSE(tok);
  EXPECT_EQ(tok.error().ToString(),
            "exec plugin " + plugin + " exited with status 3 (its stderr is shown above)");
}

TEST(ExecPlugin, HangingPluginIsKilledAfterTimeout) {
  TempDir d;
  const std::string plugin = d.Write("hang", "#!/bin/sh\nexec sleep 30\n", 0755);
  ClusterAccess a = ExecAccess(d, plugin, kV1);
  FakeClock clock;
  CredentialSource creds(a, clock, std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  auto tok = creds.BearerToken();
  ASSERT_FALSE(tok);
  EXPECT_EQ(tok.error().code(), ErrorCode::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

// True while `pid` is a live process (a zombie waiting to be reaped counts as gone).
bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

// Once only the plugin was killed and a child it started (here a second sleep, as a cloud CLI's
// wrapper starts its interpreter) kept running; the plugin's whole process group goes now.
TEST(ExecPlugin, TimeoutKillsThePluginsWholeProcessGroup) {
  TempDir d;
  const std::string plugin =
      d.Write("hang-tree",
              "#!/bin/sh\nsleep 60 &\necho $! > \"$PLUGIN_DIR/child\"\nexec sleep 61\n", 0755);
  ClusterAccess a = ExecAccess(d, plugin, kV1);
  FakeClock clock;
  CredentialSource creds(a, clock, std::chrono::milliseconds(500));
  auto tok = creds.BearerToken();
  ASSERT_FALSE(tok);
  EXPECT_EQ(tok.error().code(), ErrorCode::kTimeout);
  EXPECT_NE(tok.error().message().find("did not finish within 500 ms and was killed with the "
                                       "processes it started (raise --exec-timeout"),
            std::string::npos)
      << tok.error().message();
  const pid_t child = static_cast<pid_t>(std::stol(ReadFileOrDie(d.path() + "/child")));
  ASSERT_GT(child, 1);
  bool alive = true;
  for (int i = 0; i < 50 && alive; ++i) {
    alive = Alive(child);
    if (alive) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(alive) << "the plugin's child " << child << " survived the timeout";
  if (alive) ::kill(child, SIGKILL);
}

TEST(ExecPlugin, StaticTokenWinsOverPlugin) {
  TempDir d;
  const std::string plugin = WritePlugin(d, "p", "{}");
  ClusterAccess a = ExecAccess(d, plugin, kV1);
  a.token = Secret("static");
  FakeClock clock;
  CredentialSource creds(a, clock);
  auto tok = creds.BearerToken();
  ASSERT_TRUE(tok);
  EXPECT_EQ(*tok, "static");
  auto cert = creds.ExecClientCert();
  ASSERT_TRUE(cert);
  EXPECT_TRUE(cert->first.empty());
  EXPECT_EQ(creds.exec_runs(), 0);
}

// Projected service-account tokens rotate (kubelet rewrites the file); client-go re-reads the
// file at most once a minute.
TEST(TokenFile, ReReadAfterAMinute) {
  TempDir d;
  const std::string file = d.Write("token", "first-token\n");
  ClusterAccess a;
  a.token_file = file;
  FakeClock clock;
  CredentialSource creds(a, clock);
  EXPECT_EQ(*creds.BearerToken(), "first-token");
  d.Write("token", "second-token");
  clock.SleepFor(std::chrono::seconds(30));
  EXPECT_EQ(*creds.BearerToken(), "first-token");
  clock.SleepFor(std::chrono::seconds(31));
  EXPECT_EQ(*creds.BearerToken(), "second-token");
}

TEST(TokenFile, MissingFileIsAnErrorNamingItButNotTheToken) {
  ClusterAccess a;
  a.user = "sa";
  a.token_file = "/nonexistent/token";
  FakeClock clock;
  CredentialSource creds(a, clock);
  auto tok = creds.BearerToken();
  ASSERT_FALSE(tok);
  EXPECT_NE(tok.error().ToString().find("/nonexistent/token"), std::string::npos);
}

}  // namespace
}  // namespace netdoctor::collect::cluster

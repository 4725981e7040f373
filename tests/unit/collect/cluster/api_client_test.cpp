// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/api_client.h"

#include <unistd.h>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include "collect/cluster/api_errors.h"
#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using testing::CertAccess;
using testing::FakeClock;
using testing::TempDir;
using testing::TestApiServer;
using testing::TestPki;
using testing::TokenAccess;

// Short timeouts so that fault tests stay fast; sleeps go through the fake clock.
ClientOptions FastOptions() {
  ClientOptions o;
  o.connect_timeout = std::chrono::milliseconds(3000);
  o.stall_timeout = std::chrono::milliseconds(800);
  o.request_timeout = std::chrono::seconds(20);
  o.retry.max_attempts = 4;
  return o;
}

class ApiClientTest : public ::testing::Test {
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
  std::unique_ptr<ApiClient> Client(ClusterAccess a, ClientOptions o = FastOptions()) {
    auto c = ApiClient::Create(std::move(a), o, clock_);
    EXPECT_TRUE(c) << c.error().ToString();
    return c ? std::move(*c) : nullptr;
  }

  static TestApiServer* server_;
  FakeClock clock_;
  std::string body_;
};
TestApiServer* ApiClientTest::server_ = nullptr;

TEST_F(ApiClientTest, ClientCertificateAuthenticates) {
  auto c = Client(CertAccess(*server_));
  auto r = c->Get("/api/v1/nodes?limit=500", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(body_.find(R"("kind":"NodeList")"), std::string::npos);
  auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["user"], "netdoctor-test");
  EXPECT_EQ(log[0]["method"], "GET");
}

TEST_F(ApiClientTest, BearerTokenAuthenticatesAndConnectionIsReused) {
  auto c = Client(TokenAccess(*server_));
  for (int i = 0; i < 3; ++i) {
    auto r = c->Get("/version", body_);
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(server_->Log()[0]["user"], testing::kTokenUser);
  EXPECT_EQ(c->stats().requests, 3u);
}

TEST_F(ApiClientTest, CaFromDataWorksLikeCaFile) {
  ClusterAccess a = TokenAccess(*server_);
  a.ca_pem = testing::ReadFileOrDie(TestPki().ca_crt());
  a.ca_file.clear();
  auto c = Client(a);
  auto r = c->Get("/version", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
}

TEST_F(ApiClientTest, ClientCertificateFromDataAuthenticates) {
  ClusterAccess a = CertAccess(*server_);
  a.client_cert_pem = testing::ReadFileOrDie(TestPki().client_crt());
  a.client_key_pem = Secret(testing::ReadFileOrDie(TestPki().client_key()));
  a.client_cert_file.clear();
  a.client_key_file.clear();
  auto c = Client(a);
  auto r = c->Get("/version", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server_->Log()[0]["user"], "netdoctor-test");
}

TEST_F(ApiClientTest, WrongTokenIs401WithStatusBody) {
  ClusterAccess a = TokenAccess(*server_);
  a.token = Secret("wrong-token-value");
  auto c = Client(a);
  auto r = c->Get("/version", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 401);
  ApiStatus st = ParseStatus(r->status, body_);
  EXPECT_EQ(st.reason, "Unauthorized");
  const std::string msg = DescribeUnauthorized(a);
  EXPECT_NE(msg.find("credentials rejected by " + server_->url() + " for user \"netdoctor-sa\""),
            std::string::npos)
      << msg;
  EXPECT_EQ(msg.find("wrong-token-value"), std::string::npos);
}

TEST_F(ApiClientTest, WrongCaIsATlsErrorNamingTheCaAndName) {
  ClusterAccess a = TokenAccess(*server_);
  a.ca_file = TestPki().wrong_ca_crt();
  auto c = Client(a);
  auto r = c->Get("/version", body_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kIo);
  const std::string msg = r.error().ToString();
  EXPECT_NE(msg.find("TLS: the certificate of API server " + server_->url()), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("CA file " + TestPki().wrong_ca_crt()), std::string::npos) << msg;
  EXPECT_EQ(c->stats().retries, 0u);  // a verification failure is not retried
  EXPECT_EQ(msg.find(testing::kToken), std::string::npos);
}

TEST_F(ApiClientTest, TlsServerNameIsVerifiedInsteadOfTheAddress) {
  ClusterAccess a = TokenAccess(*server_);
  a.tls_server_name = "apiserver.netdoctor.test";  // in the serving certificate's SANs
  auto ok = Client(a)->Get("/version", body_);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->status, 200);

  a.tls_server_name = "etcd.netdoctor.test";  // not in the certificate
  auto bad = Client(a)->Get("/version", body_);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().ToString().find("tls-server-name \"etcd.netdoctor.test\""),
            std::string::npos)
      << bad.error().ToString();
}

TEST_F(ApiClientTest, InsecureSkipsVerification) {
  ClusterAccess a = TokenAccess(*server_);
  a.ca_file = TestPki().wrong_ca_crt();
  a.ca_file.clear();
  a.insecure_skip_tls_verify = true;
  auto r = Client(a)->Get("/version", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
}

TEST_F(ApiClientTest, TooManyRequestsHonoursRetryAfter) {
  server_->SetFaults(
      {{{"type", "status"}, {"code", 429}, {"retry_after", 3}, {"path", "/api/v1/pods"}}});
  auto c = Client(TokenAccess(*server_));
  auto r = c->Get("/api/v1/pods?limit=2", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(clock_.sleeps.size(), 1u);
  EXPECT_EQ(clock_.sleeps[0], std::chrono::seconds(3));
  EXPECT_EQ(c->stats().throttled, 1u);
  EXPECT_EQ(c->stats().retries, 1u);
}

TEST_F(ApiClientTest, RetryAfterBeyondTheLimitGivesUpInsteadOfHanging) {
  server_->SetFaults({{{"type", "status"}, {"code", 429}, {"retry_after", 3600}}});
  auto r = Client(TokenAccess(*server_))->Get("/version", body_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_TRUE(clock_.sleeps.empty());
}

TEST_F(ApiClientTest, ServerErrorsAreRetriedWithBackoff) {
  server_->SetFaults({{{"type", "status"}, {"code", 500}, {"times", 1}},
                      {{"type", "status"}, {"code", 503}, {"times", 1}}});
  auto c = Client(TokenAccess(*server_));
  auto r = c->Get("/api/v1/nodes?limit=500", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(c->stats().retries, 2u);
  ASSERT_EQ(clock_.sleeps.size(), 2u);
  EXPECT_LT(clock_.sleeps[0], clock_.sleeps[1]);  // exponential
}

TEST_F(ApiClientTest, ServerErrorsEndAfterBoundedAttempts) {
  server_->SetFaults({{{"type", "status"}, {"code", 503}, {"times", -1}}});
  auto c = Client(TokenAccess(*server_));
  auto r = c->Get("/version", body_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(c->stats().requests, 4u);
  EXPECT_EQ(ParseStatus(r->status, body_).reason, "ServiceUnavailable");
}

TEST_F(ApiClientTest, ConnectionResetMidBodyIsRetried) {
  server_->SetFaults({{{"type", "reset"}, {"after_bytes", 1000}, {"path", "/api/v1/pods"}}});
  auto c = Client(TokenAccess(*server_));
  auto r = c->Get("/api/v1/pods?limit=500", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(c->stats().retries, 1u);
  auto doc = nlohmann::json::parse(body_);  // the retried body is whole
  EXPECT_EQ(doc["items"].size(), 12u);
}

TEST_F(ApiClientTest, StallIsATimeout) {
  server_->SetFaults({{{"type", "stall"}, {"after_bytes", 100}, {"seconds", 5}, {"times", -1}}});
  ClientOptions o = FastOptions();
  o.retry.max_attempts = 2;
  auto c = Client(TokenAccess(*server_), o);
  const auto start = std::chrono::steady_clock::now();
  auto r = c->Get("/api/v1/pods?limit=500", body_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kTimeout);
  EXPECT_NE(r.error().ToString().find("stopped sending the response to GET /api/v1/pods?limit=500 "
                                      "(no data for 800 ms) [gave up after 2 attempts]"),
            std::string::npos)
      << r.error().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST_F(ApiClientTest, ConnectionRefusedNamesTheServer) {
  // A port that was free a moment ago: bind, read the port, close.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  ClusterAccess a = TokenAccess(*server_);
  a.server = "https://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  auto c = Client(a);
  auto r = c->Get("/version", body_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kIo);
  EXPECT_NE(r.error().ToString().find("cannot connect to API server " + a.server),
            std::string::npos)
      << r.error().ToString();
  EXPECT_EQ(c->stats().requests, 4u);  // retried, bounded
}

TEST_F(ApiClientTest, GzipIsRequestedAndDecoded) {
  // kube-apiserver compresses only answers of 128 KiB and more; the fault forces it here.
  server_->SetFaults({{{"type", "gzip"}, {"path", "/api/v1/pods"}}});
  auto c = Client(TokenAccess(*server_));
  auto r = c->Get("/api/v1/pods", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  auto log = server_->Log();
  EXPECT_EQ(log[0]["accept_encoding"], "gzip");
  EXPECT_EQ(log[0]["gzip"], true);
  EXPECT_LT(log[0]["bytes"].get<std::size_t>(), body_.size());  // the wire carried less
  EXPECT_EQ(nlohmann::json::parse(body_)["items"].size(), 12u);
}

TEST_F(ApiClientTest, ResponseLargerThanTheLimitFails) {
  ClientOptions o = FastOptions();
  o.max_body_bytes = 4096;
  auto c = Client(TokenAccess(*server_), o);
  auto r = c->Get("/api/v1/pods?limit=500", body_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidInput);
  EXPECT_LE(body_.size(), 4096u);
}

TEST_F(ApiClientTest, ExecPluginTokenIsRefreshedAfter401) {
  TempDir d;
  // First run prints a stale token, later runs the good one (as after a re-login).
  const std::string plugin = d.Write(
      "plugin",
      "#!/bin/sh\n"
      "if [ -e \"$STATE/ran\" ]; then tok=" +
          std::string(testing::kToken) +
          "; else tok=stale; fi\n"
          "touch \"$STATE/ran\"\n"
          "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
          "\"status\":{\"token\":\"%s\"}}' \"$tok\"\n",
      0755);
  ClusterAccess a = TokenAccess(*server_);
  a.token = Secret();
  ExecConfig e;
  e.api_version = "client.authentication.k8s.io/v1";
  e.command = plugin;
  e.interactive_mode = "Never";
  e.env = {{"STATE", d.path()}};
  a.exec = e;
  auto c = Client(a);
  auto r = c->Get("/version", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(c->stats().reauth, 1u);
}

TEST_F(ApiClientTest, ExecPluginClientCertificateAuthenticates) {
  TempDir d;
  nlohmann::json cred = {
      {"apiVersion", "client.authentication.k8s.io/v1beta1"},
      {"kind", "ExecCredential"},
      {"status",
       {{"clientCertificateData", testing::ReadFileOrDie(TestPki().client_crt())},
        {"clientKeyData", testing::ReadFileOrDie(TestPki().client_key())}}}};
  d.Write("cred.json", cred.dump());
  const std::string plugin = d.Write("plugin", "#!/bin/sh\ncat \"$STATE/cred.json\"\n", 0755);
  ClusterAccess a = TokenAccess(*server_);
  a.token = Secret();
  ExecConfig e;
  e.api_version = "client.authentication.k8s.io/v1beta1";
  e.command = plugin;
  e.interactive_mode = "IfAvailable";
  e.env = {{"STATE", d.path()}};
  a.exec = e;
  auto r = Client(a)->Get("/version", body_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server_->Log()[0]["user"], "netdoctor-test");
}

}  // namespace
}  // namespace netdoctor::collect::cluster

// SPDX-License-Identifier: Apache-2.0
#include "test_apiserver.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

namespace netdoctor::collect::cluster::testing {
namespace {

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

int RunProcess(const std::vector<std::string>& args, std::string* out,
               const std::string& err_file) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (out) dup2(pipe_fds[1], STDOUT_FILENO);
    if (!err_file.empty()) {
      if (FILE* err = std::fopen(err_file.c_str(), "w")) dup2(fileno(err), STDERR_FILENO);
    }
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  pollfd pfd{pipe_fds[0], POLLIN, 0};
  while (poll(&pfd, 1, 60000) > 0) {
    char buf[65536];
    const ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;
    if (out) out->append(buf, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Generated once per build tree and kept there: ctest runs every test case in its own process,
// and making four RSA keys for each would cost more than the tests. A copy is made in a scratch
// directory and renamed into place, so concurrent test processes never see a half-written PKI.
const Pki& TestPki() {
  static Pki pki;
  static std::once_flag once;
  std::call_once(once, [] {
    const std::string target = std::string(NETDOCTOR_BINARY_DIR) + "/tests/apiserver-pki";
    pki.dir = target;
    if (std::filesystem::exists(target + "/wrong-ca.crt")) return;
    std::filesystem::create_directories(std::string(NETDOCTOR_BINARY_DIR) + "/tests");
    std::string scratch = target + ".XXXXXX";
    if (!mkdtemp(scratch.data())) {
      ADD_FAILURE() << "mkdtemp " << scratch;
      return;
    }
    const std::string script = std::string(NETDOCTOR_SOURCE_DIR) + "/tests/apiserver/gen_certs.sh";
    if (RunProcess({"bash", script, scratch}) != 0) ADD_FAILURE() << "gen_certs.sh failed";
    std::error_code ec;
    std::filesystem::rename(scratch, target, ec);
    if (ec) std::filesystem::remove_all(scratch, ec);  // another process won the race
  });
  return pki;
}

std::string TestApiServer::DefaultFixture() {
  return std::string(NETDOCTOR_SOURCE_DIR) + "/tests/apiserver/fixtures/cluster.json";
}

TestApiServer::TestApiServer(std::vector<std::string> extra_args, std::string fixture) {
  const Pki& pki = TestPki();
  std::vector<std::string> args = {
      "python3", std::string(NETDOCTOR_SOURCE_DIR) + "/tests/apiserver/server.py",
      "--certs", pki.dir,
      "--token", std::string(kToken) + "=" + kTokenUser};
  if (!fixture.empty()) {
    args.push_back("--fixture");
    args.push_back(fixture);
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  int out[2];
  if (pipe(out) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // The server prints "PORT <n>" once it listens; give it a generous minute on a busy machine.
  std::string line;
  pollfd pfd{out[0], POLLIN, 0};
  while (line.find('\n') == std::string::npos && poll(&pfd, 1, 60000) > 0) {
    char buf[256];
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  if (line.rfind("PORT ", 0) == 0) port_ = std::atoi(line.c_str() + 5);
  if (port_ <= 0) ADD_FAILURE() << "test API server did not start: '" << line << "'";
}

TestApiServer::~TestApiServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

std::string TestApiServer::Control(const std::string& method, const std::string& path,
                                   const std::string& body) const {
  CURL* h = curl_easy_init();
  std::string out;
  const std::string url = this->url() + path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CAINFO, TestPki().ca_crt().c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  const CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  EXPECT_EQ(rc, CURLE_OK) << method << " " << path;
  return out;
}

void TestApiServer::SetFaults(const nlohmann::json& faults) const {
  Control("POST", "/_netdoctor/faults", faults.dump());
}
void TestApiServer::ClearFaults() const {
  Control("DELETE", "/_netdoctor/faults", "");
}
nlohmann::json TestApiServer::Log() const {
  return nlohmann::json::parse(Control("GET", "/_netdoctor/log", ""));
}
void TestApiServer::ClearLog() const {
  Control("DELETE", "/_netdoctor/log", "");
}
void TestApiServer::Compact() const {
  Control("POST", "/_netdoctor/compact", "");
}

ClusterAccess CertAccess(const TestApiServer& server) {
  ClusterAccess a;
  a.origin = "test";
  a.context = "test";
  a.cluster = "test";
  a.user = "netdoctor-test";
  a.server = server.url();
  a.ca_file = TestPki().ca_crt();
  a.client_cert_file = TestPki().client_crt();
  a.client_key_file = TestPki().client_key();
  return a;
}

ClusterAccess TokenAccess(const TestApiServer& server) {
  ClusterAccess a;
  a.origin = "test";
  a.context = "test";
  a.cluster = "test";
  a.user = "netdoctor-sa";
  a.server = server.url();
  a.ca_file = TestPki().ca_crt();
  a.token = Secret(kToken);
  return a;
}

}  // namespace netdoctor::collect::cluster::testing

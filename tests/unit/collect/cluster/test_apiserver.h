// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/cluster/clock.h"
#include "collect/cluster/kubeconfig.h"
#include "support/temp_dir.h"

namespace netdoctor::collect::cluster::testing {

/// The suite's scratch directory (tests/support/temp_dir.h).
using TempDir = ::netdoctor::test_support::TempDir;

std::string ReadFileOrDie(const std::string& path);

/// Runs argv[0] (looked up in PATH) without a shell and waits (60 s at most for its output).
/// Returns the exit status, -1 when it did not exit normally. Its stdout goes to `out` when given,
/// its stderr to the file `err_file` when given.
int RunProcess(const std::vector<std::string>& args, std::string* out = nullptr,
               const std::string& err_file = "");

/// The test PKI of tests/apiserver/gen_certs.sh, generated once per test binary.
struct Pki {
  std::string dir;
  std::string ca_crt() const { return dir + "/ca.crt"; }
  std::string wrong_ca_crt() const { return dir + "/wrong-ca.crt"; }
  std::string client_crt() const { return dir + "/client.crt"; }
  std::string client_key() const { return dir + "/client.key"; }
};
const Pki& TestPki();

/// The loopback API server of tests/apiserver/server.py as a child process on a free port.
class TestApiServer {
 public:
  /// Extra arguments after --certs/--fixture, e.g. {"--token", "abc=user"}.
  explicit TestApiServer(std::vector<std::string> extra_args = {},
                         std::string fixture = DefaultFixture());
  ~TestApiServer();
  TestApiServer(const TestApiServer&) = delete;
  TestApiServer& operator=(const TestApiServer&) = delete;

  static std::string DefaultFixture();
  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  /// Test control: replace the faults (a JSON list, see server.py), clear them, read the log.
  void SetFaults(const nlohmann::json& faults) const;
  void ClearFaults() const;
  nlohmann::json Log() const;
  void ClearLog() const;
  void Compact() const;

 private:
  std::string Control(const std::string& method, const std::string& path,
                      const std::string& body) const;
  int pid_ = -1;
  int port_ = 0;
};

/// A token the test server accepts, and the user it maps to.
inline constexpr const char* kToken = "7a1c9e3f0b2d4c6e8a0b1c2d3e4f5a6b";
inline constexpr const char* kTokenUser = "system:serviceaccount:netdoctor:netdoctor";

/// ClusterAccess for the test server with the client certificate (CN netdoctor-test).
ClusterAccess CertAccess(const TestApiServer& server);
/// ClusterAccess for the test server with the bearer token kToken.
ClusterAccess TokenAccess(const TestApiServer& server);

/// A clock whose sleeps return at once (recording how long they were) and whose time moves only
/// by those sleeps.
class FakeClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() override { return now_; }
  std::chrono::system_clock::time_point WallNow() override { return wall_; }
  void SleepFor(Duration d) override {
    sleeps.push_back(d);
    now_ += d;
    wall_ += d;
  }
  double Random() override { return 0.5; }
  void AdvanceWall(std::chrono::seconds s) {
    wall_ += s;
    now_ += s;
  }
  void SetWall(std::chrono::system_clock::time_point t) { wall_ = t; }

  std::vector<Duration> sleeps;

 private:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
  std::chrono::system_clock::time_point wall_{
      std::chrono::sys_days{std::chrono::year{2024} / 3 / 11}};
};

}  // namespace netdoctor::collect::cluster::testing

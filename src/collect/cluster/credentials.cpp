// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/credentials.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/wait.h>

#include "collect/cluster/encoding.h"
#include "core/host_fs.h"
#include "core/strings.h"

extern char** environ;

namespace netdoctor::collect::cluster {
namespace {

constexpr std::size_t kMaxPluginOutput = 1u << 20;

Unexpected PluginError(std::string_view plugin, std::string message) {
  return MakeError(ErrorCode::kInvalidInput,
                   "exec plugin " + std::string(plugin) + ": " + std::move(message));
}

bool IsExecutable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

Result<ExecCredential> ParseExecCredential(std::string_view json, std::string_view api_version,
                                           std::string_view plugin) {
  const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return PluginError(plugin, "output is not a JSON ExecCredential object");
  }
  const std::string got_version = JsonStringField(doc, "apiVersion");
  if (got_version != api_version) {
    return PluginError(plugin, "is configured to use API version " + std::string(api_version) +
                                   ", plugin returned version " +
                                   (got_version.empty() ? "(none)" : got_version));
  }
  if (JsonStringField(doc, "kind") != "ExecCredential") {
    return PluginError(
        plugin, "returned kind '" + JsonStringField(doc, "kind") + "', expected ExecCredential");
  }
  auto status = doc.find("status");
  if (status == doc.end() || !status->is_object()) {
    return PluginError(plugin, "didn't return a status field");
  }
  ExecCredential cred;
  cred.token = Secret(JsonStringField(*status, "token"));
  cred.client_cert_pem = JsonStringField(*status, "clientCertificateData");
  cred.client_key_pem = Secret(JsonStringField(*status, "clientKeyData"));
  if (cred.client_cert_pem.empty() != cred.client_key_pem.empty()) {
    return PluginError(plugin, "returned only certificate or key, not both");
  }
  if (cred.token.empty() && cred.client_cert_pem.empty()) {
    return PluginError(plugin, "didn't return a token or cert/key pair");
  }
  const std::string exp = JsonStringField(*status, "expirationTimestamp");
  if (!exp.empty()) {
    cred.expiry = ParseRfc3339(exp);
    if (!cred.expiry) {
      return PluginError(plugin,
                         "status.expirationTimestamp '" + exp + "' is not an RFC 3339 time");
    }
  }
  return cred;
}

std::string ExecInfoJson(const ExecConfig& exec, const ClusterAccess& access) {
  std::string out =
      R"({"kind":"ExecCredential","apiVersion":")" + JsonEscape(exec.api_version) + R"(","spec":{)";
  if (exec.provide_cluster_info) {
    std::string ca = access.ca_pem;
    if (ca.empty() && !access.ca_file.empty()) {
      core::HostFs fs("/");
      if (auto text = fs.ReadFile(access.ca_file, 1u << 20)) ca = *text;
    }
    out += R"("cluster":{"server":")" + JsonEscape(access.server) + "\"";
    if (!access.tls_server_name.empty()) {
      out += R"(,"tls-server-name":")" + JsonEscape(access.tls_server_name) + "\"";
    }
    if (access.insecure_skip_tls_verify) out += R"(,"insecure-skip-tls-verify":true)";
    if (!ca.empty()) out += R"(,"certificate-authority-data":")" + Base64Encode(ca) + "\"";
    if (!access.proxy_url.empty()) {
      out += R"(,"proxy-url":")" + JsonEscape(access.proxy_url) + "\"";
    }
    out += "},";
  }
  out += R"("interactive":false}})";
  return out;
}

Result<std::string> FindExecutable(const ExecConfig& exec, std::string_view path_env) {
  auto not_found = [&]() {
    std::string msg = "exec plugin: executable " + exec.command + " not found";
    if (!exec.install_hint.empty()) msg += "\n" + exec.install_hint;
    return MakeError(ErrorCode::kNotFound, std::move(msg));
  };
  if (exec.command.find('/') != std::string::npos) {
    if (!IsExecutable(exec.command)) return not_found();
    return exec.command;
  }
  for (auto dir : core::Split(path_env, ':')) {
    // An empty PATH element means the current directory, as in Go's LookPath.
    std::string candidate =
        (dir.empty() ? std::string(".") : std::string(dir)) + "/" + exec.command;
    if (IsExecutable(candidate)) return candidate;
  }
  return not_found();
}

// "120 s", or "300 ms" below a second.
static std::string DescribeDuration(Clock::Duration d) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

Result<std::string> RunExecPlugin(const ExecConfig& exec, const std::string& exec_info,
                                  Clock::Duration timeout) {
  const char* path_env = std::getenv("PATH");
  auto binary = FindExecutable(exec, path_env ? path_env : "/usr/local/bin:/usr/bin:/bin");
  if (!binary) return tl::unexpected(binary.error());

  // Everything the child needs is built before fork: after it only async-signal-safe calls.
  std::vector<std::string> argv_s{exec.command};
  argv_s.insert(argv_s.end(), exec.args.begin(), exec.args.end());
  std::vector<std::string> env_s;
  auto overridden = [&](std::string_view entry) {
    auto eq = entry.find('=');
    std::string_view name = entry.substr(0, eq);
    if (name == "KUBERNETES_EXEC_INFO") return true;
    for (const auto& [k, v] : exec.env) {
      if (k == name) return true;
    }
    return false;
  };
  for (char** e = environ; e && *e; ++e) {
    if (!overridden(*e)) env_s.emplace_back(*e);
  }
  for (const auto& [k, v] : exec.env) env_s.push_back(k + "=" + v);
  env_s.push_back("KUBERNETES_EXEC_INFO=" + exec_info);
  std::vector<char*> argv, envp;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  for (auto& s : env_s) envp.push_back(s.data());
  envp.push_back(nullptr);

  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return tl::unexpected(Error::FromErrno(errno, "exec plugin " + exec.command + ": pipe"));
  }
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    if (devnull >= 0) ::close(devnull);
    return tl::unexpected(Error::FromErrno(err, "exec plugin " + exec.command + ": fork"));
  }
  if (pid == 0) {
    // Its own process group, so a timeout kills the plugin and everything it started (cloud
    // CLIs are often wrappers around a Python or Node process).
    ::setpgid(0, 0);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    // The API client's sockets must not leak into the plugin (they are not all O_CLOEXEC).
    ::close_range(3, ~0U, 0);
    ::execve(binary->c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: whichever of parent and child runs first sets it
  ::close(out_pipe[1]);
  if (devnull >= 0) ::close(devnull);

  std::string output;
  bool timed_out = false;
  bool too_big = false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd pfd{out_pipe[0], POLLIN, 0};
    const int pr = ::poll(&pfd, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (pr < 0 && errno == EINTR) continue;
    if (pr == 0) continue;
    char buf[8192];
    const ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buf, static_cast<std::size_t>(n));
    if (output.size() > kMaxPluginOutput) {
      too_big = true;
      break;
    }
  }
  ::close(out_pipe[0]);
  if (timed_out || too_big) {
    // The whole group: a grandchild holding our pipe or a lock must not outlive the run.
    if (::kill(-pid, SIGKILL) != 0) ::kill(pid, SIGKILL);
  }
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return MakeError(ErrorCode::kTimeout,
                     "exec plugin " + exec.command + " did not finish within " +
                         DescribeDuration(timeout) +
                         " and was killed with the processes it started (raise --exec-timeout "
                         "if it needs longer)");
  }
  if (too_big) {
    return MakeError(ErrorCode::kInvalidInput,
                     "exec plugin " + exec.command + " wrote more than 1 MiB to stdout");
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127 && output.empty()) {
    return MakeError(ErrorCode::kIo, "exec plugin " + exec.command + " could not be started");
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    const std::string how = WIFEXITED(wstatus)
                                ? "exited with status " + std::to_string(WEXITSTATUS(wstatus))
                                : "was killed by signal " + std::to_string(WTERMSIG(wstatus));
    return MakeError(ErrorCode::kIo,
                     "exec plugin " + exec.command + " " + how + " (its stderr is shown above)");
  }
  return output;
}

CredentialSource::CredentialSource(const ClusterAccess& access, Clock& clock,
                                   Clock::Duration exec_timeout)
    : access_(access), clock_(clock), exec_timeout_(exec_timeout) {}

Status CredentialSource::RefreshExec() {
  const ExecConfig& exec = *access_.exec;
  if (exec_cred_ && (!exec_cred_->expiry || clock_.WallNow() < *exec_cred_->expiry)) return Ok();
  exec_cred_.reset();
  auto out = RunExecPlugin(exec, ExecInfoJson(exec, access_), exec_timeout_);
  ++exec_runs_;
  if (!out) return tl::unexpected(out.error());
  auto cred = ParseExecCredential(*out, exec.api_version, exec.command);
  if (!cred) return tl::unexpected(cred.error());
  exec_cred_ = std::move(*cred);
  return Ok();
}

Result<std::string> CredentialSource::BearerToken() {
  if (!access_.token_file.empty()) {
    const auto now = clock_.Now();
    if (!file_read_at_ || now - *file_read_at_ >= std::chrono::minutes(1)) {
      core::HostFs fs("/");
      auto text = fs.ReadFile(access_.token_file, 1u << 20);
      if (text) {
        file_token_ = std::string(core::Trim(*text));
        file_read_at_ = now;
      } else if (file_token_.empty() && access_.token.empty()) {
        return MakeError(text.error().code(), "cannot read tokenFile " + access_.token_file +
                                                  " of user \"" + access_.user +
                                                  "\": " + text.error().ToString());
      }
    }
    if (!file_token_.empty()) return file_token_;
  }
  if (!access_.token.empty()) return access_.token.Reveal();
  if (access_.exec) {
    if (auto st = RefreshExec(); !st) return tl::unexpected(st.error());
    return exec_cred_->token.Reveal();
  }
  return std::string();
}

Result<std::pair<std::string, std::string>> CredentialSource::ExecClientCert() {
  // A static token or token file takes precedence over the plugin, as in client-go (its exec
  // round tripper steps aside when an Authorization header is already set).
  if (!access_.exec || !access_.token.empty() || !access_.token_file.empty()) {
    return std::pair<std::string, std::string>{};
  }
  if (auto st = RefreshExec(); !st) return tl::unexpected(st.error());
  return std::pair<std::string, std::string>{exec_cred_->client_cert_pem,
                                             exec_cred_->client_key_pem.Reveal()};
}

bool CredentialSource::Invalidate() {
  bool can_help = false;
  if (access_.exec && exec_cred_) {
    exec_cred_.reset();
    can_help = true;
  }
  if (!access_.token_file.empty() && file_read_at_) {
    file_read_at_.reset();
    can_help = true;
  }
  return can_help;
}

}  // namespace netdoctor::collect::cluster

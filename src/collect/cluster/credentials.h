// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "collect/cluster/clock.h"
#include "collect/cluster/kubeconfig.h"
#include "core/result.h"

namespace netdoctor::collect::cluster {

/// What an exec credential plugin returned (ExecCredential.status).
struct ExecCredential {
  Secret token;
  std::string client_cert_pem;  // status.clientCertificateData (PEM text, not base64)
  Secret client_key_pem;        // status.clientKeyData
  std::optional<std::chrono::system_clock::time_point> expiry;
};

/// Parses a plugin's stdout as client-go does: the apiVersion must be the configured one, kind
/// ExecCredential, a status with a token or a certificate and key pair.
/// Errors (kInvalidInput) name the plugin and what was wrong; never the token.
[[nodiscard]] Result<ExecCredential> ParseExecCredential(std::string_view json,
                                                         std::string_view api_version,
                                                         std::string_view plugin);

/// The KUBERNETES_EXEC_INFO document kubectl passes to the plugin: kind ExecCredential, the
/// configured apiVersion, spec.interactive=false and, with provideClusterInfo, spec.cluster.
std::string ExecInfoJson(const ExecConfig& exec, const ClusterAccess& access);

/// The absolute path of a plugin command: a name without '/' is looked up in `path_env`
/// (colon-separated, as $PATH) like kubectl's exec.LookPath; a path is used as it is.
/// Errors: kNotFound "exec plugin: executable X not found" plus the kubeconfig's installHint.
[[nodiscard]] Result<std::string> FindExecutable(const ExecConfig& exec, std::string_view path_env);

/// Runs the plugin without a shell (fork + execve): argv = command + args, the environment of
/// this process plus the kubeconfig's env entries plus KUBERNETES_EXEC_INFO, stdin /dev/null,
/// stderr passed through (plugins print prompts and hints there), stdout captured (1 MiB max).
/// The plugin is killed after `timeout`. Errors: kNotFound, kIo (exit status), kTimeout.
[[nodiscard]] Result<std::string> RunExecPlugin(const ExecConfig& exec,
                                                const std::string& exec_info,
                                                Clock::Duration timeout);

/// The credentials of one ClusterAccess at request time: the static token, the token file
/// (re-read at most once a minute, as client-go does, so rotated service-account tokens work),
/// or the exec plugin (run on first use and again once expirationTimestamp has passed, or after
/// the server rejected the credential).
class CredentialSource {
 public:
  CredentialSource(const ClusterAccess& access, Clock& clock,
                   Clock::Duration exec_timeout = std::chrono::minutes(2));

  /// Bearer token for the next request; empty when the user has none.
  [[nodiscard]] Result<std::string> BearerToken();
  /// Client certificate and key returned by the exec plugin (empty if it returned none).
  [[nodiscard]] Result<std::pair<std::string, std::string>> ExecClientCert();
  /// The server answered 401: forget cached plugin output. True when asking again may help
  /// (an exec plugin or a token file is in use).
  bool Invalidate();
  /// How many times the exec plugin ran.
  int exec_runs() const { return exec_runs_; }

 private:
  [[nodiscard]] Status RefreshExec();

  const ClusterAccess& access_;
  Clock& clock_;
  Clock::Duration exec_timeout_;
  std::optional<ExecCredential> exec_cred_;
  int exec_runs_ = 0;
  std::string file_token_;
  std::optional<std::chrono::steady_clock::time_point> file_read_at_;
};

}  // namespace netdoctor::collect::cluster

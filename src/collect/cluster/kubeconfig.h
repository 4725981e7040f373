// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace netdoctor::collect::cluster {

/// A credential (bearer token, private key, password). It has no operator<< and no implicit
/// conversion, so it cannot end up in a log line or an error message by accident; Reveal() is
/// called only where the value goes on the wire.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  bool empty() const { return value_.empty(); }
  const std::string& Reveal() const { return value_; }

 private:
  std::string value_;
};

/// users[].user.exec of a kubeconfig: a client-go credential plugin.
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or /v1beta1
  /// As written in the kubeconfig, except that a command containing a '/' has been made absolute
  /// against the kubeconfig's directory (client-go ResolveLocalPaths). A bare name is looked up
  /// in PATH when the plugin runs.
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // added to the inherited environment
  std::string interactive_mode;  // Never, IfAvailable, Always; netdoctor always runs it as Never
  bool provide_cluster_info = false;
  std::string install_hint;
};

/// Everything needed to reach one API server and authenticate to it, resolved from a kubeconfig
/// context or from the in-cluster service account. Paths are absolute; `*_pem` hold decoded
/// `*-data` fields.
struct ClusterAccess {
  std::string origin;   // "kubeconfig /root/.kube/config" or "in-cluster service account"
  std::string context;  // context name; empty in-cluster
  std::string cluster;  // cluster name (for messages)
  std::string user;     // user (AuthInfo) name (for messages, never a secret)
  std::string server;   // "https://host:port", without a trailing slash
  std::string namespace_;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string proxy_url;
  bool disable_compression = false;
  std::string ca_file;  // certificate-authority (absolute)
  std::string ca_pem;   // certificate-authority-data, decoded
  std::string client_cert_file;
  std::string client_cert_pem;
  std::string client_key_file;
  Secret client_key_pem;
  Secret token;
  std::string token_file;
  std::string username;  // basic auth (old clusters)
  Secret password;
  std::optional<ExecConfig> exec;

  /// Human description of the CA in use, for TLS errors: "CA file /x/ca.crt",
  /// "certificate-authority-data of cluster \"c\"", or "the system CA store".
  std::string DescribeCa() const;
};

/// Where the in-cluster configuration lives. Defaults are what every Pod sees; tests point
/// `service_account_dir` at a fixture directory.
struct InClusterOptions {
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
  std::string service_host;  // value of KUBERNETES_SERVICE_HOST ("" = unset)
  std::string service_port;  // value of KUBERNETES_SERVICE_PORT ("" = unset)
};

/// How to find the kubeconfig, mirroring kubectl's loading rules. The module reads no
/// environment variables itself: the CLI fills these from argv and the environment.
struct KubeconfigOptions {
  /// --kubeconfig: exactly this file, which must exist; no merge; wins over `kubeconfig_env`.
  std::string explicit_path;
  /// $KUBECONFIG: colon-separated files, merged; missing files are skipped as kubectl does.
  std::optional<std::string> kubeconfig_env;
  /// $HOME, for the default ~/.kube/config.
  std::string home;
  /// --context: overrides current-context.
  std::string context;
  /// When no kubeconfig gives a usable context, fall back to the in-cluster service account
  /// (if KUBERNETES_SERVICE_HOST/PORT are set and the token file exists), as client-go does.
  bool allow_in_cluster = true;
  InClusterOptions in_cluster;
};

/// The files kubectl would read for these options, in merge order (after dropping $KUBECONFIG
/// entries that do not exist and duplicates). Empty when nothing is configured.
std::vector<std::string> KubeconfigFiles(const KubeconfigOptions& opts);

/// Resolves the context to use (opts.context, else current-context) into a ClusterAccess:
/// loads certificate-authority / client-certificate / client-key / tokenFile contents, decodes
/// the `*-data` fields, and checks the combination as kubectl's validation does.
/// Errors (kNotFound, kInvalidInput, kParseError, kPermissionDenied) name the file and field,
/// e.g. "/root/.kube/config: users[dev].user.client-key: file not found: /root/.kube/dev.key".
/// Token values never appear in errors.
[[nodiscard]] Result<ClusterAccess> ResolveAccess(const KubeconfigOptions& opts);

/// The in-cluster configuration: https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT with
/// the service account's token file and ca.crt. Errors name the missing variable or file.
[[nodiscard]] Result<ClusterAccess> LoadInCluster(const InClusterOptions& opts);

/// Whether the in-cluster configuration can be used (both variables set, token file present).
bool InClusterPossible(const InClusterOptions& opts);

}  // namespace netdoctor::collect::cluster

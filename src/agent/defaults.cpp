// SPDX-License-Identifier: Apache-2.0
#include "agent/defaults.h"

#include <unistd.h>

#include <filesystem>

namespace netdoctor::agent {

Status ResolveDefaults(AgentOptions& o, const GetEnv& getenv) {
  auto env = [&](const char* name) -> std::string {
    const char* v = getenv ? getenv(name) : nullptr;
    return v ? v : "";
  };
  if (o.node_name.empty()) o.node_name = env("NODE_NAME");
  if (o.node_name.empty()) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) o.node_name = host;
  }
  if (o.node_name.empty()) return MakeError(ErrorCode::kInvalidInput, "no node name: set --node-name or $NODE_NAME");
  if (o.host_root.empty()) o.host_root = std::filesystem::is_directory("/host") ? "/host" : "/";
  if (!std::filesystem::is_directory(o.host_root)) {
    return MakeError(ErrorCode::kInvalidInput, "--host-root " + o.host_root + ": not a directory");
  }
  if (const std::string k = env("KUBECONFIG"); !k.empty()) o.kubeconfig.kubeconfig_env = k;
  o.kubeconfig.home = env("HOME");
  o.kubeconfig.in_cluster.service_host = env("KUBERNETES_SERVICE_HOST");
  o.kubeconfig.in_cluster.service_port = env("KUBERNETES_SERVICE_PORT");
  return Ok();
}

}  // namespace netdoctor::agent

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/cluster/kubeconfig.h"
#include "kb/loader.h"

namespace netdoctor::agent {

/// `netdoctor agent` options (flags in src/cli/agent_cmd.cpp).
struct AgentOptions {
  std::string node_name;  // resolved by the CLI: --node-name, $NODE_NAME, host name
  std::string host_root = "/";
  std::chrono::milliseconds interval{std::chrono::minutes(10)};
  bool jitter = true;  // ±10 % on each interval
  bool once = false;
  std::string metrics_addr;  // "" = no HTTP server
  std::string textfile_dir;  // "" = no textfile
  /// How to reach the API server. No kubeconfig and not in a Pod: the agent runs without
  /// publishing (metrics and textfile only) and says so.
  collect::cluster::KubeconfigOptions kubeconfig;
  bool kubeconfig_asked = false;  // --kubeconfig/--context given: failing to load them is fatal
  std::optional<collect::cluster::ClusterAccess> access;  // tests
  /// Test and benchmark hook: stop after this many cycles (0 = run until SIGTERM).
  long long max_cycles = 0;
  std::string version = "0.1.0";
};

/// The objects the agent reads and writes, as RBAC rules (group, resource, verb); the
/// ClusterRole in deploy/agent-rbac.yaml must grant exactly these (tests/agent/agent_rbac_test).
struct ApiPermission {
  std::string_view group, resource, verb;
};
const std::vector<ApiPermission>& AgentPermissions();

/// The ClusterRole that grants AgentPermissions().
inline constexpr std::string_view kAgentRoleName = "netdoctor-agent";
inline constexpr std::string_view kAgentRbacFile = "deploy/agent-rbac.yaml";

/// Runs cycles until SIGTERM/SIGINT (or once, or max_cycles), logging one line per cycle to
/// `log`. Never exits on API errors; returns 0 on a clean stop, 1 when it could not start
/// (bad --metrics-addr, --textfile not a directory, unusable --kubeconfig), and with --once 4 when
/// the cycle's results could not all be published.
int RunAgent(const AgentOptions& opts, const kb::KnowledgeBase& kb, std::ostream& log);

}  // namespace netdoctor::agent

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/result.h"
#include "facts/fact.h"
#include "version/range.h"

namespace netdoctor::gather {

/// Which inputs a run reads. With none of dumps/host_root/sosreport/facts/kubeconfig given,
/// `netdoctor check` examines this host (live, unless skip_live_host) and the current kube
/// context, if one is set.
struct InputOptions {
  std::vector<std::string> dumps;
  std::vector<std::string> facts_files;
  std::string host_root;
  std::string sosreport;
  std::string kubeconfig;
  std::string context;
  std::string node_name;  // host's Node name; default: the host name
  bool host_only = false;
  bool cluster_only = false;
  bool quiet = false;
  /// Run as `kubectl netdoctor`: the machine kubectl runs on is not a node, so it is examined
  /// only when asked (`--host`, which sets live_host).
  bool skip_live_host = false;
  bool live_host = false;
  bool progress = false;  // stderr is a TTY and not --quiet
  int page_size = 500;
  double qps = 50;
  int burst = 100;
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};
  int exec_timeout_s = 120;      // exec credential plugins, with what they start, killed after
  int max_retry_after_s = 60;    // longest Retry-After waited for
  bool allow_http_credentials = false;  // send a token/password to an http:// server
  /// Every sysctl the knowledge base names; the derivers' own (derive/sysctls.h) are added.
  std::vector<std::string> sysctls;
  std::vector<version::UpstreamFix> kernel_fixes;  // searched for in the kernel package changelog
  /// The run's "now" (NodeReport staleness); the epoch: unknown, no report is called stale.
  std::chrono::system_clock::time_point now{};
};

bool HasExplicitInput(const InputOptions& o);

/// Reads every requested input into one snapshot (host facts matched to their Node by name).
/// Overrides (--set) are not applied here: facts::ApplyOverrides does that, so a run can be
/// compared with and without them. An input that cannot be opened at all is an error (exit 1); a source
/// that was read in part lands in Snapshot::incomplete. The API server is the exception when
/// other inputs were read: failing to reach it makes the report partial (naming the cluster and
/// the error), so a node's own report survives a down control plane.
[[nodiscard]] Result<facts::Snapshot> GatherInputs(const InputOptions& opts, std::ostream& err);

}  // namespace netdoctor::gather

// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "collect/cluster/api_client.h"
#include "collect/cluster/clock.h"
#include "collect/cluster/kubeconfig.h"
#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::cluster {

/// One progress report, after every page (for a progress line on a terminal).
struct ScanProgress {
  std::string resource;  // "pods", "ippools.crd.projectcalico.org"
  int page = 0;
  std::uint64_t objects = 0;              // of this resource so far
  std::optional<std::int64_t> remaining;  // metadata.remainingItemCount, when sent
};

struct ScanOptions {
  /// How to find the cluster (ignored when `access` is set).
  KubeconfigOptions kubeconfig;
  /// A cluster already resolved (tests, the agent's in-cluster access).
  std::optional<ClusterAccess> access;
  ClientOptions client;
  /// `limit` of each list request. Memory grows with the page, not with the cluster.
  int page_size = 500;
  /// nullptr: the real clocks. Tests inject a clock whose sleeps return at once.
  Clock* clock = nullptr;
  std::function<void(const ScanProgress&)> on_progress;
  /// "Now" for the age of NodeReports (stale after three intervals); unset: none is stale.
  std::optional<std::chrono::system_clock::time_point> now = std::nullopt;
};

/// What one scan read, for the summary line and for tests and benchmarks.
struct ScanStats {
  std::string server;
  std::string context;
  std::string server_version;  // /version gitVersion
  std::uint64_t nodes = 0, pods = 0, services = 0, objects = 0;
  std::uint64_t lists = 0, pages = 0;
  std::uint64_t requests = 0, retries = 0, restarts = 0;
  std::uint64_t bytes = 0;
  std::size_t largest_page_bytes = 0;
  double wait_seconds = 0;    // the scan stood still waiting for the API server
  double parse_seconds = 0;   // parsing pages and mapping objects
  double finish_seconds = 0;  // ObjectMapper::Finish: turning what was kept into facts
  // Optional API groups present ("crd.projectcalico.org/v1"), absent (with why), and the
  // resources not listed because of that. An absent optional resource counts as an empty list.
  std::vector<std::string> groups_found;
  std::vector<std::string> groups_skipped;
  std::vector<std::string> resources_skipped;
};

/// Reads the cluster through the Kubernetes API and maps every object the knowledge base needs
/// (collect::offline::NeededResources()) into facts with the same ObjectMapper the dump input
/// uses, so both inputs give the same facts for the same objects. Lists go out in NeededResources()
/// order, one resource after the other, over one connection.
///
/// Order: GET /version, discovery (/api, /apis, /apis/<group>/<version> of the optional CRD
/// groups), then each needed resource as a paged list (limit/continue), each page parsed as it
/// arrives and then dropped: one page buffer, reused. Optional CRD groups
/// that are absent are skipped, listed as skipped, and their kinds reported to the mapper as empty
/// lists (facts about them are known, not unknown); everything that could not be read (403,
/// exhausted retries, a list whose continue token expired twice) goes into Snapshot::incomplete
/// with what to do about it.
///
/// 410 Gone on a continue token: the list restarts from the beginning once. Objects already
/// handed to the mapper are not handed again: the scan remembers a 64-bit hash of the uid of
/// every object it passed on for that list (8 bytes per object) and skips those on the second
/// pass, so nothing is counted twice; objects created in between are added, and objects deleted
/// in between stay as they were first seen. A second 410 leaves the list incomplete.
///
/// The snapshot's inputs get one "api" entry: server, context, version, counts of Nodes, Pods,
/// Services and objects, pages, retries, restarts, and the CRD groups found and skipped.
///
/// Errors (nothing usable was read): kubeconfig errors; the server unreachable (kIo naming the
/// server), TLS failures (naming the CA and the server name), 401 (kPermissionDenied: "credentials
/// rejected by <server> for user <user>"), credential plugin failures.
[[nodiscard]] Result<facts::Snapshot> ScanCluster(const ScanOptions& opts,
                                                  ScanStats* stats = nullptr);

}  // namespace netdoctor::collect::cluster

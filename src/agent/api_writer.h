// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "collect/cluster/api_client.h"
#include "core/result.h"

namespace netdoctor::agent {

/// API group, version and plural of the NodeReport custom resource (deploy/crd-nodereport.yaml).
inline constexpr std::string_view kNodeReportGroup = "netdoctor.io";
inline constexpr std::string_view kNodeReportVersion = "v1alpha1";
inline constexpr std::string_view kNodeReportPlural = "nodereports";
inline constexpr std::string_view kNodeReportsPath = "/apis/netdoctor.io/v1alpha1/nodereports";

/// One failed API call, for the api_errors metric: verb (RBAC verb: get, create, update, patch),
/// resource ("nodereports", "nodes/status", "events") and the HTTP code (0: no answer).
struct ApiCallFailure {
  std::string verb;
  std::string resource;
  long code = 0;
};

/// How a NodeReport write went.
struct ReportWrite {
  bool created = false;
  int conflicts = 0;  // 409 Conflict answers that made it read again
  std::string resource_version;
};

/// The agent's writes through one ApiClient, with Kubernetes' optimistic concurrency:
/// create → 409 AlreadyExists → get + update; update with resourceVersion → 409 Conflict → read
/// again and retry (a few times). Every failure is reported to `on_failure` (metrics) and comes
/// back as an Error whose message names the verb and the resource (and, for 403, what RBAC lacks).
class ApiWriter {
 public:
  ApiWriter(collect::cluster::ApiClient& client,
            std::function<void(const ApiCallFailure&)> on_failure)
      : client_(client), on_failure_(std::move(on_failure)) {}

  /// GET /api/v1/nodes/<name>: the Node object.
  [[nodiscard]] Result<nlohmann::json> GetNode(std::string_view name);

  /// GET of any object path; nullopt-like: a 404 gives kNotFound.
  [[nodiscard]] Result<std::string> GetRaw(std::string_view path, std::string_view resource);

  /// Creates or replaces the NodeReport `report` (metadata.name set, no resourceVersion).
  [[nodiscard]] Result<ReportWrite> PutNodeReport(const nlohmann::json& report);

  /// Strategic-merge patch of nodes/<name>/status with `conditions` (a list; merged by type).
  [[nodiscard]] Status PatchNodeConditions(std::string_view node, const nlohmann::json& conditions);

  /// POST /api/v1/namespaces/<ns>/events.
  [[nodiscard]] Status CreateEvent(std::string_view ns, const nlohmann::json& event);

 private:
  // One request; a non-2xx answer becomes an Error (and a failure report) unless `accept` says
  // the caller handles that code itself.
  Result<long> Call(std::string_view method, std::string_view path, std::string_view ctype,
                    std::string_view body, std::string_view verb, std::string_view resource,
                    std::string& answer, long accept = 0);

  collect::cluster::ApiClient& client_;
  std::function<void(const ApiCallFailure&)> on_failure_;
};

}  // namespace netdoctor::agent

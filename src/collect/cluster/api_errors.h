// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "collect/cluster/kubeconfig.h"

namespace netdoctor::collect::cluster {

/// The ClusterRole in deploy/rbac.yaml that grants exactly what netdoctor reads.
inline constexpr std::string_view kClusterRoleName = "netdoctor-reader";
inline constexpr std::string_view kRbacFile = "deploy/rbac.yaml";

/// A Kubernetes Status object (kind: Status) as the API server sends with 4xx/5xx answers.
/// Fields are empty when the body is not a Status (a proxy's HTML page, plain "404 page not
/// found"); `message` then holds the start of the body.
struct ApiStatus {
  long code = 0;
  std::string reason;  // Forbidden, Unauthorized, NotFound, Expired, TooManyRequests, ...
  std::string message;
  std::string details_kind;   // details.kind: the resource ("pods")
  std::string details_group;  // details.group ("" for the core group)
};

/// Never fails: whatever the body is, the result describes it.
ApiStatus ParseStatus(long http_code, std::string_view body);

/// 401: "credentials rejected by https://h:6443 for user \"dev\" (context \"c\", kubeconfig F):
/// renew the token, client certificate or exec plugin login". Never includes the token.
std::string DescribeUnauthorized(const ClusterAccess& access);

/// 403: the verb and resource refused, the server's own sentence, and what to apply:
/// deploy/rbac.yaml's ClusterRole netdoctor-reader, with the binding command for the user.
std::string DescribeForbidden(const ApiStatus& status, std::string_view verb,
                              std::string_view resource, std::string_view group,
                              std::string_view path);

/// Any other failed answer: "GET <path>: HTTP 503 ServiceUnavailable: <message>".
std::string DescribeHttpFailure(const ApiStatus& status, std::string_view path);

}  // namespace netdoctor::collect::cluster

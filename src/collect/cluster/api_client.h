// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "collect/cluster/clock.h"
#include "collect/cluster/credentials.h"
#include "collect/cluster/kubeconfig.h"
#include "core/result.h"

namespace netdoctor::collect::cluster {

/// Spare bytes after every response body (simdjson::SIMDJSON_PADDING).
inline constexpr std::size_t kBodyPadding = 64;

/// Limits and politeness of the API client. Defaults suit a large cluster; flags may raise them.
struct ClientOptions {
  /// TCP connect plus TLS handshake.
  Clock::Duration connect_timeout{std::chrono::seconds(10)};
  /// No byte received for this long while a response is due: the request fails as stalled.
  Clock::Duration stall_timeout{std::chrono::seconds(30)};
  /// Whole request, as a last bound.
  Clock::Duration request_timeout{std::chrono::minutes(5)};
  /// Client-side rate limit (token bucket). kubectl's client-go default is 5/10, which makes a
  /// 300-page scan crawl; these suit one read-only scan. qps <= 0 disables the limit.
  double qps = 50;
  int burst = 100;
  RetryPolicy retry;
  /// Ask for gzip (as client-go does); the API server compresses large lists.
  bool gzip = true;
  /// A response larger than this fails instead of growing memory without bound.
  std::size_t max_body_bytes = std::size_t{512} << 20;
  /// Exec credential plugins (with every process they started) are killed after this long.
  Clock::Duration exec_timeout{std::chrono::minutes(2)};
  /// Send a token or password to an http:// (not https) server; refused unless set.
  bool allow_http_credentials = false;
  std::string user_agent = "netdoctor/0.1.0";
};

/// The final answer to one GET (after retries). Any HTTP status; the body is in the caller's
/// buffer.
struct HttpResponse {
  long status = 0;
  std::string content_type;
  /// Requests sent for this answer (1 + retries; a 401 re-authentication is not counted).
  int attempts = 1;
  /// Why a retryable status (429, 5xx) was not retried further: "" when attempts ran out or
  /// the status is final; else e.g. the server's Retry-After being above the limit.
  std::string gave_up;
};

/// One request for ApiClient::Send. Writes (POST, PUT, PATCH) carry a JSON body of `content_type`.
struct HttpRequest {
  std::string_view method = "GET";
  std::string_view path;          // "/api/v1/nodes/n1/status"
  std::string_view content_type;  // "application/strategic-merge-patch+json"; "" without a body
  std::string_view body;
};

/// Counters of one client, for the scan summary.
struct ClientStats {
  std::uint64_t requests = 0;       // HTTP requests sent, retries included
  std::uint64_t retries = 0;        // repeated after 429, 5xx or a transport failure
  std::uint64_t throttled = 0;      // 429 answers
  std::uint64_t reauth = 0;         // repeated after 401 with refreshed credentials
  std::uint64_t bytes = 0;          // response body bytes received
  Clock::Duration rate_limited{0};  // time spent waiting for the client-side rate limit
};

/// A GET-only client for one API server over one reused libcurl connection: TLS as the
/// kubeconfig says (CA file or data, client certificate, tls-server-name, insecure), bearer
/// token from the CredentialSource, rate limit, retries with back-off and jitter (429 honours
/// Retry-After; 5xx, resets, stalls and failed connects are retried), and a per-request stall
/// timeout. Not thread-safe: one scan, one client.
class ApiClient {
 public:
  [[nodiscard]] static Result<std::unique_ptr<ApiClient>> Create(ClusterAccess access,
                                                                 ClientOptions opts, Clock& clock);
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  /// GETs `path` ("/api/v1/pods?limit=500") from the server. The body goes into `body` (cleared
  /// first; capacity kept, so a buffer reused across pages stops growing at the largest page;
  /// capacity() >= size() + kBodyPadding, for parsers that read ahead such as simdjson).
  /// Returns the final HTTP answer, whatever its status, once retries are spent.
  /// Errors: kIo (cannot connect, DNS, reset after all retries, TLS verification naming the CA
  /// and the server name), kTimeout (connect, stall), kPermissionDenied (client certificate
  /// refused in the handshake), credential errors (exec plugin, token file).
  [[nodiscard]] Result<HttpResponse> Get(std::string_view path, std::string& body);

  /// Any verb, with the same transport, credentials, rate limit and retries as Get (429, 5xx and
  /// transport failures are retried for writes too: every write netdoctor makes is safe to repeat,
  /// a repeated create answers 409 AlreadyExists). The answer's body goes into `body`.
  [[nodiscard]] Result<HttpResponse> Send(const HttpRequest& req, std::string& body);

  const ClientStats& stats() const { return stats_; }
  const ClusterAccess& access() const { return access_; }

 private:
  struct Impl;
  ApiClient(ClusterAccess access, ClientOptions opts, Clock& clock);

  ClusterAccess access_;
  ClientOptions opts_;
  Clock& clock_;
  ClientStats stats_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace netdoctor::collect::cluster

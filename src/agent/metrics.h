// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/result.h"
#include "engine/finding.h"

namespace netdoctor::agent {

/// What /metrics and the textfile show: the last finished cycle's results (kept while the API is
/// down) and the counters since start.
struct MetricsSnapshot {
  std::string version, kb_revision;
  struct Finding {
    std::string id, component, severity, status;
  };
  std::vector<Finding> findings;  // node-scope findings of the last cycle
  double cycle_duration_seconds = 0;
  double last_cycle_timestamp_seconds = 0;
  long long facts_unknown = 0;
  long long cycles = 0;
  double last_publish_timestamp_seconds = 0;  // last cycle whose results all reached the API
  // (verb, resource, code) → count
  std::map<std::tuple<std::string, std::string, long>, long long> api_errors;
};

/// Fills the finding list from a cycle's node-scope findings.
void SetFindings(MetricsSnapshot& m, const engine::Findings& findings);

/// The Prometheus text exposition format (version 0.0.4).
std::string RenderMetrics(const MetricsSnapshot& m);

/// Writes `text` as DIR/netdoctor.prom through a temporary file in DIR and rename(2), so
/// node-exporter's textfile collector never reads half a file.
[[nodiscard]] Status WriteTextfile(const std::string& dir, const std::string& text);

/// A minimal HTTP/1.1 server on one thread: GET /metrics (the current text), GET /healthz (ok),
/// anything else 404. One request per connection; slow clients time out after 5 s.
class MetricsServer {
 public:
  MetricsServer() = default;
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  /// Listens on "HOST:PORT" ("0.0.0.0:9102", "127.0.0.1:0"). Errors name the address.
  [[nodiscard]] Status Start(const std::string& addr);
  void Stop();
  int port() const { return port_; }
  void SetText(std::string text);

 private:
  void Serve();
  void Answer(int fd);

  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::string text_;
};

}  // namespace netdoctor::agent

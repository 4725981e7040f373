// SPDX-License-Identifier: Apache-2.0
#include "agent/metrics.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "kb/issue.h"
#include "report/prometheus.h"

namespace netdoctor::agent {
namespace {

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Fixed(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

void SetFindings(MetricsSnapshot& m, const engine::Findings& findings) {
  m.findings.clear();
  for (const auto& g : findings.groups) {
    // One node: a node-scope entry's worst verdict is this node's.
    if (g.issue->scope != kb::IssueScope::kNode) continue;
    const struct { const kb::Issue* issue; engine::Verdict status; } f{g.issue, g.worst()};
    m.findings.push_back({f.issue->id, f.issue->component,
                          std::string(kb::SeverityName(f.issue->severity)),
                          std::string(engine::VerdictName(f.status))});
  }
}

std::string RenderMetrics(const MetricsSnapshot& m) {
  std::string o;
  o.reserve(4096 + m.findings.size() * 120);
  report::PromHead(o, "netdoctor_build_info", "gauge",
                   "Agent version and knowledge-base revision.");
  o += "netdoctor_build_info{version=\"" + report::PromEscape(m.version) + "\",kb_revision=\"" +
       report::PromEscape(m.kb_revision) + "\"} 1\n";
  // The finding series are shared with `check -o prometheus` (report/prometheus.h).
  std::vector<report::EntryStatus> entries;
  entries.reserve(m.findings.size());
  for (const auto& f : m.findings) entries.push_back({f.id, f.component, f.severity, f.status});
  report::WriteFindingSeries(o, entries, "Node-scope knowledge-base entries");
  report::PromHead(o, "netdoctor_cycle_duration_seconds", "gauge", "Wall time of the last cycle.");
  o += "netdoctor_cycle_duration_seconds " + Num(m.cycle_duration_seconds) + "\n";
  report::PromHead(o, "netdoctor_last_cycle_timestamp_seconds", "gauge",
                   "When the last cycle finished (Unix time).");
  o += "netdoctor_last_cycle_timestamp_seconds " + Fixed(m.last_cycle_timestamp_seconds) + "\n";
  report::PromHead(o, "netdoctor_last_publish_timestamp_seconds", "gauge",
                   "When results last reached the API server (Unix time; 0: never).");
  o += "netdoctor_last_publish_timestamp_seconds " + Fixed(m.last_publish_timestamp_seconds) +
       "\n";
  report::PromHead(o, "netdoctor_facts_unknown", "gauge",
                   "Facts of this node that could not be read.");
  o += "netdoctor_facts_unknown " + std::to_string(m.facts_unknown) + "\n";
  report::PromHead(o, "netdoctor_cycles_total", "counter", "Cycles run since start.");
  o += "netdoctor_cycles_total " + std::to_string(m.cycles) + "\n";
  report::PromHead(o, "netdoctor_api_errors_total", "counter",
                   "Failed API calls by verb, resource and HTTP code (0: no answer).");
  for (const auto& [key, n] : m.api_errors) {
    const auto& [verb, resource, code] = key;
    o += "netdoctor_api_errors_total{verb=\"" + report::PromEscape(verb) + "\",resource=\"" +
         report::PromEscape(resource) + "\",code=\"" + std::to_string(code) + "\"} " +
         std::to_string(n) + "\n";
  }
  return o;
}

Status WriteTextfile(const std::string& dir, const std::string& text) {
  const std::string final_path = dir + "/netdoctor.prom";
  std::string tmp = dir + "/.netdoctor.prom.XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, "--textfile " + dir + ": cannot create a file there: " +
                                         std::strerror(errno));
  }
  fchmod(fd, 0644);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      close(fd);
      unlink(tmp.c_str());
      return MakeError(ErrorCode::kIo, "write " + tmp + ": " + std::strerror(e));
    }
    done += static_cast<std::size_t>(n);
  }
  if (close(fd) != 0 || rename(tmp.c_str(), final_path.c_str()) != 0) {
    const int e = errno;
    unlink(tmp.c_str());
    return MakeError(ErrorCode::kIo, "rename to " + final_path + ": " + std::strerror(e));
  }
  return Ok();
}

MetricsServer::~MetricsServer() { Stop(); }

Status MetricsServer::Start(const std::string& addr) {
  const auto colon = addr.rfind(':');
  if (colon == std::string::npos) {
    return MakeError(ErrorCode::kInvalidInput, "--metrics-addr " + addr + ": expected HOST:PORT");
  }
  std::string host = addr.substr(0, colon);
  const std::string port = addr.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (const int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &res);
      rc != 0) {
    return MakeError(ErrorCode::kInvalidInput,
                     "--metrics-addr " + addr + ": " + gai_strerror(rc));
  }
  const int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 16) != 0) {
    const int e = errno;
    if (fd >= 0) close(fd);
    freeaddrinfo(res);
    return MakeError(ErrorCode::kIo, "--metrics-addr " + addr + ": " + std::strerror(e));
  }
  freeaddrinfo(res);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  port_ = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                         : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  if (pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    close(fd);
    return MakeError(ErrorCode::kIo, "pipe: " + std::string(std::strerror(errno)));
  }
  listen_fd_ = fd;
  thread_ = std::thread([this] { Serve(); });
  return Ok();
}

void MetricsServer::Stop() {
  if (thread_.joinable()) {
    const char c = 'x';
    [[maybe_unused]] auto n = write(stop_pipe_[1], &c, 1);
    thread_.join();
  }
  for (int* fd : {&listen_fd_, &stop_pipe_[0], &stop_pipe_[1]}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
}

void MetricsServer::SetText(std::string text) {
  std::lock_guard<std::mutex> lock(mu_);
  text_ = std::move(text);
}

void MetricsServer::Serve() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    if (!(fds[0].revents & POLLIN)) continue;
    const int c = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    Answer(c);
    close(c);
  }
}

void MetricsServer::Answer(int fd) {
  // Read the request head (up to 8 KiB, 5 s); only the request line matters.
  std::string req;
  char buf[2048];
  while (req.find("\r\n\r\n") == std::string::npos && req.size() < 8192) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) return;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    req.append(buf, static_cast<std::size_t>(n));
  }
  const auto sp1 = req.find(' ');
  const auto sp2 = req.find(' ', sp1 + 1);
  const std::string method = req.substr(0, sp1);
  std::string path = sp1 == std::string::npos ? "" : req.substr(sp1 + 1, sp2 - sp1 - 1);
  path = path.substr(0, path.find('?'));
  int code = 200;
  std::string body, ctype = "text/plain; charset=utf-8";
  if (method != "GET" && method != "HEAD") {
    code = 405;
    body = "method not allowed\n";
  } else if (path == "/metrics") {
    std::lock_guard<std::mutex> lock(mu_);
    body = text_;
    ctype = "text/plain; version=0.0.4; charset=utf-8";
  } else if (path == "/healthz") {
    body = "ok\n";
  } else {
    code = 404;
    body = "not found; try /metrics or /healthz\n";
  }
  const char* phrase = code == 200 ? "OK" : code == 404 ? "Not Found" : "Method Not Allowed";
  std::string out = "HTTP/1.1 " + std::to_string(code) + " " + phrase + "\r\nContent-Type: " +
                    ctype + "\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\nConnection: close\r\n\r\n";
  if (method != "HEAD") out += body;
  std::size_t done = 0;
  while (done < out.size()) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, 5000) <= 0) return;
    const ssize_t n = send(fd, out.data() + done, out.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace netdoctor::agent

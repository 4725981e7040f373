// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/api_client.h"

#include <algorithm>

#include <curl/curl.h>
#include <fmt/format.h>

#include "collect/cluster/curl_loader.h"
#include "core/strings.h"

namespace netdoctor::collect::cluster {
namespace {

// Host, port and the rest of a server URL, split by libcurl's own parser.
struct ServerUrl {
  std::string scheme, host, port, path;
};

Result<ServerUrl> SplitServer(const std::string& server) {
  CURLU* u = curl_url();
  if (!u) return MakeError(ErrorCode::kInternal, "out of memory");
  ServerUrl out;
  auto part = [&](CURLUPart p, std::string& into, unsigned flags) {
    char* v = nullptr;
    if (curl_url_get(u, p, &v, flags) == CURLUE_OK && v) {
      into = v;
      curl_free(v);
    }
  };
  if (curl_url_set(u, CURLUPART_URL, server.c_str(), 0) != CURLUE_OK) {
    curl_url_cleanup(u);
    return MakeError(ErrorCode::kInvalidInput, "server \"" + server + "\" is not a valid URL");
  }
  part(CURLUPART_SCHEME, out.scheme, 0);
  part(CURLUPART_HOST, out.host, 0);
  part(CURLUPART_PORT, out.port, CURLU_DEFAULT_PORT);
  part(CURLUPART_PATH, out.path, 0);
  curl_url_cleanup(u);
  if (out.scheme != "https" && out.scheme != "http") {
    return MakeError(ErrorCode::kInvalidInput,
                     "server \"" + server + "\" must be an http or https URL");
  }
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  return out;
}

// Retry-After as delta-seconds (what the API server sends). HTTP-dates are not used by it.
std::optional<Clock::Duration> ParseRetryAfter(std::string_view v) {
  auto n = core::ParseInt(core::Trim(v));
  if (!n || *n < 0) return std::nullopt;
  return std::chrono::duration_cast<Clock::Duration>(std::chrono::seconds(*n));
}

bool RetryableStatus(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

}  // namespace

struct ApiClient::Impl {
  CURL* curl = nullptr;
  std::string base_url;  // scheme://host:port/prefix (host = tls-server-name when set)
  std::string host_header;
  curl_slist* connect_to = nullptr;
  CredentialSource creds;
  TokenBucket bucket;
  char errbuf[CURL_ERROR_SIZE] = {};
  std::string exec_cert, exec_key;  // what the exec plugin last gave (blobs are copied by curl)

  // Per-transfer state, reset before every perform.
  std::string* body = nullptr;
  std::size_t max_body = 0;
  bool too_big = false;
  bool stalled = false;
  std::chrono::steady_clock::time_point last_data;
  curl_off_t last_dlnow = 0;
  Clock::Duration stall_timeout{0};
  std::string retry_after;
  std::string content_type;
  size_t content_length = 0;
  bool encoded = false;  // Content-Encoding: the body grows past Content-Length when decoded

  Impl(const ClusterAccess& access, const ClientOptions& opts, Clock& clock)
      : creds(access, clock, opts.exec_timeout), bucket(opts.qps, opts.burst, clock) {}
  ~Impl() {
    if (curl) curl_easy_cleanup(curl);
    if (connect_to) curl_slist_free_all(connect_to);
  }

  static size_t OnBody(char* data, size_t size, size_t n, void* self_v) {
    auto* self = static_cast<Impl*>(self_v);
    const size_t len = size * n;
    if (self->body->size() + len > self->max_body) {
      self->too_big = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    // Grow geometrically and keep kBodyPadding spare bytes, so a parser that reads past the end
    // (simdjson) can use the buffer in place instead of copying the page.
    size_t need = self->body->size() + len + kBodyPadding;
    if (self->body->capacity() < need) {
      // The exact size when the server said it (and the body is not compressed), else doubling.
      if (self->body->empty() && self->content_length > 0 && !self->encoded) {
        need = std::max(need, std::min(self->content_length, self->max_body) + kBodyPadding);
      }
      self->body->reserve(std::max(need, self->body->empty() ? need : self->body->capacity() * 2));
    }
    self->body->append(data, len);
    return len;
  }

  static size_t OnHeader(char* data, size_t size, size_t n, void* self_v) {
    auto* self = static_cast<Impl*>(self_v);
    std::string_view line(data, size * n);
    if (line.substr(0, 5) == "HTTP/") {  // a new response (after 100 Continue or a proxy)
      self->retry_after.clear();
      self->content_type.clear();
      self->content_length = 0;
      self->encoded = false;
      return size * n;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return size * n;
    const std::string name = core::ToLower(core::Trim(line.substr(0, colon)));
    const std::string_view value = core::Trim(line.substr(colon + 1));
    if (name == "retry-after") self->retry_after = std::string(value);
    if (name == "content-type") self->content_type = std::string(value);
    if (name == "content-length") {
      const auto v = core::ParseInt(value);
      self->content_length = v && *v > 0 ? static_cast<size_t>(*v) : 0;
    }
    if (name == "content-encoding") self->encoded = true;
    return size * n;
  }

  // Stall detection with millisecond resolution (CURLOPT_LOW_SPEED_TIME counts whole seconds).
  static int OnProgress(void* self_v, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t) {
    auto* self = static_cast<Impl*>(self_v);
    const auto now = std::chrono::steady_clock::now();
    if (dlnow != self->last_dlnow) {
      self->last_dlnow = dlnow;
      self->last_data = now;
      return 0;
    }
    if (now - self->last_data > self->stall_timeout) {
      self->stalled = true;
      return 1;
    }
    return 0;
  }
};

ApiClient::ApiClient(ClusterAccess access, ClientOptions opts, Clock& clock)
    : access_(std::move(access)), opts_(std::move(opts)), clock_(clock) {}

ApiClient::~ApiClient() = default;

Result<std::unique_ptr<ApiClient>> ApiClient::Create(ClusterAccess access, ClientOptions opts,
                                                     Clock& clock) {
  // Loads libcurl and runs curl_global_init.
  if (auto loaded = LoadLibcurl(); !loaded) return tl::unexpected(loaded.error());
  auto url = SplitServer(access.server);
  if (!url) return tl::unexpected(url.error());
  if (url->scheme == "http" && !opts.allow_http_credentials) {
    // Plain http:// would show the token or password to anyone on the path; kubectl sends it
    // anyway, we ask first.
    const char* what = !access.token.empty() || !access.token_file.empty() ? "bearer token"
                       : !access.username.empty()                          ? "password"
                       : access.exec                                       ? "exec plugin token"
                                                                           : nullptr;
    if (what) {
      return MakeError(ErrorCode::kInvalidInput,
                       fmt::format("refusing to send the {} of user \"{}\" over plain http:// to "
                                   "{}: anyone on the network path could read it; use an https:// "
                                   "server, or pass --insecure-allow-http-credentials",
                                   what, access.user, access.server));
    }
  }
  std::unique_ptr<ApiClient> c(new ApiClient(std::move(access), std::move(opts), clock));
  const ClusterAccess& a = c->access_;
  c->impl_ = std::make_unique<Impl>(a, c->opts_, clock);
  Impl& im = *c->impl_;
  im.curl = curl_easy_init();
  if (!im.curl) return MakeError(ErrorCode::kInternal, "curl_easy_init failed");
  CURL* h = im.curl;

  // tls-server-name: the URL carries the name to verify and send as SNI, CONNECT_TO points the
  // connection at the real address, and the Host header keeps the real one (as Go's
  // tls.Config.ServerName does).
  std::string host = url->host;
  if (!a.tls_server_name.empty() && url->scheme == "https") {
    host = a.tls_server_name;
    const std::string entry = host + ":" + url->port + ":" + url->host + ":" + url->port;
    im.connect_to = curl_slist_append(nullptr, entry.c_str());
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, im.connect_to);
    im.host_header = "Host: " + url->host + ":" + url->port;
  }
  im.base_url = url->scheme + "://" + host + ":" + url->port + url->path;

  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, im.errbuf);
  curl_easy_setopt(h, CURLOPT_USERAGENT, c->opts_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(c->opts_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(c->opts_.request_timeout.count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &im);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &im);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &Impl::OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &im);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  // Larger reads than the 16 KiB default: fewer callbacks and syscalls per multi-MiB page (the
  // curl command line tool uses 100 KiB).
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 256L * 1024);
  if (c->opts_.gzip && !a.disable_compression) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
  if (!a.proxy_url.empty()) curl_easy_setopt(h, CURLOPT_PROXY, a.proxy_url.c_str());

  if (a.insecure_skip_tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!a.ca_file.empty() || !a.ca_pem.empty()) {
    // A configured CA replaces the system roots, as in kubectl; Debian's libcurl would otherwise
    // also trust every certificate in /etc/ssl/certs through CAPATH.
    curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
    if (!a.ca_file.empty()) {
      curl_easy_setopt(h, CURLOPT_CAINFO, a.ca_file.c_str());
    } else {
      curl_blob blob{const_cast<char*>(a.ca_pem.data()), a.ca_pem.size(), CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
    }
  }
  if (!a.client_cert_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT, a.client_cert_file.c_str());
  } else if (!a.client_cert_pem.empty()) {
    curl_blob blob{const_cast<char*>(a.client_cert_pem.data()), a.client_cert_pem.size(),
                   CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &blob);
  }
  if (!a.client_key_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLKEY, a.client_key_file.c_str());
  } else if (!a.client_key_pem.empty()) {
    const std::string& key = a.client_key_pem.Reveal();
    curl_blob blob{const_cast<char*>(key.data()), key.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &blob);
  }
  if (!a.username.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, a.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, a.password.Reveal().c_str());
  }
  return c;
}

Result<HttpResponse> ApiClient::Get(std::string_view path, std::string& body) {
  return Send(HttpRequest{"GET", path, "", ""}, body);
}

Result<HttpResponse> ApiClient::Send(const HttpRequest& req, std::string& body) {
  Impl& im = *impl_;
  CURL* h = im.curl;
  const std::string_view path = req.path;
  const std::string url = im.base_url + std::string(path);
  const std::string what = std::string(req.method) + " " + std::string(path);
  const bool has_body = req.method != "GET";
  int attempt = 0;
  bool reauthed = false;
  for (;;) {
    auto token = im.creds.BearerToken();
    if (!token) return tl::unexpected(token.error());
    auto exec_cert = im.creds.ExecClientCert();
    if (!exec_cert) return tl::unexpected(exec_cert.error());
    if (!exec_cert->first.empty() &&
        (exec_cert->first != im.exec_cert || exec_cert->second != im.exec_key)) {
      im.exec_cert = exec_cert->first;
      im.exec_key = exec_cert->second;
      curl_blob cert{im.exec_cert.data(), im.exec_cert.size(), CURL_BLOB_COPY};
      curl_blob key{im.exec_key.data(), im.exec_key.size(), CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
      curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
    }
    curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
    if (!im.host_header.empty()) headers = curl_slist_append(headers, im.host_header.c_str());
    if (!token->empty()) {
      const std::string auth = "Authorization: Bearer " + *token;
      headers = curl_slist_append(headers, auth.c_str());
    }
    if (has_body) {
      const std::string ct = "Content-Type: " + std::string(req.content_type);
      headers = curl_slist_append(headers, ct.c_str());
      headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(req.method).c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());

    stats_.rate_limited += im.bucket.Acquire();
    body.clear();
    im.body = &body;
    im.max_body = opts_.max_body_bytes;
    im.too_big = false;
    im.stalled = false;
    im.last_data = std::chrono::steady_clock::now();
    im.last_dlnow = 0;
    im.stall_timeout = opts_.stall_timeout;
    im.retry_after.clear();
    im.content_type.clear();
    im.content_length = 0;
    im.encoded = false;
    im.errbuf[0] = '\0';
    ++stats_.requests;
    const CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    if (has_body) {  // back to plain GETs for the next request on this handle
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    stats_.bytes += body.size();

    if (rc != CURLE_OK) {
      const std::string detail = im.errbuf[0] ? std::string(im.errbuf) : curl_easy_strerror(rc);
      const std::string& server = access_.server;
      const std::string name = access_.tls_server_name.empty()
                                   ? std::string("the host name in the URL")
                                   : "tls-server-name \"" + access_.tls_server_name + "\"";
      bool retryable = false;
      Error err(ErrorCode::kIo, "");
      switch (rc) {
        case CURLE_COULDNT_RESOLVE_HOST:
          retryable = true;
          err = Error(ErrorCode::kIo, "cannot resolve the host of API server " + server + " (" +
                                          detail + "); check the kubeconfig's server address");
          break;
        case CURLE_COULDNT_CONNECT:
          retryable = true;
          err = Error(ErrorCode::kIo, "cannot connect to API server " + server + " (" + detail +
                                          "); is it running and is the server address right?");
          break;
        case CURLE_OPERATION_TIMEDOUT:
          retryable = true;
          err = Error(ErrorCode::kTimeout, "API server " + server + " did not answer " + what +
                                               " in time (" + detail + ")");
          break;
        case CURLE_ABORTED_BY_CALLBACK:
          retryable = true;
          err = Error(ErrorCode::kTimeout,
                      "API server " + server + " stopped sending the response to " + what +
                          " (no data for " + std::to_string(opts_.stall_timeout.count()) + " ms)");
          break;
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
          retryable = true;
          err = Error(ErrorCode::kIo, "connection to API server " + server + " broke during " +
                                          what + " (" + detail + ")");
          break;
        case CURLE_PEER_FAILED_VERIFICATION:
          err = Error(ErrorCode::kIo, "TLS: the certificate of API server " + server +
                                          " could not be verified against " + access_.DescribeCa() +
                                          " for " + name + " (" + detail +
                                          "); check certificate-authority(-data) and "
                                          "tls-server-name of cluster \"" +
                                          access_.cluster + "\"");
          break;
        case CURLE_SSL_CACERT_BADFILE:
          err = Error(ErrorCode::kInvalidInput,
                      "TLS: cannot load " + access_.DescribeCa() + " (" + detail + ")");
          break;
        case CURLE_SSL_CERTPROBLEM:
          err = Error(ErrorCode::kInvalidInput, "TLS: the client certificate or key of user \"" +
                                                    access_.user + "\" cannot be used (" + detail +
                                                    ")");
          break;
        case CURLE_SSL_CONNECT_ERROR:
          err = Error(ErrorCode::kIo, "TLS handshake with API server " + server + " failed (" +
                                          detail + "); CA: " + access_.DescribeCa() +
                                          ", server name: " + name);
          break;
        case CURLE_WRITE_ERROR:
          if (im.too_big) {
            err = Error(ErrorCode::kInvalidInput, "the answer to " + what + " is larger than " +
                                                      std::to_string(opts_.max_body_bytes >> 20) +
                                                      " MiB; lower --page-size");
            break;
          }
          [[fallthrough]];
        default:
          err = Error(ErrorCode::kIo, what + " on " + server + " failed: " + detail);
      }
      if (retryable && attempt + 1 < opts_.retry.max_attempts) {
        ++stats_.retries;
        clock_.SleepFor(opts_.retry.Backoff(attempt, clock_));
        ++attempt;
        continue;
      }
      if (retryable && attempt > 0) {
        return MakeError(err.code(), err.message() + " [gave up after " +
                                         std::to_string(attempt + 1) + " attempts]");
      }
      return tl::unexpected(std::move(err));
    }

    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status == 401 && !reauthed && im.creds.Invalidate()) {
      // client-go runs the exec plugin again after a 401; a rotated token file is re-read too.
      reauthed = true;
      ++stats_.reauth;
      continue;
    }
    if (RetryableStatus(status) && attempt + 1 < opts_.retry.max_attempts) {
      if (status == 429) ++stats_.throttled;
      Clock::Duration wait = opts_.retry.Backoff(attempt, clock_);
      if (auto ra = ParseRetryAfter(im.retry_after)) {
        // The server knows when it will have room; a request for more than we are willing to
        // wait ends the retries instead of hanging the scan, and the answer says so.
        if (*ra > opts_.retry.max_retry_after) {
          using std::chrono::duration_cast;
          using std::chrono::seconds;
          return HttpResponse{
              status, im.content_type, attempt + 1,
              fmt::format("the server asked to retry after {} s (Retry-After), longer than the "
                          "{} s netdoctor waits at most (--max-retry-after)",
                          duration_cast<seconds>(*ra).count(),
                          duration_cast<seconds>(opts_.retry.max_retry_after).count())};
        }
        wait = std::max(*ra, Clock::Duration{0});
      }
      ++stats_.retries;
      clock_.SleepFor(wait);
      ++attempt;
      continue;
    }
    if (status == 429) ++stats_.throttled;
    return HttpResponse{status, im.content_type, attempt + 1, {}};
  }
}

}  // namespace netdoctor::collect::cluster

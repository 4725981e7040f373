// SPDX-License-Identifier: Apache-2.0
#include "agent/agent.h"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <dirent.h>
#include <ostream>
#include <random>

#include "agent/api_writer.h"
#include "agent/cycle.h"
#include "agent/metrics.h"
#include "agent/publish.h"
#include "collect/cluster/api_client.h"
#include "collect/cluster/curl_loader.h"
#include "kb/embedded.h"

namespace netdoctor::agent {
namespace {

int g_wake_fd = -1;  // write end of the self-pipe the signal handler pokes
volatile sig_atomic_t g_stop = 0;

void OnSignal(int) {
  g_stop = 1;
  const int saved = errno;
  if (g_wake_fd >= 0) {
    const char c = 's';
    [[maybe_unused]] auto n = write(g_wake_fd, &c, 1);
  }
  errno = saved;
}

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

double UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Resident set in KiB and open descriptors of this process, for the cycle log line (the leak
// test and the benchmark read them from there).
std::pair<long, int> RssAndFds() {
  long rss_kb = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    long size = 0, resident = 0;
    if (std::fscanf(f, "%ld %ld", &size, &resident) == 2) rss_kb = resident * (getpagesize() / 1024);
    std::fclose(f);
  }
  int fds = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') ++fds;
    }
    closedir(d);
    --fds;  // the directory stream's own descriptor
  }
  return {rss_kb, fds};
}

// What was last published successfully, so that only changes are written.
struct Published {
  std::string report_hash;
  std::chrono::steady_clock::time_point report_written{};
  bool report_ever = false;
  std::map<std::string, std::string> cond_status;      // type → status
  std::map<std::string, std::string> cond_text;        // type → reason + message
  std::map<std::string, std::string> cond_transition;  // type → lastTransitionTime
  std::map<std::string, bool> affected;                // entry → affected (for Events)
};

class Agent {
 public:
  Agent(const AgentOptions& o, const kb::KnowledgeBase& kb, std::ostream& log)
      : o_(o), kb_(kb), log_(log), checks_(NodeChecks(kb)), sysctls_(KbSysctls(kb)),
        rng_(std::random_device{}()) {
    metrics_.version = o.version;
    metrics_.kb_revision = std::string(kb::EmbeddedRevision());
  }

  int Run();

 private:
  bool ConnectApi();
  void ReleaseApi();
  void Cycle();
  bool Publish();
  void Expose();
  std::chrono::milliseconds Jittered(std::chrono::milliseconds d) {
    if (!o_.jitter || d.count() == 0) return d;
    std::uniform_real_distribution<double> u(0.9, 1.1);
    return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(d.count()) * u(rng_)));
  }
  // Waits up to `d`; false when a stop signal came.
  bool Wait(std::chrono::milliseconds d);

  const AgentOptions& o_;
  const kb::KnowledgeBase& kb_;
  std::ostream& log_;
  std::vector<const kb::Issue*> checks_;
  std::vector<std::string> sysctls_;
  std::mt19937_64 rng_;
  int wake_[2] = {-1, -1};

  std::unique_ptr<collect::cluster::ApiClient> client_;
  std::unique_ptr<ApiWriter> api_;
  bool api_configured_ = false;
  std::string api_setup_error_;

  std::optional<CycleResult> last_;
  std::chrono::system_clock::time_point last_collected_{};
  Published pub_;
  MetricsSnapshot metrics_;
  MetricsServer server_;
  long long events_sent_ = 0;
  bool seeded_ = false;
};

bool Agent::Wait(std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  for (;;) {
    if (g_stop) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return true;
    pollfd p{wake_[0], POLLIN, 0};
    const int rc = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60000)));
    if (rc > 0) {
      char buf[16];
      [[maybe_unused]] auto n = read(wake_[0], buf, sizeof buf);
    }
  }
}

bool Agent::ConnectApi() {
  if (api_) return true;
  collect::cluster::ClusterAccess access;
  if (o_.access) {
    access = *o_.access;
  } else {
    const bool configured = o_.kubeconfig_asked ||
                            !collect::cluster::KubeconfigFiles(o_.kubeconfig).empty() ||
                            collect::cluster::InClusterPossible(o_.kubeconfig.in_cluster);
    if (!configured) return false;
    auto a = collect::cluster::ResolveAccess(o_.kubeconfig);
    if (!a) {
      api_setup_error_ = a.error().ToString();
      return false;
    }
    access = std::move(*a);
  }
  collect::cluster::ClientOptions co;
  co.connect_timeout = std::chrono::seconds(5);
  co.stall_timeout = std::chrono::seconds(15);
  co.request_timeout = std::chrono::seconds(30);
  co.qps = 0;  // a dozen requests per cycle; no client-side limit needed
  co.retry.max_attempts = 2;  // longer outages are the agent's own retry loop
  co.retry.max = std::chrono::seconds(2);
  co.user_agent = "netdoctor-agent/" + o_.version;
  auto c = collect::cluster::ApiClient::Create(std::move(access), co,
                                               collect::cluster::SystemClock());
  if (!c) {
    api_setup_error_ = c.error().ToString();
    return false;
  }
  client_ = std::move(*c);
  api_ = std::make_unique<ApiWriter>(*client_, [this](const ApiCallFailure& f) {
    ++metrics_.api_errors[{f.verb, f.resource, f.code}];
  });
  api_configured_ = true;
  return true;
}

// Before a wait of kReleaseAfter or more the agent keeps only its results: the API client goes
// (the next cycle resolves the kubeconfig or service-account token again, so a rotated token is
// picked up), libcurl and the libraries it brought in are unloaded, and freed heap pages go back
// to the kernel. An idle agent (10 minutes between cycles by default) then does not keep ~4 MiB
// of TLS, Kerberos, LDAP, SSH and HTTP/2 code and ~1 MiB of free heap mapped; the next cycle pays
// for the reload and a new TLS handshake (bench/agent_bench.sh measures both ways). Back-to-back
// cycles (tests, --interval 0) keep the connection.
constexpr std::chrono::milliseconds kReleaseAfter{500};

void Agent::ReleaseApi() {
  api_.reset();
  client_.reset();
  collect::cluster::UnloadLibcurl();
  malloc_trim(0);
}

void Agent::Cycle() {
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = CpuSeconds();
  const auto now = std::chrono::system_clock::now();
  ConnectApi();
  CycleInputs in{o_.node_name, o_.host_root, &kb_, &checks_, &sysctls_, api_.get(), now};
  CycleResult r = RunCycle(in);
  if (r.node_uid.empty() && last_) r.node_uid = last_->node_uid;  // keep what we knew
  last_ = std::move(r);
  last_collected_ = now;
  const bool published = api_ ? Publish() : false;
  if (published) metrics_.last_publish_timestamp_seconds = UnixSeconds(now);
  const bool publishing = api_ != nullptr;
  const auto t1 = std::chrono::steady_clock::now();
  ++metrics_.cycles;
  metrics_.cycle_duration_seconds = std::chrono::duration<double>(t1 - t0).count();
  metrics_.last_cycle_timestamp_seconds = UnixSeconds(std::chrono::system_clock::now());
  metrics_.facts_unknown = last_->facts_unknown;
  SetFindings(metrics_, last_->findings);
  Expose();
  int affected = 0, possibly = 0;
  for (const auto& g : last_->findings.groups) {
    affected += static_cast<int>(g.count(engine::Verdict::kAffected));
    possibly += static_cast<int>(g.count(engine::Verdict::kPossiblyAffected));
  }
  // Free heap pages go back to the kernel after every cycle: what a cycle allocated and freed
  // (facts, findings, the report JSON) must not stay resident until the next one.
  malloc_trim(0);
  const auto [rss, fds] = RssAndFds();
  log_ << "netdoctor agent: cycle " << metrics_.cycles << " node " << o_.node_name << ": "
       << affected << " affected, " << possibly << " possibly affected, "
       << last_->facts_unknown << " facts unknown; "
       << (publishing ? (published ? "published" : "NOT published (will retry)")
                : "not publishing: " + (api_setup_error_.empty()
                                            ? std::string("no kubeconfig and not in a Pod")
                                            : api_setup_error_))
       << "; cpu_ms=" << static_cast<long>((CpuSeconds() - cpu0) * 1000)
       << " wall_ms=" << static_cast<long>(metrics_.cycle_duration_seconds * 1000)
       << " rss_kb=" << rss << " fds=" << fds << "\n";
  for (const auto& e : last_->read_errors) log_ << "netdoctor agent: read: " << e << "\n";
  log_.flush();
}

// Writes what changed: the NodeReport (content changed or older than three intervals), the
// conditions (changed, or with the report as a heartbeat), the Events (transitions). Each part is
// recorded as published only when it succeeded, so a failed part is retried, not lost.
bool Agent::Publish() {
  const CycleResult& r = *last_;
  bool ok = true;
  auto fail = [&](const Error& e) {
    ok = false;
    log_ << "netdoctor agent: " << e.message() << "\n";
  };
  const auto steady = std::chrono::steady_clock::now();
  const std::string now = Rfc3339(std::chrono::system_clock::now());
  ReportInputs ri{o_.node_name, r.node_uid, Rfc3339(last_collected_), o_.version,
                  metrics_.kb_revision,
                  std::chrono::duration_cast<std::chrono::seconds>(o_.interval).count(),
                  &r.node_facts, &r.findings};
  nlohmann::json report = BuildNodeReport(ri);
  const std::string hash = ContentHash(report);
  if (!seeded_) {
    // After a restart, the previous NodeReport says which entries were affected, so that Events
    // still go out on change only (not again for every restart).
    auto prev = api_->GetRaw(std::string(kNodeReportsPath) + "/" + o_.node_name,
                             kNodeReportPlural);
    if (prev || prev.error().code() == ErrorCode::kNotFound) {
      seeded_ = true;
      if (prev) {
        auto doc = nlohmann::json::parse(*prev, nullptr, false);
        if (doc.is_object() && doc.contains("spec") && doc["spec"].contains("summary")) {
          for (const auto& id : doc["spec"]["summary"].value("affected", nlohmann::json::array())) {
            if (id.is_string()) pub_.affected[id.get<std::string>()] = true;
          }
        }
      }
    }
  }
  const bool stale = steady - pub_.report_written > 3 * o_.interval;
  bool report_written = false;
  if (!pub_.report_ever || hash != pub_.report_hash || stale) {
    auto w = api_->PutNodeReport(report);
    if (w) {
      pub_.report_ever = true;
      pub_.report_hash = hash;
      pub_.report_written = steady;
      report_written = true;
      if (w->conflicts) {
        log_ << "netdoctor agent: nodereports/" << o_.node_name << ": " << w->conflicts
             << " update conflict(s), read again and written\n";
      }
    } else {
      fail(w.error());
    }
  }

  const auto conds = BuildConditions(r.findings);
  bool cond_changed = report_written;
  for (const auto& c : conds) {
    if (pub_.cond_status[c.type] != c.status || pub_.cond_text[c.type] != c.reason + c.message) {
      cond_changed = true;
    }
  }
  if (cond_changed && !conds.empty()) {
    auto transitions = pub_.cond_transition;
    const auto patch = ConditionsPatch(conds, now, transitions, pub_.cond_status);
    if (auto st = api_->PatchNodeConditions(o_.node_name, patch); st) {
      pub_.cond_transition = std::move(transitions);
      for (const auto& c : conds) {
        pub_.cond_status[c.type] = c.status;
        pub_.cond_text[c.type] = c.reason + c.message;
      }
    } else {
      fail(st.error());
    }
  }

  for (const auto& e : Transitions(r.findings, pub_.affected)) {
    const long long unique =
        std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count() +
        events_sent_;
    if (auto st = api_->CreateEvent("default", NodeEvent(o_.node_name, e, now, unique)); st) {
      ++events_sent_;
      pub_.affected[e.id] = e.affected;
    } else {
      fail(st.error());
      break;  // the API is unwell; the rest go with the next attempt
    }
  }
  return ok;
}

void Agent::Expose() {
  const std::string text = RenderMetrics(metrics_);
  server_.SetText(text);
  if (!o_.textfile_dir.empty()) {
    if (auto st = WriteTextfile(o_.textfile_dir, text); !st) {
      log_ << "netdoctor agent: " << st.error().message() << "\n";
    }
  }
}

int Agent::Run() {
  if (!o_.textfile_dir.empty()) {
    struct stat st{};
    if (stat(o_.textfile_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      log_ << "netdoctor agent: --textfile " << o_.textfile_dir << ": not a directory\n";
      return 1;
    }
  }
  if (!o_.metrics_addr.empty()) {
    if (auto st = server_.Start(o_.metrics_addr); !st) {
      log_ << "netdoctor agent: " << st.error().message() << "\n";
      return 1;
    }
    log_ << "netdoctor agent: serving /metrics and /healthz on port " << server_.port() << "\n";
  }
  if (o_.kubeconfig_asked && !o_.access) {
    auto a = collect::cluster::ResolveAccess(o_.kubeconfig);
    if (!a) {
      log_ << "netdoctor agent: " << a.error().ToString() << "\n";
      return 1;
    }
  }
  if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) return 1;
  g_stop = 0;
  g_wake_fd = wake_[1];
  struct sigaction sa{};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_term{}, old_int{};
  sigaction(SIGTERM, &sa, &old_term);
  sigaction(SIGINT, &sa, &old_int);
  Expose();  // /metrics answers (build info) before the first cycle ends

  int rc = 0;
  for (;;) {
    Cycle();
    if (o_.once) {
      rc = (api_configured_ && metrics_.last_publish_timestamp_seconds == 0) ? 4 : 0;
      break;
    }
    if (o_.max_cycles > 0 && metrics_.cycles >= o_.max_cycles) break;
    // Until the next cycle, failed writes are retried with exponential back-off and jitter
    // (1 s, 2 s, 4 s … at most the interval), re-sending the last results.
    const auto next_cycle = std::chrono::steady_clock::now() + Jittered(o_.interval);
    if (next_cycle - std::chrono::steady_clock::now() >= kReleaseAfter) ReleaseApi();
    bool pending = api_configured_ &&
                   metrics_.last_publish_timestamp_seconds < UnixSeconds(last_collected_);
    int attempt = 0;
    bool stopped = false;
    while (pending) {
      auto backoff = std::chrono::milliseconds(1000LL << std::min(attempt, 16));
      backoff = std::min(Jittered(backoff), o_.interval);
      if (std::chrono::steady_clock::now() + backoff >= next_cycle) break;
      if (!Wait(backoff)) {
        stopped = true;
        break;
      }
      ++attempt;
      const bool ok = ConnectApi() && Publish();
      if (next_cycle - std::chrono::steady_clock::now() >= kReleaseAfter) ReleaseApi();
      if (ok) {
        metrics_.last_publish_timestamp_seconds = UnixSeconds(std::chrono::system_clock::now());
        log_ << "netdoctor agent: published after " << attempt << " retr"
             << (attempt == 1 ? "y" : "ies") << "\n";
        pending = false;
      }
      Expose();
    }
    if (stopped) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        next_cycle - std::chrono::steady_clock::now());
    if (!Wait(std::max(left, std::chrono::milliseconds(0)))) break;
  }
  if (g_stop) log_ << "netdoctor agent: stopping on signal\n";
  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGINT, &old_int, nullptr);
  g_wake_fd = -1;
  close(wake_[0]);
  close(wake_[1]);
  server_.Stop();
  return rc;
}

}  // namespace

const std::vector<ApiPermission>& AgentPermissions() {
  static const std::vector<ApiPermission> perms = [] {
    std::vector<ApiPermission> p;
    for (const auto& r : ObjectReads()) p.push_back({r.group, r.resource, "get"});
    p.push_back({"", "nodes/status", "patch"});
    p.push_back({"", "events", "create"});
    p.push_back({kNodeReportGroup, kNodeReportPlural, "create"});
    p.push_back({kNodeReportGroup, kNodeReportPlural, "get"});
    p.push_back({kNodeReportGroup, kNodeReportPlural, "update"});
    return p;
  }();
  return perms;
}

int RunAgent(const AgentOptions& opts, const kb::KnowledgeBase& kb, std::ostream& log) {
  Agent a(opts, kb, log);
  return a.Run();
}

}  // namespace netdoctor::agent

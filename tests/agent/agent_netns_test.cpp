// SPDX-License-Identifier: Apache-2.0
// `netdoctor agent` end to end: in a network namespace with planted faults (a cali* veth with
// proxy_arp off, as a hardening baseline leaves it; a vxlan.calico device with tx checksum offload
// on) against the test API server, run inside the same namespace. Checks the NodeReport and its
// facts, the node condition, the Event, the metrics and the textfile; the API outage (the agent
// keeps serving, retries, does not exit); SIGTERM; 403 and 409; and 1,000 short cycles without
// growth of RSS or descriptors. Needs root (label netns); without it the tests skip and say why.
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "agent/agent.h"
#include "collect/cluster/api_client.h"
#include "integration/netns.h"
#include "test_apiserver.h"

namespace netdoctor::agent {
namespace {

using collect::cluster::testing::ReadFileOrDie;
using collect::cluster::testing::TempDir;
using collect::cluster::testing::TestApiServer;
using nlohmann::json;
using netdoctor::testing::Netns;

constexpr const char* kNode = "worker-1";  // a Node of tests/apiserver/fixtures/cluster.json
constexpr const char* kVeth = "cali1f2e3d4c5b";
constexpr const char* kEntry = "CALICO-PROXY-ARP-OFF";

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// Plain HTTP GET on loopback (the agent's /metrics); "" when nothing answers.
std::string HttpGet(int port, const std::string& path) {
  CURL* h = curl_easy_init();
  std::string out;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  const CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  return rc == CURLE_OK ? out : "";
}

class AgentNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ns_.error().empty()) GTEST_SKIP() << "agent netns tests skipped: " << ns_.error();
    std::string failure;
    ns_.Must("ip", {"link", "set", "lo", "up"}, &failure);
    // The node's uplink and Felix's VXLAN device on it (tx checksum offload on, as created).
    ns_.Must("ip", {"link", "add", "eth0", "type", "veth", "peer", "name", "eth0-peer"}, &failure);
    ns_.Must("ip", {"link", "set", "eth0-peer", "up"}, &failure);
    ns_.Must("ip", {"addr", "add", "10.0.0.50/24", "dev", "eth0"}, &failure);
    ns_.Must("ip", {"link", "set", "eth0", "up"}, &failure);
    ns_.Must("ip", {"link", "add", "vxlan.calico", "type", "vxlan", "id", "4096", "dev", "eth0",
                    "local", "10.0.0.50", "dstport", "4789"},
             &failure);
    // A workload veth as Felix names it; a new interface has proxy_arp 0, the fault.
    ns_.Must("ip", {"link", "add", kVeth, "type", "veth", "peer", "name", "p-cali"}, &failure);
    ns_.Must("ip", {"link", "set", kVeth, "up"}, &failure);
    ns_.Must("ip", {"link", "set", "p-cali", "up"}, &failure);
    ASSERT_TRUE(failure.empty()) << failure;

    // This test process joins the namespace too, so that the API server it starts and the
    // agent (started with ip netns exec) meet on the namespace's loopback.
    orig_ns_ = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    const int fd = open(("/var/run/netns/" + ns_.name()).c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(setns(fd, CLONE_NEWNET), 0) << std::strerror(errno);
    close(fd);
    server_ = std::make_unique<TestApiServer>(std::vector<std::string>{"--groups",
                                                                       "netdoctor.io/v1alpha1"});
    ASSERT_TRUE(server_->ok());
    dir_.Write("ca.crt", ReadFileOrDie(collect::cluster::testing::TestPki().ca_crt()));
    dir_.Write("token", std::string(collect::cluster::testing::kToken) + "\n");
    kubeconfig_ = dir_.Write(
        "kubeconfig",
        "apiVersion: v1\nkind: Config\ncurrent-context: agent\n"
        "clusters:\n- name: test\n  cluster:\n    certificate-authority: ca.crt\n    server: " +
            server_->url() +
            "\nusers:\n- name: agent\n  user:\n    tokenFile: token\n"
            "contexts:\n- name: agent\n  context: {cluster: test, user: agent}\n");
    std::filesystem::create_directories(dir_.path() + "/textfile");
    auto c = collect::cluster::ApiClient::Create(collect::cluster::testing::TokenAccess(*server_),
                                                 {}, collect::cluster::SystemClock());
    ASSERT_TRUE(c);
    client_ = std::move(*c);
  }

  void TearDown() override {
    StopAgent();
    client_.reset();
    server_.reset();
    if (orig_ns_ >= 0) {
      setns(orig_ns_, CLONE_NEWNET);
      close(orig_ns_);
    }
  }

  std::vector<std::string> AgentArgs(std::vector<std::string> extra) {
    std::vector<std::string> a = {"ip",          "netns",        "exec", ns_.name(), NETDOCTOR_BIN,
                                  "agent",       "--node-name",  kNode,  "--kubeconfig",
                                  kubeconfig_,   "--host-root",  "/",    "--textfile",
                                  dir_.path() + "/textfile"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

  int RunOnce(std::vector<std::string> extra = {}) {
    auto args = AgentArgs({"--once"});
    args.insert(args.end(), extra.begin(), extra.end());
    return collect::cluster::testing::RunProcess(args, nullptr, dir_.path() + "/once.log");
  }

  void StartAgent(std::vector<std::string> extra) {
    const auto args = AgentArgs(extra);
    log_path_ = dir_.path() + "/agent.log";
    std::ofstream(log_path_).flush();  // exists before the agent writes to it
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, STDERR_FILENO);
      std::vector<char*> argv;
      for (const auto& s : args) argv.push_back(const_cast<char*>(s.c_str()));
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
  }

  // Waits until the agent's log matches `re` (30 s at most); returns the log.
  std::string WaitLog(const std::string& re, int seconds = 30) {
    const std::regex r(re);
    for (int i = 0; i < seconds * 10; ++i) {
      const std::string text = ReadFileOrDie(log_path_);
      if (std::regex_search(text, r)) return text;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "agent log never matched " << re << ":\n" << ReadFileOrDie(log_path_);
    return "";
  }

  bool AgentAlive() {
    int st = 0;
    return pid_ > 0 && waitpid(pid_, &st, WNOHANG) == 0;
  }

  // SIGTERM; the exit status (-1 if it had to be killed after 10 s).
  int StopAgent() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int st = 0;
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &st, 0);
    pid_ = -1;
    return -1;
  }

  json Get(const std::string& path) {
    std::string body;
    auto r = client_->Get(path, body);
    if (!r || r->status != 200) return json();
    return json::parse(body);
  }

  json Condition(const std::string& type) {
    const json node = Get(std::string("/api/v1/nodes/") + kNode);
    for (const auto& c : node["status"]["conditions"]) {
      if (c["type"] == type) return c;
    }
    return json();
  }

  // Events with `reason` about kEntry.
  std::vector<json> Events(const std::string& reason) {
    std::vector<json> out;
    const json list = Get("/api/v1/namespaces/default/events");
    for (const auto& e : list["items"]) {
      if (e["reason"] == reason && e["message"].get<std::string>().find(kEntry) != std::string::npos) {
        out.push_back(e);
      }
    }
    return out;
  }

  Netns ns_;
  int orig_ns_ = -1;
  std::unique_ptr<TestApiServer> server_;
  std::unique_ptr<collect::cluster::ApiClient> client_;
  TempDir dir_;
  std::string kubeconfig_, log_path_;
  pid_t pid_ = -1;
};

TEST_F(AgentNetns, OncePublishesReportConditionEventAndTextfile) {
  ASSERT_EQ(RunOnce(), 0) << ReadFileOrDie(dir_.path() + "/once.log");
  const json agent_calls = server_->Log();  // before this test's own reads

  const json report = Get(std::string("/apis/netdoctor.io/v1alpha1/nodereports/") + kNode);
  ASSERT_TRUE(report.is_object()) << ReadFileOrDie(dir_.path() + "/once.log");
  const json node = Get(std::string("/api/v1/nodes/") + kNode);
  EXPECT_EQ(report["metadata"]["ownerReferences"][0]["uid"], node["metadata"]["uid"]);
  EXPECT_EQ(report["spec"]["nodeName"], kNode);
  const json& affected = report["spec"]["summary"]["affected"];
  EXPECT_NE(std::find(affected.begin(), affected.end(), json(kEntry)), affected.end())
      << report["spec"]["summary"].dump();
  // The facts show both planted faults.
  const json& facts = report["spec"]["facts"]["nodes"][kNode];
  EXPECT_EQ(report["spec"]["facts"]["schema"], "netdoctor/facts/v1");
  ASSERT_EQ(facts["node.calico.veths_proxy_arp_off"]["value"].size(), 1u);
  EXPECT_EQ(facts["node.calico.veths_proxy_arp_off"]["value"][0]["name"], kVeth);
  EXPECT_EQ(facts["node.vxlan_calico.tx_checksum"]["value"], true);

  const json cond = Condition("NetdoctorCalicoProblem");
  EXPECT_EQ(cond["status"], "True");
  EXPECT_EQ(cond["reason"], "KnownIssueDetected");
  EXPECT_NE(cond["message"].get<std::string>().find(kEntry), std::string::npos);
  EXPECT_TRUE(Condition("Ready").is_object()) << "kubelet's conditions are kept";

  const auto events = Events("NetdoctorIssueDetected");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["involvedObject"]["kind"], "Node");
  EXPECT_EQ(events[0]["involvedObject"]["name"], kNode);
  EXPECT_EQ(events[0]["type"], "Warning");
  EXPECT_NE(events[0]["message"].get<std::string>().find(kEntry), std::string::npos);

  const std::string prom = ReadFileOrDie(dir_.path() + "/textfile/netdoctor.prom");
  EXPECT_NE(prom.find(std::string("netdoctor_finding{id=\"") + kEntry +
                      "\",component=\"calico\",severity=\"critical\",status=\"affected\"} 1"),
            std::string::npos)
      << prom;

  // Every call the agent made is granted by its ClusterRole (and so by AgentPermissions()).
  std::set<std::string> allowed;
  for (const auto& p : AgentPermissions()) {
    allowed.insert(std::string(p.verb) + " " + std::string(p.resource) + "." +
                   std::string(p.group));
  }
  ASSERT_FALSE(agent_calls.empty());
  for (const auto& e : agent_calls) {
    std::string path = e["path"];
    path = path.substr(0, path.find('?'));
    std::string group;
    if (path.rfind("/apis/", 0) == 0) {  // /apis/<group>/<version>/...
      path = path.substr(6);
      group = path.substr(0, path.find('/'));
      path = path.substr(path.find('/') + 1);
    } else {
      ASSERT_EQ(path.rfind("/api/", 0), 0u) << path;
      path = path.substr(5);
    }
    path = path.substr(path.find('/') + 1);  // the version
    if (path.rfind("namespaces/", 0) == 0) {
      path = path.substr(11);
      path = path.substr(path.find('/') + 1);
    }
    std::string resource = path.substr(0, path.find('/'));
    if (path.size() > 7 && path.ends_with("/status")) resource += "/status";
    const std::string method = e["method"];
    const std::string verb = method == "GET"     ? "get"
                             : method == "POST"  ? "create"
                             : method == "PUT"   ? "update"
                                                 : "patch";
    EXPECT_TRUE(allowed.count(verb + " " + resource + "." + group))
        << method << " " << path << " is not in deploy/agent-rbac.yaml";
  }

  // A second run (a restarted agent) with nothing changed: create → 409 → get + update, and no
  // second Event.
  server_->ClearLog();
  ASSERT_EQ(RunOnce(), 0) << ReadFileOrDie(dir_.path() + "/once.log");
  std::vector<std::string> report_calls;
  for (const auto& e : server_->Log()) {
    if (e["path"].get<std::string>().find("nodereports") != std::string::npos) {
      report_calls.push_back(e["method"].get<std::string>() + " " +
                             std::to_string(e["code"].get<int>()));
    }
  }
  EXPECT_EQ(report_calls,
            (std::vector<std::string>{"GET 200", "POST 409", "GET 200", "PUT 200"}));
  EXPECT_EQ(Events("NetdoctorIssueDetected").size(), 1u);
}

// The joint test: the cluster check, run against the same API server after the agent published,
// decides worker-1 from its NodeReport — the planted proxy_arp fault affected, the VXLAN offload
// state decided as the agent decided it — with the evidence naming the report, while every other
// node keeps the verdicts it had before the report existed.
TEST_F(AgentNetns, ClusterCheckDecidesThePlantedFaultsFromTheReport) {
  // Scope statuses of a `check --cluster-only --all` report, by "<entry> <node>".
  auto check = [&](json* report) {
    std::string out;
    const int rc = collect::cluster::testing::RunProcess(
        {NETDOCTOR_BIN, "check", "--cluster-only", "--kubeconfig", kubeconfig_, "--format",
         "json", "--quiet", "--all"},
        &out, dir_.path() + "/check.err");
    *report = json::parse(out, nullptr, false);
    EXPECT_TRUE(rc == 0 || rc == 3) << rc << "\n" << ReadFileOrDie(dir_.path() + "/check.err")
                                    << (report->is_object() ? (*report)["incomplete"].dump() : out);
    std::map<std::string, std::string> status;
    for (const auto& f : (*report)["findings"]) {
      for (const auto& s : f["scopes"]) {
        if (s["kind"] == "node") {
          status[f["id"].get<std::string>() + " " + s["name"].get<std::string>()] = s["status"];
        }
      }
    }
    return status;
  };
  // The evidence row of `fact` for entry `id` on kNode.
  auto evidence = [](const json& report, const std::string& id, const std::string& fact) {
    for (const auto& f : report["findings"]) {
      if (f["id"] != id) continue;
      for (const auto& s : f["scopes"]) {
        if (s["kind"] != "node" || s["name"] != kNode) continue;
        for (const auto& e : f["evidence"][s["evidence"].get<std::size_t>()]["facts"]) {
          if (e["fact"] == fact) return e;
        }
      }
    }
    return json();
  };
  const std::string node(kNode);
  json before_report;
  const auto before = check(&before_report);
  ASSERT_FALSE(before.empty()) << before_report.dump().substr(0, 2000);
  EXPECT_EQ(before.at(std::string(kEntry) + " " + node), "not-examined")
      << "without a NodeReport the cluster check has no host facts for " << node;
  EXPECT_EQ(before_report["summary"]["node_reports"]["reported"], 0);

  ASSERT_EQ(RunOnce(), 0) << ReadFileOrDie(dir_.path() + "/once.log");
  const json published = Get(std::string("/apis/netdoctor.io/v1alpha1/nodereports/") + kNode);
  ASSERT_TRUE(published.is_object());
  const json& agent_affected = published["spec"]["summary"]["affected"];

  json after_report;
  const auto after = check(&after_report);
  EXPECT_EQ(after_report["summary"]["node_reports"]["reported"], 1);
  EXPECT_EQ(after_report["summary"]["node_reports"]["nodes"],
            before_report["summary"]["node_reports"]["nodes"]);

  // Planted fault 1: the cali* veth with proxy_arp off.
  EXPECT_EQ(after.at(std::string(kEntry) + " " + node), "affected");
  const json arp = evidence(after_report, kEntry, "node.calico.veths_proxy_arp_off");
  ASSERT_TRUE(arp.is_object()) << after_report.dump().substr(0, 3000);
  EXPECT_EQ(arp["source"].get<std::string>().rfind(std::string("NodeReport ") + kNode +
                                                       " (collected ",
                                                   0),
            0u)
      << arp.dump();
  EXPECT_NE(arp["value"].get<std::string>().find(kVeth), std::string::npos) << arp.dump();

  // Planted fault 2: vxlan.calico with tx checksum offload on. Whether that hurts depends on the
  // kernel (CALICO-VXLAN-CSUM-DELAY: before the 5.7 fix); the report carries this host's kernel,
  // so the cluster check must reach the agent's own verdict, decided, from the report's facts.
  for (const std::string id : {"CALICO-VXLAN-CSUM-DELAY", "CALICO-VXLAN-OFFLOAD-SLOW"}) {
    const bool agent_says = std::find(agent_affected.begin(), agent_affected.end(), json(id)) !=
                            agent_affected.end();
    std::string finding;
    for (const auto& f : after_report["findings"]) {
      if (f["id"] == id) finding = f.dump();
    }
    EXPECT_EQ(after.at(id + " " + node), agent_says ? "affected" : "not-affected")
        << id << "\nagent's summary: " << published["spec"]["summary"].dump()
        << "\ncluster check: " << finding.substr(0, 4000);
    const json csum = evidence(after_report, id, "node.vxlan_calico.tx_checksum");
    ASSERT_TRUE(csum.is_object()) << id;
    EXPECT_EQ(csum["value"], "true") << csum.dump();
    EXPECT_EQ(csum["source"].get<std::string>().rfind(std::string("NodeReport ") + kNode, 0), 0u)
        << csum.dump();
  }

  // Every other node: exactly the verdicts it had before.
  std::size_t others = 0;
  for (const auto& [key, status] : before) {
    if (key.ends_with(" " + node)) continue;
    ++others;
    auto it = after.find(key);
    ASSERT_NE(it, after.end()) << key;
    EXPECT_EQ(it->second, status) << key;
  }
  EXPECT_GT(others, 0u) << "the fixture has other nodes to compare";
}

TEST_F(AgentNetns, ConflictIsRetriedAndForbiddenIsNamed) {
  ASSERT_EQ(RunOnce(), 0);
  // Another writer between the agent's GET and PUT: the first PUT answers 409 Conflict.
  server_->SetFaults(json::array(
      {{{"type", "status"},
        {"code", 409},
        {"path", std::string("/apis/netdoctor.io/v1alpha1/nodereports/") + kNode},
        {"after", 2},
        {"times", 1}},
       {{"type", "forbid"}, {"resource", "nodes/status"}, {"verb", "patch"}}}));
  const int rc = RunOnce();
  const std::string log = ReadFileOrDie(dir_.path() + "/once.log");
  EXPECT_EQ(rc, 4) << "--once with a write refused: results not all published\n" << log;
  EXPECT_NE(log.find("1 update conflict(s), read again and written"), std::string::npos) << log;
  EXPECT_NE(log.find("may not patch nodes/status"), std::string::npos) << log;
  EXPECT_NE(log.find("HTTP 403 Forbidden"), std::string::npos) << log;
}

TEST_F(AgentNetns, ServesThroughOutageClearsAndStopsOnSigterm) {
  StartAgent({"--interval", "1s", "--no-jitter", "--metrics-addr", "127.0.0.1:0"});
  std::string log = WaitLog("serving /metrics and /healthz on port [0-9]+");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex("on port ([0-9]+)")));
  const int port = std::stoi(m[1]);
  WaitLog("cycle 1 node .*; published");
  EXPECT_EQ(HttpGet(port, "/healthz"), "ok\n");
  std::string metrics = HttpGet(port, "/metrics");
  EXPECT_NE(metrics.find(std::string("netdoctor_finding{id=\"") + kEntry), std::string::npos);
  EXPECT_NE(metrics.find(std::string("netdoctor_finding{id=\"") + kEntry +
                         "\",component=\"calico\",severity=\"critical\",status=\"affected\"} 1"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("netdoctor_build_info{version=\"0.1.0\",kb_revision=\"kb-"),
            std::string::npos);

  // Felix (or the operator) turns proxy_arp back on: the next cycle clears it, with one Event.
  ASSERT_TRUE(ns_.Exec("sysctl", {"-w", std::string("net.ipv4.conf.") + kVeth + ".proxy_arp=1"})
                  .ok());
  for (int i = 0; i < 100 && Events("NetdoctorIssueCleared").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(Events("NetdoctorIssueCleared").size(), 1u) << ReadFileOrDie(log_path_);
  EXPECT_NE(Condition("NetdoctorCalicoProblem")["status"], "True");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(Events("NetdoctorIssueDetected").size(), 1u) << "Events on change only";
  EXPECT_EQ(Events("NetdoctorIssueCleared").size(), 1u) << "Events on change only";

  // The API server goes away: the agent keeps cycling and serving, counts the failures, and
  // does not exit.
  client_.reset();
  server_.reset();
  ASSERT_TRUE(ns_.Exec("sysctl", {"-w", std::string("net.ipv4.conf.") + kVeth + ".proxy_arp=0"})
                  .ok());
  log = WaitLog("NOT published \\(will retry\\)");
  // A cycle that started after the sysctl and ran into the outage: wait for its results (a
  // cycle during the outage reloads libcurl and waits out the client's retries, so on a loaded
  // machine it can take a few seconds) rather than sleeping a fixed time.
  const std::string affected_line =
      std::string("netdoctor_finding{id=\"") + kEntry +
      "\",component=\"calico\",severity=\"critical\",status=\"affected\"} 1";
  const std::string node_error =
      "netdoctor_api_errors_total{verb=\"get\",resource=\"nodes\",code=\"0\"}";
  for (int i = 0; i < 300; ++i) {
    metrics = HttpGet(port, "/metrics");
    if (metrics.find(affected_line) != std::string::npos &&
        metrics.find(node_error) != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(AgentAlive());
  EXPECT_NE(metrics.find(node_error), std::string::npos) << metrics;
  EXPECT_NE(metrics.find(affected_line), std::string::npos)
      << "results are still current on /metrics during the outage\n"
      << metrics;
  EXPECT_NE(ReadFileOrDie(dir_.path() + "/textfile/netdoctor.prom").find("status=\"affected\"} 1"),
            std::string::npos);
  EXPECT_EQ(StopAgent(), 0);
  EXPECT_NE(ReadFileOrDie(log_path_).find("stopping on signal"), std::string::npos);
}

TEST_F(AgentNetns, ThousandShortCyclesDoNotLeak) {
  StartAgent({"--interval", "0", "--no-jitter", "--max-cycles", "1000"});
  int st = 0;
  bool exited = false;
  for (int i = 0; i < 2400 && !exited; ++i) {
    exited = waitpid(pid_, &st, WNOHANG) == pid_;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(exited) << "1000 cycles took more than 240 s";
  ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << ReadFileOrDie(log_path_).substr(0, 2000);
  pid_ = -1;
  const std::string log = ReadFileOrDie(log_path_);
  const std::regex line(R"(cycle ([0-9]+) node .*; published; cpu_ms=[0-9]+ wall_ms=[0-9]+ rss_kb=([0-9]+) fds=([0-9]+))");
  std::map<long, std::pair<long, long>> at;  // cycle → (rss, fds)
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator();
       ++it) {
    at[std::stol((*it)[1])] = {std::stol((*it)[2]), std::stol((*it)[3])};
  }
  const auto bad = log.find("NOT published");
  ASSERT_EQ(at.size(), 1000u) << "every cycle published\n"
                              << log.substr(bad == std::string::npos ? 0 : bad, 1500);
  // After warm-up (allocator arenas, connection, caches) nothing may grow.
  EXPECT_EQ(at[100].second, at[1000].second) << "open descriptors grew";
#if defined(__SANITIZE_ADDRESS__)
  // Under ASan freed memory sits in the quarantine (up to 256 MiB by design), so RSS rises without a
  // leak; here LeakSanitizer checks leaks at exit, and the dev build checks RSS.
  std::printf("agent leak test: ASan build, RSS growth not judged (checked in the dev build)\n");
#else
  EXPECT_LE(at[1000].first - at[100].first, 256) << "RSS grew from " << at[100].first
                                                 << " KiB to " << at[1000].first << " KiB";
#endif
  std::printf("agent leak test: rss %ld KiB at cycle 100, %ld KiB at cycle 1000; fds %ld, %ld\n",
              at[100].first, at[1000].first, at[100].second, at[1000].second);
}

}  // namespace
}  // namespace netdoctor::agent

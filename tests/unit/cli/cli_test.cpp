// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the CLI, run in-process on the bundled demo inputs (examples/), with a fixed
// clock and environment. Golden files: tests/fixtures/cli/; regenerate with
// NETDOCTOR_UPDATE_GOLDEN=1 after checking the differences by hand.
#include "cli/app.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <memory>

#include <nlohmann/json.hpp>

#include "support/golden.h"
#include "support/kb_files.h"
#include "support/temp_dir.h"

namespace netdoctor::cli {
namespace {

const std::string kSrc = NETDOCTOR_SOURCE_DIR;

struct NdRun {
  int code;
  std::string out, err;
};

NdRun RunNd(std::vector<std::string> args, bool tty = false, const char* no_color = nullptr,
          std::string program = "netdoctor") {
  AppEnv env;
  env.getenv = [no_color](const char* name) -> const char* {
    if (std::string_view(name) == "NO_COLOR") return no_color;
    return nullptr;
  };
  env.stdout_is_tty = tty;
  env.now = std::chrono::system_clock::from_time_t(1767225600);  // 2026-01-01T00:00:00Z
  env.program_name = std::move(program);
  std::ostringstream out, err;
  int code = RunApp(args, out, err, env);
  return {code, out.str(), err.str()};
}

std::vector<std::string> DemoArgs() {
  return {"check", "--dump", kSrc + "/examples/demo-cluster", "--host-root", kSrc + "/examples/hostroot",
          "--node-name", "node-centos7-a"};
}

// Paths differ between checkouts; goldens hold them as <SRC>.
std::string Normalise(std::string s) {
  for (auto pos = s.find(kSrc); pos != std::string::npos; pos = s.find(kSrc)) s.replace(pos, kSrc.size(), "<SRC>");
  return s;
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  test_support::ExpectGolden("cli/" + name, Normalise(actual));
}

// The entries the goldens are made of, fixed so that a new knowledge-base entry does not
// regenerate them (it has its own scenario file instead).
const std::vector<std::string> kGoldenEntries = {
    "CALICO-IPIP-CSUM-RANDOM-FULLY", "CALICO-IPTABLES-BACKEND", "CALICO-KUBE-CONTROLLERS-LEAK",
    "CALICO-POD-ROUTE-MISSING", "CALICO-PROXY-ARP-OFF", "CALICO-VXLAN-CSUM-DELAY",
    "CALICO-VXLAN-OFFLOAD-SLOW", "CALICO-VXLAN-PARENT-ROUTES", "CLUSTER-POD-IP-CONFLICT",
    "CLUSTER-STUCK-TERMINATING", "HOST-CNI-BIN-DIR-MISMATCH", "KUBELET-NO-NETWORK-PLUGIN",
    "KP-CONNTRACK-MISSING", "KP-ENDPOINT-RULES-DELAY", "KP-EXTERNALIPS-LOCAL-POLICY",
    "KP-IPTABLES-BACKEND-LEGACY", "KP-IPTABLES-NAT-PORT-COLLISION", "KP-IPVS-CONN-REUSE-DELAY",
    "KP-IPVS-SECONDARY-VIP", "KP-IPVS-STALE-REALSERVER", "KP-NFT-LB-SOURCE-RANGES",
    "SPIDERPOOL-CILIUM-OVERLAY-CIDR", "SPIDERPOOL-COORDINATOR-STATUS-RUNNING",
    "SPIDERPOOL-EMPTY-MULTUSCONFIG-CRASH", "SPIDERPOOL-GATEWAY-CHECK-NETNS",
    "SPIDERPOOL-GC-DISABLED-READINESS", "SPIDERPOOL-IFACER-VLAN0-BOND",
    "SPIDERPOOL-IPAM-ONE-TO-ONE-BLOCK", "SPIDERPOOL-IPPOOL-SUBNET-INHERIT",
    "SPIDERPOOL-KCM-ARGS-SERVICECIDR", "SPIDERPOOL-KUBEVIRT-DISABLED-CRASH",
    "SPIDERPOOL-MULTUS-CR-WHEN-DISABLED", "SPIDERPOOL-MULTUS-UNINSTALL-LEFTOVER",
    "SPIDERPOOL-MULTUSNAME-NAMESPACE", "SPIDERPOOL-SERVICECIDR-NO-KUBEADM-CONFIG",
    "SPIDERPOOL-STS-RESTART-IP-CONFLICT", "SPIDERPOOL-THIRDPARTY-CONTROLLER-STS",
    "SPIDERPOOL-TXQUEUELEN-UPGRADE-PANIC",
};

void PinGoldenEntries(std::vector<std::string>& args) {
  for (const auto& id : kGoldenEntries) args.insert(args.end(), {"--only", id});
}

// How many entries the knowledge base has: one per kb/issues file.
long KbEntries() { return static_cast<long>(test_support::KbIssueFiles().size()); }

// Report v2: the scope of entry `id` named `scope_name`, as {"status", "evidence": [facts]}.
std::shared_ptr<nlohmann::json> FindFinding(const nlohmann::json& report, const std::string& id,
                                            const std::string& scope_name) {
  for (const auto& f : report["findings"]) {
    if (f["id"] != id) continue;
    for (const auto& s : f["scopes"]) {
      if (s["name"] != scope_name) continue;
      return std::make_shared<nlohmann::json>(nlohmann::json{
          {"status", s["status"]}, {"evidence", f["evidence"][s["evidence"].get<std::size_t>()]["facts"]}});
    }
  }
  return nullptr;
}

TEST(CliCheck, DemoClusterJsonHasTheExpectedFindings) {
  auto args = DemoArgs();
  args.insert(args.end(), {"--format", "json", "--all"});
  NdRun r = RunNd(args);
  EXPECT_EQ(r.code, kExitAffected) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "netdoctor/report/v2");
  // CentOS 7 + kube-proxy 1.23 in IPVS mode: conn_reuse_mode 1 read from the host root.
  const auto delay = FindFinding(j, "KP-IPVS-CONN-REUSE-DELAY", "node-centos7-a");
  ASSERT_NE(delay, nullptr);
  EXPECT_EQ((*delay)["status"], "affected");
  // Rocky 8 (4.18, no host access): kube-proxy sets 0 there -> stale real servers.
  const auto stale = FindFinding(j, "KP-IPVS-STALE-REALSERVER", "node-rocky8-a");
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ((*stale)["status"], "affected");
  // Ubuntu 22.04 (5.15): kube-proxy 1.23 leaves 1 and the kernel has the fix.
  const auto ubuntu = FindFinding(j, "KP-IPVS-CONN-REUSE-DELAY", "node-ubuntu22-a");
  ASSERT_NE(ubuntu, nullptr);
  EXPECT_EQ((*ubuntu)["status"], "not-affected");
  const auto shop = FindFinding(j, "KP-EXTERNALIPS-LOCAL-POLICY", "shop-web");
  ASSERT_NE(shop, nullptr);
  EXPECT_NE((*shop)["status"], "not-affected");
  const auto ns = FindFinding(j, "CLUSTER-STUCK-TERMINATING", "legacy-monitoring");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ((*ns)["status"], "affected");
  EXPECT_NE(FindFinding(j, "CLUSTER-POD-IP-CONFLICT", "batch-import-1"), nullptr);
  EXPECT_TRUE(j["incomplete"].empty());
}

// Runs in the source directory with relative input paths: the text layout wraps lines to a width,
// so an absolute path of another length (another checkout) would move the line breaks.
class InSourceDir {
 public:
  InSourceDir() : saved_(std::filesystem::current_path()) { std::filesystem::current_path(kSrc); }
  ~InSourceDir() { std::filesystem::current_path(saved_); }
  InSourceDir(const InSourceDir&) = delete;
  InSourceDir& operator=(const InSourceDir&) = delete;

 private:
  std::filesystem::path saved_;
};

TEST(CliCheck, GoldenTextMarkdownJsonInBothLanguages) {
  InSourceDir in_source;
  for (const std::string lang : {"en", "zh"}) {
    for (const std::string fmt : {"text", "markdown", "json"}) {
      std::vector<std::string> args = {"check", "--dump", "examples/demo-cluster", "--host-root",
                                       "examples/hostroot", "--node-name", "node-centos7-a"};
      args.insert(args.begin(), {"--lang", lang});
      args.insert(args.end(), {"--format", fmt});
      PinGoldenEntries(args);
      NdRun r = RunNd(args);
      EXPECT_EQ(r.code, kExitAffected) << r.err;
      ExpectGolden("demo." + lang + "." + fmt, r.out);
    }
  }
}

TEST(CliCheck, ColourOnlyOnATerminalAndNeverWithNoColor) {
  EXPECT_EQ(RunNd(DemoArgs(), /*tty=*/false).out.find("\x1b["), std::string::npos);
  EXPECT_NE(RunNd(DemoArgs(), /*tty=*/true).out.find("\x1b["), std::string::npos);
  EXPECT_EQ(RunNd(DemoArgs(), /*tty=*/true, "1").out.find("\x1b["), std::string::npos);
}

TEST(CliCheck, NotAffectedHiddenUnlessAll) {
  NdRun plain = RunNd(DemoArgs());
  auto args = DemoArgs();
  args.push_back("--all");
  NdRun all = RunNd(args);
  EXPECT_EQ(plain.out.find("\nNOT AFFECTED ("), std::string::npos);
  EXPECT_NE(plain.out.find(" not affected (--all lists them).\n"), std::string::npos);
  EXPECT_NE(all.out.find("\nNOT AFFECTED ("), std::string::npos) << all.out;
}

TEST(CliCheck, FailOnThresholdAndPossibleExitCodes) {
  // A possibly-affected entry in an examined cluster (the demo dump).
  auto poss_args = DemoArgs();
  poss_args.insert(poss_args.end(), {"--only", "SPIDERPOOL-IPPOOL-SUBNET-INHERIT", "--fail-on-possible"});
  NdRun poss = RunNd(poss_args);
  EXPECT_EQ(poss.code, kExitPossible) << poss.out << poss.err;
  // A bare host root of an unknown cluster: the cluster was never examined, so the entry is not
  // examined, not possibly affected, and --fail-on-possible does not fire.
  NdRun unexamined = RunNd({"check", "--host-root", kSrc + "/examples/hostroot", "--only",
                            "CALICO-VXLAN-OFFLOAD-SLOW", "--fail-on-possible"});
  EXPECT_EQ(unexamined.code, kExitClean) << unexamined.out << unexamined.err;
  EXPECT_NE(unexamined.out.find("not examined: add --kubeconfig or add --dump FILE"), std::string::npos)
      << unexamined.out;
  NdRun clean = RunNd({"check", "--host-root", kSrc + "/examples/hostroot", "--only", "CALICO-VXLAN-OFFLOAD-SLOW"});
  EXPECT_EQ(clean.code, kExitClean) << clean.err;
  auto args = DemoArgs();
  args.insert(args.end(), {"--only", "CLUSTER-STUCK-TERMINATING", "--fail-on", "high"});
  EXPECT_EQ(RunNd(args).code, kExitClean) << "a medium finding is below --fail-on high";
}

TEST(CliCheck, InputErrorsNameTheInput) {
  NdRun r = RunNd({"check", "--dump", "/nonexistent/dump.json"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("/nonexistent/dump.json"), std::string::npos) << r.err;
  NdRun s = RunNd({"check", "--host-root", kSrc + "/examples/hostroot", "--set", "node.kernel.relase=5.10.0"});
  EXPECT_EQ(s.code, kExitUsage);
  EXPECT_NE(s.err.find("node.kernel.relase"), std::string::npos) << s.err;
  NdRun bad = RunNd({"check", "--format", "xml", "--host-root", kSrc + "/examples/hostroot"});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_NE(bad.err.find("xml"), std::string::npos);
}

TEST(CliCheck, WhatIfOverrideIsMarkedAndChangesTheResult) {
  auto args = DemoArgs();
  args.insert(args.end(), {"--format", "json", "--all", "--only", "KP-IPVS-CONN-REUSE-DELAY", "--set",
                           "node-centos7-a:node.kernel.release=5.15.0-91-generic"});
  NdRun r = RunNd(args);
  auto j = nlohmann::json::parse(r.out);
  const auto f = FindFinding(j, "KP-IPVS-CONN-REUSE-DELAY", "node-centos7-a");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["status"], "not-affected");
  bool overridden = false;
  for (const auto& e : (*f)["evidence"]) overridden |= e["fact"] == "node.kernel.release" && e["origin"] == "overridden";
  EXPECT_TRUE(overridden) << f->dump(2);
}

TEST(CliCollect, FactsRoundTripGiveTheSameReport) {
  test_support::TempDir dir("cli");
  const std::filesystem::path tmp = dir.Path("facts.json");
  std::vector<std::string> collect = DemoArgs();
  collect[0] = "collect";
  collect.insert(collect.end(), {"-o", tmp.string()});
  NdRun c = RunNd(collect);
  ASSERT_EQ(c.code, kExitClean) << c.err;
  auto direct = DemoArgs();
  direct.insert(direct.end(), {"--format", "json"});
  NdRun a = RunNd(direct);
  NdRun b = RunNd({"check", "--facts", tmp.string(), "--format", "json"});
  std::filesystem::remove(tmp);
  auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  EXPECT_EQ(ja["findings"], jb["findings"]);
  EXPECT_EQ(ja["summary"], jb["summary"]);
}

TEST(CliPlan, SmallestUpgradesPerReleaseLine) {
  NdRun r = RunNd({"plan", "--k8s", "1.27.3", "--proxy-mode", "iptables", "--kernel", "5.15.0-91-generic", "--format", "json"});
  EXPECT_EQ(r.code, kExitAffected) << r.err;
  auto j = nlohmann::json::parse(r.out);
  bool seen = false;
  for (const auto& e : j["entries"]) {
    if (e["id"] != "KP-ENDPOINT-RULES-DELAY") continue;
    seen = true;
    EXPECT_EQ(e["status"], "affected");
    ASSERT_FALSE(e["upgrades"].empty());
    EXPECT_EQ(e["upgrades"][0]["component"], "kube-proxy");
    EXPECT_EQ(e["upgrades"][0]["targets"], nlohmann::json({"1.27.11", "1.28.7", "1.29.2", "1.30.0"}));
  }
  EXPECT_TRUE(seen);
}

TEST(CliPlan, IssueExampleCentos7Ipvs) {
  NdRun r = RunNd({"plan", "--os-image", "CentOS Linux 7 (Core)", "--kernel", "3.10.0-1160.el7.x86_64", "--k8s", "1.28.2",
                 "--proxy-mode", "ipvs", "--calico", "3.26.1", "--calico-encap", "vxlan", "--format", "json"});
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> status;
  for (const auto& e : j["entries"]) status[e["id"]] = e["status"];
  EXPECT_EQ(status["KP-IPVS-CONN-REUSE-DELAY"], "affected");
  EXPECT_EQ(status["KP-IPVS-STALE-REALSERVER"], "not-affected");
  EXPECT_EQ(status["KP-EXTERNALIPS-LOCAL-POLICY"].empty(), false);
  EXPECT_EQ(status["SPIDERPOOL-KUBEVIRT-DISABLED-CRASH"], "not-affected") << "no Spiderpool in the plan";
}

TEST(CliKb, LintExportExplainAndList) {
  NdRun lint = RunNd({"kb", "lint", "--scenarios", kSrc + "/tests/scenarios"});
  EXPECT_EQ(lint.code, kExitClean) << lint.out;
  EXPECT_NE(lint.out.find(std::to_string(KbEntries()) + " entries, 0 errors"), std::string::npos)
      << lint.out;
  for (const std::string lang : {"en", "zh"}) {
    NdRun ex = RunNd({"--lang", lang, "kb", "export", "--format", "markdown"});
    EXPECT_EQ(ex.code, kExitClean);
    EXPECT_NE(ex.out.find("KP-IPVS-CONN-REUSE-DELAY"), std::string::npos);
    EXPECT_NE(ex.out.find("SPIDERPOOL-MULTUSNAME-NAMESPACE"), std::string::npos);
  }
  NdRun zh = RunNd({"--lang", "zh", "explain", "EXPLAIN-IPVS-CONN-REUSE"});
  EXPECT_EQ(zh.code, kExitClean);
  EXPECT_NE(zh.out.find("conn_reuse_mode"), std::string::npos);
  NdRun missing = RunNd({"explain", "NOPE"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_NE(missing.err.find("NOPE"), std::string::npos);
  NdRun list = RunNd({"kb", "list"});
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), KbEntries());
  NdRun facts = RunNd({"facts", "--list"});
  EXPECT_NE(facts.out.find("node.ipvs.conn_reuse_mode"), std::string::npos);
}

TEST(CliPlugin, HelpNamesTheKubectlPlugin) {
  NdRun r = RunNd({"--help"}, false, nullptr, "kubectl-netdoctor");
  EXPECT_EQ(r.code, kExitClean);
  EXPECT_NE(r.out.find("kubectl netdoctor"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace netdoctor::cli

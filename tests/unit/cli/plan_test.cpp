// SPDX-License-Identifier: Apache-2.0
// `netdoctor plan` end to end, in-process: the planner's inference rules, what-if upgrades,
// vendor kernel lines, live-check entries and version validation (issue 12, item 3).
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "kb/loader.h"
#include "scenarios/public_text.h"

namespace netdoctor::cli {
namespace {

struct PlanRun {
  int code;
  std::string out, err;
  nlohmann::json j;
};

PlanRun Plan(std::vector<std::string> args) {
  args.insert(args.begin(), "plan");
  args.insert(args.end(), {"--format", "json"});
  AppEnv env;
  env.getenv = [](const char*) -> const char* { return nullptr; };
  env.now = std::chrono::system_clock::from_time_t(1767225600);
  std::ostringstream out, err;
  const int code = RunApp(args, out, err, env);
  PlanRun r{code, out.str(), err.str(), {}};
  if (code != kExitUsage) r.j = nlohmann::json::parse(r.out);
  return r;
}

const nlohmann::json* Entry(const PlanRun& r, std::string_view id) {
  for (const auto& e : r.j["entries"]) {
    if (e["id"] == id) return &e;
  }
  return nullptr;
}

std::map<std::string, std::string> Inferred(const PlanRun& r) {
  std::map<std::string, std::string> m;
  for (const auto& f : r.j["inferred"]) m[f["fact"]] = f["value"];
  return m;
}

TEST(PlanInference, AutoBeforeHintFixGetsTheCalicoUpgrade) {
  PlanRun r = Plan({"--os-image", "CentOS Linux 8", "--kernel", "4.18.0-193.el8.x86_64", "--calico", "3.14.1",
                    "--calico-iptables-backend", "Auto", "--iptables-mode", "nft"});
  const auto* e = Entry(r, "CALICO-IPTABLES-BACKEND");
  ASSERT_NE(e, nullptr) << r.out;
  // Counting Auto on an nft host depends on the host's rules: not decidable, but an upgrade clears it.
  EXPECT_EQ((*e)["status"], "possibly-affected");
  ASSERT_EQ((*e)["upgrades"].size(), 1u) << e->dump();
  EXPECT_EQ((*e)["upgrades"][0]["component"], "Calico");
  EXPECT_EQ((*e)["upgrades"][0]["targets"], nlohmann::json({"3.25.2", "3.26.0"}));
  EXPECT_FALSE((*e)["needs_live_check"]);
}

TEST(PlanInference, CalicoBefore318DefaultsToLegacyOnAnNftHost) {
  PlanRun r = Plan({"--os-image", "CentOS Stream 8", "--calico", "3.17.1"});
  auto inf = Inferred(r);
  EXPECT_EQ(inf["node.iptables.mode"], "nft");
  EXPECT_EQ(inf["node.iptables.calico_backend"], "legacy");
  for (const auto& f : r.j["inferred"]) {
    EXPECT_FALSE(f["source"].get<std::string>().empty()) << f.dump();
  }
  // With Kubernetes declared the KUBE-* chains' back end is known too, so the entry is decided.
  PlanRun k = Plan({"--os-image", "CentOS Stream 8", "--calico", "3.17.1", "--k8s", "1.20.4"});
  EXPECT_EQ(Inferred(k)["node.iptables.kube_backend"], "nft");
  const auto* e = Entry(k, "CALICO-IPTABLES-BACKEND");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["status"], "affected");
  EXPECT_EQ((*e)["upgrades"][0]["targets"], nlohmann::json({"3.25.2", "3.26.0"}));
  EXPECT_EQ(k.code, kExitAffected);
}

TEST(PlanInference, IptablesModeByOsFamilyAndRelease) {
  const std::map<std::string, std::string> want = {
      {"CentOS Linux 7 (Core)", "legacy"}, {"Red Hat Enterprise Linux 9.2 (Plow)", "nft"},
      {"Rocky Linux 8.8 (Green Obsidian)", "nft"}, {"Debian GNU/Linux 12 (bookworm)", "nft"},
      {"Debian GNU/Linux 9 (stretch)", "legacy"}, {"Ubuntu 20.04.6 LTS", "legacy"},
      {"Ubuntu 22.04.3 LTS", "nft"},
  };
  for (const auto& [os, mode] : want) {
    EXPECT_EQ(Inferred(Plan({"--os-image", os}))["node.iptables.mode"], mode) << os;
  }
  // No public source fixes these defaults: left unknown rather than guessed.
  EXPECT_EQ(Inferred(Plan({"--os-image", "openEuler 22.03 (LTS-SP1)"})).count("node.iptables.mode"), 0u);
  EXPECT_EQ(Inferred(Plan({"--os-image", "EulerOS 2.0 (SP9x86_64)"})).count("node.iptables.mode"), 0u);
  // A declared mode wins over the OS rule.
  EXPECT_EQ(Inferred(Plan({"--os-image", "CentOS Linux 7", "--iptables-mode", "nft"})).count("node.iptables.mode"), 0u);
}

TEST(PlanInference, KubeProxyBackendAndConnReuseMode) {
  PlanRun old = Plan({"--os-image", "Debian GNU/Linux 10 (buster)", "--k8s", "1.16.3"});
  auto inf = Inferred(old);
  EXPECT_EQ(inf["cluster.kube_proxy.mode"], "iptables");
  EXPECT_EQ(inf["node.iptables.kube_backend"], "legacy") << "the image before 1.17 is legacy only";
  // kube-proxy 1.22 sets conn_reuse_mode=0 on kernels 4.1-5.8 and leaves 1 from 5.9: the kernel
  // upgrade clears the stale-real-server entry through that derived value, not a range.
  PlanRun ipvs = Plan({"--kernel", "5.4.30", "--k8s", "1.22.0", "--proxy-mode", "ipvs"});
  EXPECT_EQ(Inferred(ipvs)["node.ipvs.conn_reuse_mode"], "0");
  const auto* e = Entry(ipvs, "KP-IPVS-STALE-REALSERVER");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["status"], "affected");
  ASSERT_FALSE((*e)["upgrades"].empty()) << e->dump();
  EXPECT_EQ((*e)["upgrades"][0]["component"], "kernel");
  EXPECT_EQ((*e)["upgrades"][0]["targets"].back(), "5.9") << e->dump();
}

TEST(PlanUpgrades, VendorKernelsStayOnTheirLine) {
  PlanRun r = Plan({"--os-image", "CentOS Linux 7 (Core)", "--kernel", "3.10.0-1160.el7.x86_64", "--k8s", "1.28.2",
                    "--proxy-mode", "ipvs"});
  const auto* e = Entry(r, "KP-IPVS-CONN-REUSE-DELAY");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["status"], "affected");
  bool el7_line = false;
  for (const auto& entry : r.j["entries"]) {
    for (const auto& u : entry["upgrades"]) {
      const std::string comp = u["component"];
      if (comp.rfind("kernel", 0) != 0) continue;
      EXPECT_EQ(comp, "kernel (el7 builds)") << "an el7 kernel is never offered an upstream kernel";
      EXPECT_TRUE(u["targets"].empty()) << u.dump();
      if (entry["id"] == "KP-IPVS-CONN-REUSE-DELAY") {
        el7_line = u["note"].get<std::string>().find("no el7 build of this line carries the fix") != std::string::npos;
      }
    }
  }
  EXPECT_TRUE(el7_line) << e->dump();
  // A EulerOS 2.9 build gets the fixed build of its own line.
  PlanRun eu = Plan({"--kernel", "4.18.0-147.5.1.2.h340.eulerosv2r9.x86_64", "--k8s", "1.12.10", "--proxy-mode", "ipvs"});
  const auto* c = Entry(eu, "KP-IPVS-CONN-REUSE-DELAY");
  ASSERT_NE(c, nullptr);
  ASSERT_FALSE((*c)["upgrades"].empty()) << c->dump();
  EXPECT_EQ((*c)["upgrades"][0]["component"], "kernel (eulerosv2r9 builds)");
  EXPECT_EQ((*c)["upgrades"][0]["targets"], nlohmann::json({"4.18.0-147.5.1.6.h686"})) << "the 4.19 arm build is another line";
}

TEST(PlanUpgrades, UpstreamKernelGetsStableTargets) {
  // kube-proxy before 1.13 leaves conn_reuse_mode at 1, so the kernel's own fix decides.
  PlanRun r = Plan({"--kernel", "4.19.100", "--k8s", "1.12.10", "--proxy-mode", "ipvs"});
  const auto* e = Entry(r, "KP-IPVS-CONN-REUSE-DELAY");
  ASSERT_NE(e, nullptr);
  ASSERT_FALSE((*e)["upgrades"].empty()) << e->dump();
  EXPECT_EQ((*e)["upgrades"][0]["component"], "kernel");
  EXPECT_EQ((*e)["upgrades"][0]["targets"][0], "4.19.140");
}

TEST(PlanOutput, StateEntriesNeedALiveCheck) {
  PlanRun r = Plan({"--k8s", "1.28.2", "--calico", "3.26.1"});
  for (std::string id : {"CLUSTER-POD-IP-CONFLICT", "CLUSTER-STUCK-TERMINATING", "CALICO-POD-ROUTE-MISSING"}) {
    const auto* e = Entry(r, id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_TRUE((*e)["needs_live_check"]) << id;
  }
  EXPECT_GE(r.j["summary"]["needs_live_check"].get<int>(), 3);
  // Text: one line, not one row per entry.
  AppEnv env;
  env.getenv = [](const char*) -> const char* { return nullptr; };
  std::ostringstream out, err;
  RunApp({"plan", "--k8s", "1.28.2", "--calico", "3.26.1"}, out, err, env);
  const std::string text = out.str();
  EXPECT_NE(text.find("need a live check"), std::string::npos) << text;
  EXPECT_EQ(text.find("possibly-affected  high      CLUSTER-POD-IP-CONFLICT"), std::string::npos) << text;
}

TEST(PlanValidation, UnparseableVersionsExitOneNamingValueAndForm) {
  PlanRun r = Plan({"--k8s", "banana", "--kernel", "not-a-kernel"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--k8s: 'banana'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("MAJOR.MINOR.PATCH"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--kernel: 'not-a-kernel'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("uname -r"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(Plan({"--calico", "3.x"}).code, kExitUsage);
  EXPECT_EQ(Plan({"--calico", "3.26.1", "--calico-iptables-backend", "iptables"}).code, kExitUsage);
}

TEST(PlanOutput, CitesOnlyPublicSources) {
  const kb::KnowledgeBase base = kb::LoadEmbedded();
  const std::vector<std::vector<std::string>> plans = {
      {"--os-image", "CentOS Linux 8", "--kernel", "4.18.0-193.el8.x86_64", "--calico", "3.14.1",
       "--calico-iptables-backend", "Auto", "--iptables-mode", "nft"},
      {"--os-image", "CentOS Linux 7 (Core)", "--kernel", "3.10.0-1160.el7.x86_64", "--k8s", "1.28.2", "--proxy-mode",
       "ipvs", "--calico", "3.26.1", "--calico-encap", "vxlan", "--spiderpool", "0.8.3", "--all"},
      {"--os-image", "Ubuntu 22.04.3 LTS", "--kernel", "5.15.0-91-generic", "--k8s", "1.16.3", "--calico", "3.17.1"},
  };
  for (const auto& args : plans) {
    for (const std::string lang : {"en", "zh"}) {
      for (const std::string format : {"text", "json"}) {
        std::vector<std::string> a{"--lang", lang, "plan"};
        a.insert(a.end(), args.begin(), args.end());
        a.insert(a.end(), {"--format", format});
        AppEnv env;
        env.getenv = [](const char*) -> const char* { return nullptr; };
        std::ostringstream out, err;
        RunApp(a, out, err, env);
        ASSERT_FALSE(out.str().empty()) << err.str();
        for (const auto& p : test_support::PublicTextProblems(out.str(), base.issues())) {
          ADD_FAILURE() << "plan " << lang << "/" << format << ": " << p;
        }
      }
    }
  }
}

}  // namespace
}  // namespace netdoctor::cli

// SPDX-License-Identifier: Apache-2.0
// `check --dump` on the kubectl fixtures (tests/fixtures/kubectl, real shapes): what cluster
// objects alone decide, without host access — the Felix back end with each Node's OS, Spiderpool's
// custom resources, IP pools without VXLAN. Where a case needs another value, the test copies a
// fixture and changes that one value, so the object keeps its real shape.
#include "cli/app.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/temp_dir.h"

namespace netdoctor::cli {
namespace {

const std::string kFixtures = std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/kubectl/";

nlohmann::json CheckJson(const std::vector<std::string>& dumps) {
  std::vector<std::string> args{"check", "--format", "json", "--all"};
  for (const auto& d : dumps) args.insert(args.end(), {"--dump", d});
  AppEnv env;
  env.getenv = [](const char*) -> const char* { return nullptr; };
  env.now = std::chrono::system_clock::from_time_t(1767225600);  // 2026-01-01T00:00:00Z
  std::ostringstream out, err;
  RunApp(args, out, err, env);
  EXPECT_FALSE(out.str().empty()) << err.str();
  return out.str().empty() ? nlohmann::json::object() : nlohmann::json::parse(out.str());
}

// The status of entry `id` for the scope named `scope`, or "" when it is not listed.
std::string Status(const nlohmann::json& report, const std::string& id, const std::string& scope) {
  for (const auto& f : report["findings"]) {
    if (f["id"] != id) continue;
    for (const auto& s : f["scopes"]) {
      if (s["name"] == scope) return s["status"];
    }
  }
  return "";
}

// The evidence facts of entry `id` for scope `scope`.
nlohmann::json Evidence(const nlohmann::json& report, const std::string& id, const std::string& scope) {
  for (const auto& f : report["findings"]) {
    if (f["id"] != id) continue;
    for (const auto& s : f["scopes"]) {
      if (s["name"] == scope) return f["evidence"][s["evidence"].get<std::size_t>()]["facts"];
    }
  }
  return nlohmann::json::array();
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A copy of fixture `name` in `dir` with `from` replaced by `to` (which must occur).
std::string Changed(const test_support::TempDir& dir, const std::string& name,
                    const std::string& from, const std::string& to) {
  std::string text = Read(kFixtures + name);
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << name << " has no " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const std::string out = dir.path() + "/" + name;
  std::ofstream(out) << text;
  return out;
}

TEST(ObjectsDecide, ExplicitNftOnACentos7NodeIsAffectedAndNotOnRocky8) {
  // kube-system.json: calico-node env FELIX_IPTABLESBACKEND=NFT, kube-proxy v1.27.6;
  // nodes.json: Rocky Linux 8.8, CentOS Linux 7, EulerOS 2.0 SP9, Ubuntu 22.04.
  auto j = CheckJson({kFixtures + "nodes.json", kFixtures + "kube-system.json"});
  EXPECT_EQ(Status(j, "CALICO-IPTABLES-BACKEND", "k8s-worker-centos"), "affected");
  EXPECT_EQ(Status(j, "CALICO-IPTABLES-BACKEND", "k8s-master-1"), "not-affected");
  // EulerOS and Ubuntu: their OS does not fix the host's mode, and no host was read.
  EXPECT_EQ(Status(j, "CALICO-IPTABLES-BACKEND", "k8s-worker-euler"), "not-examined");
  EXPECT_EQ(Status(j, "CALICO-IPTABLES-BACKEND", "k8s-worker-ubuntu"), "not-examined");
  bool names_os = false, names_env = false;
  for (const auto& e : Evidence(j, "CALICO-IPTABLES-BACKEND", "k8s-worker-centos")) {
    const std::string text = e.dump();
    names_os = names_os || text.find("EL7 ships iptables 1.4") != std::string::npos;
    names_env = names_env || text.find("FELIX_IPTABLESBACKEND") != std::string::npos;
  }
  EXPECT_TRUE(names_env) << Evidence(j, "CALICO-IPTABLES-BACKEND", "k8s-worker-centos").dump(1);
  EXPECT_TRUE(names_os) << Evidence(j, "CALICO-IPTABLES-BACKEND", "k8s-worker-centos").dump(1);
}

TEST(ObjectsDecide, ExplicitLegacyOnARocky8NodeIsAffected) {
  test_support::TempDir dir("objects");
  // The only "value": "NFT" in the file is calico-node's FELIX_IPTABLESBACKEND.
  const std::string ks = Changed(dir, "kube-system.json", "\"value\": \"NFT\"", "\"value\": \"Legacy\"");
  auto j = CheckJson({kFixtures + "nodes.json", ks});
  EXPECT_EQ(Status(j, "CALICO-IPTABLES-BACKEND", "k8s-master-1"), "affected");
  EXPECT_EQ(Status(j, "CALICO-IPTABLES-BACKEND", "k8s-worker-centos"), "not-affected");
}

TEST(ObjectsDecide, SpiderpoolCustomResourcesMakeItsEntriesExamined) {
  auto without = CheckJson({kFixtures + "nodes.json", kFixtures + "kube-system.json"});
  auto with = CheckJson({kFixtures + "nodes.json", kFixtures + "kube-system.json",
                         kFixtures + "spiderpool-crs.yaml"});
  // Without its CRs the DaemonSets and Deployments say it is absent (the entry is decided: not
  // affected); with them it is installed and, its version being unread, the version-gated
  // entries are possibly affected.
  EXPECT_EQ(Status(without, "SPIDERPOOL-COORDINATOR-STATUS-RUNNING", ""), "not-affected");
  EXPECT_EQ(Status(with, "SPIDERPOOL-COORDINATOR-STATUS-RUNNING", ""), "possibly-affected");
  EXPECT_EQ(Status(with, "SPIDERPOOL-IPAM-ONE-TO-ONE-BLOCK", ""), "possibly-affected");
}

TEST(ObjectsDecide, VxlanNeverOnEveryPoolMakesTheVxlanEntriesNotAffected) {
  // calico-crds.yaml: the enabled pool has vxlanMode Always; here Never, like the disabled one.
  test_support::TempDir dir("objects");
  const std::string crs = Changed(dir, "calico-crds.yaml", "vxlanMode: Always", "vxlanMode: Never");
  auto j = CheckJson({kFixtures + "nodes.json", kFixtures + "kube-system.json", crs});
  for (const char* id : {"CALICO-VXLAN-PARENT-ROUTES", "CALICO-VXLAN-CSUM-DELAY", "CALICO-VXLAN-OFFLOAD-SLOW"}) {
    for (const char* node : {"k8s-master-1", "k8s-worker-centos", "k8s-worker-euler", "k8s-worker-ubuntu"}) {
      EXPECT_EQ(Status(j, id, node), "not-affected") << id << " " << node;
    }
  }
  // With VXLAN Always they are not all decided: the hosts were not read.
  auto always = CheckJson({kFixtures + "nodes.json", kFixtures + "kube-system.json", kFixtures + "calico-crds.yaml"});
  EXPECT_NE(Status(always, "CALICO-VXLAN-PARENT-ROUTES", "k8s-master-1"), "not-affected");
}

}  // namespace
}  // namespace netdoctor::cli

// SPDX-License-Identifier: Apache-2.0
// End to end: `netdoctor check --host-root` on a Debian 10 host root whose kernel reports
// 4.19.0-11-amd64 (Debian's uname hides the stable version, so the upstream table alone says
// "inside [4.15, 4.19.140)") decides KP-IPVS-CONN-REUSE-DELAY from the kernel package's own
// changelog.Debian.gz (compressed by gzip here): carries the fix -> not affected, lacks it ->
// affected, none -> possibly affected with the reason.
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "support/temp_dir.h"

namespace netdoctor::cli {
namespace {

using test_support::TempDir;

std::string RunNetdoctor(const std::vector<std::string>& args) {
  AppEnv env;
  env.getenv = [](const char*) -> const char* { return nullptr; };
  env.now = std::chrono::system_clock::from_time_t(1767225600);
  std::ostringstream out, err;
  RunApp(args, out, err, env);
  return out.str();
}

std::string RunCheckJson(const std::string& root) {
  return RunNetdoctor({"check", "--host-root", root, "--only", "KP-IPVS-CONN-REUSE-DELAY", "--set",
                       "cluster.kube_proxy.mode=ipvs", "--format", "json"});
}

std::string StatusOf(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return "unparsable: " + json_text.substr(0, 200);
  // report v2: groups[] with the entry id and its state
  std::string found;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& n) {
    if (!found.empty()) return;
    if (n.is_object()) {
      if (n.value("id", "") == "KP-IPVS-CONN-REUSE-DELAY" && n.contains("status")) {
        found = n["status"].get<std::string>();
        return;
      }
      for (const auto& [k, v] : n.items()) walk(v);
    } else if (n.is_array()) {
      for (const auto& v : n) walk(v);
    }
  };
  walk(j);
  return found;
}

void DebianRoot(const TempDir& root, const char* changelog) {
  root.Write("proc/sys/kernel/osrelease", "4.19.0-11-amd64\n");
  root.Write("proc/sys/net/ipv4/vs/conn_reuse_mode", "1\n");
  root.Write("proc/sys/net/ipv4/vs/conntrack", "1\n");
  root.Write("etc/os-release",
             "PRETTY_NAME=\"Debian GNU/Linux 10 (buster)\"\nID=debian\nVERSION_ID=\"10\"\n");
  if (changelog == nullptr) return;
  const std::string doc = "usr/share/doc/linux-image-4.19.0-11-amd64/changelog.Debian";
  root.Write(doc, changelog);
  ASSERT_EQ(std::system(("gzip -9n " + root.Path(doc)).c_str()), 0)
      << "gzip is needed (scripts/install-deps.sh)";
}

constexpr const char* kCarries =
    "linux (4.19.146-1) buster; urgency=medium\n\n"
    "  * New upstream stable update:\n"
    "    https://www.kernel.org/pub/linux/kernel/v4.x/ChangeLog-4.19.140\n"
    "    - ipvs: allow connection reuse for unconfirmed conntrack\n\n"
    " -- Test Builder <builder@example.com>  Sat, 26 Sep 2020 10:00:00 +0200\n";
constexpr const char* kLacks =
    "linux (4.19.118-2) buster; urgency=medium\n\n"
    "  * New upstream stable update:\n"
    "    https://www.kernel.org/pub/linux/kernel/v4.x/ChangeLog-4.19.118\n"
    "    - netfilter: nf_tables: fix a typo\n\n"
    " -- Test Builder <builder@example.com>  Sat, 02 May 2020 10:00:00 +0200\n";

TEST(CliBackport, ChangelogThatCarriesTheFixMakesTheNodeNotAffected) {
  TempDir root("deb-host");
  DebianRoot(root, kCarries);
  const std::string out = RunCheckJson(root.path());
  EXPECT_EQ(StatusOf(out), "not-affected") << out.substr(0, 2000);
  // The measured fact, as `collect` writes it, quotes the changelog entry.
  auto facts = nlohmann::json::parse(
      RunNetdoctor({"collect", "--host-root", root.path(), "--host-only"}), nullptr, false);
  ASSERT_FALSE(facts.is_discarded());
  std::string fact_text;
  std::function<void(const nlohmann::json&)> find = [&](const nlohmann::json& n) {
    if (!n.is_object()) return;
    for (const auto& [k, v] : n.items()) {
      if (k == "node.kernel.backport.f0a5e4d7a594") fact_text = v.dump();
      find(v);
    }
  };
  find(facts);
  EXPECT_NE(fact_text.find("\"value\":true"), std::string::npos) << fact_text;
  EXPECT_NE(fact_text.find("linux (4.19.146-1) buster"), std::string::npos) << fact_text;
}

TEST(CliBackport, ChangelogThatLacksTheFixMakesTheNodeAffected) {
  TempDir root("deb-host");
  DebianRoot(root, kLacks);
  const std::string out = RunCheckJson(root.path());
  EXPECT_EQ(StatusOf(out), "affected") << out.substr(0, 2000);
  EXPECT_NE(out.find("lacks the fix"), std::string::npos);
}

TEST(CliBackport, NoChangelogLeavesTheTableWithTheReason) {
  TempDir root("deb-host");
  DebianRoot(root, nullptr);
  const std::string out = RunCheckJson(root.path());
  EXPECT_EQ(StatusOf(out), "possibly-affected") << out.substr(0, 2000);
  EXPECT_NE(out.find("no kernel package changelog was searched"), std::string::npos);
}

}  // namespace
}  // namespace netdoctor::cli

// SPDX-License-Identifier: Apache-2.0
// kubectl conventions (global flags anywhere, -o FORMAT, durations, -n/-A, version, unknown
// commands, the plugin name), policy (--skip, --skip-node, --config, --exit-zero, --fail-on none)
// and --set --diff, run in-process on the bundled demo inputs.
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "support/temp_dir.h"

namespace netdoctor::cli {
namespace {

const std::string kSrc = NETDOCTOR_SOURCE_DIR;

struct Out {
  int code;
  std::string out, err;
};

Out Nd(std::vector<std::string> args, std::string program = "netdoctor") {
  AppEnv env;
  env.getenv = [](const char*) -> const char* { return nullptr; };
  env.now = std::chrono::system_clock::from_time_t(1767225600);
  env.program_name = std::move(program);
  std::ostringstream out, err;
  const int code = RunApp(args, out, err, env);
  return {code, out.str(), err.str()};
}

std::vector<std::string> Demo(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"check", "--dump", kSrc + "/examples/demo-cluster", "--host-root",
                                   kSrc + "/examples/hostroot", "--node-name", "node-centos7-a"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

nlohmann::json Json(const Out& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 300) << r.err;
  return j;
}

// Scope names of entry `id` in a v2 report.
std::vector<std::string> Scopes(const nlohmann::json& report, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& f : report["findings"]) {
    if (f["id"] != id) continue;
    for (const auto& s : f["scopes"]) out.push_back(s["name"]);
  }
  return out;
}

bool HasFinding(const nlohmann::json& report, const std::string& id) {
  for (const auto& f : report["findings"]) {
    if (f["id"] == id) return true;
  }
  return false;
}

TEST(CliConventions, GlobalFlagsBeforeOrAfterTheCommand) {
  const Out after = Nd({"kb", "export", "--format", "markdown", "--lang", "zh"});
  const Out before = Nd({"--lang", "zh", "kb", "export", "--format", "markdown"});
  EXPECT_EQ(after.code, kExitClean) << after.err;
  EXPECT_EQ(after.out, before.out);
  EXPECT_NE(after.out.find("Kubernetes 网络组件已知问题"), std::string::npos);
  const Out check = Nd(Demo({"--lang", "zh", "-o", "json"}));
  EXPECT_EQ(Json(check)["lang"], "zh");
}

TEST(CliConventions, OutputIsTheFormatAndOutputFileTheFile) {
  const Out o = Nd(Demo({"-o", "json"}));
  const Out format = Nd(Demo({"--format", "json"}));
  EXPECT_EQ(o.code, kExitAffected);
  EXPECT_EQ(Json(o)["schema"], "netdoctor/report/v2");
  EXPECT_EQ(o.out, format.out);
  test_support::TempDir dir("cli-out");
  const std::string file = dir.Path("report.md");
  const Out written = Nd(Demo({"--output", "markdown", "--output-file", file}));
  EXPECT_EQ(written.out, "");
  std::ifstream f(file);
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_NE(ss.str().find("| "), std::string::npos);
  const Out bad = Nd(Demo({"-o", "xml"}));
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_NE(bad.err.find("'xml'"), std::string::npos) << bad.err;
}

TEST(CliConventions, DurationsLikeKubectl) {
  for (const char* d : {"30s", "1m", "1m30s", "500ms", "45"}) {
    EXPECT_EQ(Nd(Demo({"--request-timeout", d, "-o", "json"})).code, kExitAffected) << d;
  }
  const Out bad = Nd(Demo({"--request-timeout", "3x"}));
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_NE(bad.err.find("--request-timeout"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("'3x' is not a duration"), std::string::npos) << bad.err;
}

TEST(CliConventions, NamespaceFiltersObjectEntries) {
  const auto all = Json(Nd(Demo({"-o", "json"})));
  EXPECT_FALSE(Scopes(all, "CLUSTER-STUCK-TERMINATING").empty());
  EXPECT_FALSE(Scopes(all, "CLUSTER-POD-IP-CONFLICT").empty());
  const auto shop = Json(Nd(Demo({"-n", "shop", "-o", "json"})));
  EXPECT_TRUE(Scopes(shop, "CLUSTER-STUCK-TERMINATING").empty()) << "Namespace legacy-monitoring is not shop";
  EXPECT_EQ(Scopes(shop, "CLUSTER-POD-IP-CONFLICT"), Scopes(all, "CLUSTER-POD-IP-CONFLICT"));
  // Node entries are not namespaced.
  EXPECT_EQ(Scopes(shop, "KP-IPVS-CONN-REUSE-DELAY"), Scopes(all, "KP-IPVS-CONN-REUSE-DELAY"));
  const auto legacy = Json(Nd(Demo({"--namespace", "legacy-monitoring", "-o", "json"})));
  EXPECT_EQ(Scopes(legacy, "CLUSTER-STUCK-TERMINATING"), std::vector<std::string>{"legacy-monitoring"});
  EXPECT_TRUE(Scopes(legacy, "CLUSTER-POD-IP-CONFLICT").empty());
  EXPECT_EQ(Json(Nd(Demo({"-n", "shop", "-A", "-o", "json"}))), all) << "-A overrides -n";
}

TEST(CliConventions, VersionNamesCommitAndKnowledgeBase) {
  const Out flag = Nd({"--version"});
  const Out cmd = Nd({"version"});
  EXPECT_EQ(flag.code, kExitClean);
  EXPECT_EQ(cmd.code, kExitClean);
  EXPECT_EQ(flag.out, cmd.out);
  EXPECT_NE(cmd.out.find("netdoctor 0.1.0\ncommit: "), std::string::npos) << cmd.out;
  EXPECT_NE(cmd.out.find("knowledge base: kb-"), std::string::npos) << cmd.out;
  EXPECT_NE(cmd.out.find(" checks, 4 explanations)"), std::string::npos) << cmd.out;
}

TEST(CliConventions, UnknownCommandIsNamedWithTheClosestOne) {
  const Out r = Nd({"chek", "--dump", "x"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("unknown command \"chek\" for \"netdoctor\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Did you mean this?\n\tcheck"), std::string::npos) << r.err;
  const Out opt = Nd({"--lang", "zh", "explian", "X"});
  EXPECT_NE(opt.err.find("\"explian\""), std::string::npos) << opt.err;
  EXPECT_NE(opt.err.find("\texplain"), std::string::npos) << opt.err;
}

TEST(CliConventions, AsAKubectlPluginTheLocalHostOnlyWithHost) {
  auto kinds = [](const nlohmann::json& report) {
    std::vector<std::string> out;
    for (const auto& i : report["inputs"]) out.push_back(i["kind"]);
    return out;
  };
  // No input named: netdoctor examines this host (and the kube context, if any); kubectl
  // netdoctor only the cluster.
  const auto plugin = kinds(Json(Nd({"check", "-o", "json"}, "kubectl-netdoctor")));
  EXPECT_EQ(std::count(plugin.begin(), plugin.end(), "live-host"), 0);
  const auto direct = kinds(Json(Nd({"check", "-o", "json"})));
  EXPECT_EQ(std::count(direct.begin(), direct.end(), "live-host"), 1);
  std::vector<std::string> with_host = {"check", "--dump", kSrc + "/examples/demo-cluster", "--host", "-o", "json"};
  const auto host = Json(Nd(with_host, "kubectl-netdoctor"));
  const auto k = kinds(host);
  EXPECT_EQ(std::count(k.begin(), k.end(), "live-host"), 1) << host["inputs"].dump();
  EXPECT_NE(Nd({"--help"}, "kubectl-netdoctor").out.find("kubectl netdoctor"), std::string::npos);
}

TEST(CliPolicy, SkipsAreAppliedAndListedWithReasons) {
  const auto r = Json(Nd(Demo({"--skip", "CLUSTER-STUCK-TERMINATING,KP-IPVS-STALE-REALSERVER", "--skip-node",
                               "node-centos7-a", "-o", "json"})));
  EXPECT_FALSE(HasFinding(r, "CLUSTER-STUCK-TERMINATING"));
  EXPECT_FALSE(HasFinding(r, "KP-IPVS-STALE-REALSERVER"));
  for (const auto& f : r["findings"]) {
    for (const auto& s : f["scopes"]) EXPECT_NE(s["name"], "node-centos7-a") << f["id"];
  }
  ASSERT_EQ(r["skipped"].size(), 3u);
  EXPECT_EQ(r["skipped"][2], (nlohmann::json{{"kind", "node"}, {"name", "node-centos7-a"},
                                             {"reason", "skipped on the command line"}, {"source", "--skip-node"}}));
  const Out text = Nd(Demo({"--skip", "CLUSTER-STUCK-TERMINATING"}));
  EXPECT_NE(text.out.find("Skipped by policy:\n  - entry CLUSTER-STUCK-TERMINATING: skipped on the command line (--skip)\n"),
            std::string::npos);
  EXPECT_NE(Nd(Demo({"--skip", "CLUSTER-STUCK-TERMINATING", "-o", "markdown"})).out.find("CLUSTER-STUCK-TERMINATING"),
            std::string::npos);
  const Out unknown = Nd(Demo({"--skip", "NOPE-1"}));
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_NE(unknown.err.find("'NOPE-1' is not a knowledge-base ID"), std::string::npos) << unknown.err;
}

TEST(CliPolicy, ConfigFileHoldsSkipsWithReasons) {
  test_support::TempDir dir("cli-policy");
  const std::string good = dir.Write("netdoctor.yaml",
                                     "# team policy\n"
                                     "skip:\n"
                                     "  - id: CLUSTER-STUCK-TERMINATING\n"
                                     "    reason: legacy-monitoring is deleted by its owner next week\n"
                                     "  - node: node-rocky8-a\n"
                                     "    reason: being drained\n");
  const auto r = Json(Nd(Demo({"--config", good, "-o", "json"})));
  ASSERT_EQ(r["skipped"].size(), 2u);
  EXPECT_EQ(r["skipped"][0]["reason"], "legacy-monitoring is deleted by its owner next week");
  EXPECT_EQ(r["skipped"][0]["source"], good + ":3");
  EXPECT_EQ(r["skipped"][1]["source"], good + ":5");
  EXPECT_FALSE(HasFinding(r, "CLUSTER-STUCK-TERMINATING"));
  const std::string no_reason = dir.Write("bad.yaml", "skip:\n  - id: CLUSTER-STUCK-TERMINATING\n");
  const Out bad = Nd(Demo({"--config", no_reason}));
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_NE(bad.err.find(no_reason + ":2"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("needs a reason"), std::string::npos) << bad.err;
  const std::string typo = dir.Write("typo.yaml", "skips:\n  - id: X\n");
  EXPECT_NE(Nd(Demo({"--config", typo})).err.find("unknown key 'skips'"), std::string::npos);
  const Out missing = Nd(Demo({"--config", dir.Path("none.yaml")}));
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_NE(missing.err.find("none.yaml"), std::string::npos);
}

TEST(CliPolicy, ExitZeroAndFailOnNone) {
  EXPECT_EQ(Nd(Demo()).code, kExitAffected);
  EXPECT_EQ(Nd(Demo({"--exit-zero"})).code, kExitClean);
  EXPECT_EQ(Nd(Demo({"--fail-on", "none"})).code, kExitClean);
  EXPECT_EQ(Nd(Demo({"--fail-on", "nope"})).code, kExitUsage);
}

TEST(CliDiff, WhatTheOverridesChange) {
  const Out text = Nd(Demo({"--set", "node-centos7-a:node.kernel.release=5.15.0-91-generic", "--diff"}));
  EXPECT_NE(text.out.find("What changes with --set node-centos7-a:node.kernel.release=5.15.0-91-generic:\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  KP-IPVS-CONN-REUSE-DELAY (high)\n    node-centos7-a: affected → not affected\n"),
            std::string::npos)
      << text.out;
  const auto j = Json(Nd(Demo({"--set", "node-centos7-a:node.kernel.release=5.15.0-91-generic", "--diff", "-o", "json"})));
  EXPECT_EQ(j["schema"], "netdoctor/diff/v1");
  bool seen = false;
  for (const auto& c : j["changes"]) {
    EXPECT_EQ(c["scope"], "node-centos7-a") << c.dump();  // only that node's kernel changed
    seen |= c["id"] == "KP-IPVS-CONN-REUSE-DELAY" && c["before"] == "affected" && c["after"] == "not-affected";
  }
  EXPECT_TRUE(seen) << j.dump(2);
  // An override that changes nothing says so.
  const Out same = Nd(Demo({"--set", "node-centos7-a:node.kernel.release=3.10.0-1160.el7.x86_64", "--diff",
                            "--only", "KP-IPVS-CONN-REUSE-DELAY"}));
  EXPECT_NE(same.out.find("Nothing changes"), std::string::npos) << same.out;
  EXPECT_EQ(Nd(Demo({"--diff"})).code, kExitUsage);
}

}  // namespace
}  // namespace netdoctor::cli

// SPDX-License-Identifier: Apache-2.0
// Whole-command behaviour on broken or hostile input: an input that fails leaves the others to
// report (partial, with its own exit code), and inputs built to exhaust a parser end at once with
// exit 1 and a message naming the file and the limit.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "cli/app.h"

namespace netdoctor::cli {
namespace {

namespace fs = std::filesystem;
const std::string kSrc = NETDOCTOR_SOURCE_DIR;

struct Run {
  int code;
  std::string out, err;
};

Run Nd(const std::vector<std::string>& args) {
  AppEnv env;
  env.getenv = [](const char*) -> const char* { return nullptr; };
  env.now = std::chrono::system_clock::from_time_t(1767225600);  // 2026-01-01T00:00:00Z
  std::ostringstream out, err;
  int code = RunApp(args, out, err, env);
  return {code, out.str(), err.str()};
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "nd-partial-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path p = fs::path(path_) / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::size_t Count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) ++n;
  return n;
}

// A kubeconfig whose API server is down (nothing listens on port 1).
std::string DeadKubeconfig(const TempDir& d) {
  return d.Write("kubeconfig",
                 "apiVersion: v1\nkind: Config\ncurrent-context: down\n"
                 "clusters:\n- name: down\n  cluster:\n    server: https://127.0.0.1:1\n"
                 "    insecure-skip-tls-verify: true\n"
                 "users:\n- name: u\n  user:\n    token: abc\n"
                 "contexts:\n- name: down\n  context: {cluster: down, user: u}\n");
}

std::vector<std::string> DemoWith(const std::string& kubeconfig) {
  return {"check",       "--dump",      kSrc + "/examples/demo-cluster",
          "--host-root", kSrc + "/examples/hostroot",
          "--node-name", "node-centos7-a",
          "--kubeconfig", kubeconfig,
          "--format",    "json"};
}

// The API server being down once ended the run (exit 1, the error printed twice, no report). The
// other inputs now report; the report is partial, names the cluster input, and says why once.
TEST(CliPartial, DownApiServerLeavesAPartialReportOfTheOtherInputs) {
  TempDir d;
  const std::string kc = DeadKubeconfig(d);
  Run r = Nd(DemoWith(kc));
  EXPECT_EQ(r.code, kExitAffectedPartial) << r.err;
  EXPECT_NE(r.out.find("\"findings\""), std::string::npos);
  const std::string both = r.out + r.err;
  EXPECT_EQ(Count(both, "cannot connect to API server https://127.0.0.1:1"), 1u) << both;
  EXPECT_NE(r.out.find("cluster (--kubeconfig " + kc + ")"), std::string::npos) << r.out;
}

TEST(CliPartial, PartialWithoutAffectedFindingsIsExit4) {
  TempDir d;
  auto args = DemoWith(DeadKubeconfig(d));
  args.insert(args.end(), {"--only", "CALICO-VXLAN-OFFLOAD-SLOW"});
  Run r = Nd(args);
  EXPECT_EQ(r.code, kExitPartial) << r.out << r.err;
}

TEST(CliPartial, ClusterAsTheOnlyInputStillFails) {
  TempDir d;
  Run r = Nd({"check", "--kubeconfig", DeadKubeconfig(d)});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(Count(r.err, "cannot connect to API server"), 1u) << r.err;
}

TEST(CliLimits, EmptyDumpIsExit1NamingTheFile) {
  TempDir d;
  const std::string empty = d.Write("empty.json", "");
  Run r = Nd({"check", "--dump", empty});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find(empty), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no Kubernetes objects"), std::string::npos) << r.err;
}

TEST(CliLimits, YamlBillionLaughsEndsAtOnceNamingTheLimit) {
  TempDir d;
  std::string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 \"lol\"\n";
  for (int i = 1; i <= 9; ++i) {
    yaml += fmt::format("  a{}: &a{} [", i, i);
    for (int j = 0; j < 10; ++j) yaml += fmt::format("{}*a{}", j ? "," : "", i - 1);
    yaml += "]\n";
  }
  const std::string path = d.Write("lol.yaml", yaml);
  const auto start = std::chrono::steady_clock::now();
  Run r = Nd({"check", "--dump", path});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("YAML aliases expand to more than"), std::string::npos) << r.err;
}

TEST(CliLimits, DeeplyNestedKbConditionIsALintErrorNamingEntryAndLimit) {
  TempDir d;
  std::ifstream in(kSrc + "/kb/issues/cluster/CLUSTER-POD-IP-CONFLICT.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string entry = ss.str();
  const std::string cond = "  any(cluster.pods.ip_conflicts)";
  const auto at = entry.find(cond);
  ASSERT_NE(at, std::string::npos);
  entry.replace(at, cond.size(),
                "  " + std::string(20000, '(') + "any(cluster.pods.ip_conflicts)" +
                    std::string(20000, ')'));
  d.Write("kb/CLUSTER-POD-IP-CONFLICT.yaml", entry);
  Run lint = Nd({"--kb", d.path() + "/kb", "kb", "lint"});
  EXPECT_EQ(lint.code, kExitUsage);
  const std::string both = lint.out + lint.err;
  EXPECT_NE(both.find("CLUSTER-POD-IP-CONFLICT"), std::string::npos) << both.substr(0, 2000);
  EXPECT_NE(both.find("deeper than 100 levels"), std::string::npos) << both.substr(0, 2000);
  Run check = Nd({"--kb", d.path() + "/kb", "check", "--dump", kSrc + "/examples/demo-cluster"});
  EXPECT_EQ(check.code, kExitUsage);
  EXPECT_NE(check.err.find("deeper than 100 levels"), std::string::npos) << check.err.substr(0, 2000);
}

}  // namespace
}  // namespace netdoctor::cli

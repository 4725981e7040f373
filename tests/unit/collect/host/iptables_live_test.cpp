// SPDX-License-Identifier: Apache-2.0
#include "collect/host/iptables_live.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "fixture_util.h"
#include "support/temp_dir.h"

namespace netdoctor::collect::host {
namespace {

struct VersionCase {
  const char* text;
  const char* version;
  const char* mode;
};

class IptablesVersionParse : public ::testing::TestWithParam<VersionCase> {};

TEST_P(IptablesVersionParse, VersionAndBackEnd) {
  auto v = ParseIptablesVersion(GetParam().text);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(v->version, GetParam().version);
  EXPECT_EQ(v->mode, GetParam().mode);
}

// Outputs from REAL_FORMATS.md §2 (CentOS 6/7, CentOS/RHEL 8, Ubuntu 16.04-22.04, Alpine, Debian).
INSTANTIATE_TEST_SUITE_P(
    RealOutputs, IptablesVersionParse,
    ::testing::Values(VersionCase{"iptables v1.4.7\n", "1.4.7", "legacy"},
                      VersionCase{"iptables v1.4.21\n", "1.4.21", "legacy"},
                      VersionCase{"iptables v1.6.0\n", "1.6.0", "legacy"},
                      VersionCase{"iptables v1.6.1\n", "1.6.1", "legacy"},
                      VersionCase{"iptables v1.8.2 (nf_tables)\n", "1.8.2", "nft"},
                      VersionCase{"iptables v1.8.4 (nf_tables)\n", "1.8.4", "nft"},
                      VersionCase{"iptables v1.8.4 (legacy)\n", "1.8.4", "legacy"},
                      VersionCase{"iptables v1.8.7 (nf_tables)", "1.8.7", "nft"},
                      VersionCase{"iptables v1.8.9 (legacy)\n", "1.8.9", "legacy"},
                      VersionCase{"iptables-save v1.8.8 (nf_tables)\n", "1.8.8", "nft"}));

TEST(IptablesVersionParse, Errors) {
  for (const char* bad : {"", "iptables", "iptables v", "iptables v1", "iptables v1.8.9 (nft)",
                          "iptables: command not found", "iptables v.8.9"}) {
    auto v = ParseIptablesVersion(bad);
    EXPECT_FALSE(v) << bad;
    if (!v) {
      EXPECT_EQ(v.error().code(), ErrorCode::kParseError);
    }
  }
}

// A host root with fake iptables tools: small scripts that print captured outputs. (Only these
// test doubles use a shell; the collector itself execs binaries directly.)
class FakeHost {
 public:
  FakeHost() : dir_("ipt"), root_(dir_.path()) {
    std::filesystem::create_directories(root_ + "/usr/sbin");
    std::filesystem::create_directories(root_ + "/etc/alternatives");
  }
  // /usr/sbin/<name> printing the fixture (or `body` shell code when fixture is empty).
  void Tool(const std::string& name, const std::string& fixture, const std::string& body = "") {
    std::string path = root_ + "/usr/sbin/" + name;
    std::string script = "#!/bin/sh\n";
    if (!fixture.empty()) {
      script += "cat '" + std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/" + fixture + "'\n";
    }
    script += body + "\n";
    std::ofstream(path) << script;
    ::chmod(path.c_str(), 0755);
  }
  void File(const std::string& host_path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(root_ + host_path).parent_path());
    std::ofstream(root_ + host_path) << text;
  }
  void Link(const std::string& host_path, const std::string& target) {
    std::filesystem::create_symlink(target, root_ + host_path);
  }
  HostContext Context(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) const {
    HostContext ctx;
    ctx.fs = core::HostFs(root_);
    ctx.command_timeout = timeout;
    return ctx;
  }

 private:
  ::netdoctor::test_support::TempDir dir_;
  std::string root_;
};

std::string Reason(const facts::FactSet& fs, const std::string& key) {
  const facts::Fact* f = fs.Get(key);
  if (!f) return "<absent>";
  return f->known() ? "<known>" : f->unknown_reason;
}

// Debian 12 shape: /usr/sbin/iptables -> /etc/alternatives/iptables -> /usr/sbin/iptables-nft
// (absolute links, which must resolve inside the root).
TEST(CollectIptables, BothBackEndsFromSaveTools) {
  FakeHost h;
  h.Tool("iptables-nft", "", "echo 'iptables v1.8.9 (nf_tables)'");
  h.Link("/etc/alternatives/iptables", "/usr/sbin/iptables-nft");
  h.Link("/usr/sbin/iptables", "/etc/alternatives/iptables");
  h.Tool("iptables-legacy-save", "iptables/netns-legacy-v4.txt");
  h.Tool("ip6tables-legacy-save", "iptables/netns-legacy-v6.txt");
  h.Tool("iptables-nft-save", "iptables/netns-nft-v4.txt",
         "echo '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them' "
         ">&2");
  h.Tool("ip6tables-nft-save", "iptables/netns-nft-v6.txt");
  facts::FactSet out;
  CollectIptables(h.Context(), out);
  EXPECT_EQ(out.GetString("node.iptables.version"), "1.8.9");
  EXPECT_EQ(out.GetString("node.iptables.mode"), "nft");
  EXPECT_EQ(out.Get("node.iptables.mode")->source, "/usr/sbin/iptables -V");
  EXPECT_EQ(out.GetInt("node.iptables.legacy.rules"), 12);
  EXPECT_EQ(out.GetInt("node.iptables.legacy.calico_chains"), 3);
  EXPECT_EQ(out.GetInt("node.iptables.nft.kube_chains"), 10);
  EXPECT_EQ(out.GetInt("node.iptables.nft.calico_chains"), 0);
  EXPECT_EQ(out.GetBool("node.iptables.nft.hint_chains"), true);
  EXPECT_EQ(out.GetBool("node.iptables.masquerade_random_fully"), true);
  EXPECT_EQ(out.Get("node.iptables.nft.rules")->source,
            "/usr/sbin/iptables-nft-save + /usr/sbin/ip6tables-nft-save");
  EXPECT_EQ(out.Get("node.iptables.legacy.rules")->source,
            "/usr/sbin/iptables-legacy-save + /usr/sbin/ip6tables-legacy-save");
}

// CentOS 7: iptables 1.4.21, everything a link to xtables-multi, no nft back end at all.
TEST(CollectIptables, CentOs7OnlyLegacy) {
  FakeHost h;
  h.Tool("xtables-multi", "",
         "if [ \"$1\" = -V ]; then echo 'iptables v1.4.21'; else cat '" +
             std::string(NETDOCTOR_SOURCE_DIR) +
             "/tests/fixtures/iptables/centos7-legacy-v4.txt'; fi");
  h.Link("/usr/sbin/iptables", "xtables-multi");
  h.Link("/usr/sbin/iptables-save", "xtables-multi");
  facts::FactSet out;
  CollectIptables(h.Context(), out);
  EXPECT_EQ(out.GetString("node.iptables.version"), "1.4.21");
  EXPECT_EQ(out.GetString("node.iptables.mode"), "legacy");
  EXPECT_EQ(out.GetInt("node.iptables.legacy.kube_chains"), 12);
  EXPECT_EQ(out.Get("node.iptables.legacy.rules")->source, "/usr/sbin/iptables-save");
  EXPECT_EQ(Reason(out, "node.iptables.nft.rules"), "iptables-nft-save not installed");
  EXPECT_EQ(Reason(out, "node.iptables.nft.hint_chains"), "iptables-nft-save not installed");
}

TEST(CollectIptables, NftJsonWhenNoNftSaveTool) {
  FakeHost h;
  h.Tool("nft", "iptables/nft/netns-ruleset.json");
  h.Tool("iptables-legacy-save", "iptables/netns-legacy-v4.txt");
  facts::FactSet out;
  CollectIptables(h.Context(), out);
  EXPECT_EQ(out.GetInt("node.iptables.nft.kube_chains"), 10);
  EXPECT_EQ(out.Get("node.iptables.nft.kube_chains")->source, "/usr/sbin/nft -j list ruleset");
  // legacy shows --random-fully, so the xt targets' hidden options do not matter.
  EXPECT_EQ(out.GetBool("node.iptables.masquerade_random_fully"), true);
  EXPECT_EQ(Reason(out, "node.iptables.version"),
            "iptables not installed (no /usr/sbin/iptables or /sbin/iptables)");
}

TEST(CollectIptables, HangingToolIsKilledAtTheTimeout) {
  FakeHost h;
  h.Tool("iptables-legacy-save", "", "exec sleep 30");
  h.Tool("iptables-nft-save", "iptables/netns-nft-v4.txt");
  auto start = std::chrono::steady_clock::now();
  facts::FactSet out;
  CollectIptables(h.Context(std::chrono::milliseconds(300)), out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_NE(Reason(out, "node.iptables.legacy.rules").find("timed out after 300 ms and was killed"),
            std::string::npos)
      << Reason(out, "node.iptables.legacy.rules");
  EXPECT_EQ(out.GetInt("node.iptables.nft.rules"), 9);
}

TEST(CollectIptables, FailingToolGivesItsStderr) {
  FakeHost h;
  h.Tool("iptables-nft-save", "",
         "echo 'iptables-nft-save v1.8.9 (nf_tables): Could not fetch rule set generation id: "
         "Permission denied (you must be root)' >&2; exit 4");
  h.Tool("iptables-legacy-save", "", "echo '*filter'");  // cut short: no COMMIT
  facts::FactSet out;
  CollectIptables(h.Context(), out);
  EXPECT_EQ(Reason(out, "node.iptables.nft.rules"),
            "/usr/sbin/iptables-nft-save failed (exit status 4): iptables-nft-save v1.8.9 "
            "(nf_tables): Could not fetch rule set generation id: Permission denied (you must be "
            "root)");
  EXPECT_NE(Reason(out, "node.iptables.legacy.rules").find("missing COMMIT for table 'filter'"),
            std::string::npos)
      << Reason(out, "node.iptables.legacy.rules");
}

// /proc/net/ip_tables_names is what iptables-legacy-save itself reads first; with no legacy table
// loaded the tool would print nothing, so it is not started (this one would fail if it were).
TEST(CollectIptables, NoLegacyTablesLoadedSkipsTheLegacyTool) {
  FakeHost h;
  h.Tool("iptables-legacy-save", "", "echo started >&2; exit 1");
  h.Tool("ip6tables-legacy-save", "", "echo started >&2; exit 1");
  h.Tool("iptables-nft-save", "iptables/netns-nft-v4.txt");
  h.File("/proc/net/ip_tables_names", "");
  // ip6_tables not loaded at all: the file is absent.
  facts::FactSet out;
  CollectIptables(h.Context(), out);
  EXPECT_EQ(out.GetInt("node.iptables.legacy.rules"), 0);
  EXPECT_EQ(out.GetBool("node.iptables.legacy.hint_chains"), false);
  EXPECT_EQ(out.Get("node.iptables.legacy.rules")->source,
            "/proc/net/ip_tables_names (no legacy table loaded) + /proc/net/ip6_tables_names (no "
            "legacy table loaded)");
}

TEST(CollectIptables, LoadedLegacyTablesRunTheTool) {
  FakeHost h;
  h.Tool("iptables-legacy-save", "iptables/netns-legacy-v4.txt");
  h.File("/proc/net/ip_tables_names", "mangle\nnat\nfilter\n");
  facts::FactSet out;
  CollectIptables(h.Context(), out);
  EXPECT_EQ(out.GetInt("node.iptables.legacy.rules"), 12);
  EXPECT_EQ(out.Get("node.iptables.legacy.rules")->source, "/usr/sbin/iptables-legacy-save");
}

TEST(CollectIptables, NotLiveRunsNothing) {
  FakeHost h;
  h.Tool("iptables-nft-save", "iptables/netns-nft-v4.txt");
  HostContext ctx = h.Context();
  ctx.live = false;
  facts::FactSet out;
  CollectIptables(ctx, out);
  EXPECT_NE(Reason(out, "node.iptables.nft.rules").find("not a live host"), std::string::npos);
  EXPECT_NE(Reason(out, "node.iptables.version").find("not a live host"), std::string::npos);
}

}  // namespace
}  // namespace netdoctor::collect::host

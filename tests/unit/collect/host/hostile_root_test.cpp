// SPDX-License-Identifier: Apache-2.0
// Host roots that are broken or hostile (issue 11): no /proc, FIFOs, directories and dangling links
// where files belong, bytes that are not UTF-8, credentials on a kubelet command line. Each ends
// quickly with facts unknown-with-reason and the unreadable paths listed for a partial report.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "collect/host/fact_text.h"
#include "collect/host/files/host_files.h"
#include "facts/facts_json.h"

namespace netdoctor::collect::host {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class HostileRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/nd-hostile-root-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void Write(const std::string& rel, std::string_view bytes) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << bytes;
  }
  // Collects with a fresh HostFs; `unreadable` gets what it could not read.
  facts::FactSet Collect(std::vector<std::string>* unreadable = nullptr) {
    HostContext ctx;
    ctx.fs = core::HostFs(root_.string());
    ctx.live = false;
    facts::FactSet out;
    CollectHostFiles(ctx, {"net.ipv4.ip_forward"}, out);
    if (unreadable) *unreadable = ctx.fs.Unreadable();
    return out;
  }
  static std::string Reason(const facts::FactSet& f, std::string_view key) {
    const facts::Fact* fact = f.Get(key);
    if (fact == nullptr) return "<no fact>";
    EXPECT_FALSE(fact->known()) << key;
    return fact->unknown_reason;
  }
  fs::path root_;
};

TEST_F(HostileRoot, NoProcIsNamedAsUnreadable) {
  Write("etc/hostname", "node-a\n");
  Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  std::vector<std::string> bad;
  auto f = Collect(&bad);
  EXPECT_EQ(f.GetString("node.hostname"), "node-a");
  EXPECT_THAT(bad, Contains(AllOf(HasSubstr(root_.string() + "/proc"), HasSubstr("process facts unknown"))));
}

TEST_F(HostileRoot, FifoOsReleaseEndsAtOnceUnknownWithReason) {
  fs::create_directories(root_ / "etc");
  ASSERT_EQ(::mkfifo((root_ / "etc/os-release").c_str(), 0644), 0);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> bad;
  auto f = Collect(&bad);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_THAT(Reason(f, "node.os.id"),
              HasSubstr(root_.string() + "/etc/os-release is a FIFO (named pipe), not a regular file"));
  EXPECT_THAT(bad, Contains(HasSubstr("etc/os-release is a FIFO")));
}

TEST_F(HostileRoot, DirectoriesAndDanglingLinksAreListed) {
  fs::create_directories(root_ / "etc/hostname");
  fs::create_directories(root_ / "proc/sys/kernel/osrelease");
  fs::create_symlink("/usr/lib/os-release.gone", root_ / "etc/os-release");
  std::vector<std::string> bad;
  auto f = Collect(&bad);
  EXPECT_THAT(Reason(f, "node.kernel.release"), HasSubstr("osrelease is a directory"));
  EXPECT_THAT(bad, Contains(HasSubstr("etc/hostname is a directory")));
  EXPECT_THAT(bad, Contains(HasSubstr("proc/sys/kernel/osrelease is a directory")));
  EXPECT_THAT(bad, Contains(HasSubstr("etc/os-release is a dangling symlink")));
}

TEST_F(HostileRoot, InvalidUtf8IsEscapedAndMarked) {
  Write("etc/hostname", "node\xFF" "a\n");
  Write("proc/sys/kernel/osrelease", "5.10.0-\xFE\xFF-amd64\n");
  Write("etc/os-release", "ID=debian\nPRETTY_NAME=\"Debian \xC3\xA9t\xC3\"\n");
  auto f = Collect();
  EXPECT_EQ(f.GetString("node.hostname"), "node\\xFFa");
  EXPECT_EQ(f.GetString("node.kernel.release"), "5.10.0-\\xFE\\xFF-amd64");
  // Valid UTF-8 (é) is kept, the cut sequence escaped.
  EXPECT_EQ(f.GetString("node.os.pretty_name"), "Debian \xC3\xA9t\\xC3");
  EXPECT_THAT(f.Get("node.hostname")->source, HasSubstr(std::string(kInvalidUtf8Mark)));
  EXPECT_THAT(f.Get("node.os.id")->source, Not(HasSubstr(std::string(kInvalidUtf8Mark))));
  facts::Snapshot snap;
  snap.nodes["n"] = f;
  const std::string json = facts::WriteFactsJson(snap);  // must not throw
  EXPECT_THAT(json, HasSubstr("node\\\\xFFa"));
}

TEST_F(HostileRoot, KubeletCredentialsNeverBecomeFacts) {
  using namespace std::string_literals;
  Write("proc/100/cmdline", "/usr/bin/kubelet\0--token=abc-secret-token\0"
                            "--kubeconfig=https://user:pw-secret@10.0.0.1:6443\0"
                            "--network-plugin=cni\0"s);
  Write("proc/sys/kernel/osrelease", "6.1.0\n");
  auto f = Collect();
  const facts::Fact* args = f.Get("node.kubelet.args");
  ASSERT_NE(args, nullptr);
  ASSERT_TRUE(args->known()) << args->unknown_reason;
  const std::string shown = facts::ValueToString(*args->value);
  EXPECT_THAT(shown, Not(HasSubstr("abc-secret-token")));
  EXPECT_THAT(shown, Not(HasSubstr("pw-secret")));
  EXPECT_THAT(shown, HasSubstr("--token=<redacted>"));
  EXPECT_THAT(shown, HasSubstr("https://user:<redacted>@10.0.0.1:6443"));
  EXPECT_EQ(f.GetString("node.kubelet.network_plugin"), "cni");
}

}  // namespace
}  // namespace netdoctor::collect::host

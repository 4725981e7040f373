// SPDX-License-Identifier: Apache-2.0
// HostFs against hostile trees: links that chain out of the root, FIFOs, sockets, directories
// where files belong, dangling links and oversized files. Every case runs with both resolvers
// (openat2 and the component walk used on kernels before 5.6).
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/host_fs.h"
#include "core/host_fs_open.h"

namespace netdoctor::core {
namespace {

namespace fs = std::filesystem;

class HostFsSafety : public testing::TestWithParam<InRootResolver> {
 protected:
  void SetUp() override {
    if (GetParam() == InRootResolver::kOpenat2) {
      ResetInRootResolverForTest();
      if (ActiveInRootResolver() != InRootResolver::kOpenat2) {
        // Said in the log, never silent: this kernel (or seccomp) has no openat2.
        GTEST_SKIP() << "openat2(2) is not available here; only the walk resolver is tested";
      }
    }
    ForceInRootResolverForTest(GetParam());
    char tmpl[] = "/tmp/nd-hostfs-safety-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    parent_ = tmpl;
    root_ = parent_ / "root";
    fs::create_directories(root_ / "etc");
    fs::create_directories(root_ / "proc/sys/a/b");
    // A file beside the root that nothing may read through it.
    std::ofstream(parent_ / "outside-secret") << "SECRET-OUTSIDE-THE-ROOT\n";
  }
  void TearDown() override {
    ResetInRootResolverForTest();
    std::error_code ec;
    if (!parent_.empty()) fs::remove_all(parent_, ec);
  }
  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  void Link(const std::string& target, const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    fs::create_symlink(target, root_ / rel);
  }
  fs::path parent_, root_;
};

// The chain of issue 11: each link stays inside lexically, together they climb out.
TEST_P(HostFsSafety, LinksThatChainOutStayInTheRoot) {
  Link("../../../..", "proc/sys/a/b/s1");   // the root itself
  Link("a/b/s1/..", "proc/sys/up");         // the root's parent, were ".." not clamped
  Link("../proc/sys/up/outside-secret", "etc/os-release");
  Link("../proc/sys/up/root/../outside-secret", "etc/hostname");
  HostFs hfs(root_.string());
  for (const char* path : {"/etc/os-release", "/etc/hostname", "/proc/sys/up/outside-secret"}) {
    auto r = hfs.ReadFile(path);
    if (r) {
      ADD_FAILURE() << path << " read: " << *r;
      EXPECT_EQ(r->find("SECRET-OUTSIDE"), std::string::npos);
    }
  }
  // Inside the root, "up" is the root: a file there is reachable through the chain.
  Write("etc/machine-id", "inside\n");
  auto in = hfs.ReadFile("/proc/sys/up/etc/machine-id");
  ASSERT_TRUE(in) << in.error().ToString();
  EXPECT_EQ(*in, "inside\n");
  auto names = hfs.ListDir("/proc/sys/up");
  ASSERT_TRUE(names) << names.error().ToString();
  EXPECT_EQ(std::count(names->begin(), names->end(), "outside-secret"), 0);
  EXPECT_EQ(std::count(names->begin(), names->end(), "etc"), 1);
  EXPECT_FALSE(hfs.Exists("/proc/sys/up/outside-secret"));
}

TEST_P(HostFsSafety, AbsoluteLinkTargetsStartAtTheRoot) {
  Write("etc/real-release", "ID=inside\n");
  Link("/etc/real-release", "etc/os-release");
  Link(parent_.string() + "/outside-secret", "etc/hostname");
  HostFs hfs(root_.string());
  auto r = hfs.ReadFile("/etc/os-release");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(*r, "ID=inside\n");
  auto h = hfs.ReadFile("/etc/hostname");
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code(), ErrorCode::kNotFound);
}

TEST_P(HostFsSafety, FifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((root_ / "etc/os-release").c_str(), 0644), 0);
  Link("../../../..", "proc/sys/a/b/s1");
  Link("a/b/s1/..", "proc/sys/up");
  Link("../proc/sys/up/etc/os-release", "etc/lsb-release");  // the chain, ending at the FIFO
  HostFs hfs(root_.string());
  const auto start = std::chrono::steady_clock::now();
  for (const char* path : {"/etc/os-release", "/etc/lsb-release"}) {
    auto r = hfs.ReadFile(path);
    ASSERT_FALSE(r) << path;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().ToString().find(root_.string() + path), std::string::npos)
        << r.error().ToString();
    EXPECT_NE(r.error().ToString().find("FIFO"), std::string::npos) << r.error().ToString();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  const auto bad = hfs.Unreadable();
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_NE(bad[0].find("etc/os-release is a FIFO"), std::string::npos) << bad[0];
}

TEST_P(HostFsSafety, SocketDirectoryAndDanglingLinkAreNamed) {
  const std::string sock_path = (root_ / "etc/hostname").string();
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(sock_path.size(), sizeof addr.sun_path);
  sock_path.copy(addr.sun_path, sock_path.size());
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  fs::create_directories(root_ / "etc/os-release");
  Link("/nowhere/at/all", "etc/machine-id");
  HostFs hfs(root_.string());
  auto sock = hfs.ReadFile("/etc/hostname");
  ::close(s);
  ASSERT_FALSE(sock);
  EXPECT_NE(sock.error().ToString().find("etc/hostname is a socket"), std::string::npos)
      << sock.error().ToString();
  auto dir = hfs.ReadFile("/etc/os-release");
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().ToString().find("etc/os-release is a directory"), std::string::npos);
  auto dangling = hfs.ReadFile("/etc/machine-id");
  ASSERT_FALSE(dangling);
  EXPECT_EQ(dangling.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(dangling.error().ToString().find("dangling"), std::string::npos);
  auto absent = hfs.ReadFile("/etc/absent");
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code(), ErrorCode::kNotFound);
  // Listed: the three that exist but could not be read; the plainly absent file is not.
  const auto bad = hfs.Unreadable();
  ASSERT_EQ(bad.size(), 3u);
  for (const auto& b : bad) EXPECT_EQ(b.find("etc/absent"), std::string::npos) << b;
  // Copies share the list.
  HostFs copy = hfs;
  copy.NoteUnreadable("extra");
  EXPECT_EQ(hfs.Unreadable().size(), 4u);
  // Listing a file is an error too, not an empty directory.
  Write("etc/cni", "not a dir");
  auto list = hfs.ListDir("/etc/cni");
  ASSERT_FALSE(list);
  EXPECT_NE(list.error().ToString().find("etc/cni is not a directory"), std::string::npos);
}

TEST_P(HostFsSafety, SizeCapIsNamed) {
  Write("etc/big", std::string(5000, 'x'));
  HostFs hfs(root_.string());
  auto r = hfs.ReadFile("/etc/big", 4096);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().ToString().find("read cap of 4096 bytes"), std::string::npos);
  auto ok = hfs.ReadFile("/etc/big", 5000);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 5000u);
}

TEST_P(HostFsSafety, LinkLoopEndsWithAnError) {
  Link("b", "etc/a");
  Link("a", "etc/b");
  HostFs hfs(root_.string());
  auto r = hfs.ReadFile("/etc/a");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().ToString().find("too many levels of symbolic links"), std::string::npos);
  EXPECT_FALSE(hfs.IsDirectory("/etc/a"));
  EXPECT_TRUE(hfs.Exists("/etc/a"));
}

TEST_P(HostFsSafety, LiveRootStillReadsProcAndRefusesMagicLinks) {
  HostFs hfs("/");
  auto r = hfs.ReadFile("/proc/self/status");  // /proc/self is a plain link
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_NE(r->find("Pid:"), std::string::npos);
  if (GetParam() == InRootResolver::kOpenat2) {
    // /proc/<pid>/root is a magic link: it could lead anywhere, so it is refused.
    auto m = hfs.ReadFile("/proc/self/root/etc/hostname");
    EXPECT_FALSE(m);
  }
  auto names = hfs.ListDir("/proc");
  ASSERT_TRUE(names);
  EXPECT_NE(std::find(names->begin(), names->end(), std::to_string(::getpid())), names->end());
}

INSTANTIATE_TEST_SUITE_P(Resolvers, HostFsSafety,
                         testing::Values(InRootResolver::kOpenat2, InRootResolver::kWalk),
                         [](const testing::TestParamInfo<InRootResolver>& p) {
                           return p.param == InRootResolver::kOpenat2 ? std::string("Openat2")
                                                                      : std::string("Walk");
                         });

}  // namespace
}  // namespace netdoctor::core

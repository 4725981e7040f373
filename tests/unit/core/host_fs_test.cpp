// SPDX-License-Identifier: Apache-2.0
#include "core/host_fs.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/net.h"

namespace netdoctor::core {
namespace {

class HostFsTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("nd-hostfs-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root_ / "usr/sbin");
    std::filesystem::create_directories(root_ / "etc/alternatives");
    std::ofstream(root_ / "usr/sbin/xtables-nft-multi") << "#!/bin/sh\n";
    std::filesystem::permissions(root_ / "usr/sbin/xtables-nft-multi", std::filesystem::perms::owner_all);
    // Debian's three-hop chain (REAL_FORMATS §2), with absolute targets that must stay in the root.
    std::filesystem::create_symlink("/etc/alternatives/iptables", root_ / "usr/sbin/iptables");
    std::filesystem::create_symlink("/usr/sbin/iptables-nft", root_ / "etc/alternatives/iptables");
    std::filesystem::create_symlink("xtables-nft-multi", root_ / "usr/sbin/iptables-nft");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(HostFsTest, LinkChainStaysUnderTheRoot) {
  HostFs fs(root_.string());
  auto chain = fs.LinkChain("/usr/sbin/iptables");
  ASSERT_TRUE(chain) << chain.error().ToString();
  EXPECT_EQ(*chain, (std::vector<std::string>{"/usr/sbin/iptables", "/etc/alternatives/iptables",
                                              "/usr/sbin/iptables-nft", "/usr/sbin/xtables-nft-multi"}));
  EXPECT_TRUE(fs.IsExecutableFile("/usr/sbin/iptables"));
}

TEST_F(HostFsTest, MissingFileIsNotFoundWithPath) {
  HostFs fs(root_.string());
  auto r = fs.ReadFile("/etc/os-release");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(r.error().ToString().find("etc/os-release"), std::string::npos);
}

TEST_F(HostFsTest, DotDotCannotEscapeTheRoot) {
  HostFs fs(root_.string());
  EXPECT_EQ(fs.Resolve("/../../etc/passwd"), root_.string() + "/etc/passwd");
}

TEST(Cidr, ContainsAddressesOfItsFamilyOnly) {
  auto net = ParseCidr("10.244.0.0/16");
  ASSERT_TRUE(net);
  EXPECT_TRUE(CidrContains(*net, *ParseIp("10.244.31.7")));
  EXPECT_FALSE(CidrContains(*net, *ParseIp("172.17.0.2")));
  EXPECT_FALSE(CidrContains(*net, *ParseIp("fd00::1")));
  auto v6 = ParseCidr("fd00:10:244::/56");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(CidrContains(*v6, *ParseIp("fd00:10:244:0:ff::3")));
  EXPECT_FALSE(ParseCidr("10.0.0.0/33"));
  EXPECT_FALSE(ParseCidr("nonsense"));
}

}  // namespace
}  // namespace netdoctor::core

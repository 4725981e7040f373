// SPDX-License-Identifier: Apache-2.0
#include "collect/host/command.h"

#include <chrono>

#include <gtest/gtest.h>

namespace netdoctor::collect::host {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

TEST(RunCommand, CapturesStdoutStderrAndExitCode) {
  auto r =
      RunCommand({"/bin/sh", {"sh", "-c", "echo out; echo err >&2; exit 3"}}, milliseconds(5000));
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->signal, 0);
}

TEST(RunCommand, FixedEnvironmentAndNoStdin) {
  auto r = RunCommand({"/bin/sh", {"sh", "-c", "echo $PATH $LC_ALL; cat"}}, milliseconds(5000));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->out, "/usr/sbin:/usr/bin:/sbin:/bin C\n");  // cat read /dev/null: nothing
}

TEST(RunCommand, TimeoutKillsTheChild) {
  auto start = Clock::now();
  auto r = RunCommand({"/bin/sleep", {"sleep", "30"}}, milliseconds(200));
  auto took = Clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kTimeout);
  EXPECT_EQ(r.error().message(), "/bin/sleep 30 timed out after 200 ms and was killed");
  EXPECT_LT(took, milliseconds(3000));
}

TEST(RunCommand, ChildThatClosesItsPipesButKeepsRunningIsKilled) {
  auto start = Clock::now();
  auto r = RunCommand({"/bin/sh", {"sh", "-c", "exec >&- 2>&-; sleep 30"}}, milliseconds(200));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kTimeout);
  EXPECT_LT(Clock::now() - start, milliseconds(3000));
}

TEST(RunCommand, MissingBinaryAndRelativePath) {
  auto missing =
      RunCommand({"/nonexistent/iptables-nft-save", {"iptables-nft-save"}}, milliseconds(1000));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  auto relative = RunCommand({"iptables-save", {"iptables-save"}}, milliseconds(1000));
  ASSERT_FALSE(relative);
  EXPECT_EQ(relative.error().code(), ErrorCode::kInvalidInput);
}

TEST(RunCommand, OutputLimit) {
  auto r = RunCommand({"/usr/bin/yes", {"yes"}}, milliseconds(5000), 100000);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message().find("more than 100000 bytes"), std::string::npos);
}

TEST(RunCommands, RunConcurrentlyInOrder) {
  auto start = Clock::now();
  auto rs = RunCommands({{"/bin/sh", {"sh", "-c", "sleep 1; echo a"}},
                         {"/bin/sh", {"sh", "-c", "sleep 1; echo b"}},
                         {"/bin/false", {"false"}}},
                        milliseconds(5000));
  auto took = Clock::now() - start;
  ASSERT_EQ(rs.size(), 3u);
  ASSERT_TRUE(rs[0] && rs[1] && rs[2]);
  EXPECT_EQ(rs[0]->out, "a\n");
  EXPECT_EQ(rs[1]->out, "b\n");
  EXPECT_EQ(rs[2]->exit_code, 1);
  EXPECT_LT(took, milliseconds(1900));  // not 2 s: they ran side by side
}

TEST(CommandLine, ShowsArgv0OnlyWhenItDiffers) {
  EXPECT_EQ(CommandLine({"/usr/sbin/xtables-nft-multi", {"xtables-nft-multi", "iptables-save"}}),
            "/usr/sbin/xtables-nft-multi iptables-save");
  EXPECT_EQ(CommandLine({"/usr/sbin/xtables-nft-multi", {"iptables-nft-save"}}),
            "/usr/sbin/xtables-nft-multi (as iptables-nft-save)");
}

}  // namespace
}  // namespace netdoctor::collect::host

// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/sos_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "collect/sos/ethtool_text.h"

namespace netdoctor::collect::sos {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// ---- ethtool -k ----

// Shape: `ethtool -k vxlan.calico` (ethtool 5.13, kernel 4.18), trimmed; sub-features are
// indented with a tab.
constexpr std::string_view kEthtoolVxlan =
    "Features for vxlan.calico:\n"
    "rx-checksumming: off [fixed]\n"
    "tx-checksumming: on\n"
    "\ttx-checksum-ipv4: off [fixed]\n"
    "\ttx-checksum-ip-generic: on\n"
    "\ttx-checksum-ipv6: off [fixed]\n"
    "scatter-gather: on\n"
    "\ttx-scatter-gather: on\n"
    "generic-receive-offload: on\n"
    "tx-udp_tnl-segmentation: off [requested on]\n"
    "rx-gro-list: off\n";

TEST(ParseEthtoolFeatures, ReadsFeaturesAndFixedMarks) {
  auto f = ParseEthtoolFeatures(kEthtoolVxlan);
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->device, "vxlan.calico");
  EXPECT_EQ(f->features.at("tx-checksum-ip-generic"), true);
  EXPECT_EQ(f->features.at("tx-checksumming"), true);
  EXPECT_EQ(f->features.at("rx-checksumming"), false);
  EXPECT_EQ(f->features.at("tx-udp_tnl-segmentation"), false);
  EXPECT_TRUE(f->fixed.count("tx-checksum-ipv4"));
  EXPECT_FALSE(f->fixed.count("tx-checksum-ip-generic"));
  EXPECT_EQ(f->features.size(), 10u);
}

TEST(ParseEthtoolFeatures, SkipsCannotGetLines) {
  // Shape: ethtool 4.8 on CentOS 7 prints this to stderr first; sos keeps stderr.
  auto f = ParseEthtoolFeatures(
      "Cannot get device udp-fragmentation-offload settings: Operation not supported\n"
      "Features for eth0:\nrx-checksumming: on [fixed]\ntx-checksumming: on\n");
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->features.size(), 2u);
}

TEST(ParseEthtoolFeatures, MissingDeviceIsNotFound) {
  auto f = ParseEthtoolFeatures("Cannot get device feature names: No such device\n");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), ErrorCode::kNotFound);
  EXPECT_THAT(f.error().message(), HasSubstr("No such device"));
}

TEST(ParseEthtoolFeatures, BadValueNamesLineAndFeature) {
  auto f = ParseEthtoolFeatures("Features for eth0:\ntx-checksumming: maybe\n");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), ErrorCode::kParseError);
  EXPECT_EQ(f.error().where()->line, 2);
  EXPECT_EQ(f.error().where()->field, "tx-checksumming");
}

TEST(ParseEthtoolFeatures, OtherTextIsAParseError) {
  auto f = ParseEthtoolFeatures("bash: ethtool: command not found\n");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), ErrorCode::kParseError);
}

// ---- sysctl -a ----

TEST(ParseSysctlA, ReadsValuesKeepsTabsAndCollectsComplaints) {
  // Shape: procps-ng 3.3.15 `sysctl -a` (Rocky 8), stderr mixed in as sos keeps it.
  auto s = ParseSysctlA(
      "kernel.domainname = (none)\n"
      "net.ipv4.conf.vxlan/calico.proxy_arp = 0\n"
      "net.ipv4.tcp_rmem = 4096\t131072\t6291456\n"
      "net.ipv4.vs.conn_reuse_mode = 1\n"
      "sysctl: reading key \"net.ipv6.conf.all.stable_secret\"\n"
      "net.ipv4.tcp_fastopen_key = \n"
      "vm.swappiness = 30\n");
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->values.at("net.ipv4.vs.conn_reuse_mode"), "1");
  EXPECT_EQ(s->values.at("net.ipv4.tcp_rmem"), "4096\t131072\t6291456");
  EXPECT_EQ(s->values.at("net.ipv4.conf.vxlan/calico.proxy_arp"), "0");
  EXPECT_EQ(s->values.at("net.ipv4.tcp_fastopen_key"), "");
  EXPECT_EQ(s->values.at("kernel.domainname"), "(none)");
  EXPECT_THAT(s->errors, ElementsAre("sysctl: reading key \"net.ipv6.conf.all.stable_secret\""));
}

TEST(ParseSysctlA, OtherLinesAreErrors) {
  auto s = ParseSysctlA("vm.swappiness = 30\nnot a sysctl line\n");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().where()->line, 2);
}

// ---- ps ----

TEST(ParsePsOutput, ReadsAuxwwwCommandColumn) {
  // Shape: procps `ps auxwww` (CentOS 7).
  auto p = ParsePsOutput(
      "USER        PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
      "root          1  0.0  0.1 193932  6940 ?        Ss   Mar01   1:12 /usr/lib/systemd/systemd "
      "--switched-root --system --deserialize 22\n"
      "root          2  0.0  0.0      0     0 ?        S    Mar01   0:00 [kthreadd]\n"
      "root       1203  2.9  2.4 1793276 95112 ?       Ssl  Mar01 421:02 /usr/bin/kubelet "
      "--network-plugin=cni --config=/var/lib/kubelet/config.yaml\n");
  ASSERT_TRUE(p) << p.error().ToString();
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ((*p)[2].pid, 1203);
  EXPECT_THAT((*p)[2].args, ElementsAre("/usr/bin/kubelet", "--network-plugin=cni",
                                        "--config=/var/lib/kubelet/config.yaml"));
  EXPECT_THAT((*p)[1].args, ElementsAre("[kthreadd]"));
}

TEST(ParsePsOutput, SkipsThreadRowsOfPsM) {
  // Shape: `ps auxwwwm` as sos >= 4.x runs it: thread rows have PID "-".
  auto p = ParsePsOutput(
      "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
      "root        1041  0.6  0.8 1913520 68840 ?       -    May30  12:50 /usr/bin/containerd\n"
      "root           -  0.0    -      -     - -        Ssl  May30   0:05 -\n");
  ASSERT_TRUE(p) << p.error().ToString();
  ASSERT_EQ(p->size(), 1u);
  EXPECT_THAT((*p)[0].args, ElementsAre("/usr/bin/containerd"));
}

TEST(ParsePsOutput, ReadsAlxwwwColumns) {
  auto p = ParsePsOutput(
      "F   UID     PID    PPID PRI  NI    VSZ   RSS WCHAN  STAT TTY        TIME COMMAND\n"
      "4     0       1       0  20   0 174960 17100 -      Ss   ?          0:41 "
      "/usr/lib/systemd/systemd --switched-root\n");
  ASSERT_TRUE(p) << p.error().ToString();
  ASSERT_EQ(p->size(), 1u);
  EXPECT_EQ((*p)[0].pid, 1);
  EXPECT_THAT((*p)[0].args, ElementsAre("/usr/lib/systemd/systemd", "--switched-root"));
}

TEST(ParsePsOutput, MissingHeaderIsAnError) {
  auto p = ParsePsOutput("root 1 0.0 0.1 1 1 ? Ss Mar01 1:12 /sbin/init\n");
  ASSERT_FALSE(p);
  EXPECT_THAT(p.error().message(), HasSubstr("header"));
}

TEST(ParsePsOutput, ShortRowAndBadPidAreErrors) {
  auto short_row = ParsePsOutput("USER PID COMMAND\nroot\n");
  ASSERT_FALSE(short_row);
  EXPECT_EQ(short_row.error().where()->line, 2);
  auto bad_pid = ParsePsOutput("USER PID COMMAND\nroot abc /bin/sh\n");
  ASSERT_FALSE(bad_pid);
  EXPECT_EQ(bad_pid.error().where()->field, "PID");
}

// ---- uname -a ----

TEST(ParseUnameA, ReadsNodenameAndRelease) {
  auto u = ParseUnameA(
      "Linux k8s-node-01 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 x86_64 "
      "x86_64 GNU/Linux\n");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->kernel_name, "Linux");
  EXPECT_EQ(u->nodename, "k8s-node-01");
  EXPECT_EQ(u->release, "3.10.0-1160.el7.x86_64");
}

TEST(ParseUnameA, TooFewFieldsIsAnError) {
  EXPECT_FALSE(ParseUnameA("Linux\n"));
  EXPECT_FALSE(ParseUnameA(""));
}

}  // namespace
}  // namespace netdoctor::collect::sos

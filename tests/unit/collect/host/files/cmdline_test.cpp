// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/cmdline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netdoctor::collect::host {
namespace {

using ::testing::ElementsAre;

std::string Nul(std::initializer_list<std::string_view> args) {
  std::string out;
  for (auto a : args) {
    out += a;
    out += '\0';
  }
  return out;
}

TEST(ParseCmdline, SplitsOnNulAndDropsTheFinalTerminator) {
  // Shape: /proc/<pid>/cmdline of kubeadm 1.26's kubelet.
  auto args = ParseCmdline(
      Nul({"/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
           "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"}));
  EXPECT_THAT(
      args, ElementsAre("/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
                        "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"));
}

TEST(ParseCmdline, KeepsEmptyArguments) {
  auto args = ParseCmdline(std::string("a\0\0b\0", 5));
  EXPECT_THAT(args, ElementsAre("a", "", "b"));
}

TEST(ParseCmdline, EmptyFileIsAKernelThread) {
  EXPECT_TRUE(ParseCmdline("").empty());
}

TEST(ParseCmdline, MissingFinalNulIsTolerated) {
  EXPECT_THAT(ParseCmdline(std::string("dockerd\0-H", 10)), ElementsAre("dockerd", "-H"));
}

TEST(ParseCmdline, RewrittenArgvComesBackAsOneArgument) {
  // setproctitle-style processes overwrite argv with spaces and no NULs.
  EXPECT_THAT(ParseCmdline("nginx: master process /usr/sbin/nginx"),
              ElementsAre("nginx: master process /usr/sbin/nginx"));
}

TEST(FlagValue, ReadsEveryGoFlagForm) {
  std::vector<std::string> args = {"--network-plugin=cni",
                                   "-cni-bin-dir=/opt/cni/bin",
                                   "--config",
                                   "/var/lib/kubelet/config.yaml",
                                   "-v",
                                   "2"};
  EXPECT_EQ(FlagValue(args, "network-plugin"), "cni");
  EXPECT_EQ(FlagValue(args, "cni-bin-dir"), "/opt/cni/bin");
  EXPECT_EQ(FlagValue(args, "config"), "/var/lib/kubelet/config.yaml");
  EXPECT_EQ(FlagValue(args, "v"), "2");
  EXPECT_EQ(FlagValue(args, "cni-conf-dir"), std::nullopt);
}

TEST(FlagValue, DoesNotMatchAFlagThatOnlySharesAPrefix) {
  std::vector<std::string> args = {"--config-dir=/etc/kubelet.d"};
  EXPECT_EQ(FlagValue(args, "config"), std::nullopt);
}

TEST(FlagValue, LastOccurrenceWins) {
  std::vector<std::string> args = {"--network-plugin=kubenet", "--network-plugin=cni"};
  EXPECT_EQ(FlagValue(args, "network-plugin"), "cni");
}

TEST(FlagValue, BareFlagBeforeAnotherFlagHasEmptyValue) {
  std::vector<std::string> args = {"--network-plugin", "--v=2"};
  EXPECT_EQ(FlagValue(args, "network-plugin"), "");
}

TEST(FlagValue, StopsAtDoubleDash) {
  std::vector<std::string> args = {"--", "--network-plugin=cni"};
  EXPECT_EQ(FlagValue(args, "network-plugin"), std::nullopt);
}

TEST(ClassifyProcess, RecognisesKubeletByBaseName) {
  auto m = ClassifyProcess({"/usr/bin/kubelet", "--network-plugin=cni"});
  EXPECT_EQ(m.role, ProcessRole::kKubelet);
  EXPECT_THAT(m.args, ElementsAre("--network-plugin=cni"));
}

TEST(ClassifyProcess, RecognisesHyperkubeSubcommands) {
  EXPECT_EQ(ClassifyProcess({"/hyperkube", "kubelet", "--v=2"}).role, ProcessRole::kKubelet);
  auto proxy = ClassifyProcess({"/hyperkube", "proxy", "--proxy-mode=ipvs"});
  EXPECT_EQ(proxy.role, ProcessRole::kKubeProxy);
  EXPECT_THAT(proxy.args, ElementsAre("--proxy-mode=ipvs"));
}

TEST(ClassifyProcess, ContainerdShimIsNotContainerd) {
  EXPECT_EQ(ClassifyProcess({"/usr/bin/containerd"}).role, ProcessRole::kContainerd);
  EXPECT_EQ(ClassifyProcess({"/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io"}).role,
            ProcessRole::kOther);
}

TEST(ClassifyProcess, RecognisesDockerDaemonForms) {
  EXPECT_EQ(ClassifyProcess({"/usr/bin/dockerd", "-H", "fd://"}).role, ProcessRole::kDockerd);
  EXPECT_EQ(ClassifyProcess({"/usr/bin/docker", "daemon"}).role, ProcessRole::kDockerd);
  EXPECT_EQ(ClassifyProcess({"/usr/bin/docker", "ps"}).role, ProcessRole::kOther);
}

TEST(ClassifyProcess, RecognisesFelix) {
  EXPECT_EQ(ClassifyProcess({"calico-node", "-felix"}).role, ProcessRole::kCalicoFelix);
  EXPECT_EQ(ClassifyProcess({"calico-node", "-confd"}).role, ProcessRole::kOther);
}

TEST(ClassifyProcess, KernelThreadAndEmptyArgvAreOther) {
  EXPECT_EQ(ClassifyProcess({}).role, ProcessRole::kOther);
  EXPECT_EQ(ClassifyProcess({"[kthreadd]"}).role, ProcessRole::kOther);
}

}  // namespace
}  // namespace netdoctor::collect::host

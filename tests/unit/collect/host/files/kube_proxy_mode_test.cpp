// SPDX-License-Identifier: Apache-2.0
// node.kube_proxy.mode from the kube-proxy process of a host root: --config file first (kube-proxy
// then ignores its other flags), else --proxy-mode, else the Linux default.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "collect/host/files/host_files.h"
#include "facts/keys.h"
#include "support/temp_dir.h"

namespace netdoctor::collect::host {
namespace {

namespace keys = facts::keys;
using ::testing::HasSubstr;

// A host root whose only process is kube-proxy with `args`, plus the files given.
class KubeProxyModeTest : public ::testing::Test {
 protected:
  void Process(const std::vector<std::string>& args) {
    std::string cmdline = "/usr/local/bin/kube-proxy";
    for (const auto& a : args) cmdline += std::string(1, '\0') + a;
    cmdline += '\0';
    root_.Write("proc/4242/cmdline", cmdline);
  }
  const facts::Fact& Mode() {
    HostContext ctx;
    ctx.fs = core::HostFs(root_.path());
    ctx.live = false;
    out_ = facts::FactSet();
    CollectHostFiles(ctx, {}, out_);
    const facts::Fact* f = out_.Get(keys::kNodeKubeProxyMode);
    EXPECT_NE(f, nullptr);
    static const facts::Fact kNone = facts::Fact::Unknown("none", "none");
    return f ? *f : kNone;
  }
  test_support::TempDir root_{"kpmode"};
  facts::FactSet out_;
};

constexpr std::string_view kConfigIpvs =
    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
    "clusterCIDR: 10.244.0.0/16\nmode: ipvs\nipvs:\n  strictARP: false\n";

TEST_F(KubeProxyModeTest, ConfigFileModeWinsOverTheIgnoredFlag) {
  root_.Write("etc/kubernetes/kube-proxy.yaml", kConfigIpvs);
  Process({"--config=/etc/kubernetes/kube-proxy.yaml", "--proxy-mode=iptables"});
  const facts::Fact& f = Mode();
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(facts::ValueToString(*f.value), "ipvs");
  EXPECT_EQ(f.origin, facts::Origin::kMeasured);
  EXPECT_EQ(f.source, "/etc/kubernetes/kube-proxy.yaml mode");
}

TEST_F(KubeProxyModeTest, EmptyModeInTheFileIsTheLinuxDefaultInferred) {
  root_.Write("etc/kubernetes/kube-proxy.yaml",
              "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: \"\"\n");
  Process({"--config", "/etc/kubernetes/kube-proxy.yaml"});
  const facts::Fact& f = Mode();
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(facts::ValueToString(*f.value), "iptables");
  EXPECT_EQ(f.origin, facts::Origin::kInferred);
}

TEST_F(KubeProxyModeTest, ProxyModeFlagWithoutConfig) {
  Process({"--proxy-mode=nftables", "--hostname-override=node-a"});
  const facts::Fact& f = Mode();
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(facts::ValueToString(*f.value), "nftables");
  EXPECT_EQ(f.origin, facts::Origin::kMeasured);
  EXPECT_EQ(f.source, "/proc/4242/cmdline --proxy-mode");
}

TEST_F(KubeProxyModeTest, NoFlagsIsTheLinuxDefaultInferred) {
  Process({"--kubeconfig=/var/lib/kube-proxy/kubeconfig.conf"});
  const facts::Fact& f = Mode();
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(facts::ValueToString(*f.value), "iptables");
  EXPECT_EQ(f.origin, facts::Origin::kInferred);
}

TEST_F(KubeProxyModeTest, ConfigInsideThePodIsUnknownNamingTheFileAndTheWayOut) {
  Process({"--config=/var/lib/kube-proxy/config.conf", "--hostname-override=node-a"});
  const facts::Fact& f = Mode();
  EXPECT_FALSE(f.known());
  EXPECT_THAT(f.unknown_reason, HasSubstr("/var/lib/kube-proxy/config.conf"));
  EXPECT_THAT(f.unknown_reason, HasSubstr("--kubeconfig"));
}

TEST_F(KubeProxyModeTest, BrokenConfigIsUnknownWithTheParseError) {
  root_.Write("etc/kp.yaml", "mode: [ipvs\n");
  Process({"--config=/etc/kp.yaml"});
  const facts::Fact& f = Mode();
  EXPECT_FALSE(f.known());
  EXPECT_THAT(f.unknown_reason, HasSubstr("/etc/kp.yaml: "));
  EXPECT_THAT(f.unknown_reason, HasSubstr("line"));
}

TEST_F(KubeProxyModeTest, NoKubeProxyProcessIsUnknown) {
  root_.Write("proc/77/cmdline", std::string("/usr/bin/kubelet\0--v=2\0", 22));
  const facts::Fact& f = Mode();
  EXPECT_FALSE(f.known());
  EXPECT_THAT(f.unknown_reason, HasSubstr("no kube-proxy process"));
}

}  // namespace
}  // namespace netdoctor::collect::host

// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/host_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "facts/catalog.h"
#include "support/temp_dir.h"
#include <sys/stat.h>

namespace netdoctor::collect::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<std::string> kKbSysctls = {
    "net.ipv4.vs.conn_reuse_mode", "net.ipv4.vs.conntrack", "net.ipv4.vs.expire_nodest_conn",
    "net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables"};

std::string FixtureRoot(std::string_view name) {
  return std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/hostfs/" + std::string(name);
}

facts::FactSet CollectRoot(const std::string& root, const HostFilesOptions& opts = {}) {
  HostContext ctx;
  ctx.fs = core::HostFs(root);
  ctx.live = false;
  facts::FactSet out;
  CollectHostFiles(ctx, kKbSysctls, opts, out);
  return out;
}

facts::FactSet CollectFixture(std::string_view name) {
  return CollectRoot(FixtureRoot(name));
}

const facts::Fact& Get(const facts::FactSet& set, std::string_view key) {
  const facts::Fact* f = set.Get(key);
  if (f == nullptr) {
    ADD_FAILURE() << "no fact " << key;
    static const facts::Fact kMissing = facts::Fact::Unknown("missing", "missing");
    return kMissing;
  }
  return *f;
}

std::string Str(const facts::FactSet& set, std::string_view key) {
  auto v = set.GetString(key);
  EXPECT_TRUE(v.has_value()) << key
                             << " is not a known string; reason: " << Get(set, key).unknown_reason;
  return v.value_or("<unknown>");
}

std::vector<std::string> List(const facts::FactSet& set, std::string_view key) {
  const facts::Fact& f = Get(set, key);
  EXPECT_TRUE(f.known()) << key << ": " << f.unknown_reason;
  if (!f.known()) return {};
  auto* l = std::get_if<std::vector<std::string>>(&*f.value);
  EXPECT_NE(l, nullptr) << key << " is not a string list";
  return l ? *l : std::vector<std::string>{};
}

std::string Reason(const facts::FactSet& set, std::string_view key) {
  const facts::Fact& f = Get(set, key);
  EXPECT_FALSE(f.known()) << key
                          << " is known: " << (f.known() ? facts::ValueToString(*f.value) : "");
  return f.unknown_reason;
}

// A scratch host root, removed at the end of the test.
using TempRoot = ::netdoctor::test_support::TempDir;

// ---------------------------------------------------------------------------------------------

TEST(CollectHostFiles, Centos7IpvsIdentityAndSysctls) {
  auto f = CollectFixture("centos7-ipvs");
  EXPECT_EQ(Str(f, "node.hostname"), "k8s-node-01");
  EXPECT_EQ(Str(f, "node.os.id"), "centos");
  EXPECT_EQ(Str(f, "node.os.version_id"), "7");
  EXPECT_EQ(Str(f, "node.os.pretty_name"), "CentOS Linux 7 (Core)");
  EXPECT_EQ(Get(f, "node.os.id").source, "/etc/os-release:ID");
  EXPECT_EQ(Str(f, "node.kernel.release"), "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.vs.conn_reuse_mode"), "1");
  EXPECT_EQ(Get(f, "node.sysctl.net.ipv4.vs.conn_reuse_mode").source,
            "/proc/sys/net/ipv4/vs/conn_reuse_mode");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.vs.conntrack"), "1");
  EXPECT_EQ(Str(f, "node.sysctl.net.bridge.bridge-nf-call-iptables"), "1");
  EXPECT_EQ(f.GetBool("node.ipvs.available"), true);
  EXPECT_EQ(Get(f, "node.ipvs.available").source, "/proc/modules");
}

TEST(CollectHostFiles, Centos7DockershimKubeletAndRuntime) {
  auto f = CollectFixture("centos7-ipvs");
  EXPECT_EQ(f.GetBool("node.kubelet.running"), true);
  EXPECT_EQ(Get(f, "node.kubelet.args").source, "/proc/1203/cmdline");
  EXPECT_THAT(
      List(f, "node.kubelet.args"),
      ElementsAre("--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
                  "--kubeconfig=/etc/kubernetes/kubelet.conf",
                  "--config=/var/lib/kubelet/config.yaml", "--cgroup-driver=systemd",
                  "--network-plugin=cni", "--pod-infra-container-image=k8s.gcr.io/pause:3.2"));
  EXPECT_EQ(Str(f, "node.kubelet.network_plugin"), "cni");
  EXPECT_EQ(Str(f, "node.kubelet.cni_bin_dir"), "/opt/cni/bin");
  EXPECT_EQ(Get(f, "node.kubelet.cni_bin_dir").origin, facts::Origin::kInferred);
  EXPECT_EQ(Str(f, "node.kubelet.config_path"), "/var/lib/kubelet/config.yaml");
  EXPECT_EQ(f.GetBool("node.dockerd.running"), true);
  EXPECT_EQ(f.GetBool("node.kube_proxy.running"), true);
  EXPECT_THAT(
      List(f, "node.kube_proxy.args"),
      ElementsAre("--config=/var/lib/kube-proxy/config.conf", "--hostname-override=k8s-node-01"));
  EXPECT_EQ(Str(f, "node.container_runtime.name"), "docker");
  EXPECT_EQ(Get(f, "node.container_runtime.name").origin, facts::Origin::kInferred);
}

TEST(CollectHostFiles, Centos7DockerContainerdHasCriDisabled) {
  auto f = CollectFixture("centos7-ipvs");
  EXPECT_EQ(f.GetInt("node.containerd.config_version"), 1);
  EXPECT_EQ(Get(f, "node.containerd.config_version").origin, facts::Origin::kInferred);
  EXPECT_THAT(Reason(f, "node.containerd.cni_bin_dirs"), HasSubstr("CRI plugin is disabled"));
  EXPECT_THAT(Reason(f, "node.containerd.cni_conf_dir"), HasSubstr("disabled_plugins"));
}

TEST(CollectHostFiles, Centos7BinariesAndCni) {
  auto f = CollectFixture("centos7-ipvs");
  EXPECT_EQ(Str(f, "node.iptables.link_target"), "xtables-multi");
  EXPECT_EQ(Get(f, "node.iptables.link_target").source,
            "/usr/sbin/iptables -> /usr/sbin/xtables-multi");
  EXPECT_EQ(Str(f, "node.iptables.mode"), "legacy");
  EXPECT_EQ(Get(f, "node.iptables.mode").origin, facts::Origin::kInferred);
  EXPECT_EQ(f.GetBool("node.conntrack.binary"), true);
  EXPECT_EQ(Get(f, "node.conntrack.binary").source, "/usr/sbin/conntrack");
  EXPECT_THAT(List(f, "node.cni.plugin_dirs"), ElementsAre("/opt/cni/bin"));
  EXPECT_THAT(List(f, "node.cni.conf_files"),
              ElementsAre("/etc/cni/net.d/10-calico.conflist", "/etc/cni/net.d/calico-kubeconfig"));
  EXPECT_EQ(f.GetInt("node.calico.veths"), 2);
  const facts::Fact& off = Get(f, "node.calico.veths_proxy_arp_off");
  ASSERT_TRUE(off.known()) << off.unknown_reason;
  EXPECT_THAT(std::get<std::vector<facts::ObjectRef>>(*off.value), IsEmpty());
}

TEST(CollectHostFiles, Rocky8MissingIpvsSysctlsAreUnknownWithHint) {
  auto f = CollectFixture("rocky8-nft-calico");
  EXPECT_EQ(Reason(f, "node.sysctl.net.ipv4.vs.conn_reuse_mode"),
            "not present: /proc/sys/net/ipv4/vs/conn_reuse_mode (module ip_vs not loaded?)");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.ip_forward"), "1");
  EXPECT_EQ(f.GetBool("node.ipvs.available"), false);
}

TEST(CollectHostFiles, Rocky8NftIptablesNoConntrackAndProxyArpOff) {
  auto f = CollectFixture("rocky8-nft-calico");
  EXPECT_EQ(Str(f, "node.os.id"), "rocky");
  EXPECT_EQ(Str(f, "node.os.version_id"), "8.8");
  EXPECT_EQ(Str(f, "node.iptables.link_target"), "xtables-nft-multi");
  EXPECT_EQ(Str(f, "node.iptables.mode"), "nft");
  EXPECT_EQ(f.GetBool("node.conntrack.binary"), false);
  EXPECT_THAT(
      Get(f, "node.conntrack.binary").source,
      HasSubstr("searched /usr/local/sbin, /usr/local/bin, /usr/sbin, /usr/bin, /sbin, /bin"));
  EXPECT_EQ(f.GetInt("node.calico.veths"), 2);
  const facts::Fact& off = Get(f, "node.calico.veths_proxy_arp_off");
  ASSERT_TRUE(off.known()) << off.unknown_reason;
  const auto& refs = std::get<std::vector<facts::ObjectRef>>(*off.value);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].kind, "Interface");
  EXPECT_EQ(refs[0].name, "calie0f1a2b3c4d");
  EXPECT_EQ(refs[0].detail, "proxy_arp=0");
}

TEST(CollectHostFiles, Rocky8ContainerdFromFlagAndV2Config) {
  auto f = CollectFixture("rocky8-nft-calico");
  EXPECT_EQ(Str(f, "node.container_runtime.name"), "containerd");
  EXPECT_EQ(Get(f, "node.container_runtime.name").origin, facts::Origin::kMeasured);
  EXPECT_THAT(Get(f, "node.container_runtime.name").source,
              HasSubstr("--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"));
  EXPECT_EQ(f.GetBool("node.dockerd.running"), false);
  EXPECT_EQ(Str(f, "node.kubelet.network_plugin"), "");
  EXPECT_THAT(Reason(f, "node.kubelet.cni_bin_dir"),
              HasSubstr("kubelet >= 1.24 has no --cni-bin-dir"));
  EXPECT_EQ(f.GetInt("node.containerd.config_version"), 2);
  EXPECT_EQ(Get(f, "node.containerd.config_version").origin, facts::Origin::kMeasured);
  EXPECT_THAT(List(f, "node.containerd.cni_bin_dirs"), ElementsAre("/opt/cni/bin"));
  EXPECT_EQ(Get(f, "node.containerd.cni_bin_dirs").source,
            "/etc/containerd/config.toml:plugins.\"io.containerd.grpc.v1.cri\".cni.bin_dir");
  EXPECT_EQ(Str(f, "node.containerd.cni_conf_dir"), "/etc/cni/net.d");
  EXPECT_THAT(List(f, "node.cni.plugin_dirs"), ElementsAre("/opt/cni/bin"));
}

TEST(CollectHostFiles, Ubuntu2204FollowsAlternativesChainInsideTheRoot) {
  auto f = CollectFixture("ubuntu2204-containerd-v2");
  EXPECT_EQ(Str(f, "node.os.id"), "ubuntu");
  EXPECT_EQ(Str(f, "node.os.pretty_name"), "Ubuntu 22.04.3 LTS");
  EXPECT_EQ(Str(f, "node.iptables.link_target"), "xtables-nft-multi");
  EXPECT_EQ(Get(f, "node.iptables.link_target").source,
            "/usr/sbin/iptables -> /etc/alternatives/iptables -> /usr/sbin/iptables-nft -> "
            "/usr/sbin/xtables-nft-multi");
  EXPECT_EQ(Str(f, "node.iptables.mode"), "nft");
  EXPECT_EQ(f.GetBool("node.conntrack.binary"), true);
}

TEST(CollectHostFiles, Ubuntu2204RuntimeFromKubeletConfigFile) {
  auto f = CollectFixture("ubuntu2204-containerd-v2");
  EXPECT_EQ(Str(f, "node.container_runtime.name"), "containerd");
  EXPECT_EQ(Get(f, "node.container_runtime.name").source,
            "/var/lib/kubelet/config.yaml:containerRuntimeEndpoint=unix:///var/run/containerd/"
            "containerd.sock");
  EXPECT_THAT(List(f, "node.cni.conf_files"), ElementsAre("/etc/cni/net.d/10-flannel.conflist"));
  EXPECT_EQ(f.GetInt("node.calico.veths"), 0);
  EXPECT_EQ(f.GetBool("node.ipvs.available"), false);
  EXPECT_THAT(Reason(f, "node.sysctl.net.ipv4.vs.conntrack"),
              HasSubstr("module ip_vs not loaded?"));
}

TEST(CollectHostFiles, EulerOs29IpvsSysctlsAndDockershimFlags) {
  auto f = CollectFixture("euleros29");
  EXPECT_EQ(Str(f, "node.os.id"), "euleros");
  EXPECT_EQ(Str(f, "node.os.version_id"), "2.0");
  EXPECT_EQ(Str(f, "node.kernel.release"), "4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.vs.conn_reuse_mode"), "0");
  EXPECT_EQ(Str(f, "node.kubelet.cni_bin_dir"), "/opt/cni/bin");
  EXPECT_EQ(Get(f, "node.kubelet.cni_bin_dir").origin, facts::Origin::kMeasured);
  EXPECT_EQ(Get(f, "node.kubelet.cni_bin_dir").source, "kubelet command line --cni-bin-dir");
  EXPECT_EQ(Str(f, "node.kubelet.config_path"), "");
  EXPECT_EQ(Str(f, "node.container_runtime.name"), "docker");
  EXPECT_THAT(List(f, "node.cni.conf_files"), ElementsAre("/etc/cni/net.d/10-bridge.conf"));
  EXPECT_THAT(Get(f, "node.cni.conf_files").source, HasSubstr("kubelet --cni-conf-dir"));
  EXPECT_EQ(Reason(f, "node.iptables.link_target"),
            "no /usr/sbin/iptables or /sbin/iptables on the host");
  EXPECT_THAT(Reason(f, "node.iptables.mode"), HasSubstr("no /usr/sbin/iptables"));
}

TEST(CollectHostFiles, MissingContainerdConfigMeansInferredDefaults) {
  auto f = CollectFixture("euleros29");
  EXPECT_THAT(Reason(f, "node.containerd.config_version"), HasSubstr("built-in defaults"));
  EXPECT_THAT(List(f, "node.containerd.cni_bin_dirs"), ElementsAre("/opt/cni/bin"));
  EXPECT_EQ(Get(f, "node.containerd.cni_bin_dirs").origin, facts::Origin::kInferred);
  EXPECT_THAT(Get(f, "node.containerd.cni_bin_dirs").source,
              HasSubstr("no /etc/containerd/config.toml"));
  EXPECT_EQ(Str(f, "node.containerd.cni_conf_dir"), "/etc/cni/net.d");
  EXPECT_EQ(Get(f, "node.containerd.cni_conf_dir").origin, facts::Origin::kInferred);
}

TEST(CollectHostFiles, DockerEraKubeletWithoutNetworkPlugin) {
  auto f = CollectFixture("docker-era-kubelet");
  EXPECT_EQ(f.GetBool("node.kubelet.running"), true);
  EXPECT_EQ(Str(f, "node.kubelet.network_plugin"), "");
  EXPECT_THAT(Get(f, "node.kubelet.network_plugin").source, HasSubstr("no --network-plugin"));
  EXPECT_THAT(Reason(f, "node.kubelet.cni_bin_dir"),
              HasSubstr("kubelet >= 1.24 has no --cni-bin-dir; the runtime owns CNI"));
  // dockerd and containerd both run and kubelet names no endpoint: no guess.
  EXPECT_THAT(Reason(f, "node.container_runtime.name"), HasSubstr("several container runtimes"));
  EXPECT_EQ(f.GetBool("node.kube_proxy.running"), false);
  EXPECT_EQ(Reason(f, "node.kube_proxy.args"), "no kube-proxy process runs on the host");
  // /usr/sbin/iptables does not exist on this non-merged-/usr host; /sbin/iptables does.
  EXPECT_EQ(Str(f, "node.iptables.link_target"), "xtables-multi");
  EXPECT_EQ(Get(f, "node.iptables.link_target").source, "/sbin/iptables -> /sbin/xtables-multi");
  EXPECT_EQ(Str(f, "node.iptables.mode"), "legacy");
  const facts::Fact& conf = Get(f, "node.cni.conf_files");
  ASSERT_TRUE(conf.known());
  EXPECT_THAT(std::get<std::vector<std::string>>(*conf.value), IsEmpty());
  EXPECT_EQ(conf.source, "/etc/cni/net.d does not exist");
  EXPECT_THAT(List(f, "node.cni.plugin_dirs"), ElementsAre("/opt/cni/bin"));
}

TEST(CollectHostFiles, ContainerdV3BinDirsAndPluginDirs) {
  auto f = CollectFixture("containerd-v3-bin-dirs");
  EXPECT_EQ(f.GetInt("node.containerd.config_version"), 3);
  EXPECT_THAT(List(f, "node.containerd.cni_bin_dirs"), ElementsAre("/opt/cni/bin", "/usr/lib/cni"));
  EXPECT_EQ(Get(f, "node.containerd.cni_bin_dirs").source,
            "/etc/containerd/config.toml:plugins.'io.containerd.cri.v1.runtime'.cni.bin_dirs");
  EXPECT_THAT(List(f, "node.cni.plugin_dirs"), ElementsAre("/opt/cni/bin", "/usr/lib/cni"));
  EXPECT_EQ(Str(f, "node.container_runtime.name"), "containerd");
  EXPECT_THAT(List(f, "node.cni.conf_files"), ElementsAre("/etc/cni/net.d/00-multus.conf"));
  EXPECT_EQ(Str(f, "node.os.pretty_name"), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(f.GetBool("node.ipvs.available"), true);
}

TEST(CollectHostFiles, KubeProxyLogSaysConntrackMissing) {
  auto rocky = CollectFixture("rocky8-nft-calico");
  EXPECT_EQ(rocky.GetBool("node.kube_proxy.log_conntrack_missing"), true);
  EXPECT_THAT(Get(rocky, "node.kube_proxy.log_conntrack_missing").source,
              HasSubstr("/var/log/pods/kube-system_kube-proxy-7xk2p_"));
  auto centos = CollectFixture("centos7-ipvs");
  EXPECT_EQ(centos.GetBool("node.kube_proxy.log_conntrack_missing"), false);
  auto ubuntu = CollectFixture("ubuntu2204-containerd-v2");
  EXPECT_THAT(Reason(ubuntu, "node.kube_proxy.log_conntrack_missing"),
              HasSubstr("no kube-proxy log found"));
}

TEST(LogSaysConntrackMissing, MatchesKubeProxyMessagesOfEveryEra) {
  // REAL_FORMATS §7a: conntrack.go (2017), proxier.go (2016), structured logging (2024).
  EXPECT_TRUE(LogSaysConntrackMissing(
      "E0611 conntrack.go:42] conntrack returned error: error looking for path of conntrack: "
      "exec: \"conntrack\": executable file not found in $PATH\n"));
  EXPECT_TRUE(LogSaysConntrackMissing(
      "E1010 proxier.go:604] conntrack return with error: Error looking for path of conntrack: "
      "exec: \"conntrack\": executable file not found in $PATH"));
  EXPECT_TRUE(LogSaysConntrackMissing(
      "I0101 ok\nE0801 \"Failed to delete endpoint connections\" err=\"error deleting conntrack "
      "entries for UDP peer {10.96.0.10, 10.244.1.5}, error: error looking for path of "
      "conntrack: executable file not found in $PATH\"\n"));
  // Another binary missing is not this issue.
  EXPECT_FALSE(LogSaysConntrackMissing(
      "conntrack ok\nE0101 exec: \"ipset\": executable file not found in $PATH\n"));
  EXPECT_FALSE(LogSaysConntrackMissing(""));
}

// ---- failures become unknown with the reason, never a default ----

TEST(CollectHostFiles, UnreadableSysctlIsUnknownWithReason) {
  // Tests run as root, which reads any mode-000 file; a directory where the kernel has a file
  // makes the read fail the same way for everybody.
  TempRoot root;
  root.Mkdir("/proc/sys/net/ipv4/ip_forward");
  root.Write("/proc/sys/net/ipv4/vs/conntrack", "1\n");
  auto f = CollectRoot(root.path());
  std::string reason = Reason(f, "node.sysctl.net.ipv4.ip_forward");
  EXPECT_THAT(reason, HasSubstr("cannot read /proc/sys/net/ipv4/ip_forward"));
  EXPECT_THAT(reason, HasSubstr("ip_forward is a directory, not a regular file"));
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.vs.conntrack"), "1");
}

TEST(CollectHostFiles, NoProcSysMeansNotALiveProc) {
  TempRoot root;
  root.Write("/etc/hostname", "offline-disk\n");
  auto f = CollectRoot(root.path());
  EXPECT_THAT(Reason(f, "node.sysctl.net.ipv4.ip_forward"),
              HasSubstr("no /proc/sys under the host root"));
  EXPECT_THAT(Reason(f, "node.kubelet.running"), HasSubstr("process list not read"));
  EXPECT_THAT(Reason(f, "node.kernel.release"),
              HasSubstr("not present: /proc/sys/kernel/osrelease"));
  EXPECT_THAT(Reason(f, "node.os.id"), HasSubstr("No such file"));
  EXPECT_EQ(Str(f, "node.hostname"), "offline-disk");
}

TEST(CollectHostFiles, EmptyProcIsNotAnEmptyProcessList) {
  TempRoot root;
  root.Write("/proc/sys/kernel/osrelease", "5.14.0-362.8.1.el9_3.x86_64\n");
  auto f = CollectRoot(root.path());
  EXPECT_THAT(Reason(f, "node.kubelet.running"), HasSubstr("no process directories under"));
  EXPECT_THAT(Reason(f, "node.dockerd.running"), HasSubstr("no process directories under"));
  EXPECT_THAT(Reason(f, "node.container_runtime.name"), HasSubstr("process list not read"));
}

TEST(CollectHostFiles, ContainerdSyntaxErrorNamesFileAndLine) {
  TempRoot root;
  root.Write("/etc/containerd/config.toml",
             "version = 2\n\n[plugins.\"io.containerd.grpc.v1.cri\".cni\n");
  auto f = CollectRoot(root.path());
  std::string reason = Reason(f, "node.containerd.cni_bin_dirs");
  EXPECT_THAT(reason, HasSubstr("/etc/containerd/config.toml:3:"));
  EXPECT_EQ(Reason(f, "node.containerd.config_version"), reason);
}

TEST(CollectHostFiles, ContainerdConfigThatIsADirectoryIsUnknown) {
  TempRoot root;
  root.Mkdir("/etc/containerd/config.toml");
  auto f = CollectRoot(root.path());
  EXPECT_THAT(Reason(f, "node.containerd.cni_bin_dirs"), HasSubstr("config.toml is a directory, not a regular file"));
}

TEST(CollectHostFiles, ContainerdImportsOverrideTheMainFile) {
  TempRoot root;
  root.Write("/etc/containerd/config.toml",
             "version = 2\nimports = [\"/etc/containerd/conf.d/*.toml\"]\n"
             "[plugins.\"io.containerd.grpc.v1.cri\".cni]\nbin_dir = \"/opt/cni/bin\"\n");
  root.Write(
      "/etc/containerd/conf.d/10-cni.toml",
      "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".cni]\nbin_dir = \"/usr/libexec/cni\"\n");
  auto f = CollectRoot(root.path());
  EXPECT_THAT(List(f, "node.containerd.cni_bin_dirs"), ElementsAre("/usr/libexec/cni"));
  EXPECT_THAT(Get(f, "node.containerd.cni_bin_dirs").source,
              HasSubstr("/etc/containerd/conf.d/10-cni.toml"));
}

TEST(CollectHostFiles, BadOsReleaseNamesFileAndLine) {
  TempRoot root;
  root.Write("/etc/os-release", "ID=centos\nPRETTY_NAME=\"broken\n");
  auto f = CollectRoot(root.path());
  EXPECT_THAT(Reason(f, "node.os.id"), HasSubstr("/etc/os-release:2"));
  EXPECT_THAT(Reason(f, "node.os.id"), HasSubstr("unterminated"));
}

TEST(CollectHostFiles, OsReleaseFallsBackToUsrLib) {
  TempRoot root;
  root.Write("/usr/lib/os-release", "ID=fedora\nVERSION_ID=39\n");
  auto f = CollectRoot(root.path());
  EXPECT_EQ(Str(f, "node.os.id"), "fedora");
  EXPECT_EQ(Get(f, "node.os.id").source, "/usr/lib/os-release:ID");
  EXPECT_EQ(Reason(f, "node.os.pretty_name"), "PRETTY_NAME is not set in /usr/lib/os-release");
}

TEST(CollectHostFiles, AbsoluteSymlinkStaysInsideTheRoot) {
  TempRoot root;
  root.Write("/etc/machine-hostname", "inside-the-root\n");
  root.Symlink("/etc/hostname", "/etc/machine-hostname");
  auto f = CollectRoot(root.path());
  EXPECT_EQ(Str(f, "node.hostname"), "inside-the-root");
}

TEST(CollectHostFiles, UnknownIptablesTargetLeavesModeUnknown) {
  TempRoot root;
  root.Write("/usr/sbin/iptables-wrapper", "#!/bin/sh\n");
  root.Symlink("/usr/sbin/iptables", "iptables-wrapper");
  auto f = CollectRoot(root.path());
  EXPECT_EQ(Str(f, "node.iptables.link_target"), "iptables-wrapper");
  EXPECT_THAT(Reason(f, "node.iptables.mode"), HasSubstr("cannot tell the back end"));
}

TEST(CollectHostFiles, PartialCopyMakesAbsenceUnknown) {
  TempRoot root;
  root.Write("/etc/hostname", "sos-host\n");
  HostFilesOptions opts;
  opts.partial_copy_reason = "a sos report copies no binaries";
  opts.processes = ProcessTable{{ProcessInfo{1200, {"/usr/bin/kubelet", "--network-plugin=cni"}}},
                                "sos_commands/process/ps_auxwww",
                                ""};
  auto f = CollectRoot(root.path(), opts);
  EXPECT_THAT(Reason(f, "node.cni.plugin_dirs"), HasSubstr("a sos report copies no binaries"));
  EXPECT_THAT(Reason(f, "node.conntrack.binary"), HasSubstr("a sos report copies no binaries"));
  EXPECT_THAT(Reason(f, "node.iptables.mode"), HasSubstr("not in the copied files"));
  EXPECT_THAT(Reason(f, "node.cni.conf_files"), HasSubstr("not in the copied files"));
  EXPECT_THAT(Reason(f, "node.containerd.cni_bin_dirs"), HasSubstr("not in the copied files"));
  // The process list given in the options is used instead of /proc.
  EXPECT_EQ(f.GetBool("node.kubelet.running"), true);
  EXPECT_EQ(Get(f, "node.kubelet.running").source, "sos_commands/process/ps_auxwww");
  EXPECT_EQ(Str(f, "node.kubelet.network_plugin"), "cni");
}

// Every key the collector sets is a catalogue key, with the catalogue's value type.
void ExpectCatalogued(const facts::FactSet& set) {
  for (const auto& [key, fact] : set.all()) {
    const facts::FactSpec* spec = facts::FindFact(key);
    ASSERT_NE(spec, nullptr) << key << " is not in the catalogue";
    if (!fact.known()) continue;
    const facts::Value& v = *fact.value;
    switch (spec->type) {
      case facts::FactType::kBool: EXPECT_TRUE(std::holds_alternative<bool>(v)) << key; break;
      case facts::FactType::kInt: EXPECT_TRUE(std::holds_alternative<std::int64_t>(v)) << key; break;
      case facts::FactType::kStringList:
        EXPECT_TRUE(std::holds_alternative<std::vector<std::string>>(v)) << key;
        break;
      case facts::FactType::kObjectList:
        EXPECT_TRUE(std::holds_alternative<std::vector<facts::ObjectRef>>(v)) << key;
        break;
      default: EXPECT_TRUE(std::holds_alternative<std::string>(v)) << key; break;
    }
  }
}

TEST(CollectHostFiles, SetsOnlyCataloguedKeysWithTheirTypes) {
  for (const char* name : {"centos7-ipvs", "rocky8-nft-calico", "ubuntu2204-containerd-v2",
                           "euleros29", "docker-era-kubelet", "containerd-v3-bin-dirs"}) {
    SCOPED_TRACE(name);
    auto f = CollectFixture(name);
    EXPECT_EQ(f.size(), 27u + kKbSysctls.size()) << "every key is set, known or unknown";
    ExpectCatalogued(f);
  }
}

// ---- helpers ----

TEST(SysctlPath, MapsDotsToSlashesAndSlashesToDots) {
  EXPECT_EQ(SysctlPath("net.ipv4.vs.conn_reuse_mode"), "/proc/sys/net/ipv4/vs/conn_reuse_mode");
  EXPECT_EQ(SysctlPath("net.bridge.bridge-nf-call-iptables"),
            "/proc/sys/net/bridge/bridge-nf-call-iptables");
  // sysctl(8): a VLAN interface "eth0.100" is written eth0/100 in the dotted form.
  EXPECT_EQ(SysctlPath("net.ipv4.conf.eth0/100.rp_filter"),
            "/proc/sys/net/ipv4/conf/eth0.100/rp_filter");
}

TEST(SysctlPath, RejectsEmptyAndDotComponents) {
  EXPECT_FALSE(SysctlPath(""));
  EXPECT_FALSE(SysctlPath("net..ipv4"));
  EXPECT_FALSE(SysctlPath("net.ipv4./.."));  // would climb out of /proc/sys
  EXPECT_EQ(SysctlPath("net..x").error().code(), ErrorCode::kInvalidInput);
}

TEST(SysctlMissingHint, NamesTheModule) {
  EXPECT_EQ(SysctlMissingHint("net.ipv4.vs.conntrack"), "module ip_vs not loaded?");
  EXPECT_EQ(SysctlMissingHint("net.bridge.bridge-nf-call-iptables"),
            "module br_netfilter not loaded?");
  EXPECT_EQ(SysctlMissingHint("net.ipv4.ip_forward"), "");
}

TEST(IptablesModeFromTarget, MapsRealLinkTargets) {
  // REAL_FORMATS §2: the final targets per distro.
  EXPECT_EQ(IptablesModeFromTarget("xtables-nft-multi"), "nft");
  EXPECT_EQ(IptablesModeFromTarget("xtables-legacy-multi"), "legacy");
  EXPECT_EQ(IptablesModeFromTarget("xtables-multi"), "legacy");
  EXPECT_EQ(IptablesModeFromTarget("iptables-wrapper"), std::nullopt);
}

}  // namespace
}  // namespace netdoctor::collect::host

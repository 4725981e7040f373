// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "collect/host/files/containerd_config.h"
#include "collect/host/files/kubelet_config.h"

namespace netdoctor::collect::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// ---- containerd ----

// Shape: Docker's containerd.io package /etc/containerd/config.toml (no version line).
constexpr std::string_view kDockerContainerd = R"(#   Copyright 2018-2022 Docker Inc.

disabled_plugins = ["cri"]

#root = "/var/lib/containerd"
#state = "/run/containerd"
)";

// Shape: `containerd config default` of containerd 1.6 (version 2), trimmed to the CRI plugin.
constexpr std::string_view kContainerdV2 = R"(disabled_plugins = []
imports = []
oom_score = 0
version = 2

[plugins]

  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "registry.k8s.io/pause:3.6"

    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/opt/cni/bin"
      conf_dir = "/etc/cni/net.d"
      conf_template = ""
      ip_pref = ""
      max_conf_num = 1

    [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "runc"
)";

// Shape: `containerd config default` of containerd 2.1 (version 3), trimmed.
constexpr std::string_view kContainerdV3 = R"(version = 3
root = '/var/lib/containerd'
disabled_plugins = []
imports = []

[plugins]
  [plugins.'io.containerd.cri.v1.runtime']
    enable_selinux = false

    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = ['/opt/cni/bin', '/usr/lib/cni']
      conf_dir = '/etc/cni/net.d'
      max_conf_num = 1
)";

// Shape: containerd 1.x version-1 config as kubespray 2.1x wrote it (short plugin name "cri").
constexpr std::string_view kContainerdV1 = R"([plugins]
  [plugins.cri]
    sandbox_image = "k8s.gcr.io/pause:3.1"
    [plugins.cri.cni]
      bin_dir = "/opt/cni/bin"
      conf_dir = "/etc/cni/net.d"
)";

TEST(ParseContainerdConfig, DockerPackageConfigDisablesCri) {
  auto cfg = ParseContainerdConfig(kDockerContainerd);
  ASSERT_TRUE(cfg) << cfg.error().ToString();
  EXPECT_EQ(cfg->version, 1);
  EXPECT_FALSE(cfg->version_declared);
  EXPECT_TRUE(cfg->cri_disabled);
  EXPECT_FALSE(cfg->bin_dirs.has_value());
}

TEST(ParseContainerdConfig, ReadsVersion1ShortPluginName) {
  auto cfg = ParseContainerdConfig(kContainerdV1);
  ASSERT_TRUE(cfg) << cfg.error().ToString();
  EXPECT_EQ(cfg->version, 1);
  EXPECT_EQ(cfg->cni_table, "plugins.cri.cni");
  ASSERT_TRUE(cfg->bin_dirs);
  EXPECT_THAT(*cfg->bin_dirs, ElementsAre("/opt/cni/bin"));
  EXPECT_EQ(cfg->conf_dir, "/etc/cni/net.d");
}

TEST(ParseContainerdConfig, ReadsVersion2BinDir) {
  auto cfg = ParseContainerdConfig(kContainerdV2);
  ASSERT_TRUE(cfg) << cfg.error().ToString();
  EXPECT_EQ(cfg->version, 2);
  EXPECT_TRUE(cfg->version_declared);
  EXPECT_FALSE(cfg->cri_disabled);
  EXPECT_EQ(cfg->cni_table, "plugins.\"io.containerd.grpc.v1.cri\".cni");
  EXPECT_EQ(cfg->bin_dirs_key, "bin_dir");
  EXPECT_THAT(*cfg->bin_dirs, ElementsAre("/opt/cni/bin"));
  EXPECT_EQ(cfg->conf_dir, "/etc/cni/net.d");
}

TEST(ParseContainerdConfig, ReadsVersion3BinDirs) {
  auto cfg = ParseContainerdConfig(kContainerdV3);
  ASSERT_TRUE(cfg) << cfg.error().ToString();
  EXPECT_EQ(cfg->version, 3);
  EXPECT_EQ(cfg->bin_dirs_key, "bin_dirs");
  EXPECT_THAT(*cfg->bin_dirs, ElementsAre("/opt/cni/bin", "/usr/lib/cni"));
}

TEST(ParseContainerdConfig, Version3FallsBackToDeprecatedBinDir) {
  auto cfg = ParseContainerdConfig(
      "version = 3\n[plugins.'io.containerd.cri.v1.runtime'.cni]\nbin_dir = '/usr/libexec/cni'\n");
  ASSERT_TRUE(cfg) << cfg.error().ToString();
  EXPECT_EQ(cfg->bin_dirs_key, "bin_dir");
  EXPECT_THAT(*cfg->bin_dirs, ElementsAre("/usr/libexec/cni"));
}

TEST(ParseContainerdConfig, Version2IgnoresBinDirsItDoesNotKnow) {
  auto cfg = ParseContainerdConfig(
      "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".cni]\nbin_dirs = ['/x']\n");
  ASSERT_TRUE(cfg);
  EXPECT_FALSE(cfg->bin_dirs.has_value());
}

TEST(ParseContainerdConfig, V2TableInAVersion1FileIsNotRead) {
  // containerd 1.x reads a version-less file as v1, where plugin keys are short names.
  auto cfg = ParseContainerdConfig("[plugins.\"io.containerd.grpc.v1.cri\".cni]\nbin_dir = '/x'\n");
  ASSERT_TRUE(cfg);
  EXPECT_FALSE(cfg->bin_dirs.has_value());
}

TEST(ParseContainerdConfig, SyntaxErrorNamesLineAndColumn) {
  auto cfg = ParseContainerdConfig("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".cni\n");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().code(), ErrorCode::kParseError);
  ASSERT_TRUE(cfg.error().where());
  EXPECT_EQ(cfg.error().where()->line, 2);
  EXPECT_GT(cfg.error().where()->column, 0);
}

TEST(ParseContainerdConfig, WrongTypeNamesTheField) {
  auto cfg = ParseContainerdConfig(
      "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".cni]\nbin_dir = 5\n");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(cfg.error().where()->field, HasSubstr("bin_dir"));
  EXPECT_THAT(cfg.error().message(), HasSubstr("a string"));
}

TEST(ParseContainerdConfig, VersionMustBeAnInteger) {
  auto cfg = ParseContainerdConfig("version = \"2\"\n");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().where()->field, "version");
}

// Found by fuzz_containerd_toml (fuzz/corpus/containerd_toml/version-float-beyond-int64.toml):
// toml++ converted the float to int64 and overflowed (UBSan) before the type was checked.
TEST(ParseContainerdConfig, VersionAsAFloatBeyondInt64IsAWrongTypeNotAnOverflow) {
  for (const char* text : {"version=111111111111011111151.11112\n", "version = 1.1e20\n",
                           "version = -1e300\n", "version = 2.0\n", "version = inf\n",
                           "version = nan\n"}) {
    auto cfg = ParseContainerdConfig(text);
    ASSERT_FALSE(cfg) << text;
    EXPECT_EQ(cfg.error().code(), ErrorCode::kInvalidInput) << text;
    EXPECT_EQ(cfg.error().where()->field, "version") << text;
    EXPECT_THAT(cfg.error().message(), HasSubstr("an integer")) << text;
  }
}

TEST(ParseContainerdConfig, UnknownVersionIsUnsupported) {
  auto cfg = ParseContainerdConfig("version = 9\n");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().code(), ErrorCode::kUnsupported);
}

TEST(ParseContainerdConfig, ReadsImports) {
  auto cfg = ParseContainerdConfig("version = 2\nimports = [\"/etc/containerd/conf.d/*.toml\"]\n");
  ASSERT_TRUE(cfg);
  EXPECT_THAT(cfg->imports, ElementsAre("/etc/containerd/conf.d/*.toml"));
}

// ---- kubelet ----

// Shape: /var/lib/kubelet/config.yaml as kubeadm 1.28 writes it (block style, unindented
// sequence items, flow `{}` values, `containerRuntimeEndpoint: ""`).
constexpr std::string_view kKubeadm128 = R"(apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
healthzPort: 10248
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
staticPodPath: /etc/kubernetes/manifests
)";

TEST(ParseKubeletConfig, ReadsKubeadmFile) {
  auto cfg = ParseKubeletConfig(kKubeadm128);
  ASSERT_TRUE(cfg) << cfg.error().ToString();
  EXPECT_EQ(cfg->kind, "KubeletConfiguration");
  EXPECT_EQ(cfg->api_version, "kubelet.config.k8s.io/v1beta1");
  EXPECT_EQ(cfg->cgroup_driver, "systemd");
  EXPECT_FALSE(cfg->container_runtime_endpoint.has_value()) << "\"\" means not set";
  EXPECT_EQ(cfg->scalars.at("staticPodPath"), "/etc/kubernetes/manifests");
  EXPECT_EQ(cfg->scalars.count("clientCAFile"), 0u) << "nested keys are not top-level";
}

TEST(ParseKubeletConfig, ReadsEndpointWithQuotesAndComment) {
  auto cfg = ParseKubeletConfig(
      "kind: KubeletConfiguration\n"
      "containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock'  # 1.27+\n");
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->container_runtime_endpoint, "unix:///run/containerd/containerd.sock");
  auto plain = ParseKubeletConfig("containerRuntimeEndpoint: unix:///var/run/crio/crio.sock # x\n");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->container_runtime_endpoint, "unix:///var/run/crio/crio.sock");
}

TEST(ParseKubeletConfig, ReadsJson) {
  auto cfg = ParseKubeletConfig(
      R"({"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1",)"
      R"("containerRuntimeEndpoint":"unix:///run/containerd/containerd.sock",)"
      R"("healthzPort":10248})");
  ASSERT_TRUE(cfg) << cfg.error().ToString();
  EXPECT_EQ(cfg->container_runtime_endpoint, "unix:///run/containerd/containerd.sock");
  EXPECT_EQ(cfg->scalars.at("healthzPort"), "10248");
}

TEST(ParseKubeletConfig, OtherKindIsRejected) {
  auto cfg = ParseKubeletConfig(
      "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(cfg.error().message(), HasSubstr("KubeProxyConfiguration"));
}

TEST(ParseKubeletConfig, MalformedLineNamesTheLine) {
  auto cfg = ParseKubeletConfig("kind: KubeletConfiguration\nthis line has no colon\n");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().code(), ErrorCode::kParseError);
  EXPECT_EQ(cfg.error().where()->line, 2);
}

TEST(ParseKubeletConfig, UnterminatedQuoteIsAnError) {
  auto cfg = ParseKubeletConfig("containerRuntimeEndpoint: \"unix:///run/x.sock\n");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().where()->field, "containerRuntimeEndpoint");
}

TEST(ParseKubeletConfig, MalformedJsonIsAnError) {
  auto cfg = ParseKubeletConfig("{\"kind\": ");
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().code(), ErrorCode::kParseError);
}

TEST(RuntimeFromEndpoint, PlacesTheKnownSockets) {
  EXPECT_EQ(RuntimeFromEndpoint("unix:///run/containerd/containerd.sock"), "containerd");
  EXPECT_EQ(RuntimeFromEndpoint("unix:///var/run/crio/crio.sock"), "cri-o");
  EXPECT_EQ(RuntimeFromEndpoint("unix:///var/run/dockershim.sock"), "docker");
  EXPECT_EQ(RuntimeFromEndpoint("unix:///var/run/cri-dockerd.sock"), "docker");
  EXPECT_EQ(RuntimeFromEndpoint("unix:///run/other.sock"), std::nullopt);
}

}  // namespace
}  // namespace netdoctor::collect::host

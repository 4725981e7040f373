// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/cmdline_redact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "collect/host/files/cmdline.h"

namespace netdoctor::collect::host {
namespace {

using ::testing::ElementsAre;

TEST(RedactSecretArgs, KubeletTokenPasswordAndUrlCredentials) {
  std::vector<std::string> argv = {"/usr/bin/kubelet",
                                   "--token=abc123",
                                   "--kubeconfig=/etc/kubernetes/kubelet.conf",
                                   "--password",
                                   "hunter2",
                                   "--bootstrap-token",
                                   "tok.en",
                                   "--api-server=https://admin:pw0rd@10.0.0.1:6443/api?access_token=zz&x=1",
                                   "--client-secret=s3",
                                   "-token=single-dash",
                                   "--network-plugin=cni",
                                   "--cni-bin-dir=/opt/cni/bin"};
  EXPECT_EQ(RedactSecretArgs(argv), 6);
  EXPECT_THAT(argv, ElementsAre("/usr/bin/kubelet", "--token=<redacted>",
                                "--kubeconfig=/etc/kubernetes/kubelet.conf", "--password",
                                "<redacted>", "--bootstrap-token", "<redacted>",
                                "--api-server=https://admin:<redacted>@10.0.0.1:6443/api"
                                "?access_token=<redacted>&x=1",
                                "--client-secret=<redacted>", "-token=<redacted>",
                                "--network-plugin=cni", "--cni-bin-dir=/opt/cni/bin"));
  // The flags netdoctor reads are untouched.
  EXPECT_EQ(FlagValue(argv, "network-plugin"), "cni");
  EXPECT_EQ(FlagValue(argv, "kubeconfig"), "/etc/kubernetes/kubelet.conf");
  // Redacting twice changes nothing more.
  EXPECT_EQ(RedactSecretArgs(argv), 0);
}

TEST(RedactSecretArgs, FilePathsAreNotSecretsButKeysAre) {
  std::vector<std::string> argv = {"kube-apiserver", "--tls-private-key-file=/etc/pki/k.key",
                                   "--token-auth-file=/etc/tokens.csv",
                                   "--service-account-key-file=/etc/sa.pub",
                                   "--encryption-key=c2VjcmV0", "--license-key", "ABCD"};
  RedactSecretArgs(argv);
  EXPECT_THAT(argv, ElementsAre("kube-apiserver", "--tls-private-key-file=/etc/pki/k.key",
                                "--token-auth-file=/etc/tokens.csv",
                                "--service-account-key-file=/etc/sa.pub",
                                "--encryption-key=<redacted>", "--license-key", "<redacted>"));
}

TEST(RedactSecretArgs, SecretFlagWithoutValueLeavesTheNextFlag) {
  std::vector<std::string> argv = {"prog", "--use-token", "--config=/etc/x.yaml"};
  RedactSecretArgs(argv);
  EXPECT_THAT(argv, ElementsAre("prog", "--use-token", "--config=/etc/x.yaml"));
}

TEST(RedactSecretArgs, EnvironmentAssignmentsAndAuthHeaders) {
  std::vector<std::string> argv = {"env", "API_TOKEN=t1", "AWS_SECRET_ACCESS_KEY=k",
                                   "DB_PASS=p", "PATH=/usr/bin", "curl", "-H",
                                   "Authorization: Bearer eyJhbGciOi", "https://tok@git.example/x"};
  RedactSecretArgs(argv);
  EXPECT_THAT(argv, ElementsAre("env", "API_TOKEN=<redacted>", "AWS_SECRET_ACCESS_KEY=<redacted>",
                                "DB_PASS=<redacted>", "PATH=/usr/bin", "curl", "-H",
                                "Authorization: Bearer <redacted>",
                                "https://<redacted>@git.example/x"));
}

TEST(SecretNames, FlagsAndEnvironment) {
  for (const char* yes : {"token", "password", "bootstrap-token", "client_secret", "api-key",
                          "etcd-password", "TOKEN", "private-key"}) {
    EXPECT_TRUE(IsSecretFlagName(yes)) << yes;
  }
  for (const char* no : {"token-file", "tls-private-key-file", "kubeconfig", "network-plugin",
                         "hostname-override", "secret-dir", "keyboard"}) {
    EXPECT_FALSE(IsSecretFlagName(no)) << no;
  }
  for (const char* yes : {"GITHUB_TOKEN", "MYSQL_PASSWORD", "client_secret", "SSH_KEY", "X_API_KEY"})
    EXPECT_TRUE(IsSecretEnvName(yes)) << yes;
  for (const char* no : {"PATH", "HOME", "KUBECONFIG", "NODE_NAME", "KEYBOARD"})
    EXPECT_FALSE(IsSecretEnvName(no)) << no;
}

TEST(RedactUrlSecrets, LeavesUrlsWithoutCredentialsAlone) {
  EXPECT_EQ(RedactUrlSecrets("https://10.0.0.1:6443/api?watch=true"),
            "https://10.0.0.1:6443/api?watch=true");
  EXPECT_EQ(RedactUrlSecrets("unix:///run/containerd/containerd.sock"),
            "unix:///run/containerd/containerd.sock");
  EXPECT_EQ(RedactUrlSecrets("a https://u:p@h b http://x:y@z"),
            "a https://u:<redacted>@h b http://x:<redacted>@z");
}

}  // namespace
}  // namespace netdoctor::collect::host

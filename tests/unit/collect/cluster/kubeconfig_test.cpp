// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/kubeconfig.h"

#include <gtest/gtest.h>

#include "collect/cluster/encoding.h"
#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using testing::TempDir;

// Shape of the kubeconfig `kind create cluster` writes (~/.kube/config, kind v0.20): inline
// certificate-authority-data and client-certificate-data/client-key-data.
std::string KindConfig(const std::string& name, const std::string& server,
                       const std::string& current = "") {
  const std::string ca =
      Base64Encode("-----BEGIN CERTIFICATE-----\nMIIC" + name + "\n-----END CERTIFICATE-----\n");
  const std::string crt = Base64Encode("-----BEGIN CERTIFICATE-----\nMIIDclient" + name +
                                       "\n-----END CERTIFICATE-----\n");
  const std::string key = Base64Encode("-----BEGIN RSA PRIVATE KEY-----\nMIIEkey" + name +
                                       "\n-----END RSA PRIVATE KEY-----\n");
  return "apiVersion: v1\n"
         "clusters:\n"
         "- cluster:\n"
         "    certificate-authority-data: " +
         ca +
         "\n"
         "    server: " +
         server +
         "\n"
         "  name: kind-" +
         name +
         "\n"
         "contexts:\n"
         "- context:\n"
         "    cluster: kind-" +
         name +
         "\n"
         "    user: kind-" +
         name +
         "\n"
         "  name: kind-" +
         name +
         "\n"
         "current-context: " +
         current +
         "\n"
         "kind: Config\n"
         "preferences: {}\n"
         "users:\n"
         "- name: kind-" +
         name +
         "\n"
         "  user:\n"
         "    client-certificate-data: " +
         crt +
         "\n"
         "    client-key-data: " +
         key + "\n";
}

KubeconfigOptions EnvOptions(const std::string& kubeconfig_env) {
  KubeconfigOptions o;
  o.kubeconfig_env = kubeconfig_env;
  o.allow_in_cluster = false;
  return o;
}

TEST(Kubeconfig, ResolvesKindConfigWithInlineData) {
  TempDir d;
  auto path = d.Write("config", KindConfig("kind", "https://127.0.0.1:41093", "kind-kind"));
  KubeconfigOptions o;
  o.explicit_path = path;
  auto a = ResolveAccess(o);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->context, "kind-kind");
  EXPECT_EQ(a->cluster, "kind-kind");
  EXPECT_EQ(a->user, "kind-kind");
  EXPECT_EQ(a->server, "https://127.0.0.1:41093");
  EXPECT_EQ(a->ca_pem, "-----BEGIN CERTIFICATE-----\nMIICkind\n-----END CERTIFICATE-----\n");
  EXPECT_EQ(a->client_cert_pem,
            "-----BEGIN CERTIFICATE-----\nMIIDclientkind\n-----END CERTIFICATE-----\n");
  EXPECT_EQ(a->client_key_pem.Reveal(),
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEkeykind\n-----END RSA PRIVATE KEY-----\n");
  EXPECT_EQ(a->origin, "kubeconfig " + path);
  EXPECT_EQ(a->DescribeCa(), "certificate-authority-data of cluster \"kind-kind\"");
}

// kubectl's merge: the first file to set a cluster/user/context name wins, and current-context
// comes from the first file that sets it (k8s.io/client-go/tools/clientcmd loader.go).
TEST(Kubeconfig, KubeconfigListMergesFirstFileWins) {
  TempDir d;
  auto a = d.Write("a.yaml", KindConfig("shared", "https://10.0.0.1:6443", ""));
  auto b = d.Write("b.yaml", KindConfig("shared", "https://10.0.0.2:6443", "kind-shared"));
  auto c = d.Write("c.yaml", KindConfig("other", "https://10.0.0.3:6443", "kind-other"));
  auto acc = ResolveAccess(EnvOptions(a + ":" + b + ":" + c));
  ASSERT_TRUE(acc) << acc.error().ToString();
  EXPECT_EQ(acc->context, "kind-shared");           // b.yaml is the first to set current-context
  EXPECT_EQ(acc->server, "https://10.0.0.1:6443");  // but a.yaml defined the cluster first
  EXPECT_EQ(acc->origin, "kubeconfig " + a + ":" + b + ":" + c);

  auto o = EnvOptions(a + ":" + b + ":" + c);
  o.context = "kind-other";  // --context reaches entries only the third file has
  auto other = ResolveAccess(o);
  ASSERT_TRUE(other) << other.error().ToString();
  EXPECT_EQ(other->server, "https://10.0.0.3:6443");
}

TEST(Kubeconfig, KubeconfigListSkipsMissingFilesAndDuplicates) {
  TempDir d;
  auto a = d.Write("a.yaml", KindConfig("a", "https://10.0.0.1:6443", "kind-a"));
  auto files = KubeconfigFiles(EnvOptions(d.path() + "/missing.yaml::" + a + ":" + a));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0], a);
}

TEST(Kubeconfig, ExplicitKubeconfigIsNotMerged) {
  TempDir d;
  auto a = d.Write("a.yaml", KindConfig("a", "https://10.0.0.1:6443", "kind-a"));
  auto b = d.Write("b.yaml", KindConfig("b", "https://10.0.0.2:6443", "kind-b"));
  KubeconfigOptions o = EnvOptions(a);
  o.explicit_path = b;
  o.context = "kind-a";  // only in a.yaml, which --kubeconfig hides
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(acc.error().ToString().find("context \"kind-a\" (--context) does not exist"),
            std::string::npos)
      << acc.error().ToString();
  EXPECT_NE(acc.error().ToString().find("contexts: kind-b"), std::string::npos);
}

TEST(Kubeconfig, MissingExplicitKubeconfigIsAnError) {
  KubeconfigOptions o;
  o.explicit_path = "/nonexistent/kubeconfig";
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().ToString(), "--kubeconfig /nonexistent/kubeconfig: file not found");
}

TEST(Kubeconfig, DefaultsToHomeKubeConfig) {
  TempDir d;
  d.Write(".kube/config", KindConfig("home", "https://10.9.9.9:6443", "kind-home"));
  KubeconfigOptions o;
  o.home = d.path();
  o.allow_in_cluster = false;
  auto acc = ResolveAccess(o);
  ASSERT_TRUE(acc) << acc.error().ToString();
  EXPECT_EQ(acc->server, "https://10.9.9.9:6443");
}

// kubeadm's admin.conf shape, but with file references as `kubectl config set-cluster
// --certificate-authority=pki/ca.crt` writes them: relative to the kubeconfig's own directory.
TEST(Kubeconfig, RelativePathsAreRelativeToTheKubeconfigDirectory) {
  TempDir d;
  d.Write("cfg/pki/ca.crt", "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
  d.Write("cfg/pki/admin.crt", "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n");
  d.Write("cfg/pki/admin.key",
          "-----BEGIN RSA PRIVATE KEY-----\nK\n-----END RSA PRIVATE KEY-----\n");
  d.Write("cfg/token", "abc\n");
  auto path = d.Write("cfg/admin.conf",
                      "apiVersion: v1\n"
                      "kind: Config\n"
                      "clusters:\n"
                      "- name: kubernetes\n"
                      "  cluster:\n"
                      "    certificate-authority: pki/ca.crt\n"
                      "    server: https://192.168.56.10:6443\n"
                      "    tls-server-name: kubernetes.default.svc\n"
                      "contexts:\n"
                      "- name: kubernetes-admin@kubernetes\n"
                      "  context: {cluster: kubernetes, user: kubernetes-admin, namespace: shop}\n"
                      "current-context: kubernetes-admin@kubernetes\n"
                      "users:\n"
                      "- name: kubernetes-admin\n"
                      "  user:\n"
                      "    client-certificate: pki/admin.crt\n"
                      "    client-key: ./pki/admin.key\n"
                      "    tokenFile: token\n");
  // Resolved from another working directory on purpose: the paths must not depend on it.
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_TRUE(acc) << acc.error().ToString();
  EXPECT_EQ(acc->ca_file, d.path() + "/cfg/pki/ca.crt");
  EXPECT_EQ(acc->client_cert_file, d.path() + "/cfg/pki/admin.crt");
  EXPECT_EQ(acc->client_key_file, d.path() + "/cfg/./pki/admin.key");
  EXPECT_EQ(acc->token_file, d.path() + "/cfg/token");
  EXPECT_EQ(acc->tls_server_name, "kubernetes.default.svc");
  EXPECT_EQ(acc->namespace_, "shop");
  EXPECT_EQ(acc->DescribeCa(), "CA file " + d.path() + "/cfg/pki/ca.crt");
}

TEST(Kubeconfig, MissingReferencedFileNamesFileAndField) {
  TempDir d;
  auto path =
      d.Write("config",
              "apiVersion: v1\nkind: Config\n"
              "clusters: [{name: c, cluster: {server: 'https://h:6443'}}]\n"
              "users: [{name: dev, user: {client-certificate: dev.crt, client-key: dev.key}}]\n"
              "contexts: [{name: x, context: {cluster: c, user: dev}}]\n"
              "current-context: x\n");
  d.Write("dev.crt", "cert");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(acc.error().ToString(),
            path + ": users[dev].user.client-key: file not found: " + d.path() + "/dev.key");
}

TEST(Kubeconfig, BadBase64NamesTheField) {
  TempDir d;
  auto path = d.Write("config",
                      "clusters: [{name: c, cluster: {server: 'https://h:6443', "
                      "certificate-authority-data: 'not*base64'}}]\n"
                      "contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().ToString(),
            path + ": clusters[c].cluster.certificate-authority-data: is not valid base64");
}

TEST(Kubeconfig, WrongTypeNamesLineAndField) {
  TempDir d;
  auto path = d.Write("config",
                      "apiVersion: v1\n"
                      "clusters:\n"
                      "- name: prod\n"
                      "  cluster:\n"
                      "    server: https://h:6443\n"
                      "    insecure-skip-tls-verify: maybe\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(acc.error().ToString(),
            path +
                ":6:31: clusters[prod].cluster.insecure-skip-tls-verify: expected a boolean "
                "(true or false), got 'maybe'");
}

TEST(Kubeconfig, InvalidYamlIsAParseErrorWithPosition) {
  TempDir d;
  auto path = d.Write("config", "clusters:\n- name: [unclosed\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().code(), ErrorCode::kParseError);
  EXPECT_EQ(acc.error().where()->file, path);
  EXPECT_GT(acc.error().where()->line, 0);
}

TEST(Kubeconfig, BothFileAndDataIsRejectedAsKubectlDoes) {
  TempDir d;
  d.Write("ca.crt", "x");
  auto path = d.Write("config",
                      "clusters: [{name: c, cluster: {server: 'https://h', "
                      "certificate-authority: ca.crt, certificate-authority-data: eA==}}]\n"
                      "contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_NE(acc.error().ToString().find("certificate-authority-data and certificate-authority are "
                                        "both specified"),
            std::string::npos);
}

TEST(Kubeconfig, InsecureSkipTlsVerifyAndTokenFromKubeconfig) {
  TempDir d;
  // Shape of a Rancher-generated kubeconfig: server with a path prefix, a bearer token.
  auto path = d.Write("config",
                      "apiVersion: v1\nkind: Config\n"
                      "clusters:\n"
                      "- name: local\n"
                      "  cluster:\n"
                      "    server: https://rancher.example.com/k8s/clusters/c-m-4x2bz/\n"
                      "    insecure-skip-tls-verify: true\n"
                      "users:\n"
                      "- name: local\n"
                      "  user:\n"
                      "    token: kubeconfig-user-8f9x2:q2w6h9k4x8v7b5n3m1\n"
                      "contexts:\n"
                      "- name: local\n"
                      "  context:\n"
                      "    user: local\n"
                      "    cluster: local\n"
                      "current-context: local\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_TRUE(acc) << acc.error().ToString();
  EXPECT_TRUE(acc->insecure_skip_tls_verify);
  EXPECT_EQ(acc->server, "https://rancher.example.com/k8s/clusters/c-m-4x2bz");
  EXPECT_EQ(acc->token.Reveal(), "kubeconfig-user-8f9x2:q2w6h9k4x8v7b5n3m1");
}

TEST(Kubeconfig, ErrorsNeverContainTheToken) {
  TempDir d;
  auto path = d.Write("config",
                      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
                      "users: [{name: u, user: {token: s3cr3t-t0ken, username: admin}}]\n"
                      "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
                      "current-context: x\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_NE(acc.error().ToString().find("more than one authentication method"), std::string::npos);
  EXPECT_EQ(acc.error().ToString().find("s3cr3t"), std::string::npos);
}

TEST(Kubeconfig, UnreadableTokenFileIsAnErrorOnTheField) {
  TempDir d;
  auto path = d.Write("config",
                      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
                      "users: [{name: u, user: {tokenFile: /nonexistent/token}}]\n"
                      "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
                      "current-context: x\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().ToString(),
            path + ": users[u].user.tokenFile: file not found: /nonexistent/token");
}

TEST(Kubeconfig, MissingClusterAndUserAreNamed) {
  TempDir d;
  auto path = d.Write("config",
                      "contexts: [{name: x, context: {cluster: gone, user: u}}]\n"
                      "current-context: x\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().ToString(), path +
                                        ": contexts[x].context.cluster: cluster \"gone\" not "
                                        "found in " +
                                        path);
}

TEST(Kubeconfig, NoCurrentContextAsksForContext) {
  TempDir d;
  auto path = d.Write("config", KindConfig("a", "https://h:1", ""));
  auto acc = ResolveAccess(EnvOptions(path));
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().ToString(), path + ": current-context is not set; pass --context");
}

// Exec plugins as EKS (`aws eks get-token`, v1beta1) and GKE (gke-gcloud-auth-plugin,
// provideClusterInfo) write them into kubeconfigs.
TEST(Kubeconfig, ExecPluginConfigV1beta1AndV1) {
  TempDir d;
  auto path = d.Write("config",
                      "apiVersion: v1\nkind: Config\n"
                      "clusters:\n"
                      "- name: eks\n"
                      "  cluster: {server: 'https://ABCD.gr7.eu-west-1.eks.amazonaws.com'}\n"
                      "- name: gke\n"
                      "  cluster: {server: 'https://34.76.12.9'}\n"
                      "users:\n"
                      "- name: eks\n"
                      "  user:\n"
                      "    exec:\n"
                      "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                      "      command: aws\n"
                      "      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod]\n"
                      "      env:\n"
                      "      - name: AWS_PROFILE\n"
                      "        value: prod\n"
                      "- name: gke\n"
                      "  user:\n"
                      "    exec:\n"
                      "      apiVersion: client.authentication.k8s.io/v1\n"
                      "      command: bin/gke-gcloud-auth-plugin\n"
                      "      installHint: Install gke-gcloud-auth-plugin for use with kubectl\n"
                      "      provideClusterInfo: true\n"
                      "      interactiveMode: Never\n"
                      "contexts:\n"
                      "- {name: eks, context: {cluster: eks, user: eks}}\n"
                      "- {name: gke, context: {cluster: gke, user: gke}}\n"
                      "current-context: eks\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto eks = ResolveAccess(o);
  ASSERT_TRUE(eks) << eks.error().ToString();
  ASSERT_TRUE(eks->exec);
  EXPECT_EQ(eks->exec->api_version, "client.authentication.k8s.io/v1beta1");
  EXPECT_EQ(eks->exec->command, "aws");  // a bare name is looked up in PATH later
  EXPECT_EQ(eks->exec->args.size(), 6u);
  ASSERT_EQ(eks->exec->env.size(), 1u);
  EXPECT_EQ(eks->exec->env[0].first, "AWS_PROFILE");
  EXPECT_EQ(eks->exec->interactive_mode, "IfAvailable");  // the v1beta1 default
  o.context = "gke";
  auto gke = ResolveAccess(o);
  ASSERT_TRUE(gke) << gke.error().ToString();
  EXPECT_EQ(gke->exec->command, d.path() + "/bin/gke-gcloud-auth-plugin");
  EXPECT_TRUE(gke->exec->provide_cluster_info);
  EXPECT_EQ(gke->exec->install_hint, "Install gke-gcloud-auth-plugin for use with kubectl");
}

TEST(Kubeconfig, ExecV1RequiresInteractiveMode) {
  TempDir d;
  auto path = d.Write("config",
                      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
                      "users: [{name: u, user: {exec: {apiVersion: "
                      "client.authentication.k8s.io/v1, command: x}}}]\n"
                      "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
                      "current-context: x\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_NE(acc.error().ToString().find("users[u].user.exec.interactiveMode: interactiveMode "
                                        "must be specified"),
            std::string::npos)
      << acc.error().ToString();
}

TEST(Kubeconfig, AuthProviderIsUnsupportedWithAHint) {
  TempDir d;
  auto path = d.Write("config",
                      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
                      "users: [{name: u, user: {auth-provider: {name: gcp, config: {}}}}]\n"
                      "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
                      "current-context: x\n");
  KubeconfigOptions o;
  o.explicit_path = path;
  auto acc = ResolveAccess(o);
  ASSERT_FALSE(acc);
  EXPECT_EQ(acc.error().code(), ErrorCode::kUnsupported);
  EXPECT_NE(acc.error().ToString().find("auth-provider \"gcp\" is not supported"),
            std::string::npos);
}

// The files every Pod gets from its service account (kubelet's projected volume).
TEST(Kubeconfig, InClusterConfig) {
  TempDir d;
  d.Write("sa/token", "eyJhbGciOiJSUzI1NiIsImtpZCI6Ik1\n");
  d.Write("sa/ca.crt", "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n");
  d.Write("sa/namespace", "netdoctor");
  InClusterOptions ic{d.path() + "/sa", "10.96.0.1", "443"};
  EXPECT_TRUE(InClusterPossible(ic));
  auto acc = LoadInCluster(ic);
  ASSERT_TRUE(acc) << acc.error().ToString();
  EXPECT_EQ(acc->server, "https://10.96.0.1:443");
  EXPECT_EQ(acc->token_file, d.path() + "/sa/token");
  EXPECT_EQ(acc->ca_file, d.path() + "/sa/ca.crt");
  EXPECT_EQ(acc->namespace_, "netdoctor");

  ic.service_host = "fd00:10:96::1";
  auto v6 = LoadInCluster(ic);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->server, "https://[fd00:10:96::1]:443");
}

TEST(Kubeconfig, InClusterIsTheFallbackWithoutKubeconfig) {
  TempDir d;
  d.Write("sa/token", "tok");
  KubeconfigOptions o;
  o.home = d.path();  // no ~/.kube/config there
  o.in_cluster = InClusterOptions{d.path() + "/sa", "10.96.0.1", "443"};
  auto acc = ResolveAccess(o);
  ASSERT_TRUE(acc) << acc.error().ToString();
  EXPECT_EQ(acc->server, "https://10.96.0.1:443");
  EXPECT_EQ(acc->origin, "in-cluster service account " + d.path() + "/sa");

  o.in_cluster.service_port.clear();
  auto none = ResolveAccess(o);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().ToString().find("no kubeconfig found"), std::string::npos);
}

TEST(Kubeconfig, InClusterWithoutVariablesNamesThem) {
  auto acc = LoadInCluster(InClusterOptions{"/nonexistent", "", ""});
  ASSERT_FALSE(acc);
  EXPECT_NE(acc.error().ToString().find("KUBERNETES_SERVICE_HOST"), std::string::npos);
}

}  // namespace
}  // namespace netdoctor::collect::cluster

// SPDX-License-Identifier: Apache-2.0
// The fix filler (engine/fix_fill.cpp): known values go in, and a command that would still hold a
// placeholder comes back commented out with what to look up (issue 12, item 7).
#include "engine/fix_fill.h"

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "facts/keys.h"

namespace netdoctor::engine {
namespace {

namespace keys = facts::keys;

facts::FactSet VipNode() {
  facts::FactSet n;
  n.Set(facts::Fact::Known(keys::kNodeAddressesSecondary,
                           std::vector<facts::ObjectRef>{{"Interface", "", "enp1s0", "scope global secondary", "", "192.168.3.187/24"}},
                           "test"));
  n.Set(facts::Fact::Known(keys::kNodeCniPluginDirs, std::vector<std::string>{"/etc/cni/bin"}, "test"));
  n.Set(facts::Fact::Unknown(keys::kNodeContainerdCniBinDirs, "config.toml unreadable", "test"));
  return n;
}

const FindingScope kNode{ScopeKind::kNode, "k8s-master", "", "", "k8s-master"};

TEST(FixFill, ObjectFieldsOfTheFirstItem) {
  facts::FactSet node = VipNode();
  EXPECT_EQ(FillPlaceholders("ip addr del {fact:node.addresses.secondary|address} dev {fact:node.addresses.secondary|name} && "
                             "ip addr add {fact:node.addresses.secondary|ip}/32 dev {fact:node.addresses.secondary|name}",
                             kNode, &node, {}),
            "ip addr del 192.168.3.187/24 dev enp1s0 && ip addr add 192.168.3.187/32 dev enp1s0");
  EXPECT_EQ(FillPlaceholders("echo {fact:node.addresses.secondary|prefix} {fact:node.cni.plugin_dirs|first}", kNode, &node, {}),
            "echo 24 /etc/cni/bin");
}

TEST(FixFill, UnknownValueIsCommentedOutNamingWhatToLookUp) {
  facts::FactSet node = VipNode();
  const std::string out = FillPlaceholders(
      "for p in {fact:node.cni.plugin_dirs|first}/*; do ln -sf \"$p\" {fact:node.containerd.cni_bin_dirs|first}/; done",
      kNode, &node, {});
  EXPECT_TRUE(IsCommentedOut(out)) << out;
  EXPECT_NE(out.find("<node.containerd.cni_bin_dirs|first>"), std::string::npos) << out;
  EXPECT_NE(out.find("/etc/cni/bin/*"), std::string::npos) << "known values are still filled in: " << out;
  // A literal placeholder the knowledge base leaves to the reader is treated the same way.
  const std::string lit = FillPlaceholders("kubectl delete apiservice <unavailable-apiservice>", kNode, &node, {});
  EXPECT_TRUE(IsCommentedOut(lit)) << lit;
  EXPECT_NE(lit.find("fill in <unavailable-apiservice>"), std::string::npos) << lit;
  // A restart chained to a write goes with it.
  const std::string chained = FillPlaceholders(
      "sed -i 's#x#{fact:node.kubelet.cni_bin_dir}#' /etc/containerd/config.toml && systemctl restart containerd", kNode,
      &node, {});
  EXPECT_TRUE(IsCommentedOut(chained)) << chained;
}

TEST(FixFill, ApiServiceBlockingAStuckNamespaceIsFilledFromItsDetail) {
  // cluster.objects.stuck_terminating as the mapper and deriver write it for a Namespace whose
  // controller cannot discover two aggregated APIs.
  facts::FactSet cluster;
  cluster.Set(facts::Fact::Known(
      "cluster.objects.stuck_terminating",
      std::vector<facts::ObjectRef>{
          {"Namespace", "", "obs",
           "terminating for 2h00m; deletionTimestamp=2025-12-31T22:00:00Z spec.finalizers=[kubernetes]; "
           "blocked by: API custom.metrics.k8s.io/v1beta1 unavailable (APIService v1beta1.custom.metrics.k8s.io): "
           "the server is currently unable to handle the request (NamespaceDeletionDiscoveryFailure); API "
           "external.metrics.k8s.io/v1beta1 unavailable (APIService v1beta1.external.metrics.k8s.io): stale "
           "GroupVersion discovery (NamespaceDeletionDiscoveryFailure)",
           "", ""},
          {"Ingress", "shop", "web", "terminating for 3h00m; deletionTimestamp=2025-12-31T21:00:00Z "
                                     "metadata.finalizers=[ingress.k8s.aws/resources]", "", ""}},
      "terminating objects older than 30 minutes"));
  const FindingScope ns{ScopeKind::kObject, "obs", "", "Namespace", ""};
  EXPECT_EQ(FillPlaceholders("kubectl delete apiservice {apiservice}", ns, nullptr, cluster),
            "kubectl delete apiservice v1beta1.custom.metrics.k8s.io v1beta1.external.metrics.k8s.io");
  // An object no API blocks: the command stays commented out.
  const FindingScope ing{ScopeKind::kObject, "web", "shop", "Ingress", ""};
  EXPECT_TRUE(IsCommentedOut(FillPlaceholders("kubectl delete apiservice {apiservice}", ing, nullptr, cluster)));
}

TEST(FixFill, ShellAndJsonBracesStayAndPlaceholdersInsideThemAreFilled) {
  const FindingScope obj{ScopeKind::kObject, "web", "prod", "Service", ""};
  EXPECT_EQ(FillPlaceholders("kubectl -n {namespace} patch service {name} -p '{\"metadata\":{\"name\":\"{name}\"}}'", obj, nullptr, {}),
            "kubectl -n prod patch service web -p '{\"metadata\":{\"name\":\"web\"}}'");
  EXPECT_EQ(FillPlaceholders("kubectl get ns x -o jsonpath='{range .items[*]}{.name}{end}'", obj, nullptr, {}),
            "kubectl get ns x -o jsonpath='{range .items[*]}{.name}{end}'");
}

TEST(FixFill, NamespaceFlagOnlyForNamespacedObjects) {
  const FindingScope ns{ScopeKind::kObject, "stuck", "", "Namespace", ""};
  const FindingScope pod{ScopeKind::kObject, "web-0", "prod", "Pod", ""};
  EXPECT_EQ(FillPlaceholders("kubectl get {kind} {name} {ns_flag} --ignore-not-found", ns, nullptr, {}),
            "kubectl get Namespace stuck  --ignore-not-found");
  EXPECT_EQ(FillPlaceholders("kubectl get {kind} {name} {ns_flag} --ignore-not-found", pod, nullptr, {}),
            "kubectl get Pod web-0 -n prod --ignore-not-found");
}

TEST(FixFill, PlaceholdersInIgnoresRedirections) {
  EXPECT_TRUE(PlaceholdersIn("cat <<EOF > /tmp/x; diff <(a) <(b); sort < file").empty());
  EXPECT_EQ(PlaceholdersIn("curl <vip>:<nodePort>"), (std::vector<std::string>{"<vip>", "<nodePort>"}));
}

}  // namespace
}  // namespace netdoctor::engine

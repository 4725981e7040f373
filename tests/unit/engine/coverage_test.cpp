// SPDX-License-Identifier: Apache-2.0
// Not examined versus possibly affected: which inputs looked at which scope decides whether an
// undecided result is "not looked at" or "looked at, something missing".
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "facts/keys.h"
#include "kb/loader.h"

namespace netdoctor::engine {
namespace {

namespace keys = facts::keys;
using facts::Fact;
using facts::Producer;

kb::KnowledgeBase Load(const std::string& scope, const std::string& component,
                       const std::string& condition, const std::string& extra = "") {
  kb::KnowledgeBase kb;
  kb.AddFromText("T-COVER.yaml",
                 "schema_version: 1\nid: T-COVER\nkind: check\narea: test\ncomponent: " + component +
                     "\nseverity: high\nscope: " + scope + "\nmaturity: sandbox\n"
                     "title: {en: T, zh: T}\nsummary: {en: S, zh: S}\n"
                     "recommendation: {en: R, zh: R}\n"
                     "fix:\n  - title: {en: F, zh: F}\n    commands: [\"kubectl get nodes\"]\n"
                     "references: [{title: r, url: 'https://example.org'}]\n"
                     "condition: " + condition + "\n" + extra);
  kb.Finish();
  for (const auto& m : kb.messages()) ADD_FAILURE() << m.ToString();
  return kb;
}

const Variant* FirstOf(const Group& g, Verdict v) {
  for (const Variant& var : g.variants) {
    if (var.verdict == v) return &var;
  }
  return nullptr;
}

// What `check --host-only` on a live host gives: one node examined by the host collectors, the
// cluster by nothing.
facts::Snapshot HostOnly(bool kubelet_running) {
  facts::Snapshot host;
  host.nodes["vm-7"].Set(Fact::Known(keys::kNodeKernelRelease, std::string("6.1.0-18-amd64"), "uname"));
  host.nodes["vm-7"].Set(Fact::Known(keys::kNodeKubeletRunning, kubelet_running, "/proc/<pid>/cmdline"));
  host.inputs.push_back({"live-host", "/", "node vm-7"});
  facts::Snapshot snap;
  snap.Merge(std::move(host));
  return snap;
}

TEST(Coverage, MergeRecordsWhichInputsExaminedWhichScope) {
  facts::Snapshot snap = HostOnly(true);
  EXPECT_TRUE(snap.examined.cluster.empty());
  EXPECT_TRUE(snap.examined.Node("vm-7").Has(Producer::kLive));
  facts::Snapshot api;
  api.cluster.Set(Fact::Known(keys::kClusterCalicoPresent, false, "kube-system DaemonSets"));
  api.nodes["vm-7"];
  api.nodes["vm-8"];
  api.inputs.push_back({"api", "https://10.0.0.1:6443", "12 objects"});
  snap.Merge(std::move(api));
  EXPECT_TRUE(snap.examined.cluster.Has(Producer::kApi));
  EXPECT_FALSE(snap.examined.cluster.Has(Producer::kLive));
  EXPECT_TRUE(snap.examined.Node("vm-7").Has(Producer::kLive));
  EXPECT_TRUE(snap.examined.Node("vm-7").Has(Producer::kApi));
  EXPECT_FALSE(snap.examined.Node("vm-8").Has(Producer::kLive));
}

TEST(Coverage, ClusterEntryOnAHostOnlyRunIsNotExamined) {
  auto kb = Load("cluster", "calico", "cluster.calico.present and cluster.calico.iptables_backend == \"Auto\"");
  auto f = Evaluate({kb.issues()[0].get()}, HostOnly(true));
  const Group& g = f.groups[0];
  EXPECT_EQ(g.count(Verdict::kNotExamined), 1u);
  EXPECT_EQ(g.count(Verdict::kPossiblyAffected), 0u);
  EXPECT_EQ(g.worst(), Verdict::kNotExamined);
  EXPECT_TRUE(g.scopes.empty()) << "not-examined scopes are counted, not listed";
  const Variant* v = FirstOf(g, Verdict::kNotExamined);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->scopes, 1u);
  EXPECT_TRUE(v->needs.Has(Producer::kApi));
  EXPECT_TRUE(v->needs.Has(Producer::kDump));
  EXPECT_FALSE(v->needs.Has(Producer::kPlan)) << "plan is not an input of check";
  EXPECT_EQ(v->missing, (std::vector<std::string>{keys::kClusterCalicoPresent, keys::kClusterCalicoIptablesBackend}));
}

TEST(Coverage, ExaminedClusterWithAnUnknownFactStaysPossiblyAffected) {
  auto kb = Load("cluster", "calico", "cluster.calico.present and cluster.calico.iptables_backend == \"Auto\"");
  facts::Snapshot snap = HostOnly(true);
  facts::Snapshot dump;
  dump.cluster.Set(Fact::Known(keys::kClusterCalicoPresent, true, "DaemonSet kube-system/calico-node"));
  dump.cluster.Set(Fact::Unknown(keys::kClusterCalicoIptablesBackend, "FELIX_IPTABLESBACKEND comes from a ConfigMap",
                                 "DaemonSet kube-system/calico-node"));
  dump.inputs.push_back({"dump", "cluster.json", "40 objects"});
  snap.Merge(std::move(dump));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  EXPECT_EQ(f.groups[0].count(Verdict::kPossiblyAffected), 1u);
  EXPECT_EQ(f.groups[0].count(Verdict::kNotExamined), 0u);
}

TEST(Coverage, NodeEntryWhereNoKubeletRunsIsNotExamined) {
  auto kb = Load("node", "kubelet", "node.kubelet.network_plugin == \"\"");
  facts::Snapshot snap = HostOnly(false);
  snap.nodes["vm-7"].Set(Fact::Unknown(keys::kNodeKubeletNetworkPlugin, "no kubelet process runs",
                                       "/proc/<pid>/cmdline"));
  auto f = Evaluate({kb.issues()[0].get()}, snap, {.keep_not_affected = true});
  const Group& g = f.groups[0];
  ASSERT_EQ(g.count(Verdict::kNotExamined), 1u);
  ASSERT_EQ(g.scopes.size(), 1u) << "listed when not-affected ones are kept";
  const Variant& v = g.VariantOf(g.scopes[0]);
  EXPECT_TRUE(v.needs.empty());
  ASSERT_EQ(v.evidence.size(), 1u);
  EXPECT_EQ(v.evidence[0].fact, keys::kNodeKubeletRunning);
  EXPECT_EQ(v.evidence[0].value, "false");

  // The same unknown on a host where kubelet runs was examined: possibly affected.
  facts::Snapshot running = HostOnly(true);
  running.nodes["vm-7"].Set(Fact::Unknown(keys::kNodeKubeletNetworkPlugin, "cmdline unreadable",
                                          "/proc/<pid>/cmdline"));
  auto r = Evaluate({kb.issues()[0].get()}, running);
  EXPECT_EQ(r.groups[0].count(Verdict::kPossiblyAffected), 1u);
}

TEST(Coverage, DecidedResultsAreKeptWhateverTheCoverage) {
  auto kb = Load("node", "kubelet", "not node.kubelet.running");
  auto f = Evaluate({kb.issues()[0].get()}, HostOnly(false));
  EXPECT_EQ(f.groups[0].count(Verdict::kAffected), 1u);
}

TEST(Coverage, ApiOnlyNodesLackHostFactsAndShareOneVariant) {
  auto kb = Load("node", "calico", "node.vxlan_calico.tx_checksum");
  facts::Snapshot api;
  for (int i = 0; i < 300; ++i) {
    api.nodes["node-" + std::to_string(i)].Set(
        Fact::Known(keys::kNodeKernelRelease, std::string("5.14.0-362.8.1.el9_3.x86_64"), "Node status"));
  }
  api.inputs.push_back({"api", "https://10.0.0.1:6443", "300 Nodes"});
  facts::Snapshot snap;
  snap.Merge(std::move(api));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  const Group& g = f.groups[0];
  EXPECT_EQ(g.count(Verdict::kNotExamined), 300u);
  EXPECT_EQ(g.count(Verdict::kPossiblyAffected), 0u);
  ASSERT_EQ(g.variants.size(), 1u);
  EXPECT_EQ(g.variants[0].scopes, 300u);
  EXPECT_TRUE(g.variants[0].needs.Has(Producer::kLive));
  EXPECT_TRUE(g.variants[0].needs.Has(Producer::kSos));
  EXPECT_FALSE(g.variants[0].needs.Has(Producer::kHostRoot)) << "ethtool needs the live host";
}

TEST(Coverage, DerivedUnknownIsTracedToTheInputsItLacked) {
  auto kb = Load("node", "calico", "any(node.routes.missing_pod_routes)");
  facts::Snapshot snap = HostOnly(true);
  Fact derived = Fact::Unknown(keys::kNodeRoutesMissingPodRoutes,
                               "cluster.calico.present was not collected", "derived");
  derived.derived_from = {keys::kClusterCalicoPresent};
  snap.nodes["vm-7"].Set(derived);
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  const Variant* v = FirstOf(f.groups[0], Verdict::kNotExamined);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->missing, std::vector<std::string>{keys::kClusterCalicoPresent});
  EXPECT_TRUE(v->needs.Has(Producer::kApi));
}

TEST(Coverage, AKnownFactWaitingForKnowledgeCountsForNeither) {
  // The kernel is known but the range cannot place it (no backport data): with the host fact
  // uncovered the pair is not examined; with it covered and unknown, possibly affected.
  auto kb = Load("node", "kube-proxy",
                 "not node.iptables.random_fully or node.kernel.release in old_kernels",
                 "ranges:\n  old_kernels:\n    fact: node.kernel.release\n    scheme: kernel\n"
                 "    affected:\n      - {introduced: \"0\", fixed: \"3.14\", source: upstream}\n"
                 "    distros:\n      - {distro: el7, status: unknown, source: none}\n"
                 "    vendor_kernels: upstream\n");
  facts::Snapshot api;
  api.nodes["n1"].Set(Fact::Known(keys::kNodeKernelRelease, std::string("3.10.0-1160.el7.x86_64"), "Node status"));
  // As derive leaves it: unknown, derived from the nat rules only the node's own run reads.
  Fact rf = Fact::Unknown(keys::kNodeIptablesRandomFully,
                          "vendor kernel 3.10.0-1160.el7.x86_64 is based on 3.10 < 3.14", "derived");
  rf.derived_from = {keys::kNodeIptablesMasqueradeRandomFully};
  api.nodes["n1"].Set(rf);
  api.inputs.push_back({"api", "https://10.0.0.1:6443", "1 Node"});
  facts::Snapshot snap;
  snap.Merge(std::move(api));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  ASSERT_EQ(f.groups[0].count(Verdict::kNotExamined), 1u);
  const Variant* v = FirstOf(f.groups[0], Verdict::kNotExamined);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->missing, std::vector<std::string>{keys::kNodeIptablesMasqueradeRandomFully});

  facts::Snapshot live = snap;
  live.nodes["n1"].Set(Fact::Unknown(keys::kNodeIptablesMasqueradeRandomFully, "nat table unreadable", "iptables-save"));
  live.examined.nodes["n1"] = live.examined.Node("n1") | Producer::kLive;
  auto g = Evaluate({kb.issues()[0].get()}, live);
  EXPECT_EQ(g.groups[0].count(Verdict::kPossiblyAffected), 1u);

  // Only the knowledge is missing (the host fact is known true): examined, possibly affected.
  facts::Snapshot known = live;
  known.nodes["n1"].Override(Fact::Known(keys::kNodeIptablesRandomFully, true, "iptables-save"));
  auto k = Evaluate({kb.issues()[0].get()}, known);
  EXPECT_EQ(k.groups[0].count(Verdict::kPossiblyAffected), 1u);
}

TEST(Coverage, ASnapshotThatRecordsNoCoverageKeepsPossiblyAffected) {
  auto kb = Load("node", "calico", "node.vxlan_calico.tx_checksum");
  facts::Snapshot snap;
  snap.nodes["a"];
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  EXPECT_EQ(f.groups[0].count(Verdict::kPossiblyAffected), 1u);
}

TEST(Coverage, NoNodesAtAllMeansNodeEntriesWereNotExamined) {
  auto kb = Load("node", "calico", "node.vxlan_calico.tx_checksum");
  facts::Snapshot dump;
  dump.cluster.Set(Fact::Known(keys::kClusterCalicoPresent, true, "DaemonSet kube-system/calico-node"));
  dump.inputs.push_back({"dump", "objects.yaml", "3 objects"});
  facts::Snapshot snap;
  snap.Merge(std::move(dump));
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  EXPECT_EQ(f.groups[0].count(Verdict::kNotExamined), 1u);
}

TEST(Coverage, EvidenceOfAFactNoInputCollectedHasOriginMissing) {
  auto kb = Load("cluster", "calico", "cluster.calico.present");
  facts::Snapshot snap;  // no coverage recorded: possibly affected, with the evidence listed
  auto f = Evaluate({kb.issues()[0].get()}, snap);
  const Variant* v = FirstOf(f.groups[0], Verdict::kPossiblyAffected);
  ASSERT_NE(v, nullptr);
  ASSERT_EQ(v->evidence.size(), 1u);
  EXPECT_EQ(v->evidence[0].origin, facts::Origin::kMissing);
}

}  // namespace
}  // namespace netdoctor::engine

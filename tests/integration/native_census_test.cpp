// SPDX-License-Identifier: Apache-2.0
// The native iptables census (nf_tables netlink for iptables-nft, x_tables getsockopt for
// iptables-legacy) must equal what ParseIptablesSave makes of the real save tools' output, field
// by field. Every test builds real rules in its own network namespace with the real iptables
// binaries of both back ends (and nft for native tables that must be ignored), then runs
// netdoctor_record_native_iptables --census and the four save tools inside it.
// Needs root; without it every test skips with the reason.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "collect/host/iptables_save.h"
#include "netns.h"
#include "support/ci_skip.h"

namespace netdoctor::testing {
namespace {

using collect::host::IptablesCensus;
using collect::host::ParseIptablesSave;
using nlohmann::json;

// Without root or network namespaces the test skips and says why; in CI (CI=true) that fails.
#define ND_NETNS(ns) \
  Netns ns;          \
  if (!ns.error().empty()) ND_SKIP_OR_FAIL_IN_CI(ns.error())

#define ND_MUST(ns, tool, ...)                                          \
  do {                                                                  \
    std::string nd_failure;                                             \
    ASSERT_TRUE(ns.Must(tool, __VA_ARGS__, &nd_failure)) << nd_failure; \
  } while (false)

// The census ParseIptablesSave makes of `<family>-<backend>-save` run in `ns`, v4 then v6 merged
// as CollectIptables merges them (with the stderr legacy warning).
IptablesCensus SavedCensus(const Netns& ns, const std::string& backend) {
  IptablesCensus all;
  for (const char* family : {"iptables", "ip6tables"}) {
    const std::string tool = std::string(family) + "-" + backend + "-save";
    auto o = ns.Exec(tool, {});
    EXPECT_TRUE(o.ok()) << tool << ": " << o.err;
    auto c = ParseIptablesSave(o.out);
    EXPECT_TRUE(c.has_value()) << tool << ": " << (c ? "" : c.error().ToString());
    if (!c) continue;
    if (o.err.find("# Warning: iptables-legacy tables present") != std::string::npos) {
      c->legacy_tables_warning = true;
    }
    all.Add(*c);
  }
  return all;
}

// netdoctor_record_native_iptables --census in `ns`.
json NativeCensus(const Netns& ns) {
  auto o = ns.Exec(NETDOCTOR_PROBE, {"--census"});
  EXPECT_TRUE(o.ok()) << "census tool: " << o.err;
  auto doc = json::parse(o.out, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << o.out;
  return doc;
}

void ExpectSame(const json& native, const IptablesCensus& saved, const std::string& backend) {
  SCOPED_TRACE(backend);
  ASSERT_TRUE(native.is_object()) << native.dump();
  ASSERT_FALSE(native.contains("error")) << native.dump();
  EXPECT_EQ(native["rules"], json(saved.rules));
  EXPECT_EQ(native["kube_chains"], json(saved.kube_chains));
  EXPECT_EQ(native["calico_chains"], json(saved.calico_chains));
  EXPECT_EQ(native["hint_chains"], json(saved.hint_chains));
  EXPECT_EQ(native["masquerade_random_fully"], json(saved.masquerade_random_fully));
  EXPECT_EQ(native["tables"], json(saved.tables));
  EXPECT_EQ(native["chains"], json(saved.chains));
  EXPECT_EQ(native["legacy_tables_warning"], json(saved.legacy_tables_warning));
  EXPECT_EQ(native["random_fully_unknown"], json(saved.random_fully_unknown));
  EXPECT_EQ(native["incompatible_tables"], json(saved.incompatible_tables));
}

// Runs `tool` with each argument list in `ns`; the first failure is reported.
void MustAll(const Netns& ns, const std::string& tool,
             const std::vector<std::vector<std::string>>& cmds, std::string* failure) {
  for (const auto& c : cmds) {
    if (!ns.Must(tool, c, failure)) return;
  }
}

// kube-proxy's and kubelet's chains and rules as they write them (pkg/proxy/iptables/proxier.go,
// pkg/kubelet/kubelet_network_linux.go), Calico's filter chains (felix/rules), and rules in
// filter, mangle and raw, in IPv4 back end `ipt` ("iptables-legacy" / "iptables-nft").
void KubeAndCalico(const Netns& ns, const std::string& ipt, const std::string& masq_extra,
                   std::string* failure) {
  std::vector<std::vector<std::string>> cmds = {
      {"-t", "mangle", "-N", "KUBE-IPTABLES-HINT"},
      {"-t", "mangle", "-N", "KUBE-KUBELET-CANARY"},
      {"-t", "mangle", "-A", "PREROUTING", "-i", "cali+", "-j", "MARK", "--set-mark", "0x1"},
      {"-t", "nat", "-N", "KUBE-SERVICES"},
      {"-t", "nat", "-N", "KUBE-POSTROUTING"},
      {"-t", "nat", "-N", "KUBE-MARK-MASQ"},
      {"-t", "nat", "-N", "KUBE-SVC-NPX46M4PTMTKRN6Y"},
      {"-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment",
       "kubernetes service portals", "-j", "KUBE-SERVICES"},
      {"-t", "nat", "-A", "POSTROUTING", "-m", "comment", "--comment",
       "kubernetes postrouting rules", "-j", "KUBE-POSTROUTING"},
      {"-t", "nat", "-A", "KUBE-MARK-MASQ", "-j", "MARK", "--or-mark", "0x4000"},
      {"-t", "nat", "-A", "KUBE-SERVICES", "-d", "10.96.0.1/32", "-p", "tcp", "-m", "comment",
       "--comment", "default/kubernetes:https cluster IP", "-m", "tcp", "--dport", "443", "-j",
       "KUBE-SVC-NPX46M4PTMTKRN6Y"},
      {"-t", "nat", "-A", "KUBE-SVC-NPX46M4PTMTKRN6Y", "-p", "tcp", "-j", "DNAT",
       "--to-destination", "10.0.0.50:6443"},
      {"-t", "filter", "-N", "cali-FORWARD"},
      {"-t", "filter", "-N", "cali-from-wl-dispatch"},
      {"-t", "filter", "-A", "FORWARD", "-m", "comment", "--comment", "cali:wUHhoiAYhphO9Mso",
       "-j", "cali-FORWARD"},
      {"-t", "filter", "-A", "cali-FORWARD", "-i", "cali+", "-j", "cali-from-wl-dispatch"},
      {"-t", "filter", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-m", "limit", "--limit",
       "5/s", "-j", "ACCEPT"},
      {"-t", "raw", "-A", "PREROUTING", "-p", "udp", "--dport", "4789", "-j", "NOTRACK"},
  };
  std::vector<std::string> masq = {"-t", "nat", "-A", "KUBE-POSTROUTING", "-m", "comment",
                                   "--comment", "kubernetes service traffic requiring SNAT",
                                   "-j", "MASQUERADE"};
  if (!masq_extra.empty()) masq.push_back(masq_extra);
  cmds.push_back(masq);
  MustAll(ns, ipt, cmds, failure);
}

TEST(NativeCensus, EmptyNamespace) {
  ND_NETNS(ns);
  json native = NativeCensus(ns);
  ExpectSame(native["nft"], SavedCensus(ns, "nft"), "nft");
  ExpectSame(native["legacy"], SavedCensus(ns, "legacy"), "legacy");
  EXPECT_EQ(native["nft"]["rules"], json(0));
}

TEST(NativeCensus, KubeAndCalicoInBothBackEndsWithRandomFully) {
  ND_NETNS(ns);
  std::string failure;
  KubeAndCalico(ns, "iptables-legacy", "--random-fully", &failure);
  ASSERT_TRUE(failure.empty()) << failure;
  KubeAndCalico(ns, "iptables-nft", "--random-fully", &failure);
  ASSERT_TRUE(failure.empty()) << failure;
  // IPv6: kube-proxy's chains again (same names, counted once per family as the text is).
  for (const char* b : {"ip6tables-legacy", "ip6tables-nft"}) {
    MustAll(ns, b,
            {{"-t", "nat", "-N", "KUBE-SERVICES"},
             {"-t", "nat", "-N", "KUBE-POSTROUTING"},
             {"-t", "nat", "-A", "POSTROUTING", "-j", "KUBE-POSTROUTING"},
             {"-t", "nat", "-A", "KUBE-POSTROUTING", "-j", "MASQUERADE"},
             {"-t", "filter", "-N", "cali-INPUT"},
             {"-t", "filter", "-A", "INPUT", "-j", "cali-INPUT"},
             {"-t", "mangle", "-N", "KUBE-IPTABLES-HINT"}},
            &failure);
    ASSERT_TRUE(failure.empty()) << failure;
  }
  json native = NativeCensus(ns);
  IptablesCensus nft = SavedCensus(ns, "nft");
  IptablesCensus legacy = SavedCensus(ns, "legacy");
  ExpectSame(native["nft"], nft, "nft");
  ExpectSame(native["legacy"], legacy, "legacy");
  // The scenario really has what is compared (not two empty censuses agreeing).
  EXPECT_TRUE(nft.masquerade_random_fully);
  EXPECT_TRUE(legacy.masquerade_random_fully);
  EXPECT_GE(nft.kube_chains, 6);
  EXPECT_GE(legacy.calico_chains, 3);
  EXPECT_TRUE(nft.legacy_tables_warning);
}

TEST(NativeCensus, MasqueradeWithoutRandomFully) {
  ND_NETNS(ns);
  std::string failure;
  KubeAndCalico(ns, "iptables-legacy", "", &failure);
  ASSERT_TRUE(failure.empty()) << failure;
  KubeAndCalico(ns, "iptables-nft", "--random", &failure);  // random, but not fully
  ASSERT_TRUE(failure.empty()) << failure;
  json native = NativeCensus(ns);
  IptablesCensus nft = SavedCensus(ns, "nft");
  IptablesCensus legacy = SavedCensus(ns, "legacy");
  ExpectSame(native["nft"], nft, "nft");
  ExpectSame(native["legacy"], legacy, "legacy");
  EXPECT_FALSE(nft.masquerade_random_fully);
  EXPECT_FALSE(legacy.masquerade_random_fully);
}

TEST(NativeCensus, SnatRandomFullyOnlyInIpv6) {
  ND_NETNS(ns);
  for (const char* b : {"ip6tables-legacy", "ip6tables-nft"}) {
    std::string failure;
    MustAll(ns, b,
            {{"-t", "nat", "-N", "KUBE-POSTROUTING"},
             {"-t", "nat", "-A", "KUBE-POSTROUTING", "-j", "MASQUERADE", "--random-fully"},
             {"-t", "nat", "-A", "POSTROUTING", "-o", "lo", "-j", "SNAT", "--to-source",
              "fd00::1", "--random-fully"}},
            &failure);
    ASSERT_TRUE(failure.empty()) << failure;
  }
  for (const char* b : {"iptables-legacy", "iptables-nft"}) {
    std::string failure;
    MustAll(ns, b,
            {{"-t", "nat", "-A", "POSTROUTING", "-o", "lo", "-j", "SNAT", "--to-source",
              "10.0.0.1"}},
            &failure);
    ASSERT_TRUE(failure.empty()) << failure;
  }
  json native = NativeCensus(ns);
  IptablesCensus nft = SavedCensus(ns, "nft");
  IptablesCensus legacy = SavedCensus(ns, "legacy");
  ExpectSame(native["nft"], nft, "nft");
  ExpectSame(native["legacy"], legacy, "legacy");
  EXPECT_TRUE(nft.masquerade_random_fully);
  EXPECT_TRUE(legacy.masquerade_random_fully);
}

TEST(NativeCensus, SnatRandomFullyInIpv4Only) {
  ND_NETNS(ns);
  for (const char* b : {"iptables-legacy", "iptables-nft"}) {
    std::string failure;
    MustAll(ns, b,
            {{"-t", "nat", "-A", "POSTROUTING", "-o", "lo", "-j", "SNAT", "--to-source",
              "10.0.0.1", "--random-fully"},
             {"-t", "nat", "-A", "POSTROUTING", "-o", "lo", "-j", "MASQUERADE"}},
            &failure);
    ASSERT_TRUE(failure.empty()) << failure;
  }
  json native = NativeCensus(ns);
  IptablesCensus nft = SavedCensus(ns, "nft");
  IptablesCensus legacy = SavedCensus(ns, "legacy");
  ExpectSame(native["nft"], nft, "nft");
  ExpectSame(native["legacy"], legacy, "legacy");
  EXPECT_TRUE(nft.masquerade_random_fully);
  EXPECT_TRUE(legacy.masquerade_random_fully);
}

// Native nftables tables (nftables.service's `table inet filter`, kube-proxy's nftables mode
// `table ip kube-proxy` with a fully-random masquerade) are invisible to iptables-nft-save and
// must not be counted.
TEST(NativeCensus, NativeNftTablesAreIgnored) {
  ND_NETNS(ns);
  std::string failure;
  KubeAndCalico(ns, "iptables-nft", "", &failure);
  ASSERT_TRUE(failure.empty()) << failure;
  MustAll(ns, "nft",
          {{"add", "table", "inet", "foo"},
           {"add", "chain", "inet", "foo", "KUBE-INPUT",
            "{ type filter hook input priority 0; policy accept; }"},
           {"add", "chain", "inet", "foo", "cali-fw"},
           {"add", "rule", "inet", "foo", "KUBE-INPUT", "ct", "state", "established", "accept"},
           {"add", "rule", "inet", "foo", "cali-fw", "counter", "accept"},
           {"add", "table", "ip", "kube-proxy"},
           {"add", "chain", "ip", "kube-proxy", "nat-postrouting",
            "{ type nat hook postrouting priority srcnat; }"},
           {"add", "chain", "ip", "kube-proxy", "KUBE-MARK-MASQ"},
           {"add", "rule", "ip", "kube-proxy", "nat-postrouting", "masquerade", "fully-random"}},
          &failure);
  ASSERT_TRUE(failure.empty()) << failure;
  json native = NativeCensus(ns);
  IptablesCensus nft = SavedCensus(ns, "nft");
  ExpectSame(native["nft"], nft, "nft");
  EXPECT_FALSE(nft.masquerade_random_fully);
  EXPECT_EQ(nft.tables, (std::vector<std::string>{"mangle", "raw", "filter", "nat"}));
}

// A rule iptables-nft did not write in one of its tables (here `ct state`, which iptables-nft
// 1.8.9 writes as an xt "conntrack" match): iptables-nft-save calls the table incompatible, and
// the native reader refuses rather than guess, so the caller falls back to the tool.
TEST(NativeCensus, ForeignRuleInAnIptablesTableIsRefused) {
  ND_NETNS(ns);
  std::string failure;
  ASSERT_TRUE(ns.Must("iptables-nft", {"-A", "INPUT", "-j", "ACCEPT"}, &failure)) << failure;
  ASSERT_TRUE(ns.Must("nft", {"add", "rule", "ip", "filter", "INPUT", "ct", "state",
                              "established", "accept"},
                      &failure))
      << failure;
  json native = NativeCensus(ns);
  IptablesCensus nft = SavedCensus(ns, "nft");
  ASSERT_TRUE(native["nft"].contains("error")) << native["nft"].dump();
  EXPECT_NE(native["nft"]["error"].get<std::string>().find("table ip filter"), std::string::npos)
      << native["nft"]["error"];
  EXPECT_NE(native["nft"]["error"].get<std::string>().find("'ct'"), std::string::npos);
  // What iptables-nft-save itself says about that table.
  EXPECT_EQ(nft.incompatible_tables, std::vector<std::string>{"filter"});
}

}  // namespace
}  // namespace netdoctor::testing

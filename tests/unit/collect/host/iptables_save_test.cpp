// SPDX-License-Identifier: Apache-2.0
#include "collect/host/iptables_save.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace netdoctor::collect::host {
namespace {

using testing::ReadFixture;

IptablesCensus MustParse(const std::string& fixture) {
  auto c = ParseIptablesSave(ReadFixture("iptables/" + fixture));
  EXPECT_TRUE(c.has_value()) << fixture << ": " << (c ? "" : c.error().ToString());
  return c.value_or(IptablesCensus{});
}

// Captured with iptables 1.8.9 (Debian 12) in a namespace holding kube-proxy's and kubelet's
// chains in both back ends and Calico's in legacy only (see tests/fixtures/iptables/README.md).
TEST(IptablesSave, NetnsLegacyCapture) {
  IptablesCensus c = MustParse("netns-legacy-v4.txt");
  EXPECT_EQ(c.rules, 12);
  EXPECT_EQ(c.kube_chains, 8);
  EXPECT_EQ(c.calico_chains, 3);
  EXPECT_TRUE(c.hint_chains);
  EXPECT_TRUE(c.masquerade_random_fully);
  EXPECT_EQ(c.tables, (std::vector<std::string>{"filter", "nat", "mangle"}));
  EXPECT_FALSE(c.legacy_tables_warning);
  EXPECT_NE(std::find(c.chains.begin(), c.chains.end(), "filter:cali-FORWARD"), c.chains.end());
}

TEST(IptablesSave, EmptyOutputIsZeroNotError) {
  // iptables-legacy-save prints nothing when no legacy table is loaded (ip_tables unused).
  IptablesCensus c = MustParse("netns-legacy-v6.txt");
  EXPECT_EQ(c.rules, 0);
  EXPECT_EQ(c.kube_chains, 0);
  EXPECT_FALSE(c.hint_chains);
  EXPECT_TRUE(c.tables.empty());
}

TEST(IptablesSave, NetnsNftCaptureIpv4PlusIpv6) {
  IptablesCensus c = MustParse("netns-nft-v4.txt");
  c.Add(MustParse("netns-nft-v6.txt"));
  EXPECT_EQ(c.rules, 9);
  EXPECT_EQ(c.kube_chains, 10);  // 8 IPv4 + mangle/nat of IPv6
  EXPECT_EQ(c.calico_chains, 0);
  EXPECT_TRUE(c.hint_chains);
  EXPECT_TRUE(c.masquerade_random_fully);
  EXPECT_EQ(c.tables, (std::vector<std::string>{"mangle", "filter", "nat"}));
}

TEST(IptablesSave, CentOs7LegacyWithoutRandomFully) {
  // iptables 1.4.21 cannot add --random-fully to MASQUERADE (1.6.2+), so kube-proxy does not.
  IptablesCensus c = MustParse("centos7-legacy-v4.txt");
  EXPECT_EQ(c.rules, 38);
  EXPECT_EQ(c.kube_chains, 12);
  EXPECT_EQ(c.calico_chains, 12);
  EXPECT_TRUE(c.hint_chains);  // KUBE-KUBELET-CANARY (kubelet >= 1.17)
  EXPECT_FALSE(c.masquerade_random_fully);
  EXPECT_EQ(c.tables, (std::vector<std::string>{"raw", "mangle", "nat"}));
}

TEST(IptablesSave, Rhel8NftWithLegacyWarningLine) {
  IptablesCensus c = MustParse("rhel8-nft-v4.txt");
  EXPECT_TRUE(c.legacy_tables_warning);
  EXPECT_EQ(c.rules, 28);
  EXPECT_EQ(c.kube_chains, 20);
  EXPECT_EQ(c.calico_chains, 0);
  EXPECT_TRUE(c.hint_chains);
  EXPECT_TRUE(c.masquerade_random_fully);
}

TEST(IptablesSave, IncompatibleTableIsNoted) {
  IptablesCensus c = MustParse("calico-node-nft-raw-incompatible.txt");
  EXPECT_EQ(c.incompatible_tables, (std::vector<std::string>{"raw"}));
  EXPECT_EQ(c.tables, (std::vector<std::string>{"mangle"}));
  EXPECT_EQ(c.calico_chains, 1);
}

TEST(IptablesSave, CountersPrefixAndQuotedRandomFullyInComment) {
  // `iptables-save -c` puts rule counters first; a comment that merely mentions --random-fully
  // must not count as the option.
  auto c = ParseIptablesSave(
      "*nat\n"
      ":POSTROUTING ACCEPT [12:720]\n"
      ":KUBE-POSTROUTING - [0:0]\n"
      "[3:180] -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j "
      "KUBE-POSTROUTING\n"
      "[0:0] -A KUBE-POSTROUTING -m comment --comment \"add --random-fully \\\"later\\\"\" -j "
      "MASQUERADE\n"
      "COMMIT\n");
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->rules, 2);
  EXPECT_EQ(c->kube_chains, 1);
  EXPECT_FALSE(c->masquerade_random_fully);
}

TEST(IptablesSave, RandomFullyOutsideNatDoesNotCount) {
  auto c = ParseIptablesSave(
      "*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j ACCEPT --random-fully\n"
      "COMMIT\n");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->masquerade_random_fully);
  auto snat = ParseIptablesSave(
      "*nat\n:POSTROUTING ACCEPT [0:0]\n"
      "-A POSTROUTING -s 10.244.0.0/16 -j SNAT --to-source 10.0.0.50 "
      "--random-fully\nCOMMIT\n");
  ASSERT_TRUE(snat);
  EXPECT_TRUE(snat->masquerade_random_fully);
}

struct BadInput {
  const char* text;
  int line;
  const char* expect;  // part of the message
};

class IptablesSaveErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(IptablesSaveErrors, NamesLineAndWhatWasExpected) {
  auto c = ParseIptablesSave(GetParam().text);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code(), ErrorCode::kParseError);
  ASSERT_TRUE(c.error().where().has_value());
  EXPECT_EQ(c.error().where()->line, GetParam().line);
  EXPECT_NE(c.error().message().find(GetParam().expect), std::string::npos) << c.error().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IptablesSaveErrors,
    ::testing::Values(
        BadInput{"-A INPUT -j ACCEPT\n", 1, "expected '*table'"},
        BadInput{"*filter\n:INPUT ACCEPT [0:0]\n", 2, "missing COMMIT for table 'filter'"},
        BadInput{"*filter\n*nat\n", 2, "expected COMMIT to end table 'filter'"},
        BadInput{"COMMIT\n", 1, "COMMIT outside a table"},
        BadInput{"*filter\n:INPUT\nCOMMIT\n", 2, "expected ':CHAIN POLICY [packets:bytes]'"},
        BadInput{"*filter\n:INPUT ACCEPT [x:0]\nCOMMIT\n", 2, "expected ':CHAIN POLICY"},
        BadInput{"*filter\n-D INPUT 1\nCOMMIT\n", 2, "expected '-A', '-I' or '-N'"},
        BadInput{"*filter\n-A\nCOMMIT\n", 2, "expected a chain name"},
        BadInput{"*filter\nhello\nCOMMIT\n", 2, "expected ':CHAIN', '-A CHAIN ...' or COMMIT"},
        BadInput{"*\n", 1, "expected a table name"},
        BadInput{"*filter\n[1:2 -A INPUT\nCOMMIT\n", 2, "expected '[packets:bytes] -A"}));

const facts::Fact& Get(const facts::FactSet& fs, const std::string& key) {
  const facts::Fact* f = fs.Get(key);
  EXPECT_NE(f, nullptr) << key;
  static const facts::Fact kMissing;
  return f ? *f : kMissing;
}

TEST(CensusToFacts, BothBackEndsKnown) {
  facts::FactSet out;
  CensusToFacts(MustParse("netns-legacy-v4.txt"), "", MustParse("netns-nft-v4.txt"), "",
                "iptables-save", out);
  EXPECT_EQ(out.GetInt("node.iptables.legacy.rules"), 12);
  EXPECT_EQ(out.GetInt("node.iptables.legacy.calico_chains"), 3);
  EXPECT_EQ(out.GetInt("node.iptables.nft.calico_chains"), 0);
  EXPECT_EQ(out.GetInt("node.iptables.nft.kube_chains"), 8);
  EXPECT_EQ(out.GetBool("node.iptables.nft.hint_chains"), true);
  EXPECT_EQ(out.GetBool("node.iptables.masquerade_random_fully"), true);
  EXPECT_EQ(Get(out, "node.iptables.nft.rules").source, "iptables-save");
}

TEST(CensusToFacts, MissingBackEndIsUnknownWithReason) {
  facts::FactSet out;
  CensusToFacts(MustParse("centos7-legacy-v4.txt"), "", std::nullopt,
                "iptables-nft-save not installed", "iptables-save", out);
  for (const char* k : {"rules", "kube_chains", "calico_chains", "hint_chains"}) {
    const auto& f = Get(out, std::string("node.iptables.nft.") + k);
    EXPECT_FALSE(f.known()) << k;
    EXPECT_EQ(f.unknown_reason, "iptables-nft-save not installed");
  }
  EXPECT_EQ(out.GetInt("node.iptables.legacy.kube_chains"), 12);
  // No --random-fully in legacy, nft unknown: cannot say false.
  const auto& rf = Get(out, "node.iptables.masquerade_random_fully");
  EXPECT_FALSE(rf.known());
  EXPECT_NE(rf.unknown_reason.find("iptables-nft-save not installed"), std::string::npos);
}

TEST(CensusToFacts, RandomFullyTrueWhenOneBackEndShowsIt) {
  facts::FactSet out;
  CensusToFacts(std::nullopt, "iptables-legacy-save failed (exit status 1)",
                MustParse("rhel8-nft-v4.txt"), "", "iptables-save", out);
  EXPECT_EQ(out.GetBool("node.iptables.masquerade_random_fully"), true);
  EXPECT_FALSE(Get(out, "node.iptables.legacy.rules").known());
}

TEST(CensusToFacts, BothKnownWithoutRandomFullyIsFalse) {
  facts::FactSet out;
  CensusToFacts(MustParse("centos7-legacy-v4.txt"), "", MustParse("netns-legacy-v6.txt"), "",
                "iptables-save", out);
  EXPECT_EQ(out.GetBool("node.iptables.masquerade_random_fully"), false);
}

TEST(CensusToFacts, OpaqueNftTargetsKeepRandomFullyUnknown) {
  IptablesCensus nft;
  nft.random_fully_unknown = true;
  facts::FactSet out;
  CensusToFacts(MustParse("centos7-legacy-v4.txt"), "", nft, "", "iptables-save", out);
  const auto& rf = Get(out, "node.iptables.masquerade_random_fully");
  EXPECT_FALSE(rf.known());
  EXPECT_NE(rf.unknown_reason.find("not visible"), std::string::npos) << rf.unknown_reason;
}

}  // namespace
}  // namespace netdoctor::collect::host

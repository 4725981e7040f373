// SPDX-License-Identifier: Apache-2.0
// DecodeNftRuleset / NftIptablesCensus on nf_tables dumps recorded from network namespaces with
// real iptables-nft 1.8.9 and nft rules (tests/fixtures/iptables/native/README.md). The expected
// census is what ParseIptablesSave makes of iptables-nft-save's output recorded from the same
// namespace at the same moment.
#include "collect/host/nft_netlink.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>

#include <climits>
#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <linux/netlink.h>

#include "fixture_util.h"

namespace netdoctor::collect::host {
namespace {

using testing::ReadFixture;
using testing::ReadFixtureBytes;

// Field-by-field equality of two censuses, with the field named on failure.
void ExpectSameCensus(const IptablesCensus& native, const IptablesCensus& saved) {
  EXPECT_EQ(native.rules, saved.rules);
  EXPECT_EQ(native.kube_chains, saved.kube_chains);
  EXPECT_EQ(native.calico_chains, saved.calico_chains);
  EXPECT_EQ(native.hint_chains, saved.hint_chains);
  EXPECT_EQ(native.masquerade_random_fully, saved.masquerade_random_fully);
  EXPECT_EQ(native.tables, saved.tables);
  EXPECT_EQ(native.chains, saved.chains);
  EXPECT_EQ(native.legacy_tables_warning, saved.legacy_tables_warning);
  EXPECT_EQ(native.random_fully_unknown, saved.random_fully_unknown);
  EXPECT_EQ(native.incompatible_tables, saved.incompatible_tables);
}

IptablesCensus Saved(const std::string& dir, const std::string& tool) {
  auto c = ParseIptablesSave(ReadFixture("iptables/native/" + dir + "/" + tool + ".txt"));
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().ToString());
  return c ? *c : IptablesCensus{};
}

Result<NftRuleset> Decode(const std::string& dir) {
  auto bytes = ReadFixtureBytes("iptables/native/" + dir + "/nft.bin");
  EXPECT_FALSE(bytes.empty());
  return DecodeNftRuleset(bytes);
}

TEST(NftNetlink, KubeCalicoIpv4EqualsIptablesNftSave) {
  auto rs = Decode("kube-calico");
  ASSERT_TRUE(rs.has_value()) << rs.error().ToString();
  auto census = NftIptablesCensus(*rs, NFPROTO_IPV4);
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  IptablesCensus saved = Saved("kube-calico", "iptables-nft-save");
  ExpectSameCensus(*census, saved);
  // What the recording holds: kube-proxy's MASQUERADE --random-fully, both hint chains.
  EXPECT_TRUE(census->masquerade_random_fully);
  EXPECT_TRUE(census->hint_chains);
  EXPECT_EQ(census->kube_chains, 5);
  EXPECT_EQ(census->tables, (std::vector<std::string>{"mangle", "raw", "filter", "nat"}));
}

TEST(NftNetlink, KubeCalicoIpv6EqualsIp6tablesNftSave) {
  auto rs = Decode("kube-calico");
  ASSERT_TRUE(rs.has_value()) << rs.error().ToString();
  auto census = NftIptablesCensus(*rs, NFPROTO_IPV6);
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  ExpectSameCensus(*census, Saved("kube-calico", "ip6tables-nft-save"));
  EXPECT_FALSE(census->masquerade_random_fully);  // ip6 has SNAT without --random-fully
}

TEST(NftNetlink, MergedLikeTheTwoSaveToolsWithTheLegacyWarning) {
  auto rs = Decode("kube-calico");
  ASSERT_TRUE(rs.has_value()) << rs.error().ToString();
  auto v4 = NftIptablesCensus(*rs, NFPROTO_IPV4);
  auto v6 = NftIptablesCensus(*rs, NFPROTO_IPV6);
  ASSERT_TRUE(v4 && v6);
  // ReadNftCensus sets the warning from /proc/net/ip_tables_names, which was not empty.
  EXPECT_FALSE(ReadFixture("iptables/native/kube-calico/ip_tables_names").empty());
  v4->legacy_tables_warning = true;
  v4->Add(*v6);
  IptablesCensus saved = Saved("kube-calico", "iptables-nft-save");
  saved.legacy_tables_warning =
      ReadFixture("iptables/native/kube-calico/iptables-nft-save.stderr")
          .find("# Warning: iptables-legacy tables present") != std::string::npos;
  saved.Add(Saved("kube-calico", "ip6tables-nft-save"));
  ExpectSameCensus(*v4, saved);
  EXPECT_TRUE(v4->legacy_tables_warning);
}

TEST(NftNetlink, DecodesXtTargetsAndNativeMasquerade) {
  auto rs = Decode("kube-calico");
  ASSERT_TRUE(rs.has_value()) << rs.error().ToString();
  bool xt_masq = false, native_masq = false, inet_table = false;
  for (const auto& t : rs->tables) inet_table = inet_table || (t.family == NFPROTO_INET);
  for (const auto& r : rs->rules) {
    for (const auto& e : r.exprs) {
      if (e.name == "target" && e.xt_name == "MASQUERADE" && r.family == NFPROTO_IPV4) {
        EXPECT_EQ(r.table, "nat");
        EXPECT_EQ(r.chain, "KUBE-POSTROUTING");
        EXPECT_EQ(e.xt_rev, 0u);
        EXPECT_FALSE(e.xt_info.empty());
        xt_masq = true;
      }
      if (e.name == "masq") {
        // `nft add rule ip kube-proxy nat-postrouting masquerade fully-random`
        EXPECT_EQ(r.table, "kube-proxy");
        ASSERT_TRUE(e.nat_flags.has_value());
        EXPECT_TRUE(*e.nat_flags & NF_NAT_RANGE_PROTO_RANDOM_FULLY);
        native_masq = true;
      }
    }
  }
  EXPECT_TRUE(xt_masq);
  EXPECT_TRUE(native_masq);
  EXPECT_TRUE(inet_table);
  // The kube-proxy table's fully-random masquerade is not an iptables-nft table's: not counted
  // for IPv6 either, and IPv4's true comes from the xt MASQUERADE alone (checked above).
  for (const auto& c : rs->chains) {
    if (c.table == "kube-proxy") {
      EXPECT_TRUE(c.base);
      EXPECT_EQ(c.type, "nat");
      EXPECT_EQ(c.priority, 100);
    }
  }
}

TEST(NftNetlink, ForeignRuleMakesTheTableIncompatible) {
  auto rs = Decode("foreign-rule");
  ASSERT_TRUE(rs.has_value()) << rs.error().ToString();
  auto census = NftIptablesCensus(*rs, NFPROTO_IPV4);
  ASSERT_FALSE(census.has_value());
  EXPECT_EQ(census.error().code(), ErrorCode::kUnsupported);
  EXPECT_NE(census.error().message().find("table ip filter chain INPUT has expression 'ct'"),
            std::string::npos)
      << census.error().message();
  // iptables-nft-save 1.8.9 on the same namespace.
  EXPECT_EQ(Saved("foreign-rule", "iptables-nft-save").incompatible_tables,
            std::vector<std::string>{"filter"});
  // IPv6 has no iptables tables at all in that namespace.
  auto v6 = NftIptablesCensus(*rs, NFPROTO_IPV6);
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->rules, 0);
}

TEST(NftNetlink, EveryTruncationIsAnErrorOrAPrefixNeverACrash) {
  auto bytes = ReadFixtureBytes("iptables/native/kube-calico/nft.bin");
  ASSERT_GT(bytes.size(), 100u);
  int errors = 0;
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto rs = DecodeNftRuleset(std::span<const std::uint8_t>(bytes.data(), n));
    if (!rs) {
      ++errors;
      EXPECT_EQ(rs.error().code(), ErrorCode::kParseError);
      EXPECT_NE(rs.error().message().find("at byte"), std::string::npos);
    }
  }
  EXPECT_GT(errors, static_cast<int>(bytes.size()) / 2);
}

TEST(NftNetlink, BadAttributeLengthNamesTheOffset) {
  auto bytes = ReadFixtureBytes("iptables/native/kube-calico/nft.bin");
  ASSERT_GT(bytes.size(), 24u);
  // The first attribute after nlmsghdr (16) and nfgenmsg (4): claim 0xffff bytes.
  bytes[20] = 0xff;
  bytes[21] = 0xff;
  auto rs = DecodeNftRuleset(bytes);
  ASSERT_FALSE(rs.has_value());
  EXPECT_EQ(rs.error().code(), ErrorCode::kParseError);
  EXPECT_NE(rs.error().message().find("at byte 20: attribute length 65535"), std::string::npos)
      << rs.error().message();
}

TEST(NftNetlink, EmptyDumpIsAnEmptyCensus) {
  auto rs = DecodeNftRuleset({});
  ASSERT_TRUE(rs.has_value());
  auto census = NftIptablesCensus(*rs, NFPROTO_IPV4);
  ASSERT_TRUE(census.has_value());
  ExpectSameCensus(*census, *ParseIptablesSave(""));
}

// An NLMSG_ERROR whose code is INT_MIN (from fuzzing): described, never negated (UBSan).
TEST(NftNetlink, ErrorCodeIntMinIsDescribedNotNegated) {
  struct {
    nlmsghdr h;
    nlmsgerr e;
  } msg{};
  msg.h.nlmsg_len = sizeof msg;
  msg.h.nlmsg_type = NLMSG_ERROR;
  msg.e.error = INT_MIN;
  std::vector<std::uint8_t> bytes(sizeof msg);
  std::memcpy(bytes.data(), &msg, sizeof msg);
  auto r = DecodeNftRuleset(bytes);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("not an errno value"), std::string::npos)
      << r.error().message();
}

}  // namespace
}  // namespace netdoctor::collect::host

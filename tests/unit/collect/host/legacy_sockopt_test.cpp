// SPDX-License-Identifier: Apache-2.0
// DecodeLegacyTable / LegacyCensus on x_tables blobs (IPT_SO_GET_INFO + IPT_SO_GET_ENTRIES)
// recorded from a network namespace with real iptables-legacy 1.8.9 rules
// (tests/fixtures/iptables/native/README.md). The expected census is what ParseIptablesSave makes
// of iptables-legacy-save's output recorded from the same namespace.
#include "collect/host/legacy_sockopt.h"

#include <sys/socket.h>

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "fixture_util.h"
#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

using testing::ReadFixture;
using testing::ReadFixtureBytes;

constexpr const char* kDir = "iptables/native/kube-calico/";

void ExpectSameCensus(const IptablesCensus& native, const IptablesCensus& saved) {
  EXPECT_EQ(native.rules, saved.rules);
  EXPECT_EQ(native.kube_chains, saved.kube_chains);
  EXPECT_EQ(native.calico_chains, saved.calico_chains);
  EXPECT_EQ(native.hint_chains, saved.hint_chains);
  EXPECT_EQ(native.masquerade_random_fully, saved.masquerade_random_fully);
  EXPECT_EQ(native.tables, saved.tables);
  EXPECT_EQ(native.chains, saved.chains);
  EXPECT_EQ(native.legacy_tables_warning, saved.legacy_tables_warning);
  EXPECT_EQ(native.incompatible_tables, saved.incompatible_tables);
}

// The recorded tables of one family, in /proc/net/ip{,6}_tables_names order.
std::vector<LegacyTable> Tables(int af) {
  const std::string names = ReadFixture(std::string(kDir) +
                                        (af == AF_INET ? "ip_tables_names" : "ip6_tables_names"));
  EXPECT_FALSE(names.empty());
  std::vector<LegacyTable> out;
  for (auto line : core::Lines(names)) {
    auto name = std::string(core::Trim(line));
    if (name.empty()) continue;
    auto bytes = ReadFixtureBytes(std::string(kDir) + "legacy-" + (af == AF_INET ? "4-" : "6-") +
                                  name + ".bin");
    auto t = DecodeLegacyTable(af, bytes);
    EXPECT_TRUE(t.has_value()) << name << ": " << (t ? "" : t.error().ToString());
    if (t) out.push_back(std::move(*t));
  }
  return out;
}

IptablesCensus Saved(const std::string& tool) {
  auto c = ParseIptablesSave(ReadFixture(std::string(kDir) + tool + ".txt"));
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().ToString());
  return c ? *c : IptablesCensus{};
}

TEST(LegacySockopt, Ipv4EqualsIptablesLegacySave) {
  auto tables = Tables(AF_INET);
  ASSERT_EQ(tables.size(), 4u);
  IptablesCensus census = LegacyCensus(tables);
  ExpectSameCensus(census, Saved("iptables-legacy-save"));
  EXPECT_EQ(census.calico_chains, 3);
  EXPECT_FALSE(census.masquerade_random_fully);  // legacy v4 MASQUERADE has no --random-fully
}

TEST(LegacySockopt, Ipv6EqualsIp6tablesLegacySave) {
  IptablesCensus census = LegacyCensus(Tables(AF_INET6));
  ExpectSameCensus(census, Saved("ip6tables-legacy-save"));
  EXPECT_TRUE(census.masquerade_random_fully);  // nf_nat_range flags, IPv6 MASQUERADE rev 0
}

TEST(LegacySockopt, FilterTableChainsAndRules) {
  auto bytes = ReadFixtureBytes(std::string(kDir) + "legacy-4-filter.bin");
  auto t = DecodeLegacyTable(AF_INET, bytes);
  ASSERT_TRUE(t.has_value()) << t.error().ToString();
  EXPECT_EQ(t->name, "filter");
  EXPECT_EQ(t->chains, (std::vector<std::string>{"INPUT", "FORWARD", "OUTPUT", "cali-FORWARD",
                                                 "cali-from-wl-dispatch"}));
  // -A INPUT -p tcp --dport 22 -m limit; -A FORWARD -j cali-FORWARD; -A cali-FORWARD -i cali+.
  EXPECT_EQ(t->rules, 3);
}

TEST(LegacySockopt, TruncatedOrCorruptBlobsAreErrors) {
  auto bytes = ReadFixtureBytes(std::string(kDir) + "legacy-4-nat.bin");
  ASSERT_GT(bytes.size(), 200u);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto t = DecodeLegacyTable(AF_INET, std::span<const std::uint8_t>(bytes.data(), n));
    ASSERT_FALSE(t.has_value()) << "prefix of " << n << " bytes decoded";
    EXPECT_EQ(t.error().code(), ErrorCode::kParseError);
  }
  // The first entry's next_offset (ipt_getinfo 84 + ipt_get_entries 40 + offsetof next_offset
  // 90) set to 1.
  auto bad = bytes;
  bad[84 + 40 + 90] = 1;
  bad[84 + 40 + 91] = 0;
  auto t = DecodeLegacyTable(AF_INET, bad);
  ASSERT_FALSE(t.has_value());
  EXPECT_NE(t.error().message().find("table 'nat' entry at offset 0"), std::string::npos)
      << t.error().message();
}

TEST(LegacySockopt, RandomFullyFlagOffsets) {
  // nf_nat_ipv4_multi_range_compat {rangesize = 1, range[0].flags = RANDOM_FULLY (0x10)} as
  // iptables' libipt_MASQUERADE.c builds it for --random-fully.
  std::vector<std::uint8_t> compat(20, 0);
  compat[0] = 1;
  compat[4] = 0x10;
  EXPECT_TRUE(XtNatRandomFully(AF_INET, "MASQUERADE", 0, compat));
  EXPECT_FALSE(XtNatRandomFully(AF_INET6, "MASQUERADE", 0, compat));  // flags would be 1
  EXPECT_FALSE(XtNatRandomFully(AF_INET, "DNAT", 0, compat));
  EXPECT_FALSE(XtNatRandomFully(AF_INET, "MASQUERADE", 0, std::span(compat).first(6)));
}

}  // namespace
}  // namespace netdoctor::collect::host

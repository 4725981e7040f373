// SPDX-License-Identifier: Apache-2.0
#include "collect/host/nft_json.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace netdoctor::collect::host {
namespace {

using testing::ReadFixture;

// `nft -j list ruleset` (nftables 1.0.6) of the namespace whose iptables-nft-save output is
// netns-nft-v{4,6}.txt: iptables-nft's compat targets show as {"xt": {...}} without options.
TEST(NftJson, IptablesNftTablesCountedLikeSaveOutput) {
  auto c = ParseNftRulesetJson(ReadFixture("iptables/nft/netns-ruleset.json"));
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->rules, 9);
  EXPECT_EQ(c->kube_chains, 10);
  EXPECT_EQ(c->calico_chains, 0);
  EXPECT_TRUE(c->hint_chains);
  // The MASQUERADE --random-fully rule is an xt target here: its options are not in the JSON.
  EXPECT_FALSE(c->masquerade_random_fully);
  EXPECT_TRUE(c->random_fully_unknown);
  EXPECT_EQ(c->tables, (std::vector<std::string>{"mangle", "nat", "filter"}));
}

// Native nft statements (captured from a namespace): `masquerade fully-random` prints
// "flags": "fully-random", several flags print as an array; the kube-proxy table (nftables
// mode) is not an iptables table and is left out.
TEST(NftJson, NativeMasqueradeFullyRandom) {
  auto c = ParseNftRulesetJson(ReadFixture("iptables/nft/netns-native-masquerade.json"));
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_TRUE(c->masquerade_random_fully);
  EXPECT_FALSE(c->random_fully_unknown);
  EXPECT_EQ(c->tables, (std::vector<std::string>{"nat"}));
  EXPECT_EQ(c->kube_chains, 1);  // KUBE-POSTROUTING; kube-proxy's own table is not counted
  EXPECT_EQ(c->rules, 3);
}

TEST(NftJson, EmptyRulesetIsZero) {
  auto c = ParseNftRulesetJson(
      R"({"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5",)"
      R"( "json_schema_version": 1}}]})");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->rules, 0);
  EXPECT_FALSE(c->hint_chains);
}

TEST(NftJson, ErrorsNameWhatWasExpected) {
  auto not_json = ParseNftRulesetJson("nft: command not found");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code(), ErrorCode::kParseError);
  EXPECT_NE(not_json.error().message().find("not valid JSON"), std::string::npos);

  auto no_array = ParseNftRulesetJson(R"({"tables": []})");
  ASSERT_FALSE(no_array);
  EXPECT_NE(no_array.error().message().find("\"nftables\" array"), std::string::npos);

  auto bad_item = ParseNftRulesetJson(R"({"nftables": [{"table": "nat"}]})");
  ASSERT_FALSE(bad_item);
  EXPECT_EQ(bad_item.error().where()->field, "nftables[0].table");
}

}  // namespace
}  // namespace netdoctor::collect::host

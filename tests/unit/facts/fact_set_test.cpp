// SPDX-License-Identifier: Apache-2.0
// FactSet's compact storage (facts in fixed chunks, a sorted key-id index) keeps the rules and
// guarantees of the map it replaced: measured beats inferred, known beats unknown, overrides win,
// pointers from Get() survive later Set() calls, all() iterates in key order, copies are deep.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "facts/fact.h"
#include "facts/keys.h"

namespace netdoctor::facts {
namespace {

TEST(FactSet, SetFollowsTheMeasuredAndKnownRules) {
  FactSet s;
  EXPECT_TRUE(s.empty());
  s.Set(Fact::Unknown(keys::kNodeKernelRelease, "no Node status", "Node n1"));
  ASSERT_NE(s.Get(keys::kNodeKernelRelease), nullptr);
  EXPECT_FALSE(s.Get(keys::kNodeKernelRelease)->known());
  // Known replaces unknown.
  s.Set(Fact::Known(keys::kNodeKernelRelease, std::string("5.15.0"), "uname -r"));
  EXPECT_EQ(s.GetString(keys::kNodeKernelRelease), "5.15.0");
  // Unknown never replaces known; inferred never replaces measured.
  s.Set(Fact::Unknown(keys::kNodeKernelRelease, "later input failed"));
  s.Set(Fact::Known(keys::kNodeKernelRelease, std::string("4.18.0"), "guess", Origin::kInferred));
  EXPECT_EQ(s.GetString(keys::kNodeKernelRelease), "5.15.0");
  EXPECT_EQ(s.Get(keys::kNodeKernelRelease)->source, "uname -r");
  // An override wins and is not replaced by a later measurement.
  s.Override(Fact::Known(keys::kNodeKernelRelease, std::string("6.1.0"), "--set"));
  s.Set(Fact::Known(keys::kNodeKernelRelease, std::string("5.15.0"), "uname -r"));
  EXPECT_EQ(s.GetString(keys::kNodeKernelRelease), "6.1.0");
  EXPECT_EQ(s.Get(keys::kNodeKernelRelease)->origin, Origin::kOverridden);
  EXPECT_EQ(s.size(), 1u);
}

TEST(FactSet, KeysOutsideTheCatalogueAndTypedGetters) {
  FactSet s;
  // A family member and a key only a facts file names: both stored under their own id.
  const std::string sysctl = std::string(keys::kNodeSysctl) + "net.ipv4.ip_forward";
  s.Set(Fact::Known(sysctl, std::int64_t{1}, "/proc/sys/net/ipv4/ip_forward"));
  s.Set(Fact::Known("test.only.key.never.in.catalogue", true, "test"));
  EXPECT_EQ(s.GetInt(sysctl), 1);
  EXPECT_EQ(s.GetBool("test.only.key.never.in.catalogue"), true);
  EXPECT_EQ(s.GetString(sysctl), std::nullopt);  // another type
  EXPECT_EQ(s.Get("node.sysctl.net.ipv4.never_set"), nullptr);
  EXPECT_FALSE(s.Has("another.key.nobody.stored"));
  EXPECT_EQ(InternKey(sysctl), InternKey(sysctl));
  EXPECT_NE(InternKey(sysctl), InternKey(keys::kNodeKernelRelease));
}

TEST(FactSet, PointersFromGetSurviveLaterSets) {
  FactSet s;
  s.Set(Fact::Known(keys::kNodeKernelRelease, std::string("5.15.0"), "uname -r"));
  const Fact* first = s.Get(keys::kNodeKernelRelease);
  // Many more facts: several chunks and index growth.
  for (int i = 0; i < 100; ++i) {
    s.Set(Fact::Known(std::string(keys::kNodeSysctl) + "k" + std::to_string(i), std::int64_t{i}, "t"));
  }
  EXPECT_EQ(s.Get(keys::kNodeKernelRelease), first);
  EXPECT_EQ(first->key, keys::kNodeKernelRelease);
  EXPECT_EQ(s.size(), 101u);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(s.GetInt(std::string(keys::kNodeSysctl) + "k" + std::to_string(i)), i) << i;
  }
}

TEST(FactSet, AllIteratesInKeyOrder) {
  FactSet s;
  for (const char* k : {"node.z.last", "node.a.first", "node.m.middle"}) {
    s.Set(Fact::Known(k, true, "t"));
  }
  std::vector<std::string> seen;
  for (const auto& [key, fact] : s.all()) {
    EXPECT_EQ(key, fact.key);
    seen.push_back(key);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"node.a.first", "node.m.middle", "node.z.last"}));
  EXPECT_EQ(s.all().size(), 3u);
}

TEST(FactSet, CopiesAreDeepAndMovesEmptyTheSource) {
  FactSet a;
  for (int i = 0; i < 20; ++i) a.Set(Fact::Known("node.copy.k" + std::to_string(i), std::int64_t{i}, "t"));
  FactSet b = a;
  b.Override(Fact::Known("node.copy.k3", std::int64_t{33}, "--set"));
  EXPECT_EQ(a.GetInt("node.copy.k3"), 3);
  EXPECT_EQ(b.GetInt("node.copy.k3"), 33);
  EXPECT_EQ(b.size(), 20u);
  FactSet c = std::move(b);
  EXPECT_EQ(c.GetInt("node.copy.k19"), 19);
  EXPECT_EQ(b.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  EXPECT_EQ(b.Get("node.copy.k19"), nullptr);
  b = c;
  EXPECT_EQ(b.GetInt("node.copy.k19"), 19);
}

TEST(FactSet, MergeFromAppliesTheSameRules) {
  FactSet mine;
  mine.Set(Fact::Known(keys::kNodeKernelRelease, std::string("5.15.0"), "uname -r"));
  FactSet other;
  other.Set(Fact::Known(keys::kNodeKernelRelease, std::string("4.18.0"), "guess", Origin::kInferred));
  other.Set(Fact::Known(keys::kNodeInternalIp, std::string("10.0.0.5"), "Node status"));
  mine.MergeFrom(std::move(other));
  EXPECT_EQ(mine.GetString(keys::kNodeKernelRelease), "5.15.0");
  EXPECT_EQ(mine.GetString(keys::kNodeInternalIp), "10.0.0.5");
  EXPECT_EQ(mine.size(), 2u);
  // Into an empty set: taken over whole.
  FactSet empty;
  empty.MergeFrom(std::move(mine));
  EXPECT_EQ(empty.size(), 2u);
}

}  // namespace
}  // namespace netdoctor::facts

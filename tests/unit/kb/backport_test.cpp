// SPDX-License-Identifier: Apache-2.0
// Kernel range sets name their upstream fix (loader, embedded knowledge base), and a measured
// node.kernel.backport.<fix> fact decides before the distro table (kb/backport.h).
#include "kb/backport.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "facts/keys.h"
#include "kb/loader.h"
#include "kb/queries.h"

namespace netdoctor::kb {
namespace {

constexpr const char* kEntry = R"(schema_version: 1
id: KP-TEST-BACKPORT
kind: check
area: kube-proxy
component: kube-proxy
severity: high
scope: node
maturity: incubating
title: {en: Test title, zh: 测试标题}
summary: {en: What breaks., zh: 什么坏了。}
symptoms: {en: [slow], zh: [慢]}
ranges:
  kernel_without_fix:
    fact: node.kernel.release
    scheme: kernel
    FIX
    affected:
      - introduced: "0"
        fixed: "5.9"
        source: "upstream commit in mainline 5.9"
condition: >-
  node.kernel.release in kernel_without_fix
recommendation: {en: Upgrade., zh: 升级。}
references:
  - title: kubernetes#93297
    url: https://github.com/kubernetes/kubernetes/issues/93297
)";

std::string WithFix(std::string_view fix, std::string_view id = "KP-TEST-BACKPORT") {
  std::string s = kEntry;
  s.replace(s.find("FIX"), 3, fix);
  s.replace(s.find("KP-TEST-BACKPORT"), 16, id);
  return s;
}

std::string File(std::string_view id) {
  return "kb/issues/kube-proxy/" + std::string(id) + ".yaml";
}

std::vector<std::string> ErrorTexts(const KnowledgeBase& kb) {
  std::vector<std::string> out;
  for (const auto& m : kb.messages()) {
    if (m.level == LoadMessage::Level::kError) out.push_back(m.code + ": " + m.ToString());
  }
  return out;
}

bool HasError(const KnowledgeBase& kb, std::string_view code, std::string_view text = "") {
  auto errs = ErrorTexts(kb);
  return std::any_of(errs.begin(), errs.end(), [&](const std::string& e) {
    return e.starts_with(std::string(code) + ":") && e.find(text) != std::string::npos;
  });
}

constexpr std::string_view kGoodFix =
    "fix: {commit: f0a5e4d7a594e0fe237d3dfafb069bb82f80f42f, "
    "subject: \"ipvs: allow connection reuse for unconfirmed conntrack\"}";

TEST(KbFix, LoaderReadsTheFixOfAKernelRange) {
  KnowledgeBase kb;
  kb.AddFromText(File("KP-TEST-BACKPORT"), WithFix(kGoodFix));
  kb.Finish();
  ASSERT_TRUE(kb.ok()) << (ErrorTexts(kb).empty() ? "" : ErrorTexts(kb)[0]);
  const auto& set = kb.Find("KP-TEST-BACKPORT")->ranges[0].set;
  EXPECT_EQ(set.fix.commit, "f0a5e4d7a594e0fe237d3dfafb069bb82f80f42f");
  EXPECT_EQ(set.fix.Id(), "f0a5e4d7a594");
  ASSERT_EQ(KernelFixesNamed(kb).size(), 1u);
}

TEST(KbFix, LoaderRejectsBadFixesNamingTheField) {
  struct Case {
    std::string fix;
    std::string code;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"fix: {commit: F0A5E4D7A594, subject: \"x: y\"}", "bad-range", "fix.commit: 'F0A5E4D7A594'"},
      {"fix: {commit: f0a5e4d, subject: \"x: y\"}", "bad-range", "12 to 40 lowercase hex"},
      {"fix: {commit: f0a5e4d7a594}", "missing-field", "fix.subject"},
      {"fix: {subject: \"x: y\", url: https://example.com}", "unknown-key", "fix.url"},
      {"fix: \"ipvs: allow\"", "type-mismatch", "fix"},
  };
  for (const auto& c : cases) {
    KnowledgeBase kb;
    kb.AddFromText(File("KP-TEST-BACKPORT"), WithFix(c.fix));
    EXPECT_TRUE(HasError(kb, c.code, c.text))
        << c.fix << " -> " << (ErrorTexts(kb).empty() ? "no error" : ErrorTexts(kb)[0]);
    EXPECT_EQ(kb.Find("KP-TEST-BACKPORT"), nullptr) << c.fix;
  }
}

TEST(KbFix, OnlyKernelRangesNameAFix) {
  std::string yaml = WithFix(kGoodFix);
  yaml.replace(yaml.find("node.kernel.release\n    scheme: kernel"),
               std::string("node.kernel.release\n    scheme: kernel").size(),
               "cluster.kube_proxy.version\n    scheme: semver");
  yaml.replace(yaml.find("node.kernel.release in"), 19, "cluster.kube_proxy.version");
  KnowledgeBase kb;
  kb.AddFromText(File("KP-TEST-BACKPORT"), yaml);
  EXPECT_TRUE(HasError(kb, "bad-range", "only a kernel range set")) << ErrorTexts(kb).size();
}

TEST(KbFix, TwoEntriesMustAgreeOnOneFixId) {
  KnowledgeBase kb;
  kb.AddFromText(File("KP-TEST-BACKPORT-A"), WithFix(kGoodFix, "KP-TEST-BACKPORT-A"));
  kb.AddFromText(File("KP-TEST-BACKPORT-B"),
                 WithFix("fix: {commit: f0a5e4d7a594e0fe237d3dfafb069bb82f80f42f, "
                         "subject: \"something else\"}",
                         "KP-TEST-BACKPORT-B"));
  kb.Finish();
  EXPECT_TRUE(HasError(kb, "fix-mismatch", "KP-TEST-BACKPORT-A")) << ErrorTexts(kb).size();
}

TEST(KbFix, EmbeddedKernelRangesNameTheirUpstreamCommits) {
  KnowledgeBase kb = LoadEmbedded();
  auto fix_of = [&](std::string_view id, std::string_view range) -> version::UpstreamFix {
    const Issue* i = kb.Find(id);
    if (i == nullptr) return {};
    for (const auto& nr : i->ranges) {
      if (nr.name == range) return nr.set.fix;
    }
    return {};
  };
  EXPECT_EQ(fix_of("KP-IPVS-CONN-REUSE-DELAY", "kernel_lacks_reuse_fix").commit,
            "f0a5e4d7a594e0fe237d3dfafb069bb82f80f42f");
  EXPECT_EQ(fix_of("KP-IPVS-STALE-REALSERVER", "kernel_keeps_nodest_conns").commit,
            "04231e52d3557475231abe8a8fa1be0330826ed6");
  EXPECT_EQ(fix_of("CALICO-VXLAN-CSUM-DELAY", "kernel_lacks_udp_csum_zero_fix").subject,
            "netfilter: nat: never update the UDP checksum when it's 0");
  // Every kernel range set either names its fix or is one whose fix is not known (reported).
  std::vector<std::string> without;
  for (const auto& i : kb.issues()) {
    for (const auto& nr : i->ranges) {
      if (nr.set.scheme == version::Scheme::kKernel && nr.set.fix.empty()) {
        without.push_back(i->id + "/" + nr.name);
      }
    }
  }
  // No verified upstream commit: Calico's IPIP offload case, and full port randomisation (3.14),
  // whose subject could not be checked in a primary source; a wrong subject would make every
  // changelog "lack" it, so none is named.
  EXPECT_EQ(without, (std::vector<std::string>{
                         "CALICO-IPIP-CSUM-RANDOM-FULLY/kernel_ipip_offload_broken",
                         "KP-IPTABLES-NAT-PORT-COLLISION/kernel_without_full_port_randomisation"}));
  EXPECT_EQ(KernelFixesNamed(kb).size(), 3u);
}

// ---- the measured fact decides first ----

class MapLookup : public FactLookup {
 public:
  void Set(facts::Fact f) { facts_.Set(std::move(f)); }
  const facts::Fact* Get(std::string_view key) const override { return facts_.Get(key); }

 private:
  facts::FactSet facts_;
};

class BackportDecides : public ::testing::Test {
 protected:
  void SetUp() override {
    kb_ = LoadEmbedded();
    const Issue* issue = kb_.Find("KP-IPVS-CONN-REUSE-DELAY");
    ASSERT_NE(issue, nullptr);
    for (const auto& nr : issue->ranges) {
      if (nr.name == "kernel_lacks_reuse_fix") set_ = &nr.set;
    }
    ASSERT_NE(set_, nullptr);
    key_ = facts::keys::KernelBackport(set_->fix.Id());
  }

  version::MatchResult Decide(const MapLookup& lookup, std::string_view release,
                              facts::Origin origin = facts::Origin::kMeasured) {
    facts::Fact rel = facts::Fact::Known(facts::keys::kNodeKernelRelease, std::string(release),
                                         "/proc/sys/kernel/osrelease", origin);
    uses_.clear();
    return MatchRangeWithBackport(*set_, rel, lookup, uses_);
  }

  KnowledgeBase kb_;
  const version::RangeSet* set_ = nullptr;
  std::string key_;
  std::vector<FactUse> uses_;
};

// RHEL 8 is "unknown" in the table for this fix: only a measurement can decide it.
constexpr std::string_view kEl8 = "4.18.0-348.el8.x86_64";

TEST_F(BackportDecides, WithoutAMeasurementTheTableStands) {
  MapLookup lookup;
  auto m = Decide(lookup, kEl8);
  EXPECT_EQ(m.affected, Tri::kUnknown) << m.reason;
  EXPECT_TRUE(uses_.empty());
}

TEST_F(BackportDecides, AChangelogThatCarriesTheFixMakesItNotAffectedWithTheLineAsEvidence) {
  MapLookup lookup;
  const std::string line =
      "kernel-core-4.18.0-348.el8.x86_64 changelog (/var/lib/rpm (Berkeley DB rpmdb)): entry "
      "\"* ... [4.18.0-240.el8]\" carries f0a5e4d7a594: \"- [netfilter] ipvs: allow connection "
      "reuse for unconfirmed conntrack\"";
  lookup.Set(facts::Fact::Known(key_, true, line));
  auto m = Decide(lookup, kEl8);
  EXPECT_EQ(m.affected, Tri::kFalse) << m.reason;
  EXPECT_NE(m.reason.find("carries the fix"), std::string::npos) << m.reason;
  ASSERT_EQ(uses_.size(), 1u);
  EXPECT_EQ(uses_[0].key, key_);
  EXPECT_EQ(uses_[0].fact->source, line);
  // Also where the table says affected (el7): the measurement wins.
  auto el7 = Decide(lookup, "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(el7.affected, Tri::kFalse) << el7.reason;
}

TEST_F(BackportDecides, AChangelogThatLacksTheFixMakesAnUnknownDistroLineAffected) {
  MapLookup lookup;
  lookup.Set(facts::Fact::Known(key_, false, "none of its 9000 entries names f0a5e4d7a594"));
  auto m = Decide(lookup, kEl8);
  EXPECT_EQ(m.affected, Tri::kTrue) << m.reason;
  EXPECT_NE(m.reason.find("lacks the fix"), std::string::npos) << m.reason;
  // A base past the fix stays not affected: lacking a line proves nothing there.
  auto upstream = Decide(lookup, "5.10.0-60.18.0.50.oe2203.x86_64");
  EXPECT_EQ(upstream.affected, Tri::kFalse) << upstream.reason;
}

TEST_F(BackportDecides, AnUnreadableChangelogLeavesTheTableWithTheReason) {
  MapLookup lookup;
  lookup.Set(facts::Fact::Unknown(key_, "no rpm database under /host/var/lib/rpm"));
  auto m = Decide(lookup, kEl8);
  EXPECT_EQ(m.affected, Tri::kUnknown);
  EXPECT_NE(m.reason.find("no rpm database under /host/var/lib/rpm"), std::string::npos)
      << m.reason;
  EXPECT_TRUE(uses_.empty());  // an unknown measurement is no evidence
}

TEST_F(BackportDecides, AnOverriddenReleaseIsNotJudgedByTheRunningKernelsChangelog) {
  MapLookup lookup;
  lookup.Set(facts::Fact::Known(key_, true, "carries it"));
  auto m = Decide(lookup, kEl8, facts::Origin::kOverridden);
  EXPECT_EQ(m.affected, Tri::kUnknown) << m.reason;
  EXPECT_NE(m.reason.find("not the running kernel's"), std::string::npos) << m.reason;
}

TEST_F(BackportDecides, TheWholeConditionTurnsOnTheMeasurement) {
  const Issue* issue = kb_.Find("KP-IPVS-CONN-REUSE-DELAY");
  MapLookup lookup;
  lookup.Set(facts::Fact::Known(facts::keys::kClusterKubeProxyMode, std::string("ipvs"), "cm"));
  lookup.Set(facts::Fact::Known(facts::keys::kNodeIpvsConnReuseMode, std::int64_t{1}, "sysctl"));
  lookup.Set(facts::Fact::Known(facts::keys::Sysctl("net.ipv4.vs.conntrack"), std::string("1"),
                                "/proc/sys/net/ipv4/vs/conntrack"));
  lookup.Set(facts::Fact::Known(facts::keys::kNodeKernelRelease, std::string(kEl8), "uname"));
  std::vector<FactUse> uses;
  EXPECT_EQ(Evaluate(*issue->condition, lookup, uses).value, Tri::kUnknown);
  lookup.Set(facts::Fact::Known(key_, false, "lacks"));
  uses.clear();
  EXPECT_EQ(Evaluate(*issue->condition, lookup, uses).value, Tri::kTrue);
  lookup.Set(facts::Fact::Known(key_, true, "carries"));
  uses.clear();
  EXPECT_EQ(Evaluate(*issue->condition, lookup, uses).value, Tri::kFalse);
}

}  // namespace
}  // namespace netdoctor::kb

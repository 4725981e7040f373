// SPDX-License-Identifier: Apache-2.0
#include "version/range.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace netdoctor::version {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// KP-IPVS-CONN-REUSE-DELAY, UPSTREAM_FACTS §1: kernel commit f0a5e4d7a594 in mainline 5.9 and the
// stable releases 5.8.2, 5.7.16, 5.4.59, 4.19.140, 4.14.194; EulerOS 2.9 builds from the Huawei
// CCE FAQ; el7 from seeds 000/003; el8 unverified.
RangeSet IpvsReuseSet() {
  RangeSet s;
  s.scheme = Scheme::kKernel;
  s.affected = {
      {"0", "4.14.194", "", "stable review 4.14 096/228 (inferred)"},
      {"4.15", "4.19.140", "", "Linux 4.19.140 stable announcement"},
      {"4.20", "5.4.59", "", "Linux 5.4.59 stable announcement"},
      {"5.5", "5.7.16", "", "stable review 5.7 178/393 (inferred)"},
      {"5.8", "5.8.2", "", "Linux 5.8.2 stable announcement"},
  };  // 5.9 and later: mainline has the fix
  DistroRule euler;
  euler.distro = "eulerosv2r9";
  euler.scheme = Scheme::kRpm;
  euler.affected = {
      {"0", "4.18.0-147.5.1.6.h686", "", "Huawei CCE FAQ 1-second latency (x86)"},
      {"4.19.90", "4.19.90-vhulk2103.1.0.h584", "", "Huawei CCE FAQ 1-second latency (arm)"},
  };
  euler.source = "Huawei CCE FAQ cce_faq_00409";
  DistroRule el7;
  el7.distro = "el7";
  el7.status = DistroRule::Status::kAffected;
  el7.source = "seed 000";
  DistroRule el8;
  el8.distro = "el8";
  el8.status = DistroRule::Status::kUnknown;
  el8.source = "UPSTREAM_FACTS §1: no evidence for RHEL 8";
  s.distros = {euler, el7, el8};
  return s;
}

TEST(RangeSetValidate, AcceptsTheIpvsReuseSet) {
  auto st = IpvsReuseSet().Validate();
  EXPECT_TRUE(st.has_value()) << st.error().message();
}

TEST(MatchKernel, JudgesUpstreamKernelsByTheStableFixes) {
  RangeSet s = IpvsReuseSet();
  struct {
    const char* kernel;
    Tri want;
  } const cases[] = {
      {"5.9", Tri::kFalse},     {"6.8.0", Tri::kFalse},    {"5.8.2", Tri::kFalse},
      {"5.8.1", Tri::kTrue},    {"5.7.16", Tri::kFalse},   {"5.7.15", Tri::kTrue},
      {"5.4.59", Tri::kFalse},  {"5.4.58", Tri::kTrue},    {"4.19.140", Tri::kFalse},
      {"4.19.139", Tri::kTrue}, {"4.14.194", Tri::kFalse}, {"4.14.193", Tri::kTrue},
      {"4.18.0", Tri::kTrue},   {"3.10.0", Tri::kTrue},    {"5.6.19", Tri::kTrue},
  };
  for (const auto& c : cases) {
    MatchResult m = Match(s, c.kernel);
    EXPECT_EQ(m.affected, c.want) << c.kernel << ": " << m.reason;
  }
}

TEST(MatchKernel, ExplainsAnUpstreamDecision) {
  MatchResult fixed = Match(IpvsReuseSet(), "4.19.140");
  EXPECT_EQ(fixed.reason,
            "4.19.140: upstream 4.19.140 >= fixed 4.19.140 "
            "(Linux 4.19.140 stable announcement)");
  MatchResult hit = Match(IpvsReuseSet(), "5.4.0");
  EXPECT_EQ(hit.reason,
            "5.4.0: upstream 5.4.0 in affected range [4.20, 5.4.59) "
            "(Linux 5.4.59 stable announcement)");
}

TEST(MatchKernel, UsesEulerOsBuildsFromTheDistroRule) {
  RangeSet s = IpvsReuseSet();
  MatchResult h685 = Match(s, "4.18.0-147.5.1.6.h685.eulerosv2r9.x86_64");
  EXPECT_EQ(h685.affected, Tri::kTrue) << h685.reason;
  EXPECT_TRUE(Contains(h685.reason, "eulerosv2r9 build 4.18.0-147.5.1.6.h685")) << h685.reason;
  MatchResult h686 = Match(s, "4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64");
  EXPECT_EQ(h686.affected, Tri::kFalse) << h686.reason;
  EXPECT_TRUE(Contains(h686.reason, ">= fixed 4.18.0-147.5.1.6.h686")) << h686.reason;
  MatchResult h700 = Match(s, "4.18.0-147.5.1.6.h700.eulerosv2r9.x86_64");
  EXPECT_EQ(h700.affected, Tri::kFalse) << h700.reason;
  // The arm stream: fixed from 4.19.90-vhulk2103.1.0.h584.
  EXPECT_EQ(Match(s, "4.19.90-vhulk2103.1.0.h584.eulerosv2r9.aarch64").affected, Tri::kFalse);
  EXPECT_EQ(Match(s, "4.19.90-vhulk2103.1.0.h500.eulerosv2r9.aarch64").affected, Tri::kTrue);
}

TEST(MatchKernel, AppliesStreamStatusRules) {
  RangeSet s = IpvsReuseSet();
  MatchResult el7 = Match(s, "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(el7.affected, Tri::kTrue);
  EXPECT_EQ(el7.reason, "3.10.0-1160.el7.x86_64: el7 stream affected (seed 000)");
  MatchResult el8 = Match(s, "4.18.0-348.el8.x86_64");
  EXPECT_EQ(el8.affected, Tri::kUnknown);
  EXPECT_TRUE(Contains(el8.reason, "el8 stream backport status unknown")) << el8.reason;
  // The el8 rule covers the el8_9 minor-release stream.
  EXPECT_EQ(Match(s, "4.18.0-513.5.1.el8_9.x86_64").affected, Tri::kUnknown);
  // ... but not Oracle's UEK, a different kernel: judged upstream (5.4.17 < 5.4.59).
  EXPECT_EQ(Match(s, "5.4.17-2136.307.3.1.el8uek.x86_64").affected, Tri::kTrue);
}

TEST(MatchKernel, PrefersTheMostSpecificDistroRule) {
  RangeSet s = IpvsReuseSet();
  DistroRule el8_9;
  el8_9.distro = "el8_9";
  el8_9.status = DistroRule::Status::kNotAffected;
  el8_9.source = "test: hypothetical el8_9 backport";
  s.distros.push_back(el8_9);
  EXPECT_EQ(Match(s, "4.18.0-513.5.1.el8_9.x86_64").affected, Tri::kFalse);
  EXPECT_EQ(Match(s, "4.18.0-348.el8.x86_64").affected, Tri::kUnknown);
}

TEST(MatchKernel, JudgesUbuntuByUpstreamWithoutADistroRule) {
  MatchResult m = Match(IpvsReuseSet(), "5.4.0-150-generic");
  EXPECT_EQ(m.affected, Tri::kTrue) << m.reason;
  EXPECT_TRUE(Contains(m.reason, "upstream 5.4.0 in affected range [4.20, 5.4.59)")) << m.reason;
}

TEST(MatchKernel, JudgesUbuntuByAbiWithADpkgRule) {
  RangeSet s = IpvsReuseSet();
  DistroRule ubuntu;
  ubuntu.distro = "ubuntu";
  ubuntu.scheme = Scheme::kDpkg;
  ubuntu.affected = {{"0", "5.4.0-42", "", "test: Ubuntu focal fixed in 5.4.0-42"}};
  ubuntu.source = "test";
  s.distros.push_back(ubuntu);
  ASSERT_TRUE(s.Validate().has_value());
  MatchResult m150 = Match(s, "5.4.0-150-generic");
  EXPECT_EQ(m150.affected, Tri::kFalse) << m150.reason;
  EXPECT_TRUE(Contains(m150.reason, "ubuntu build 5.4.0-150 >= fixed 5.4.0-42")) << m150.reason;
  EXPECT_EQ(Match(s, "5.4.0-26-generic").affected, Tri::kTrue);
  // linux-gke has its own ABI series; the "ubuntu" rule does not judge it.
  MatchResult gke = Match(s, "5.4.0-1050-gke");
  EXPECT_EQ(gke.affected, Tri::kTrue) << gke.reason;
  EXPECT_TRUE(Contains(gke.reason, "upstream 5.4.0")) << gke.reason;
}

TEST(MatchKernel, MakesUnnamedVendorKernelsInsideARangeUnknownWhenAsked) {
  RangeSet s = IpvsReuseSet();
  s.vendor_kernels_unknown = true;
  MatchResult ky = Match(s, "4.19.90-52.39.v2207.ky10.x86_64");
  EXPECT_EQ(ky.affected, Tri::kUnknown);
  EXPECT_EQ(ky.reason,
            "vendor kernel ky10 build 4.19.90-52.39.v2207: backport status not known; "
            "upstream 4.19.90 is in range");
  MatchResult oe = Match(s, "5.10.0-182.0.0.95.oe2203sp3.x86_64");
  // A base past every range already has the fix: not affected, whatever the vendor.
  EXPECT_EQ(oe.affected, Tri::kFalse);
  EXPECT_EQ(oe.reason,
            "vendor kernel oe2203sp3 build 5.10.0-182.0.0.95: its upstream base 5.10.0 is "
            "outside every affected range");
  // Named distros and upstream kernels are unaffected by the switch.
  EXPECT_EQ(Match(s, "3.10.0-1160.el7.x86_64").affected, Tri::kTrue);
  EXPECT_EQ(Match(s, "5.4.58").affected, Tri::kTrue);
  EXPECT_EQ(Match(s, "6.8.0").affected, Tri::kFalse);
}

TEST(MatchKernel, IsUnknownForAnUnparsableRelease) {
  MatchResult m = Match(IpvsReuseSet(), "garbage");
  EXPECT_EQ(m.affected, Tri::kUnknown);
  EXPECT_TRUE(Contains(m.reason, "cannot parse kernel release")) << m.reason;
  EXPECT_TRUE(Contains(m.reason, "'garbage'")) << m.reason;
}

// KP-ENDPOINT-RULES-DELAY, UPSTREAM_FACTS §2 (#122204): fixed 1.27.11, 1.28.7, 1.29.2, 1.30.0.
RangeSet EndpointDelaySet() {
  RangeSet s;
  s.scheme = Scheme::kSemver;
  s.affected = {
      {"1.27.0", "1.27.11", "", "CHANGELOG-1.27 (#122815)"},
      {"1.28.0", "1.28.7", "", "release notes 1.28.7 (#122757)"},
      {"1.29.0", "1.29.2", "", "CHANGELOG-1.29 (#122756)"},
      {"1.30.0-0", "1.30.0", "", "CHANGELOG-1.30 (#122204)"},
  };
  return s;
}

TEST(MatchSemver, FindsVersionsInsideHalfOpenRanges) {
  RangeSet s = EndpointDelaySet();
  ASSERT_TRUE(s.Validate().has_value());
  struct {
    const char* version;
    Tri want;
  } const cases[] = {
      {"v1.27.3", Tri::kTrue},
      {"v1.27.11", Tri::kFalse},
      {"v1.28.6", Tri::kTrue},
      {"v1.28.7", Tri::kFalse},
      {"1.29.1", Tri::kTrue},
      {"1.29.2", Tri::kFalse},
      {"v1.30.0-rc.1", Tri::kTrue},
      {"v1.30.0", Tri::kFalse},
      {"v1.26.9", Tri::kFalse},
      {"v1.27.5-eks-43840fb", Tri::kTrue},
      {"v1.27.11-eks-1a2b3c4", Tri::kFalse},
      {"v1.29.2+k3s1", Tri::kFalse},
      {"v1.28.6-gke.1400", Tri::kTrue},
  };
  for (const auto& c : cases) {
    MatchResult m = Match(s, c.version);
    EXPECT_EQ(m.affected, c.want) << c.version << ": " << m.reason;
  }
}

TEST(MatchSemver, ExplainsTheDecision) {
  RangeSet s = EndpointDelaySet();
  EXPECT_EQ(Match(s, "v1.28.7").reason, "v1.28.7 >= fixed 1.28.7 (release notes 1.28.7 (#122757))");
  EXPECT_EQ(Match(s, "v1.27.3").reason,
            "v1.27.3 in affected range [1.27.0, 1.27.11) (CHANGELOG-1.27 (#122815))");
  EXPECT_EQ(Match(s, "v1.26.9").reason, "v1.26.9 < introduced 1.27.0");
}

TEST(MatchSemver, IsUnknownForUnparsableVersions) {
  MatchResult m = Match(EndpointDelaySet(), "latest");
  EXPECT_EQ(m.affected, Tri::kUnknown);
  EXPECT_TRUE(Contains(m.reason, "cannot parse version 'latest'")) << m.reason;
}

TEST(MatchSemver, HonoursLastAffectedAndOpenRanges) {
  RangeSet s;
  s.affected = {{"1.0.0", "", "1.2.3", "test: last affected"}, {"2.0.0", "", "", "test: no fix"}};
  EXPECT_EQ(Match(s, "1.2.3").affected, Tri::kTrue);
  MatchResult after = Match(s, "1.2.4");
  EXPECT_EQ(after.affected, Tri::kFalse);
  EXPECT_EQ(after.reason, "1.2.4 > last_affected 1.2.3 (test: last affected)");
  MatchResult open = Match(s, "v2.5.0");
  EXPECT_EQ(open.affected, Tri::kTrue);
  EXPECT_EQ(open.reason, "v2.5.0 in affected range [2.0.0, no fix) (test: no fix)");
}

TEST(MatchSemver, TreatsIntroducedZeroAsTheBeginning) {
  RangeSet s;
  s.affected = {{"0", "3.26.0", "", "Calico #7433"}};
  EXPECT_EQ(Match(s, "v0.0.1").affected, Tri::kTrue);
  EXPECT_EQ(Match(s, "v3.26.0-0.dev").affected, Tri::kTrue);
  EXPECT_EQ(Match(s, "v3.26.0").affected, Tri::kFalse);
}

TEST(MatchSemver, IsUnknownWhenABoundDoesNotParseAndNoRangeHits) {
  RangeSet s;
  s.affected = {{"0", "1.x", "", "broken"}, {"2.0.0", "2.1.0", "", "fine"}};
  MatchResult m = Match(s, "1.5.0");
  EXPECT_EQ(m.affected, Tri::kUnknown);
  EXPECT_TRUE(Contains(m.reason, "range bound does not parse")) << m.reason;
  EXPECT_EQ(Match(s, "2.0.5").affected, Tri::kTrue);  // another range decides
}

TEST(MatchRpm, ComparesWholePackageVersions) {
  RangeSet s;
  s.scheme = Scheme::kRpm;
  s.affected = {{"0", "1.8.7-6.oe2203", "", "test: openEuler iptables"}};
  EXPECT_EQ(Match(s, "1.8.7-5.oe2203").affected, Tri::kTrue);  // REAL_FORMATS §2 package
  EXPECT_EQ(Match(s, "1.8.7-6.oe2203").affected, Tri::kFalse);
  EXPECT_EQ(Match(s, "1:1.8.0-1").affected, Tri::kFalse);  // the epoch wins
  EXPECT_EQ(Match(s, "").affected, Tri::kUnknown);
}

TEST(MatchDpkg, ComparesDebianVersions) {
  RangeSet s;
  s.scheme = Scheme::kDpkg;
  s.affected = {{"0", "1.8.7-1ubuntu6", "", "test: Ubuntu iptables"}};
  EXPECT_EQ(Match(s, "1.8.7-1ubuntu5.2").affected, Tri::kTrue);
  EXPECT_EQ(Match(s, "1.8.7-1ubuntu6").affected, Tri::kFalse);
  EXPECT_EQ(Match(s, "1.8.8~rc1-1").affected, Tri::kFalse);
  MatchResult bad = Match(s, "a:1");
  EXPECT_EQ(bad.affected, Tri::kUnknown);
  EXPECT_TRUE(Contains(bad.reason, "epoch in version is not number")) << bad.reason;
}

TEST(UpgradeTargets, ListsTheSmallestFixOfEachLaterLine) {
  EXPECT_EQ(UpgradeTargets(EndpointDelaySet(), "1.27.3"),
            (std::vector<std::string>{"1.27.11", "1.28.7", "1.29.2", "1.30.0"}));
  EXPECT_EQ(UpgradeTargets(EndpointDelaySet(), "v1.28.8"),
            (std::vector<std::string>{"1.29.2", "1.30.0"}));
  EXPECT_TRUE(UpgradeTargets(EndpointDelaySet(), "v1.30.1").empty());
}

TEST(UpgradeTargets, IsEmptyForUnparsableVersions) {
  EXPECT_TRUE(UpgradeTargets(EndpointDelaySet(), "latest").empty());
  EXPECT_TRUE(UpgradeTargets(IpvsReuseSet(), "not-a-kernel").empty());
}

TEST(UpgradeTargets, SkipsFixesThatAnotherRangeStillCovers) {
  RangeSet s;
  s.affected = {{"1.0.0", "1.5.0", "", "a"}, {"1.4.0", "1.6.0", "", "b"}};
  EXPECT_EQ(UpgradeTargets(s, "1.0.0"), (std::vector<std::string>{"1.6.0"}));
}

TEST(UpgradeTargets, KeepsOnlyTheSmallestFixOfALineAndDeduplicates) {
  RangeSet s;
  s.affected = {{"1.27.0", "1.27.5", "", "a"},
                {"1.27.6", "1.27.9", "", "regression"},
                {"1.28.0", "1.28.2", "", "b"},
                {"1.28.0-0", "1.28.2", "", "same fix, other note"}};
  EXPECT_EQ(UpgradeTargets(s, "1.27.1"), (std::vector<std::string>{"1.27.5", "1.28.2"}));
  EXPECT_EQ(UpgradeTargets(s, "1.27.7"), (std::vector<std::string>{"1.27.9", "1.28.2"}));
}

TEST(UpgradeTargets, UsesUpstreamKernelNumbersOnly) {
  EXPECT_EQ(UpgradeTargets(IpvsReuseSet(), "4.19.100"),
            (std::vector<std::string>{"4.19.140", "5.4.59", "5.7.16", "5.8.2"}));
  EXPECT_EQ(UpgradeTargets(IpvsReuseSet(), "3.10.0-1160.el7.x86_64"),
            (std::vector<std::string>{"4.14.194", "4.19.140", "5.4.59", "5.7.16", "5.8.2"}));
}

TEST(RangeSetValidate, NamesTheBadBound) {
  RangeSet s = IpvsReuseSet();
  s.affected[1].fixed = "5.x";
  auto st = s.Validate();
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Contains(st.error().message(), "affected[1].fixed: '5.x' is not a kernel version"))
      << st.error().message();
}

TEST(RangeSetValidate, RejectsVendorBuildsAsKernelBounds) {
  RangeSet s = IpvsReuseSet();
  s.affected[0].fixed = "4.18.0-147.el8";
  auto st = s.Validate();
  ASSERT_FALSE(st.has_value());
  EXPECT_TRUE(Contains(st.error().message(), "affected[0].fixed: '4.18.0-147.el8' is not a kernel"))
      << st.error().message();
}

TEST(RangeSetValidate, NamesTheDistroRuleWithoutSource) {
  RangeSet s = IpvsReuseSet();
  s.distros[2].source.clear();
  auto st = s.Validate();
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().message(), "distros[2] (el8): source is missing");
}

TEST(RangeSetValidate, ChecksDistroBoundsInTheRuleScheme) {
  RangeSet s = IpvsReuseSet();
  s.distros[0].affected[0].fixed = "4.18.0 147";
  DistroRule deb;
  deb.distro = "ubuntu";
  deb.scheme = Scheme::kDpkg;
  deb.affected = {{"0", "-42", "", "x"}};
  deb.source = "x";
  s.distros.push_back(deb);
  auto st = s.Validate();
  ASSERT_FALSE(st.has_value());
  const std::string& msg = st.error().message();
  EXPECT_TRUE(Contains(msg,
                       "distros[0] (eulerosv2r9).affected[0].fixed: '4.18.0 147' is not an "
                       "rpm version"))
      << msg;
  EXPECT_TRUE(Contains(msg,
                       "distros[3] (ubuntu).affected[0].fixed: '-42' is not a Debian "
                       "version"))
      << msg;
}

TEST(RangeSetValidate, ReportsEveryProblemAtOnce) {
  RangeSet s;
  s.affected = {{"1.28.0", "1.27.0", "", ""},
                {"1.0.0", "1.1.0", "1.0.5", "x"},
                {"", "2.0.0", "", "x"},
                {"3.0.0", "", "2.0.0", "x"}};
  DistroRule stray;
  stray.distro = "el7";
  stray.status = DistroRule::Status::kAffected;
  stray.source = "x";
  s.distros = {stray};
  auto st = s.Validate();
  ASSERT_FALSE(st.has_value());
  const std::string& msg = st.error().message();
  EXPECT_TRUE(Contains(msg, "affected[0]: source is missing")) << msg;
  EXPECT_TRUE(Contains(msg, "affected[0]: introduced '1.28.0' is not before fixed '1.27.0'"))
      << msg;
  EXPECT_TRUE(Contains(msg, "affected[1]: both fixed and last_affected are set")) << msg;
  EXPECT_TRUE(Contains(msg, "affected[2].introduced: empty")) << msg;
  EXPECT_TRUE(Contains(msg, "affected[3]: introduced '3.0.0' is after last_affected '2.0.0'"))
      << msg;
  EXPECT_TRUE(Contains(msg, "distros: only scheme kernel has distro rules")) << msg;
}

TEST(RangeSetValidate, ChecksDistroRuleShape) {
  RangeSet s = IpvsReuseSet();
  s.distros[0].affected.clear();                  // status ranges without ranges
  s.distros[1].affected = {{"0", "1", "", "x"}};  // status affected with ranges
  DistroRule dup = s.distros[2];
  s.distros.push_back(dup);
  DistroRule semver_rule;
  semver_rule.distro = "ubuntu";
  semver_rule.scheme = Scheme::kSemver;
  semver_rule.affected = {{"0", "1.0.0", "", "x"}};
  semver_rule.source = "x";
  s.distros.push_back(semver_rule);
  DistroRule nameless;
  nameless.status = DistroRule::Status::kUnknown;
  nameless.source = "x";
  s.distros.push_back(nameless);
  auto st = s.Validate();
  ASSERT_FALSE(st.has_value());
  const std::string& msg = st.error().message();
  EXPECT_TRUE(Contains(msg, "distros[0] (eulerosv2r9): status ranges needs at least one")) << msg;
  EXPECT_TRUE(Contains(msg, "distros[1] (el7): status affected takes no affected ranges")) << msg;
  EXPECT_TRUE(Contains(msg, "distros[3] (el8): distro already has a rule at distros[2]")) << msg;
  EXPECT_TRUE(Contains(msg, "distros[4] (ubuntu).scheme: 'semver' cannot compare")) << msg;
  EXPECT_TRUE(Contains(msg, "distros[5]: distro is missing")) << msg;
}

TEST(RangeSetValidate, RequiresAtLeastOneRangeOrDistroRule) {
  RangeSet s;
  auto st = s.Validate();
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().message(),
            "affected: at least one range (or, for kernel, a distro rule) is required");
}

TEST(RangeSetValidate, AcceptsAKernelSetWithOnlyDistroRules) {
  RangeSet s = IpvsReuseSet();
  s.affected.clear();
  EXPECT_TRUE(s.Validate().has_value());
  // Upstream kernels then lie in no range; the distro rules still decide their own kernels.
  EXPECT_EQ(Match(s, "5.4.0").affected, Tri::kFalse);
  EXPECT_EQ(Match(s, "3.10.0-1160.el7.x86_64").affected, Tri::kTrue);
}

TEST(Scheme, RoundTripsNames) {
  for (Scheme s : {Scheme::kSemver, Scheme::kKernel, Scheme::kRpm, Scheme::kDpkg}) {
    auto parsed = ParseScheme(SchemeName(s));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, s);
  }
  auto bad = ParseScheme("debian");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.error().message(),
            "unknown version scheme 'debian' (expected semver, kernel, rpm or dpkg)");
}

TEST(DistroStatus, RoundTripsKbSpellings) {
  EXPECT_EQ(ParseDistroStatus("not-affected").value(), DistroRule::Status::kNotAffected);
  EXPECT_EQ(ParseDistroStatus("unknown").value(), DistroRule::Status::kUnknown);
  EXPECT_EQ(ParseDistroStatus("affected").value(), DistroRule::Status::kAffected);
  EXPECT_EQ(ParseDistroStatus("ranges").value(), DistroRule::Status::kRanges);
  EXPECT_EQ(DistroStatusName(DistroRule::Status::kNotAffected), "not-affected");
  EXPECT_FALSE(ParseDistroStatus("fixed").has_value());
}

}  // namespace
}  // namespace netdoctor::version

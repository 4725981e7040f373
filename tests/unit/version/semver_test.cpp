// SPDX-License-Identifier: Apache-2.0
#include "version/semver.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace netdoctor::version {
namespace {

Semver MustParse(std::string_view s) {
  auto v = ParseSemver(s);
  EXPECT_TRUE(v.has_value()) << "'" << s << "': " << (v ? "" : v.error().message());
  return v ? *v : Semver{};
}

void ExpectCore(std::string_view s, std::int64_t major, std::int64_t minor, std::int64_t patch) {
  Semver v = MustParse(s);
  EXPECT_EQ(v.major, major) << s;
  EXPECT_EQ(v.minor, minor) << s;
  EXPECT_EQ(v.patch, patch) << s;
}

int Cmp(std::string_view a, std::string_view b) {
  return CompareSemver(MustParse(a), MustParse(b));
}

// kubectl version / nodeInfo.kubeletVersion / image tags (REAL_FORMATS §5a, §6).
TEST(ParseSemver, ParsesPlainAndVPrefixedReleases) {
  ExpectCore("v1.27.3", 1, 27, 3);
  ExpectCore("1.28.2", 1, 28, 2);
  ExpectCore("v3.25.1", 3, 25, 1);
  ExpectCore("V1.2.3", 1, 2, 3);
  Semver v = MustParse("  v1.27.3\n");
  EXPECT_EQ(v.original, "v1.27.3");
  EXPECT_TRUE(v.prerelease.empty());
  EXPECT_EQ(v.build, "");
}

// `iptables -V` prints "iptables v1.8.4 (nf_tables)"; the collector passes "v1.8.4" / "1.6.0".
TEST(ParseSemver, ParsesIptablesVersions) {
  ExpectCore("1.8.4", 1, 8, 4);
  ExpectCore("v1.6.0", 1, 6, 0);
  ExpectCore("v1.4.21", 1, 4, 21);
}

TEST(ParseSemver, TreatsMissingPatchAsZero) {
  ExpectCore("1.27", 1, 27, 0);
  ExpectCore("v5.9", 5, 9, 0);
  EXPECT_EQ(Cmp("1.27", "1.27.0"), 0);
}

TEST(ParseSemver, ToleratesLeadingZeros) {
  ExpectCore("1.09.007", 1, 9, 7);
}

TEST(ParseSemver, ParsesPreReleases) {
  Semver rc = MustParse("1.29.0-rc.1");
  EXPECT_EQ(rc.prerelease, (std::vector<std::string>{"rc", "1"}));
  Semver dev = MustParse("v3.26.0-0.dev");  // Calico master builds
  EXPECT_EQ(dev.prerelease, (std::vector<std::string>{"0", "dev"}));
  Semver alpha = MustParse("v1.30.0-alpha.0.1234+a1b2c3d4");
  EXPECT_EQ(alpha.prerelease, (std::vector<std::string>{"alpha", "0", "1234"}));
  EXPECT_EQ(alpha.build, "a1b2c3d4");
  EXPECT_EQ(MustParse("v1.25.0-beta.2").prerelease.front(), "beta");
  EXPECT_EQ(MustParse("2.0.0-RC1").prerelease.front(), "RC1");
  EXPECT_EQ(MustParse("0.8.0-pre.1").prerelease.front(), "pre");
  // Calico dev build with git describe: one identifier holds the hyphens.
  EXPECT_EQ(MustParse("v3.26.0-0.dev-1014-g0bd8e7b").prerelease,
            (std::vector<std::string>{"0", "dev-1014-g0bd8e7b"}));
}

TEST(ParseSemver, KeepsBuildMetadata) {
  Semver k3s = MustParse("v1.29.4+k3s1");  // k3s nodeInfo.kubeletVersion
  EXPECT_EQ(k3s.build, "k3s1");
  EXPECT_TRUE(k3s.prerelease.empty());
  Semver ocp = MustParse("v1.23.5+012e945");  // OpenShift 4.10 kubeletVersion
  EXPECT_EQ(ocp.build, "012e945");
  ExpectCore("v1.23.5+012e945", 1, 23, 5);
}

// Vendor suffixes of Kubernetes nodeInfo.kubeletVersion: builds of the release, not pre-releases.
TEST(ParseSemver, TreatsVendorSuffixesAsBuildTags) {
  Semver eks = MustParse("v1.27.5-eks-43840fb");
  EXPECT_TRUE(eks.prerelease.empty());
  EXPECT_EQ(eks.build, "eks-43840fb");
  Semver gke = MustParse("v1.26.5-gke.1400");
  EXPECT_TRUE(gke.prerelease.empty());
  EXPECT_EQ(gke.build, "gke.1400");
  Semver r0 = MustParse("v1.34.1-r0-34.0.6");
  EXPECT_TRUE(r0.prerelease.empty());
  EXPECT_EQ(r0.build, "r0-34.0.6");
  Semver both = MustParse("v1.28.3-eks-1+abc");
  EXPECT_EQ(both.build, "eks-1+abc");
}

TEST(CompareSemver, VendorBuildsCompareEqualToTheirRelease) {
  EXPECT_EQ(Cmp("v1.27.5-eks-43840fb", "1.27.5"), 0);
  EXPECT_EQ(Cmp("v1.26.5-gke.1400", "1.26.5"), 0);
  EXPECT_EQ(Cmp("v1.34.1-r0-34.0.6", "1.34.1"), 0);
  EXPECT_EQ(Cmp("v1.29.4+k3s1", "1.29.4"), 0);
  EXPECT_GT(Cmp("v1.27.5-eks-43840fb", "1.27.5-rc.1"), 0);
  EXPECT_LT(Cmp("v1.27.5-eks-43840fb", "1.27.6"), 0);
}

// semver.org §11 example chain.
TEST(CompareSemver, FollowsSemver2Precedence) {
  const std::vector<std::string_view> chain = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                               "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                               "1.0.0-rc.1",  "1.0.0"};
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    EXPECT_LT(Cmp(chain[i], chain[i + 1]), 0) << chain[i] << " < " << chain[i + 1];
    EXPECT_GT(Cmp(chain[i + 1], chain[i]), 0) << chain[i + 1] << " > " << chain[i];
  }
  EXPECT_LT(Cmp("1.0.0", "2.0.0"), 0);
  EXPECT_LT(Cmp("2.0.0", "2.1.0"), 0);
  EXPECT_LT(Cmp("2.1.0", "2.1.1"), 0);
  EXPECT_LT(Cmp("1.9.0", "1.10.0"), 0);
}

TEST(CompareSemver, IgnoresBuildMetadata) {
  EXPECT_EQ(Cmp("1.0.0+a", "1.0.0+b"), 0);
  EXPECT_EQ(Cmp("1.0.0-rc.1+x", "1.0.0-rc.1"), 0);
}

TEST(CompareSemver, OrdersDevPreReleasesBeforeTheRelease) {
  EXPECT_LT(Cmp("v3.26.0-0.dev", "v3.26.0"), 0);
  EXPECT_GT(Cmp("v3.26.0-0.dev", "v3.25.9"), 0);
  EXPECT_LT(Cmp("1.29.0-rc.1", "1.29.0"), 0);
  EXPECT_LT(Cmp("1.29.0-rc.2", "1.29.0-rc.10"), 0);  // numeric identifiers compare as numbers
}

TEST(CompareSemver, ComparesHugeNumericIdentifiers) {
  EXPECT_LT(Cmp("1.0.0-99999999999999999999998", "1.0.0-99999999999999999999999"), 0);
}

void ExpectError(std::string_view s, std::string_view what) {
  auto v = ParseSemver(s);
  ASSERT_FALSE(v.has_value()) << "'" << s << "' parsed";
  EXPECT_EQ(v.error().code(), ErrorCode::kParseError);
  EXPECT_NE(v.error().message().find(what), std::string::npos)
      << "'" << s << "': " << v.error().message();
}

TEST(ParseSemver, RejectsNonVersionsWithAReason) {
  ExpectError("", "empty");
  ExpectError("   ", "empty");
  ExpectError("latest", "no major version number");
  ExpectError("v", "no major version number");
  ExpectError("1", "no '.MINOR'");
  ExpectError("1.", "no minor version number");
  ExpectError("1.2.", "no patch number");
  ExpectError("1.2.3.4", "unexpected '.'");
  ExpectError("1.2.3 (nf_tables)", "unexpected ' '");
  ExpectError("1.2.3-", "empty text after '-'");
  ExpectError("1.2.3+", "empty build metadata");
  ExpectError("1.2.3-rc..1", "empty pre-release identifier");
  ExpectError("1.2.3-rc.1_2", "pre-release identifiers may hold only");
  ExpectError("1.2.3+a b", "build metadata may hold only");
  ExpectError("99999999999999999999.1.0", "major version too large");
}

TEST(ParseSemver, ErrorNamesTheInputAndTheExpectedForm) {
  auto v = ParseSemver("master");
  ASSERT_FALSE(v.has_value());
  EXPECT_NE(v.error().message().find("'master'"), std::string::npos);
  EXPECT_NE(v.error().message().find("[v]MAJOR.MINOR[.PATCH]"), std::string::npos);
}

TEST(SemverToString, PrintsCoreAndPreRelease) {
  EXPECT_EQ(SemverToString(MustParse("v1.27")), "1.27.0");
  EXPECT_EQ(SemverToString(MustParse("v1.29.0-rc.1+abc")), "1.29.0-rc.1");
  EXPECT_EQ(SemverToString(MustParse("v1.27.5-eks-43840fb")), "1.27.5");
}

}  // namespace
}  // namespace netdoctor::version

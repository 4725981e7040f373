// SPDX-License-Identifier: Apache-2.0
#include "version/rpm_version.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace netdoctor::version {
namespace {

struct VerCmpCase {
  int number;
  const char* a;
  const char* b;
  int expected;
};

// All 91 active vectors of rpm-software-management/rpm:tests/rpmvercmp.at @ a8f0192, copied
// exactly from shared/REAL_FORMATS.md §3a (RPMVERCMP(a, b, expected) lines).
constexpr VerCmpCase kRpmVerCmpVectors[] = {
    {1, "1.0", "1.0", 0},
    {2, "1.0", "2.0", -1},
    {3, "2.0", "1.0", 1},
    {4, "2.0.1", "2.0.1", 0},
    {5, "2.0", "2.0.1", -1},
    {6, "2.0.1", "2.0", 1},
    {7, "2.0.1a", "2.0.1a", 0},
    {8, "2.0.1a", "2.0.1", 1},
    {9, "2.0.1", "2.0.1a", -1},
    {10, "5.5p1", "5.5p1", 0},
    {11, "5.5p1", "5.5p2", -1},
    {12, "5.5p2", "5.5p1", 1},
    {13, "5.5p10", "5.5p10", 0},
    {14, "5.5p1", "5.5p10", -1},
    {15, "5.5p10", "5.5p1", 1},
    {16, "10xyz", "10.1xyz", -1},
    {17, "10.1xyz", "10xyz", 1},
    {18, "xyz10", "xyz10", 0},
    {19, "xyz10", "xyz10.1", -1},
    {20, "xyz10.1", "xyz10", 1},
    {21, "xyz.4", "xyz.4", 0},
    {22, "xyz.4", "8", -1},
    {23, "8", "xyz.4", 1},
    {24, "xyz.4", "2", -1},
    {25, "2", "xyz.4", 1},
    {26, "5.5p2", "5.6p1", -1},
    {27, "5.6p1", "5.5p2", 1},
    {28, "5.6p1", "6.5p1", -1},
    {29, "6.5p1", "5.6p1", 1},
    {30, "6.0.rc1", "6.0", 1},
    {31, "6.0", "6.0.rc1", -1},
    {32, "10b2", "10a1", 1},
    {33, "10a2", "10b2", -1},
    {34, "1.0aa", "1.0aa", 0},
    {35, "1.0a", "1.0aa", -1},
    {36, "1.0aa", "1.0a", 1},
    {37, "10.0001", "10.0001", 0},
    {38, "10.0001", "10.1", 0},
    {39, "10.1", "10.0001", 0},
    {40, "10.0001", "10.0039", -1},
    {41, "10.0039", "10.0001", 1},
    {42, "4.999.9", "5.0", -1},
    {43, "5.0", "4.999.9", 1},
    {44, "20101121", "20101121", 0},
    {45, "20101121", "20101122", -1},
    {46, "20101122", "20101121", 1},
    {47, "2_0", "2_0", 0},
    {48, "2.0", "2_0", 0},
    {49, "2_0", "2.0", 0},
    {50, "a", "a", 0},
    {51, "a+", "a+", 0},
    {52, "a+", "a_", 0},
    {53, "a_", "a+", 0},
    {54, "+a", "+a", 0},
    {55, "+a", "_a", 0},
    {56, "_a", "+a", 0},
    {57, "+_", "+_", 0},
    {58, "_+", "+_", 0},
    {59, "_+", "_+", 0},
    {60, "+", "_", 0},
    {61, "_", "+", 0},
    {62, "1.0~rc1", "1.0~rc1", 0},
    {63, "1.0~rc1", "1.0", -1},
    {64, "1.0", "1.0~rc1", 1},
    {65, "1.0~rc1", "1.0~rc2", -1},
    {66, "1.0~rc2", "1.0~rc1", 1},
    {67, "1.0~rc1~git123", "1.0~rc1~git123", 0},
    {68, "1.0~rc1~git123", "1.0~rc1", -1},
    {69, "1.0~rc1", "1.0~rc1~git123", 1},
    {70, "1.0^", "1.0^", 0},
    {71, "1.0^", "1.0", 1},
    {72, "1.0", "1.0^", -1},
    {73, "1.0^git1", "1.0^git1", 0},
    {74, "1.0^git1", "1.0", 1},
    {75, "1.0", "1.0^git1", -1},
    {76, "1.0^git1", "1.0^git2", -1},
    {77, "1.0^git2", "1.0^git1", 1},
    {78, "1.0^git1", "1.01", -1},
    {79, "1.01", "1.0^git1", 1},
    {80, "1.0^20160101", "1.0^20160101", 0},
    {81, "1.0^20160101", "1.0.1", -1},
    {82, "1.0.1", "1.0^20160101", 1},
    {83, "1.0^20160101^git1", "1.0^20160101^git1", 0},
    {84, "1.0^20160102", "1.0^20160101^git1", 1},
    {85, "1.0^20160101^git1", "1.0^20160102", -1},
    {86, "1.0~rc1^git1", "1.0~rc1^git1", 0},
    {87, "1.0~rc1^git1", "1.0~rc1", 1},
    {88, "1.0~rc1", "1.0~rc1^git1", -1},
    {89, "1.0^git1~pre", "1.0^git1~pre", 0},
    {90, "1.0^git1", "1.0^git1~pre", 1},
    {91, "1.0^git1~pre", "1.0^git1", -1},
};

TEST(RpmVerCmp, MatchesEveryUpstreamTestVector) {
  int checked = 0;
  for (const auto& c : kRpmVerCmpVectors) {
    EXPECT_EQ(RpmVerCmp(c.a, c.b), c.expected)
        << "vector #" << c.number << ": rpmvercmp(" << c.a << ", " << c.b << ")";
    ++checked;
  }
  EXPECT_EQ(checked, 91);
}

TEST(RpmVerCmp, IsAntisymmetricOnUpstreamVectors) {
  for (const auto& c : kRpmVerCmpVectors) {
    EXPECT_EQ(RpmVerCmp(c.b, c.a), -RpmVerCmp(c.a, c.b)) << "vector #" << c.number;
  }
}

// The "oddities" rpmvercmp.at documents but keeps disabled (dnl): current rpm behaviour.
TEST(RpmVerCmp, ReproducesDocumentedOddities) {
  EXPECT_EQ(RpmVerCmp("1b.fc17", "1.fc17"), -1);  // RhBug 811992
  EXPECT_EQ(RpmVerCmp("1g.fc17", "1.fc17"), 1);
  EXPECT_EQ(RpmVerCmp("1.1.\xce\xb1", "1.1.\xce\xb2"), 0);  // non-ASCII bytes are separators
}

// Kernel builds as EulerOS 2.9 ships them (Huawei CCE FAQ "1-second latency", UPSTREAM_FACTS §1).
TEST(RpmVerCmp, OrdersEulerOsHotfixBuilds) {
  EXPECT_EQ(RpmVerCmp("4.18.0-147.5.1.6.h685", "4.18.0-147.5.1.6.h686"), -1);
  EXPECT_EQ(RpmVerCmp("4.18.0-147.5.1.6.h700", "4.18.0-147.5.1.6.h686"), 1);
  EXPECT_EQ(RpmVerCmp("4.18.0-147.5.1.6.h1000", "4.18.0-147.5.1.6.h686"), 1);
  EXPECT_EQ(RpmVerCmp("4.18.0-147.5.1.6.h686", "4.18.0-147.5.1.6.h686"), 0);
}

// RHEL 8 minor-release streams (uname -r of 8.5 and 8.9 kernels) sort by release.
TEST(RpmVerCmp, OrdersRhelKernelReleases) {
  EXPECT_EQ(RpmVerCmp("4.18.0-348", "4.18.0-513.5.1"), -1);
  EXPECT_EQ(RpmVerCmp("3.10.0-1160.21.1", "3.10.0-1160"), 1);
}

TEST(RpmVerCmp, StopsAtEmbeddedNulLikeC) {
  EXPECT_EQ(RpmVerCmp(std::string_view("1.0\0zzz", 7), "1.0"), 0);
  EXPECT_EQ(RpmVerCmp(std::string_view("\0", 1), ""), 0);
}

TEST(RpmVerCmp, HandlesEmptyAndSeparatorOnlyStrings) {
  EXPECT_EQ(RpmVerCmp("", ""), 0);
  EXPECT_EQ(RpmVerCmp("", "1"), -1);
  EXPECT_EQ(RpmVerCmp("1", ""), 1);
  EXPECT_EQ(RpmVerCmp("...", ""), 0);  // separators only: nothing left to compare
  EXPECT_EQ(RpmVerCmp("~", ""), -1);
  EXPECT_EQ(RpmVerCmp("^", ""), 1);
}

TEST(RpmVerCmp, ComparesLongDigitRunsWithoutOverflow) {
  EXPECT_EQ(RpmVerCmp("1.123456789012345678901234567890", "1.123456789012345678901234567891"), -1);
  EXPECT_EQ(RpmVerCmp("1.000000000000000000000000000000000001", "1.1"), 0);
}

TEST(SplitRpmEvr, SplitsEpochVersionRelease) {
  RpmEvr e = SplitRpmEvr("1:4.18.0-147.5.1.6.h686");
  ASSERT_TRUE(e.epoch.has_value());
  EXPECT_EQ(*e.epoch, "1");
  EXPECT_EQ(e.version, "4.18.0");
  ASSERT_TRUE(e.release.has_value());
  EXPECT_EQ(*e.release, "147.5.1.6.h686");

  RpmEvr plain = SplitRpmEvr("1.8.7");
  EXPECT_FALSE(plain.epoch.has_value());
  EXPECT_EQ(plain.version, "1.8.7");
  EXPECT_FALSE(plain.release.has_value());

  RpmEvr empty_epoch = SplitRpmEvr(":2-3");
  ASSERT_TRUE(empty_epoch.epoch.has_value());
  EXPECT_EQ(*empty_epoch.epoch, "0");
  EXPECT_EQ(empty_epoch.version, "2");
  EXPECT_EQ(*empty_epoch.release, "3");
}

TEST(SplitRpmEvr, UsesTheLastHyphenForTheRelease) {
  // openEuler package NEVR minus name, as `rpm -q iptables` prints it (REAL_FORMATS §2).
  RpmEvr e = SplitRpmEvr("1.8.7-5.oe2203");
  EXPECT_EQ(e.version, "1.8.7");
  EXPECT_EQ(*e.release, "5.oe2203");
  RpmEvr two = SplitRpmEvr("a-b-c");
  EXPECT_EQ(two.version, "a-b");
  EXPECT_EQ(*two.release, "c");
}

TEST(RpmEvrCmp, EpochWinsOverVersion) {
  EXPECT_EQ(RpmEvrCmp("1:1.0-1", "2.0-1"), 1);
  EXPECT_EQ(RpmEvrCmp("0:2.0-1", "2.0-1"), 0);  // missing epoch is 0
  EXPECT_EQ(RpmEvrCmp("2.0-1", "1:1.0"), -1);
}

// rpm 4.18 rpmverCmp: compare_values() puts a missing release before any release.
TEST(RpmEvrCmp, SortsAMissingReleaseFirst) {
  EXPECT_EQ(RpmEvrCmp("4.18.0-147.5.1.6.h686", "4.18.0"), 1);
  EXPECT_EQ(RpmEvrCmp("4.19.90", "4.19.90-vhulk2103.1.0.h584"), -1);
  EXPECT_EQ(RpmEvrCmp("1.0-", "1.0"), 1);
  EXPECT_EQ(RpmEvrCmp("1.0-~", "1.0"), 1);
  EXPECT_EQ(RpmEvrCmp("1.0-~", "1.0-"), -1);
  EXPECT_EQ(RpmEvrCmp("1.0-1", "1.0-1"), 0);
}

TEST(RpmEvrCmp, ComparesReleasesAfterEqualVersions) {
  EXPECT_EQ(RpmEvrCmp("4.18.0-147.5.1.6.h685", "4.18.0-147.5.1.6.h686"), -1);
  EXPECT_EQ(RpmEvrCmp("4.18.0-80", "4.18.0-147"), -1);
  EXPECT_EQ(RpmEvrCmp("4.19.0-1", "4.18.0-999"), 1);
}

}  // namespace
}  // namespace netdoctor::version

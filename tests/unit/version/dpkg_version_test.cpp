// SPDX-License-Identifier: Apache-2.0
#include "version/dpkg_version.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace netdoctor::version {
namespace {

struct CompareCase {
  int number;
  const char* a;
  const char* b;
  int expected;
};

// All 43 lines of guillemj/dpkg:scripts/t/Dpkg_Version.t __DATA__ @ c5efef9, copied exactly from
// shared/REAL_FORMATS.md §3b.
constexpr CompareCase kDpkgVectors[] = {
    {1, "1.0-1", "2.0-2", -1},
    {2, "2.2~rc-4", "2.2-1", -1},
    {3, "2.2-1", "2.2~rc-4", 1},
    {4, "1.0000-1", "1.0-1", 0},
    {5, "1", "0:1", 0},
    {6, "0", "0:0-0", 0},
    {7, "2:2.5", "1:7.5", 1},
    {8, "1:0foo", "0foo", 1},
    {9, "0:0foo", "0foo", 0},
    {10, "0foo", "0foo", 0},
    {11, "0foo-0", "0foo", 0},
    {12, "0foo", "0foo-0", 0},
    {13, "0foo", "0fo", 1},
    {14, "0foo-0", "0foo+", -1},
    {15, "0foo~1", "0foo", -1},
    {16, "0foo~foo+Bar", "0foo~foo+bar", -1},
    {17, "0foo~~", "0foo~", -1},
    {18, "1~", "1", -1},
    {19, "12345+that-really-is-some-ver-0", "12345+that-really-is-some-ver-10", -1},
    {20, "0foo-0", "0foo-01", -1},
    {21, "0foo.bar", "0foobar", 1},
    {22, "0foo.bar", "0foo1bar", 1},
    {23, "0foo.bar", "0foo0bar", 1},
    {24, "0foo1bar-1", "0foobar-1", -1},
    {25, "0foo2.0", "0foo2", 1},
    {26, "0foo2.0.0", "0foo2.10.0", -1},
    {27, "0foo2.0", "0foo2.0.0", -1},
    {28, "0foo2.0", "0foo2.10", -1},
    {29, "0foo2.1", "0foo2.10", -1},
    {30, "1.09", "1.9", 0},
    {31, "1.0.8+nmu1", "1.0.8", 1},
    {32, "3.11", "3.10+nmu1", 1},
    {33, "0.9j-20080306-4", "0.9i-20070324-2", 1},
    {34, "1.2.0~b7-1", "1.2.0~b6-1", 1},
    {35, "1.011-1", "1.06-2", 1},
    {36, "0.0.9+dfsg1-1", "0.0.8+dfsg1-3", 1},
    {37, "4.6.99+svn6582-1", "4.6.99+svn6496-1", 1},
    {38, "53", "52", 1},
    {39, "0.9.9~pre122-1", "0.9.9~pre111-1", 1},
    {40, "2:2.3.2-2+lenny2", "2:2.3.2-2", 1},
    {41, "1:3.8.1-1", "3.8.GA-1", 1},
    {42, "1.0.1+gpl-1", "1.0.1-2", 1},
    {43, "1a", "1000a", -1},
};

DpkgVersion MustParse(std::string_view s) {
  auto v = ParseDpkgVersion(s);
  EXPECT_TRUE(v.has_value()) << s << ": " << (v ? "" : v.error().message());
  return v ? *v : DpkgVersion{};
}

// dpkg --compare-versions operators; Dpkg_Version.t checks every line with each of them.
bool Relate(std::string_view a, std::string_view op, std::string_view b) {
  int c = DpkgCompare(MustParse(a), MustParse(b));
  if (op == "lt" || op == "<<") return c < 0;
  if (op == "le" || op == "<=") return c <= 0;
  if (op == "eq" || op == "=") return c == 0;
  if (op == "ge" || op == ">=") return c >= 0;
  if (op == "gt" || op == ">>") return c > 0;
  ADD_FAILURE() << "unknown operator " << op;
  return false;
}

TEST(DpkgCompare, MatchesEveryUpstreamTestVector) {
  int checked = 0;
  for (const auto& c : kDpkgVectors) {
    EXPECT_EQ(DpkgCompare(MustParse(c.a), MustParse(c.b)), c.expected)
        << "vector #" << c.number << ": " << c.a << " vs " << c.b;
    ++checked;
  }
  EXPECT_EQ(checked, 43);
}

TEST(DpkgCompare, MatchesEveryUpstreamTestVectorWithEveryOperator) {
  for (const auto& c : kDpkgVectors) {
    const int e = c.expected;
    struct {
      const char* op;
      bool want;
    } const ops[] = {{"lt", e < 0}, {"le", e <= 0}, {"eq", e == 0}, {"ge", e >= 0}, {"gt", e > 0},
                     {"<<", e < 0}, {"<=", e <= 0}, {"=", e == 0},  {">=", e >= 0}, {">>", e > 0}};
    for (const auto& o : ops) {
      EXPECT_EQ(Relate(c.a, o.op, c.b), o.want)
          << "vector #" << c.number << ": " << c.a << " " << o.op << " " << c.b;
    }
  }
}

// lib/dpkg/t/t-version.c test_version_compare(), on (epoch, version, revision) objects.
TEST(DpkgCompare, MatchesLibdpkgObjectCases) {
  auto obj = [](std::int64_t epoch, const char* version, const char* revision) {
    DpkgVersion v;
    v.epoch = epoch;
    v.upstream = version;
    v.revision = revision;
    return v;
  };
  EXPECT_EQ(DpkgCompare(obj(0, "0", "00"), obj(0, "00", "0")), 0);
  EXPECT_EQ(DpkgCompare(obj(1, "2", "3"), obj(1, "2", "3")), 0);
  EXPECT_LT(DpkgCompare(obj(0, "0", "0"), obj(1, "0", "0")), 0);  // the epoch wins
  EXPECT_GT(DpkgCompare(obj(1, "0", "0"), obj(0, "0", "0")), 0);
  EXPECT_LT(DpkgCompare(obj(0, "a", "0"), obj(0, "b", "0")), 0);
  EXPECT_GT(DpkgCompare(obj(0, "b", "0"), obj(0, "a", "0")), 0);
  EXPECT_LT(DpkgCompare(obj(0, "0", "a"), obj(0, "0", "b")), 0);
  EXPECT_GT(DpkgCompare(obj(0, "0", "b"), obj(0, "0", "a")), 0);
  EXPECT_NE(DpkgCompare(obj(0, "1", "1"), obj(0, "2", "1")), 0);
  EXPECT_NE(DpkgCompare(obj(0, "1", "1"), obj(0, "1", "2")), 0);
}

void ExpectParsesTo(std::string_view s, std::int64_t epoch, std::string_view upstream,
                    std::string_view revision) {
  auto v = ParseDpkgVersion(s);
  ASSERT_TRUE(v.has_value()) << "'" << s << "': " << v.error().message();
  EXPECT_EQ(v->epoch, epoch) << s;
  EXPECT_EQ(v->upstream, upstream) << s;
  EXPECT_EQ(v->revision, revision) << s;
  EXPECT_EQ(v->warning, "") << s;
}

// lib/dpkg/t/t-version.c test_version_parse(): the accepted forms.
TEST(ParseDpkgVersion, SplitsLikeLibdpkg) {
  ExpectParsesTo("0", 0, "0", "");
  ExpectParsesTo("0:0", 0, "0", "");
  ExpectParsesTo("0:0-", 0, "0", "");
  ExpectParsesTo("0:0-0", 0, "0", "0");
  ExpectParsesTo("0:0.0-0.0", 0, "0.0", "0.0");
  ExpectParsesTo("1:0", 1, "0", "");
  ExpectParsesTo("5:1", 5, "1", "");
  ExpectParsesTo("0:0-0-0", 0, "0-0", "0");  // the last hyphen splits the revision
  ExpectParsesTo("0:0-0-0-0", 0, "0-0-0", "0");
  ExpectParsesTo("0:0:0-0", 0, "0:0", "0");  // the first colon splits the epoch
  ExpectParsesTo("0:0:0:0-0", 0, "0:0:0", "0");
  ExpectParsesTo("0:0:0-0-0", 0, "0:0-0", "0");
  ExpectParsesTo("0:0-0:0-0", 0, "0-0:0", "0");
  ExpectParsesTo("0:09azAZ.-+~:-0", 0, "09azAZ.-+~:", "0");
  ExpectParsesTo("0:0-azAZ09.+~", 0, "0", "azAZ09.+~");
  ExpectParsesTo("  \t0:0-1", 0, "0", "1");
  ExpectParsesTo("0:0-1\t  ", 0, "0", "1");
  ExpectParsesTo("\t  0:0-1  \t", 0, "0", "1");
}

// Real package versions (Ubuntu linux-image, Debian iptables) split as apt shows them.
TEST(ParseDpkgVersion, SplitsRealPackageVersions) {
  ExpectParsesTo("5.4.0-150.167", 0, "5.4.0", "150.167");
  ExpectParsesTo("1.8.9-2", 0, "1.8.9", "2");
  ExpectParsesTo("2:2.3.2-2+lenny2", 2, "2.3.2", "2+lenny2");
  ExpectParsesTo("1.8.7-1ubuntu5.2", 0, "1.8.7", "1ubuntu5.2");
}

void ExpectParseError(std::string_view s, std::string_view what) {
  auto v = ParseDpkgVersion(s);
  ASSERT_FALSE(v.has_value()) << "'" << s << "' parsed";
  EXPECT_EQ(v.error().code(), ErrorCode::kParseError) << s;
  EXPECT_NE(v.error().message().find(what), std::string::npos)
      << "'" << s << "': " << v.error().message();
}

// lib/dpkg/t/t-version.c: inputs that are errors (not warnings) in dpkg.
TEST(ParseDpkgVersion, RejectsWhatLibdpkgRejects) {
  ExpectParseError("", "version string is empty");
  ExpectParseError("  ", "version string is empty");
  ExpectParseError("0:", "nothing after colon");
  ExpectParseError("0:0 0-1", "embedded spaces");
  ExpectParseError("-1:0-1", "epoch in version is negative");
  ExpectParseError("999999999999999999999999:0-1", "epoch in version is too big");
  ExpectParseError("2147483648:0", "epoch in version is too big");
  ExpectParseError("a:0-0", "epoch in version is not number");
  ExpectParseError("A:0-0", "epoch in version is not number");
  ExpectParseError("-0", "version number is empty");
  ExpectParseError("0:-0", "version number is empty");
  ExpectParseError(":0", "epoch in version is empty");
}

TEST(ParseDpkgVersion, ErrorQuotesTheInput) {
  auto v = ParseDpkgVersion("a:0-0");
  ASSERT_FALSE(v.has_value());
  EXPECT_NE(v.error().message().find("'a:0-0'"), std::string::npos) << v.error().message();
}

TEST(ParseDpkgVersion, AcceptsLargestEpoch) {
  ExpectParsesTo("2147483647:1", 2147483647, "1", "");
}

// t-version.c: these are warnings in dpkg (dpkg --compare-versions still compares).
TEST(ParseDpkgVersion, WarnsButAcceptsBadCharacters) {
  auto v = ParseDpkgVersion("0:abc3-0");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->warning, "version number does not start with digit");
  EXPECT_EQ(v->upstream, "abc3");

  for (char c : std::string_view("!#@$%&/|\\<>()[]{};,_=*^'")) {
    std::string s = "0:0a-0";
    s[3] = c;
    auto w = ParseDpkgVersion(s);
    ASSERT_TRUE(w.has_value()) << s;
    EXPECT_EQ(w->warning, "invalid character in version number") << s;
  }
  auto colon_in_revision = ParseDpkgVersion("0:0-0:0");
  ASSERT_TRUE(colon_in_revision.has_value());
  // "0:0-0:0": the first colon is the epoch, so the revision "0:0" holds a colon.
  EXPECT_EQ(colon_in_revision->warning, "invalid character in revision number");
  for (char c : std::string_view("!#@$%&/|\\<>()[]{}:;,_=*^'")) {
    std::string s = "0:0-0";
    s[4] = c;
    auto w = ParseDpkgVersion(s);
    ASSERT_TRUE(w.has_value()) << s;
    EXPECT_EQ(w->warning, "invalid character in revision number") << s;
  }
}

TEST(DpkgVerRevCmp, TildeSortsBeforeTheEnd) {
  EXPECT_EQ(DpkgVerRevCmp("1.0~rc1", "1.0"), -1);
  EXPECT_EQ(DpkgVerRevCmp("1.0~~", "1.0~"), -1);
  EXPECT_EQ(DpkgVerRevCmp("1.0", "1.0~rc1"), 1);
}

TEST(DpkgVerRevCmp, LettersSortBeforeOtherSymbols) {
  EXPECT_EQ(DpkgVerRevCmp("1a", "1+"), -1);
  EXPECT_EQ(DpkgVerRevCmp("1.", "1a"), 1);
  EXPECT_EQ(DpkgVerRevCmp("", "0"), 0);  // an empty part reads as 0
}

// Ubuntu kernel ABI numbers as uname -r shows them: the revision is the ABI.
TEST(DpkgCompare, OrdersUbuntuKernelAbis) {
  EXPECT_EQ(DpkgCompare(MustParse("5.4.0-150"), MustParse("5.4.0-42")), 1);
  EXPECT_EQ(DpkgCompare(MustParse("5.4.0-26"), MustParse("5.4.0-42")), -1);
  EXPECT_EQ(DpkgCompare(MustParse("5.15.0-1054"), MustParse("5.15.0-91")), 1);
}

TEST(DpkgVersionToString, PrintsEpochOnlyWhenSet) {
  EXPECT_EQ(DpkgVersionToString(MustParse("0:1.2-3")), "1.2-3");
  EXPECT_EQ(DpkgVersionToString(MustParse("2:1.2")), "2:1.2");
}

}  // namespace
}  // namespace netdoctor::version

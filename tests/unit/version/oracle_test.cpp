// SPDX-License-Identifier: Apache-2.0
// Differential tests: our rpm and dpkg comparators against the distributions' own libraries,
// librpmio's rpmvercmp()/rpmverCmp() (librpm-dev) and libapt-pkg's debVS.CmpVersion()
// (libapt-pkg-dev), on a few thousand generated strings from a fixed seed. The libraries are
// test-only oracles: tests/CMakeLists.txt links them into version_test and defines
// NETDOCTOR_HAVE_LIBRPM / NETDOCTOR_HAVE_APTPKG when they are found.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "support/ci_skip.h"
#include "version/dpkg_version.h"
#include "version/rpm_version.h"

#ifdef NETDOCTOR_HAVE_LIBRPM
#include <rpm/rpmver.h>
#endif
#ifdef NETDOCTOR_HAVE_APTPKG
#include <apt-pkg/debversion.h>
#endif

namespace netdoctor::version {
namespace {

#if defined(NETDOCTOR_HAVE_LIBRPM) || defined(NETDOCTOR_HAVE_APTPKG)

// splitmix64: a fixed, library-independent sequence, so every run checks the same strings.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }

 private:
  std::uint64_t state_;
};

std::string RandomString(Rng& rng, std::string_view alphabet, std::size_t max_len) {
  std::string s;
  std::size_t len = rng.Below(max_len + 1);
  for (std::size_t i = 0; i < len; ++i) s += alphabet[rng.Below(alphabet.size())];
  return s;
}

// A copy of `s` with one or two characters changed, inserted or removed: near pairs hit the
// interesting branches (equal prefixes, '~' against the end of string) far more often.
std::string Mutate(Rng& rng, std::string s, std::string_view alphabet) {
  int edits = 1 + static_cast<int>(rng.Below(2));
  for (int e = 0; e < edits; ++e) {
    std::size_t op = rng.Below(3);
    char c = alphabet[rng.Below(alphabet.size())];
    if (op == 0 || s.empty()) {
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(rng.Below(s.size() + 1)), c);
    } else if (op == 1) {
      s[rng.Below(s.size())] = c;
    } else {
      s.erase(s.begin() + static_cast<std::ptrdiff_t>(rng.Below(s.size())));
    }
  }
  return s;
}

int Sign(int v) {
  return v < 0 ? -1 : (v > 0 ? 1 : 0);
}

#endif  // any oracle

#ifdef NETDOCTOR_HAVE_LIBRPM

constexpr std::string_view kRpmAlphabet = "0123456789abcxyzAZ.~^_+";

std::vector<std::pair<std::string, std::string>> RpmPairs() {
  Rng rng(0x6e6574646f63746fULL);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < 4000; ++i) {
    std::string a = RandomString(rng, kRpmAlphabet, 12);
    std::string b = i % 2 == 0 ? Mutate(rng, a, kRpmAlphabet) : RandomString(rng, kRpmAlphabet, 12);
    pairs.emplace_back(std::move(a), std::move(b));
  }
  return pairs;
}

TEST(RpmOracle, RpmVerCmpAgreesWithLibrpmOnGeneratedStrings) {
  int checked = 0;
  for (const auto& [a, b] : RpmPairs()) {
    ASSERT_EQ(RpmVerCmp(a, b), Sign(rpmvercmp(a.c_str(), b.c_str())))
        << "rpmvercmp(\"" << a << "\", \"" << b << "\")";
    ++checked;
  }
  EXPECT_EQ(checked, 4000);
}

TEST(RpmOracle, RpmEvrCmpAgreesWithLibrpmOnGeneratedEvrs) {
  Rng rng(0x45565231ULL);
  constexpr std::string_view kEvrAlphabet = "0123456789abz.~^_+-:";
  int checked = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string a = RandomString(rng, kEvrAlphabet, 12);
    std::string b = i % 2 == 0 ? Mutate(rng, a, kEvrAlphabet) : RandomString(rng, kEvrAlphabet, 12);
    rpmver va = rpmverParse(a.c_str());
    rpmver vb = rpmverParse(b.c_str());
    if (va != nullptr && vb != nullptr) {  // librpm refuses "" only
      ASSERT_EQ(RpmEvrCmp(a, b), Sign(rpmverCmp(va, vb)))
          << "rpmverCmp(\"" << a << "\", \"" << b << "\")";
      ++checked;
    }
    rpmverFree(va);
    rpmverFree(vb);
  }
  EXPECT_GT(checked, 2500);
}

// Real kernel builds (the EulerOS and RHEL strings of kernel_release_test.cpp) through both.
TEST(RpmOracle, AgreesOnKernelBuilds) {
  const char* builds[] = {"4.18.0-147.5.1.6.h685", "4.18.0-147.5.1.6.h686",
                          "4.18.0-147.5.1.6.h700", "4.19.90-vhulk2103.1.0.h584",
                          "3.10.0-1160",           "3.10.0-1160.21.1",
                          "4.18.0-348.0.2",        "4.18.0-513.5.1",
                          "5.14.0-687.42.1+2.1",   "5.10.0-182.0.0.95"};
  for (const char* a : builds) {
    for (const char* b : builds) {
      EXPECT_EQ(RpmVerCmp(a, b), Sign(rpmvercmp(a, b))) << a << " vs " << b;
    }
  }
}

#else

TEST(RpmOracle, NotLinked) {
  ND_SKIP_OR_FAIL_IN_CI(
      "librpmio not linked (NETDOCTOR_HAVE_LIBRPM unset: install librpm-dev); differential test "
      "skipped");
}

#endif  // NETDOCTOR_HAVE_LIBRPM

#ifdef NETDOCTOR_HAVE_APTPKG

// A syntactically valid Debian version: optional epoch, upstream starting with a digit, optional
// revision. apt and dpkg agree on these; on invalid strings apt has its own recovery rules.
std::string RandomDebianVersion(Rng& rng) {
  constexpr std::string_view kUpstream = "0123456789abzAZ.+~";
  constexpr std::string_view kRevision = "0123456789abzAZ.+~";
  std::string s;
  if (rng.Below(4) == 0) s += std::to_string(rng.Below(3)) + ":";
  s += static_cast<char>('0' + rng.Below(10));
  s += RandomString(rng, kUpstream, 7);
  if (rng.Below(3) != 0) {
    if (rng.Below(4) == 0) s += "-" + RandomString(rng, kUpstream, 3);  // a hyphen in upstream
    s += "-";
    s += RandomString(rng, kRevision, 5);
    if (s.back() == '-') s += '0';
  }
  return s;
}

// Changes one character of the upstream or revision, keeping the version valid.
std::string MutateDebian(Rng& rng, const std::string& v) {
  constexpr std::string_view kSafe = "0123456789abz.+~";
  std::string s = v;
  std::size_t start = s.find(':') == std::string::npos ? 1 : s.find(':') + 2;
  if (s.size() <= start) return s + "~";
  std::size_t pos = start + rng.Below(s.size() - start);
  if (s[pos] == '-' || s[pos] == ':') return s + "0";
  s[pos] = kSafe[rng.Below(kSafe.size())];
  return s;
}

TEST(AptOracle, DpkgCompareAgreesWithLibaptPkgOnGeneratedVersions) {
  Rng rng(0x6470686bULL);
  int checked = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string a = RandomDebianVersion(rng);
    std::string b = i % 2 == 0 ? MutateDebian(rng, a) : RandomDebianVersion(rng);
    auto pa = ParseDpkgVersion(a);
    auto pb = ParseDpkgVersion(b);
    ASSERT_TRUE(pa.has_value()) << a << ": " << pa.error().message();
    ASSERT_TRUE(pb.has_value()) << b << ": " << pb.error().message();
    ASSERT_EQ(DpkgCompare(*pa, *pb), Sign(debVS.CmpVersion(a, b)))
        << "CmpVersion(\"" << a << "\", \"" << b << "\")";
    ++checked;
  }
  EXPECT_EQ(checked, 4000);
}

TEST(AptOracle, AgreesOnUbuntuKernelAbis) {
  const char* abis[] = {"5.4.0-42", "5.4.0-150", "5.4.0-26", "5.15.0-1054", "5.15.0-91",
                        "6.1.0-9",  "6.1.0-18",  "6.8.12-4", "1:5.4.0-1",   "5.4.0~rc1-1"};
  for (const char* a : abis) {
    for (const char* b : abis) {
      EXPECT_EQ(DpkgCompare(*ParseDpkgVersion(a), *ParseDpkgVersion(b)),
                Sign(debVS.CmpVersion(a, b)))
          << a << " vs " << b;
    }
  }
}

#else

TEST(AptOracle, NotLinked) {
  ND_SKIP_OR_FAIL_IN_CI(
      "libapt-pkg not linked (NETDOCTOR_HAVE_APTPKG unset: install libapt-pkg-dev); differential "
      "test skipped");
}

#endif  // NETDOCTOR_HAVE_APTPKG

}  // namespace
}  // namespace netdoctor::version

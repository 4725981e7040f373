// SPDX-License-Identifier: Apache-2.0
#include "version/semver.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/strings.h"
#include "version/text.h"

namespace netdoctor::version {
namespace {

constexpr std::string_view kExpected = "expected [v]MAJOR.MINOR[.PATCH][-PRERELEASE][+BUILD]";

Unexpected SemverError(std::string_view input, std::string_view what) {
  return MakeError(ErrorCode::kParseError, fmt::format("'{}' is not a semantic version: {} ({})",
                                                       Printable(input), what, kExpected));
}

// Reads a run of digits at `pos` into `out`. False when there are none or the number does not fit.
bool ReadNumber(std::string_view s, std::size_t& pos, std::int64_t& out, std::string_view& digits) {
  std::size_t start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  digits = s.substr(start, pos - start);
  if (digits.empty()) return false;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && p == digits.data() + digits.size();
}

// The rule for '-' suffixes (see semver.h): a real pre-release starts with one of these words or
// is a numeric identifier ("-0.dev" as Calico's master builds print). Everything else is a vendor
// build tag: EKS "-eks-43840fb", GKE "-gke.1400", "-r0-34.0.6" are builds of the release before
// the dash, and must never sort before that release in a range check.
bool IsPrereleaseSuffix(std::string_view suffix) {
  std::size_t end = 0;
  while (end < suffix.size() && suffix[end] != '.' && suffix[end] != '-') ++end;
  std::string_view first = suffix.substr(0, end);
  if (!first.empty() && std::all_of(first.begin(), first.end(), IsDigit)) return true;
  for (std::string_view word : {"alpha", "beta", "rc", "pre", "dev"}) {
    if (StartsWithNoCase(first, word)) return true;
  }
  return false;
}

bool IsBuildChar(char c) {
  return IsAlnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == '+';
}

int CompareIdentifier(std::string_view a, std::string_view b) {
  bool a_num = std::all_of(a.begin(), a.end(), IsDigit);
  bool b_num = std::all_of(b.begin(), b.end(), IsDigit);
  if (a_num && b_num) return CompareDigitStrings(a, b);
  if (a_num) return -1;  // numeric identifiers have lower precedence than alphanumeric ones
  if (b_num) return 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

Result<Semver> ParseSemver(std::string_view s) {
  std::string_view t = core::Trim(s);
  if (t.empty()) return SemverError(s, "empty");
  Semver v;
  std::size_t pos = 0;
  if (t[0] == 'v' || t[0] == 'V') pos = 1;
  std::string_view digits;
  if (!ReadNumber(t, pos, v.major, digits)) {
    return SemverError(t, digits.empty() ? "no major version number" : "major version too large");
  }
  if (pos >= t.size() || t[pos] != '.') return SemverError(t, "no '.MINOR' after the major number");
  ++pos;
  if (!ReadNumber(t, pos, v.minor, digits)) {
    return SemverError(t, digits.empty() ? "no minor version number" : "minor version too large");
  }
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    if (!ReadNumber(t, pos, v.patch, digits)) {
      return SemverError(
          t, digits.empty() ? "no patch number after the second '.'" : "patch version too large");
    }
  }
  std::string_view suffix;
  std::string_view meta;
  bool has_suffix = false;
  bool has_meta = false;
  if (pos < t.size() && t[pos] == '-') {
    has_suffix = true;
    std::size_t plus = t.find('+', pos + 1);
    suffix =
        t.substr(pos + 1, plus == std::string_view::npos ? std::string_view::npos : plus - pos - 1);
    pos = plus == std::string_view::npos ? t.size() : plus;
  }
  if (pos < t.size() && t[pos] == '+') {
    has_meta = true;
    meta = t.substr(pos + 1);
    pos = t.size();
  }
  if (pos < t.size()) {
    return SemverError(
        t, fmt::format("unexpected '{}' after the version numbers", Printable(t.substr(pos, 1))));
  }
  if (has_suffix && suffix.empty()) return SemverError(t, "empty text after '-'");
  if (has_meta && meta.empty()) return SemverError(t, "empty build metadata after '+'");
  if (has_meta && !std::all_of(meta.begin(), meta.end(), IsBuildChar)) {
    return SemverError(t, "build metadata may hold only letters, digits and . - _ ~ +");
  }
  if (has_suffix && IsPrereleaseSuffix(suffix)) {
    for (std::string_view id : core::Split(suffix, '.')) {
      if (id.empty()) return SemverError(t, "empty pre-release identifier");
      for (char c : id) {
        if (!IsAlnum(c) && c != '-') {
          return SemverError(t, "pre-release identifiers may hold only letters, digits and '-'");
        }
      }
      v.prerelease.emplace_back(id);
    }
  } else if (has_suffix) {
    if (!std::all_of(suffix.begin(), suffix.end(), IsBuildChar)) {
      return SemverError(t, "vendor build tag may hold only letters, digits and . - _ ~");
    }
    v.build.assign(suffix);
  }
  if (has_meta) {
    if (!v.build.empty()) v.build += '+';
    v.build.append(meta);
  }
  v.original.assign(t);
  return v;
}

int CompareSemver(const Semver& a, const Semver& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.prerelease.empty() || b.prerelease.empty()) {
    if (a.prerelease.empty() && b.prerelease.empty()) return 0;
    return a.prerelease.empty() ? 1 : -1;  // a pre-release sorts before its release
  }
  std::size_t n = std::min(a.prerelease.size(), b.prerelease.size());
  for (std::size_t i = 0; i < n; ++i) {
    int c = CompareIdentifier(a.prerelease[i], b.prerelease[i]);
    if (c != 0) return c;
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

std::string SemverToString(const Semver& v) {
  std::string out = fmt::format("{}.{}.{}", v.major, v.minor, v.patch);
  for (std::size_t i = 0; i < v.prerelease.size(); ++i) {
    out += i == 0 ? '-' : '.';
    out += v.prerelease[i];
  }
  return out;
}

}  // namespace netdoctor::version

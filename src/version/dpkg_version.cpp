// SPDX-License-Identifier: Apache-2.0
// A hand-written copy of dpkg's parseversion()/verrevcmp(): libdpkg is not shipped as a shared
// library and libapt-pkg is only a test-time oracle; the rules are short and frozen.
#include "version/dpkg_version.h"

#include <climits>

#include <fmt/format.h>

#include "version/text.h"

namespace netdoctor::version {
namespace {

bool IsBlank(char c) {
  return c == ' ' || c == '\t';
}
bool IsCSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

Unexpected DpkgError(std::string_view input, std::string_view what) {
  return MakeError(ErrorCode::kParseError, fmt::format("'{}' is not a Debian version: {} (expected "
                                                       "[EPOCH:]UPSTREAM[-REVISION])",
                                                       Printable(input), what));
}

// dpkg's order(): '~' first, then the end of a part / digits, then letters, then everything else.
// `char` is signed on the platforms dpkg builds for, so bytes >= 0x80 land between letters and
// punctuation; mirrored here so that any byte string orders exactly as dpkg orders it.
int Order(char c) {
  if (IsDigit(c)) return 0;
  if (IsAlpha(c)) return c;
  if (c == '~') return -1;
  if (c != '\0') return static_cast<signed char>(c) + 256;
  return 0;
}

}  // namespace

Result<DpkgVersion> ParseDpkgVersion(std::string_view s) {
  const std::string_view input = s;
  auto nul = s.find('\0');  // as in C, a NUL byte ends the string
  if (nul != std::string_view::npos) s = s.substr(0, nul);
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  if (s.empty()) return DpkgError(input, "version string is empty");
  std::size_t end = 0;
  while (end < s.size() && !IsBlank(s[end])) ++end;
  for (std::size_t k = end; k < s.size(); ++k) {
    if (!IsBlank(s[k])) return DpkgError(input, "version string has embedded spaces");
  }
  s = s.substr(0, end);

  DpkgVersion v;
  std::size_t colon = s.find(':');
  if (colon != std::string_view::npos) {
    // strtol(): optional C white space, optional sign, digits; must stop exactly at the colon.
    std::size_t k = 0;
    while (k < colon && IsCSpace(s[k])) ++k;
    bool negative = false;
    if (k < colon && (s[k] == '+' || s[k] == '-')) {
      negative = s[k] == '-';
      ++k;
    }
    std::size_t digits_start = k;
    std::int64_t epoch = 0;
    bool too_big = false;
    while (k < colon && IsDigit(s[k])) {
      if (epoch > INT_MAX) {
        too_big = true;
      } else {
        epoch = epoch * 10 + (s[k] - '0');
      }
      ++k;
    }
    if (k == digits_start && (k == colon || !IsDigit(s[k]))) {
      if (k == colon) return DpkgError(input, "epoch in version is empty");
      return DpkgError(input, "epoch in version is not number");
    }
    if (k != colon) return DpkgError(input, "epoch in version is not number");
    if (negative && epoch != 0) return DpkgError(input, "epoch in version is negative");
    if (too_big || epoch > INT_MAX) return DpkgError(input, "epoch in version is too big");
    if (colon + 1 >= s.size()) return DpkgError(input, "nothing after colon in version number");
    v.epoch = epoch;
    s = s.substr(colon + 1);
  }
  std::size_t hyphen = s.rfind('-');
  if (hyphen != std::string_view::npos) {
    v.upstream.assign(s.substr(0, hyphen));
    v.revision.assign(s.substr(hyphen + 1));
  } else {
    v.upstream.assign(s);
  }
  if (v.upstream.empty()) return DpkgError(input, "version number is empty");

  // What follows are warnings in dpkg: the version is still usable.
  if (!IsDigit(v.upstream[0])) {
    v.warning = "version number does not start with digit";
  } else {
    for (char c : v.upstream) {
      if (!IsAlnum(c) && std::string_view(".-+~:").find(c) == std::string_view::npos) {
        v.warning = "invalid character in version number";
        break;
      }
    }
  }
  if (v.warning.empty()) {
    for (char c : v.revision) {
      if (!IsAlnum(c) && std::string_view(".+~").find(c) == std::string_view::npos) {
        v.warning = "invalid character in revision number";
        break;
      }
    }
  }
  return v;
}

int DpkgVerRevCmp(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    int first_diff = 0;
    while ((i < n && !IsDigit(a[i])) || (j < m && !IsDigit(b[j]))) {
      int ac = Order(CharAt(a, i));
      int bc = Order(CharAt(b, j));
      if (ac != bc) return ac < bc ? -1 : 1;
      if (i < n) ++i;
      if (j < m) ++j;
    }
    while (i < n && a[i] == '0') ++i;
    while (j < m && b[j] == '0') ++j;
    while (i < n && j < m && IsDigit(a[i]) && IsDigit(b[j])) {
      if (first_diff == 0) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < n && IsDigit(a[i])) return 1;
    if (j < m && IsDigit(b[j])) return -1;
    if (first_diff != 0) return first_diff < 0 ? -1 : 1;
  }
  return 0;
}

int DpkgCompare(const DpkgVersion& a, const DpkgVersion& b) {
  if (a.epoch != b.epoch) return a.epoch < b.epoch ? -1 : 1;
  int rc = DpkgVerRevCmp(a.upstream, b.upstream);
  if (rc != 0) return rc;
  return DpkgVerRevCmp(a.revision, b.revision);
}

std::string DpkgVersionToString(const DpkgVersion& v) {
  std::string out;
  if (v.epoch != 0) out = fmt::format("{}:", v.epoch);
  out += v.upstream;
  if (!v.revision.empty()) {
    out += '-';
    out += v.revision;
  }
  return out;
}

}  // namespace netdoctor::version

// SPDX-License-Identifier: Apache-2.0
// A hand-written copy of rpmvercmp()/rpmverCmp(): librpm is available on Debian only as a test-time
// oracle; the binary must not need librpm at run time, and the algorithm is short and frozen.
#include "version/rpm_version.h"

#include "version/text.h"

namespace netdoctor::version {
namespace {

std::string_view CutAtNul(std::string_view s) {
  auto nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

bool IsRpmSeparator(char c) {
  return !IsAlnum(c) && c != '~' && c != '^';
}

}  // namespace

int RpmVerCmp(std::string_view a, std::string_view b) {
  a = CutAtNul(a);
  b = CutAtNul(b);
  if (a == b) return 0;

  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::size_t i = 0;
  std::size_t j = 0;

  while (i < n || j < m) {
    while (i < n && IsRpmSeparator(a[i])) ++i;
    while (j < m && IsRpmSeparator(b[j])) ++j;
    const char ca = CharAt(a, i);
    const char cb = CharAt(b, j);

    // Tilde sorts before everything else, including the end of the other string.
    if (ca == '~' || cb == '~') {
      if (ca != '~') return 1;
      if (cb != '~') return -1;
      ++i;
      ++j;
      continue;
    }
    // Caret is like tilde, except that a string that has ended (the base version) is older.
    if (ca == '^' || cb == '^') {
      if (i >= n) return -1;
      if (j >= m) return 1;
      if (ca != '^') return 1;
      if (cb != '^') return -1;
      ++i;
      ++j;
      continue;
    }
    if (i >= n || j >= m) break;

    const std::size_t si = i;
    const std::size_t sj = j;
    bool is_num = IsDigit(a[i]);
    if (is_num) {
      while (i < n && IsDigit(a[i])) ++i;
      while (j < m && IsDigit(b[j])) ++j;
    } else {
      while (i < n && IsAlpha(a[i])) ++i;
      while (j < m && IsAlpha(b[j])) ++j;
    }
    // The segments are of different types (b's is empty): numeric is newer than alpha.
    if (sj == j) return is_num ? 1 : -1;

    std::string_view sa = a.substr(si, i - si);
    std::string_view sb = b.substr(sj, j - sj);
    if (is_num) {
      int c = CompareDigitStrings(sa, sb);
      if (c != 0) return c;
    } else {
      int c = sa.compare(sb);
      if (c != 0) return c < 0 ? -1 : 1;
    }
  }
  if (i >= n && j >= m) return 0;
  return i >= n ? -1 : 1;
}

RpmEvr SplitRpmEvr(std::string_view evr) {
  RpmEvr out;
  std::size_t s = 0;
  while (s < evr.size() && IsDigit(evr[s])) ++s;
  std::size_t dash = evr.rfind('-');
  if (dash != std::string_view::npos && dash < s) dash = std::string_view::npos;
  std::size_t vstart = 0;
  if (s < evr.size() && evr[s] == ':') {
    out.epoch = s == 0 ? std::string_view("0") : evr.substr(0, s);
    vstart = s + 1;
  }
  if (dash != std::string_view::npos) {
    out.version = evr.substr(vstart, dash - vstart);
    out.release = evr.substr(dash + 1);
  } else {
    out.version = evr.substr(vstart);
  }
  return out;
}

int RpmEvrCmp(std::string_view a, std::string_view b) {
  a = CutAtNul(a);
  b = CutAtNul(b);
  RpmEvr x = SplitRpmEvr(a);
  RpmEvr y = SplitRpmEvr(b);
  int rc = RpmVerCmp(x.epoch.value_or("0"), y.epoch.value_or("0"));
  if (rc != 0) return rc;
  rc = RpmVerCmp(x.version, y.version);
  if (rc != 0) return rc;
  if (x.release && y.release) return RpmVerCmp(*x.release, *y.release);
  if (x.release.has_value() != y.release.has_value()) return x.release ? 1 : -1;
  return 0;
}

}  // namespace netdoctor::version

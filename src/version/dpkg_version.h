// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace netdoctor::version {

/// A Debian package version "[epoch:]upstream[-revision]".
struct DpkgVersion {
  std::int64_t epoch = 0;
  std::string upstream;
  std::string revision;  // "" when there is no '-'
  /// dpkg's non-fatal complaints ("version number does not start with digit", "invalid character in
  /// revision number"): dpkg --compare-versions warns and still compares; so do we. Empty if none.
  std::string warning;
};

/// Parses like dpkg's parseversion() (lib/dpkg/parsehelp.c): leading/trailing blanks are trimmed;
/// the FIRST ':' ends the epoch, the LAST '-' starts the revision ("0:0:0-0" = (0, "0:0", "0"),
/// "0:0-0-0" = (0, "0-0", "0")); "0:0-" is (0, "0", "").
/// Errors (kParseError, message quotes the input and says what is wrong): empty or blank string,
/// embedded blanks ("0:0 0-1"), an epoch that is empty (":0"), not a number ("a:0-0"), negative
/// ("-1:0-1") or above INT_MAX, nothing after the colon ("0:"), an empty upstream version ("-0",
/// "0:-0").
[[nodiscard]] Result<DpkgVersion> ParseDpkgVersion(std::string_view s);

/// dpkg_version_compare(): epochs numerically, then upstream and revision with verrevcmp: non-digit
/// runs compare byte by byte with '~' before everything (even the end), then letters, then all
/// other bytes; digit runs compare numerically. Returns -1, 0 or 1.
int DpkgCompare(const DpkgVersion& a, const DpkgVersion& b);

/// verrevcmp() on two bare upstream or revision strings. Returns -1, 0 or 1.
int DpkgVerRevCmp(std::string_view a, std::string_view b);

/// "epoch:upstream-revision" with the epoch shown only when non-zero, as dpkg prints it.
std::string DpkgVersionToString(const DpkgVersion& v);

}  // namespace netdoctor::version

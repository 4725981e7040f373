// SPDX-License-Identifier: Apache-2.0
// Small ASCII helpers shared by the version parsers (internal to src/version).
#pragma once

#include <string>
#include <string_view>

namespace netdoctor::version {

// ASCII-only on purpose: every version scheme here (semver, rpmvercmp, dpkg) classifies bytes by
// the C locale, never by the user's locale.
constexpr bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool IsAlnum(char c) {
  return IsDigit(c) || IsAlpha(c);
}
/// The byte at `k`, or '\0' past the end: both dpkg's and rpm's comparisons read one past a
/// string's end as a terminator that sorts by its own rule.
constexpr char CharAt(std::string_view s, std::size_t k) {
  return k < s.size() ? s[k] : '\0';
}
constexpr char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

/// `s` starts with the lower-case word `prefix`, ignoring ASCII case.
bool StartsWithNoCase(std::string_view s, std::string_view prefix);

/// Compares two runs of decimal digits as numbers of any length (leading zeros ignored).
int CompareDigitStrings(std::string_view a, std::string_view b);

/// `s` made safe for an error message: control and non-ASCII bytes as \xNN, cut at 120 bytes.
std::string Printable(std::string_view s);

}  // namespace netdoctor::version

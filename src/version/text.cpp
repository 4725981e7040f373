// SPDX-License-Identifier: Apache-2.0
#include "version/text.h"

#include <fmt/format.h>

namespace netdoctor::version {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(s[i]) != prefix[i]) return false;
  }
  return true;
}

int CompareDigitStrings(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  // Compared as text so that no length of digits can overflow.
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string Printable(std::string_view s) {
  constexpr std::size_t kMax = 120;
  std::string out;
  out.reserve(s.size() < kMax ? s.size() : kMax + 3);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace netdoctor::version

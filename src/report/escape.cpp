// SPDX-License-Identifier: Apache-2.0
#include "report/escape.h"

#include <algorithm>
#include <cstddef>

#include <fmt/format.h>

#include "core/utf8.h"

namespace netdoctor::report {
namespace {

std::size_t LongestBacktickRun(std::string_view s) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

}  // namespace

std::string SafeText(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += keep_newlines ? "\n" : "\\n";
    } else if (c == '\t') {
      out += '\t';
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      // U+0080..U+009F: C1 controls (CSI is U+009B), which some terminals obey.
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i + 1]));
      ++i;
    } else if (c >= 0x80) {
      // Bytes that are not UTF-8 never reach the terminal raw (a host file may hold anything).
      const std::size_t n = core::Utf8SequenceLength(s.substr(i));
      if (n == 0) {
        out += fmt::format("\\x{:02x}", c);
      } else {
        out.append(s.substr(i, n));
        i += n - 1;
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string MdEscape(std::string_view s) {
  const std::string safe = SafeText(s, /*keep_newlines=*/true);
  std::string out;
  out.reserve(safe.size() + 8);
  for (char c : safe) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
        out += '\\';
        out += c;
        break;
      case '\n':
        out += "<br>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string MdCode(std::string_view s, bool in_table) {
  std::string body = SafeText(s, /*keep_newlines=*/true);
  std::replace(body.begin(), body.end(), '\n', ' ');
  if (in_table) {
    std::string piped;
    piped.reserve(body.size());
    for (char c : body) {
      if (c == '|') piped += '\\';
      piped += c;
    }
    body = std::move(piped);
  }
  if (body.empty()) return "`\"\"`";
  const std::string fence(LongestBacktickRun(body) + 1, '`');
  // A span that starts or ends with a backtick needs a space so the fence is not extended.
  const bool pad = body.front() == '`' || body.back() == '`';
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string MdFence(std::string_view body, std::string_view info, std::string_view indent) {
  const std::string safe = SafeText(body, /*keep_newlines=*/true);
  const std::string fence(std::max<std::size_t>(3, LongestBacktickRun(safe) + 1), '`');
  std::string out;
  out += indent;
  out += fence;
  out += info;
  out += '\n';
  std::size_t start = 0;
  while (start <= safe.size()) {
    const std::size_t end = safe.find('\n', start);
    const std::string_view line = std::string_view(safe).substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    out += indent;
    out += line;
    out += '\n';
    if (end == std::string::npos) break;
    start = end + 1;
  }
  out += indent;
  out += fence;
  out += '\n';
  return out;
}

}  // namespace netdoctor::report

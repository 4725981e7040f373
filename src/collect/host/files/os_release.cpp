// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/os_release.h"

#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

bool IsKeyChar(char c, bool first) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') return true;
  return !first && c >= '0' && c <= '9';
}

// Shell-style word parsing, limited to what os-release(5) allows. systemd's own parser
// (parse_env_file) accepts the same forms; no library in our dependency set parses them.
Result<std::string> ParseValue(std::string_view v, int line_no) {
  std::string out;
  std::size_t i = 0;
  while (i < v.size()) {
    char c = v[i];
    if (c == ' ' || c == '\t') break;  // end of the word; the rest is a comment or junk
    if (c == '"') {
      ++i;
      bool closed = false;
      while (i < v.size()) {
        char d = v[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < v.size()) {
          char e = v[i + 1];
          // Inside double quotes only these are escapes; otherwise the backslash stays.
          if (e == '"' || e == '\\' || e == '$' || e == '`') {
            out += e;
            i += 2;
            continue;
          }
        }
        out += d;
        ++i;
      }
      if (!closed) {
        return MakeError(ErrorCode::kParseError, "unterminated double quote",
                         SourceLocation{"", line_no, 0, ""});
      }
      continue;
    }
    if (c == '\'') {
      auto end = v.find('\'', i + 1);
      if (end == std::string_view::npos) {
        return MakeError(ErrorCode::kParseError, "unterminated single quote",
                         SourceLocation{"", line_no, 0, ""});
      }
      out.append(v.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    }
    if (c == '\\' && i + 1 < v.size()) {
      out += v[i + 1];
      i += 2;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace

Result<std::map<std::string, std::string>> ParseOsRelease(std::string_view text) {
  std::map<std::string, std::string> out;
  int line_no = 0;
  for (std::string_view raw : core::Lines(text)) {
    ++line_no;
    std::string_view line = core::Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return MakeError(ErrorCode::kParseError,
                       "expected KEY=value, got '" + std::string(line.substr(0, 60)) + "'",
                       SourceLocation{"", line_no, 0, ""});
    }
    std::string_view key = line.substr(0, eq);
    bool key_ok = !key.empty();
    for (std::size_t i = 0; i < key.size() && key_ok; ++i) key_ok = IsKeyChar(key[i], i == 0);
    if (!key_ok) {
      return MakeError(ErrorCode::kParseError,
                       "invalid variable name '" + std::string(key.substr(0, 60)) + "'",
                       SourceLocation{"", line_no, 1, ""});
    }
    auto value = ParseValue(line.substr(eq + 1), line_no);
    if (!value) {
      Error e = value.error();
      return tl::unexpected(e.WithLocation(SourceLocation{"", line_no, 0, std::string(key)}));
    }
    out[std::string(key)] = std::move(*value);
  }
  return out;
}

}  // namespace netdoctor::collect::host

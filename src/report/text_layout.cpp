// SPDX-License-Identifier: Apache-2.0
#include "report/text_layout.h"

#include <cstdint>

namespace netdoctor::report {
namespace {

// One UTF-8 sequence starting at s[i]: its length in bytes and code point (invalid bytes: 1, 0xFFFD).
std::uint32_t Decode(std::string_view s, std::size_t i, std::size_t& len) {
  const auto b = static_cast<unsigned char>(s[i]);
  len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (i + len > s.size()) len = 1;
  if (len == 1) return b < 0x80 ? b : 0xFFFD;
  std::uint32_t cp = b & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// East Asian wide and fullwidth ranges (the common ones: CJK, Hangul, fullwidth forms).
bool Wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

struct Unit {
  std::string_view text;
  std::size_t width = 0;
  bool space = false;
};

// Words, single wide characters and runs of spaces: the places a line may break.
std::vector<Unit> Units(std::string_view s) {
  std::vector<Unit> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    const std::uint32_t cp = Decode(s, i, len);
    if (cp == ' ') {
      std::size_t j = i;
      while (j < s.size() && s[j] == ' ') ++j;
      out.push_back({s.substr(i, j - i), j - i, true});
      i = j;
    } else if (Wide(cp)) {
      out.push_back({s.substr(i, len), 2, false});
      i += len;
    } else {
      std::size_t j = i, w = 0;
      while (j < s.size()) {
        std::size_t l = 0;
        const std::uint32_t c = Decode(s, j, l);
        if (c == ' ' || Wide(c)) break;
        if (c == 0x1B) {  // an ANSI sequence: no width
          std::size_t k = j + 1;
          while (k < s.size() && s[k] != 'm') ++k;
          j = k + 1;
          continue;
        }
        w += 1;
        j += l;
      }
      out.push_back({s.substr(i, j - i), w, false});
      i = j;
    }
  }
  return out;
}

}  // namespace

std::size_t DisplayWidth(std::string_view s) {
  std::size_t w = 0;
  for (const Unit& u : Units(s)) w += u.width;
  return w;
}

std::string FitWidth(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t w = 0, i = 0;
  while (i < text.size()) {
    std::size_t len = 0;
    const std::uint32_t cp = Decode(text, i, len);
    const std::size_t cw = Wide(cp) ? 2 : 1;
    if (w + cw > width) break;
    out.append(text.substr(i, len));
    w += cw;
    i += len;
  }
  return out;
}

std::vector<std::string> WrapText(std::string_view text, std::size_t width) {
  if (width < 10) width = 10;
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = text.find('\n', start);
    const std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    std::string line;
    std::size_t w = 0;
    auto flush = [&] {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
      w = 0;
    };
    for (const Unit& u : Units(para)) {
      if (u.space) {
        if (w > 0 && w + u.width <= width) line += u.text, w += u.width;
        continue;
      }
      if (w > 0 && w + u.width > width) flush();
      std::string_view rest = u.text;
      std::size_t rest_w = u.width;
      while (rest_w > width) {  // a word longer than a line: cut it
        const std::string head = FitWidth(rest, width);
        line += head;
        flush();
        rest = rest.substr(head.size());
        rest_w = DisplayWidth(rest);
      }
      line += rest;
      w += rest_w;
    }
    flush();
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

}  // namespace netdoctor::report

// SPDX-License-Identifier: Apache-2.0
#include "report/json_writer.h"

#include <string>

namespace netdoctor::report {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  std::uint32_t min = 0;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) { len = 2; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
  else return 0;
  if (i + len > s.size()) return 0;
  std::uint32_t cp = b0 & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

void JsonWriter::Indent(std::size_t depth) {
  os_.put('\n');
  for (std::size_t i = 0; i < depth; ++i) os_.write("  ", 2);
}

void JsonWriter::Separator() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& l = levels_.back();
  if (!l.empty) os_.put(',');
  if (l.inline_) {
    if (!l.empty) os_.put(' ');
  } else {
    Indent(levels_.size());
  }
  l.empty = false;
}

void JsonWriter::Open(char c, bool inline_) {
  Separator();
  os_.put(c);
  // Inside an inline container everything stays inline.
  const bool in_inline = !levels_.empty() && levels_.back().inline_;
  levels_.push_back(Level{inline_ || in_inline});
}

void JsonWriter::Close(char c) {
  const Level l = levels_.back();
  levels_.pop_back();
  if (!l.empty && !l.inline_) Indent(levels_.size());
  os_.put(c);
  if (levels_.empty()) os_.put('\n');
}

void JsonWriter::Key(std::string_view key) {
  Separator();
  Escaped(key);
  os_.write(": ", 2);
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  Separator();
  Escaped(s);
}

void JsonWriter::Number(std::uint64_t n) {
  Separator();
  const std::string digits = std::to_string(n);
  os_.write(digits.data(), static_cast<std::streamsize>(digits.size()));
}

void JsonWriter::Bool(bool b) {
  Separator();
  if (b) os_.write("true", 4);
  else os_.write("false", 5);
}

void JsonWriter::Null() {
  Separator();
  os_.write("null", 4);
}

void JsonWriter::StringArray(std::string_view key, const std::vector<std::string>& list,
                             bool inline_) {
  Key(key);
  BeginArray(inline_);
  for (const std::string& s : list) String(s);
  EndArray();
}

void JsonWriter::Escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  os_.put('"');
  std::size_t run = 0;  // start of bytes that need no escaping
  auto flush = [&](std::size_t end) {
    if (end > run) os_.write(s.data() + run, static_cast<std::streamsize>(end - run));
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t len = Utf8Length(s, i);
      if (len > 0) {
        i += len;
        continue;
      }
      flush(i);
      os_.write("\xEF\xBF\xBD", 3);  // U+FFFD for a byte that is not UTF-8
      run = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': os_.write("\\\"", 2); break;
      case '\\': os_.write("\\\\", 2); break;
      case '\n': os_.write("\\n", 2); break;
      case '\t': os_.write("\\t", 2); break;
      case '\r': os_.write("\\r", 2); break;
      case '\b': os_.write("\\b", 2); break;
      case '\f': os_.write("\\f", 2); break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        os_.write(esc, 6);
      }
    }
    run = ++i;
  }
  flush(s.size());
  os_.put('"');
}

}  // namespace netdoctor::report

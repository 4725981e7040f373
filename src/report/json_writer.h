// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace netdoctor::report {

/// A streaming JSON writer: values go to the stream as they are given, nothing is held but the
/// nesting. Pretty-printed with two-space indentation; a container opened `inline_` stays on one
/// line. Strings are written as UTF-8 with invalid bytes replaced by U+FFFD (they come from the
/// examined systems), never thrown.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& os) : os_(os) {}

  void BeginObject(bool inline_ = false) { Open('{', inline_); }
  void EndObject() { Close('}'); }
  void BeginArray(bool inline_ = false) { Open('[', inline_); }
  void EndArray() { Close(']'); }
  /// The key of the next value in an object.
  void Key(std::string_view key);

  void String(std::string_view s);
  void Number(std::uint64_t n);
  void Bool(bool b);
  void Null();

  // Key + value shortcuts.
  void Field(std::string_view key, std::string_view s) { Key(key); String(s); }
  void Field(std::string_view key, const char* s) { Key(key); String(s); }
  void Field(std::string_view key, std::uint64_t n) { Key(key); Number(n); }
  void Field(std::string_view key, bool b) { Key(key); Bool(b); }
  void StringArray(std::string_view key, const std::vector<std::string>& list, bool inline_ = true);

 private:
  struct Level {
    bool inline_;
    bool empty = true;
  };
  void Separator();  // before a value or key
  void Open(char c, bool inline_);
  void Close(char c);
  void Indent(std::size_t depth);
  void Escaped(std::string_view s);

  std::ostream& os_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace netdoctor::report

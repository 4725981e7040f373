// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/yaml_json.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace netdoctor::collect::offline {
namespace {

constexpr int kMaxDepth = 512;

bool IsNullWord(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// YAML 1.2 core schema booleans.
int BoolWord(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return 1;
  if (s == "false" || s == "False" || s == "FALSE") return 0;
  return -1;
}

// Integer per the core schema ([-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+), re-emitted in JSON form
// (no '+', no leading zeros). False when `s` is not one or does not fit 64 bits.
bool IntWord(std::string_view s, std::string& json) {
  int base = 10;
  bool negative = false;
  std::string_view digits = s;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    base = s[1] == 'x' ? 16 : 8;
    digits = s.substr(2);
  } else if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    digits = s.substr(1);
  }
  if (digits.empty()) return false;
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return false;
  if (negative && value > static_cast<std::uint64_t>(INT64_MAX) + 1) return false;
  // Written through a char buffer: building it with std::string operators trips g++ 12's
  // -Wrestrict false positive (GCC bug 105329) at -O2.
  char buf[24];
  char* p = buf;
  if (negative && value != 0) *p++ = '-';
  auto written = std::to_chars(p, buf + sizeof buf, value);
  json.assign(buf, static_cast<std::size_t>(written.ptr - buf));
  return true;
}

// Float per the core schema: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool FloatWord(std::string_view s, std::string& json) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  std::size_t frac_digits = 0;
  bool dot = false;
  if (i < s.size() && s[i] == '.') {
    dot = true;
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (int_digits == 0 && !dot) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != s.size()) return false;
  std::string text(s);
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return false;
  json = fmt::format("{}", d);
  if (json == "inf" || json == "-inf" || json == "nan") return false;
  return true;
}

Status OverBudget(const YamlBudget& b, bool bytes) {
  if (bytes) {
    return MakeError(ErrorCode::kInvalidInput,
                     fmt::format("YAML aliases expand to more than {} bytes of JSON (the limit for "
                                 "this document: {} per byte of its text plus 64 KiB); alias "
                                 "expansion is capped against 'billion laughs' input",
                                 b.bytes_limit, kYamlBytesPerByte));
  }
  return MakeError(ErrorCode::kInvalidInput,
                   fmt::format("YAML aliases expand to more than {} values (the limit for this "
                               "document: {} per byte of its text plus 1024); alias expansion is "
                               "capped against 'billion laughs' input",
                               b.nodes_limit, kYamlNodesPerByte));
}

Status Emit(const YAML::Node& node, std::string& out, int depth, YamlBudget& budget) {
  if (depth > kMaxDepth) {
    return MakeError(ErrorCode::kInvalidInput,
                     fmt::format("YAML nested deeper than {} levels", kMaxDepth));
  }
  // yaml-cpp shares one node between an anchor and its aliases, so this walk is where aliases
  // multiply: every value visited and every byte written is charged to the document's budget.
  if (budget.nodes_used++ >= budget.nodes_limit) return OverBudget(budget, false);
  const std::size_t out_before = out.size();
  auto charge = [&]() -> Status {
    budget.bytes_used += out.size() - out_before;
    if (budget.bytes_used > budget.bytes_limit) return OverBudget(budget, true);
    return Ok();
  };
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out += "null";
      return Ok();
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      // yaml-cpp tags quoted and block scalars "!", plain ones "?".
      if (node.Tag() != "!") {
        if (IsNullWord(s)) {
          out += "null";
          return charge();
        }
        if (int b = BoolWord(s); b >= 0) {
          out += b ? "true" : "false";
          return charge();
        }
        std::string number;
        if (IntWord(s, number) || FloatWord(s, number)) {
          out += number;
          return charge();
        }
      }
      AppendJsonString(s, out);
      return charge();
    }
    case YAML::NodeType::Sequence: {
      out += '[';
      bool first = true;
      for (const auto& element : node) {
        if (!first) out += ',';
        first = false;
        if (auto s = Emit(element, out, depth + 1, budget); !s) return s;
      }
      out += ']';
      return Ok();
    }
    case YAML::NodeType::Map: {
      out += '{';
      bool first = true;
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          return MakeError(
              ErrorCode::kInvalidInput,
              fmt::format("line {}: a mapping key is not a scalar", kv.first.Mark().line + 1));
        }
        if (!first) out += ',';
        first = false;
        AppendJsonString(kv.first.Scalar(), out);
        out += ':';
        if (auto s = charge(); !s) return s;
        if (auto s = Emit(kv.second, out, depth + 1, budget); !s) return s;
      }
      out += '}';
      return Ok();
    }
  }
  out += "null";
  return Ok();
}

}  // namespace

void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

YamlBudget YamlBudget::ForText(std::size_t text_bytes) {
  YamlBudget b;
  b.nodes_limit = kYamlNodesPerByte * static_cast<std::uint64_t>(text_bytes) + 1024;
  b.bytes_limit = kYamlBytesPerByte * static_cast<std::uint64_t>(text_bytes) + 64 * 1024;
  return b;
}

Status YamlToJson(const YAML::Node& node, std::string& out, YamlBudget& budget) {
  // yaml-cpp throws on some malformed trees (e.g. bad conversions); nothing may cross the module
  // boundary as an exception.
  try {
    return Emit(node, out, 0, budget);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError, fmt::format("YAML: {}", e.what()));
  }
}

}  // namespace netdoctor::collect::offline

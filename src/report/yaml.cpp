// SPDX-License-Identifier: Apache-2.0
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/report.h"

// YAML: the v2 tree of RenderJsonTo, re-emitted. The JSON writer is the one definition of the
// tree; reading its output back (nlohmann, no exceptions) keeps the two formats from drifting
// apart. The document is held in memory once, which is bounded like the JSON itself: it grows
// with the findings, not with the nodes examined. Written by hand because yaml-cpp's emitter
// leaves strings such as "1.28" or "0x1" plain, which YAML 1.1 readers take for numbers.
namespace netdoctor::report {
namespace {

// ordered_json keeps the writer's key order, so the YAML reads like the JSON.
using json = nlohmann::ordered_json;

bool Reserved(std::string_view s) {
  // YAML 1.1 booleans and nulls (PyYAML, yaml-cpp), compared case-insensitively.
  static constexpr std::string_view kWords[] = {"y", "n", "yes", "no", "on", "off", "true",
                                                "false", "null", "~"};
  for (std::string_view w : kWords) {
    if (w.size() != s.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < s.size() && same; ++i) {
      same = (s[i] | 0x20) == w[i] || s[i] == w[i];
    }
    if (same) return true;
  }
  return false;
}

// A plain scalar only when no YAML reader can take it for anything but this string: it starts
// with a letter, holds only letters, digits and a few safe punctuation marks, and is no reserved
// word. Everything else is double-quoted.
bool Plain(std::string_view s) {
  if (s.empty() || s.size() > 200 || Reserved(s)) return false;
  const unsigned char first = static_cast<unsigned char>(s.front());
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  if (s.back() == ' ') return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '/' || c == ' ' || c == '(' ||
                    c == ')';
    if (!ok) return false;
  }
  return true;
}

// Double-quoted YAML: JSON-style escapes, and every character YAML does not allow printed
// (C0, DEL, C1 but NEL, U+2028/2029 line separators, U+FEFF, U+FFFE/FFFF) as \uXXXX.
void Quoted(std::ostream& os, std::string_view s) {
  os << '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"') os << "\\\"";
    else if (c == '\\') os << "\\\\";
    else if (c == '\n') os << "\\n";
    else if (c == '\t') os << "\\t";
    else if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      os << "\\x" << kHex[c >> 4] << kHex[c & 15];
    } else if (c < 0x80) {
      os << static_cast<char>(c);
    } else {
      // The JSON writer emits valid UTF-8 only: decode one code point.
      std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      if (i + len > s.size()) len = s.size() - i;
      std::uint32_t cp = c & (len == 4 ? 0x07 : len == 3 ? 0x0f : 0x1f);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
      const bool printable = !(cp >= 0x80 && cp <= 0x9f && cp != 0x85) && cp != 0x2028 &&
                             cp != 0x2029 && cp != 0xfeff && cp != 0xfffe && cp != 0xffff;
      if (printable) {
        os << s.substr(i, len);
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
        os << buf;
      }
      i += len - 1;
    }
  }
  os << '"';
}

void Scalar(std::ostream& os, const json& v) {
  switch (v.type()) {
    case json::value_t::null: os << "null"; break;
    case json::value_t::boolean: os << (v.get<bool>() ? "true" : "false"); break;
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (Plain(s)) os << s;
      else Quoted(os, s);
      break;
    }
    default: os << v.dump(); break;  // numbers: the JSON spelling is YAML's
  }
}

bool Empty(const json& v) { return (v.is_object() || v.is_array()) && v.empty(); }
bool Container(const json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void Node(std::ostream& os, const json& v, int indent);

void Key(std::ostream& os, const std::string& k) {
  if (Plain(k)) os << k;
  else Quoted(os, k);
}

// Writes the members of an object or the items of an array, each on its own line at `indent`;
// the first line's indentation has been written by the caller when `first_inline`.
void Block(std::ostream& os, const json& v, int indent, bool first_inline) {
  bool first = true;
  auto pad = [&] {
    if (!(first && first_inline)) os << std::string(static_cast<std::size_t>(indent), ' ');
    first = false;
  };
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      pad();
      Key(os, it.key());
      os << ':';
      if (Container(*it)) {
        os << '\n';
        // A sequence under a key sits at the key's indentation (the common Kubernetes style).
        Block(os, *it, it->is_array() ? indent : indent + 2, false);
      } else {
        os << ' ';
        Node(os, *it, indent + 2);
        os << '\n';
      }
    }
    return;
  }
  for (const json& item : v) {
    pad();
    os << "- ";
    if (Container(item)) {
      Block(os, item, indent + 2, true);
    } else {
      Node(os, item, indent + 2);
      os << '\n';
    }
  }
}

void Node(std::ostream& os, const json& v, int indent) {
  if (Empty(v)) {
    os << (v.is_object() ? "{}" : "[]");
  } else if (Container(v)) {
    os << '\n';
    Block(os, v, indent, false);
  } else {
    Scalar(os, v);
  }
}

}  // namespace

void RenderYamlTo(const ReportInput& in, std::ostream& os) {
  std::ostringstream json_text;
  RenderJsonTo(in, json_text);
  const json doc = json::parse(json_text.str(), nullptr, /*allow_exceptions=*/false);
  os << "# netdoctor report (netdoctor/report/v2, the JSON report's tree)\n";
  if (doc.is_discarded()) {  // cannot happen: the writer emits valid JSON; say so if it does
    os << "error: \"the JSON report could not be read back\"\n";
    return;
  }
  Block(os, doc, 0, false);
}

}  // namespace netdoctor::report

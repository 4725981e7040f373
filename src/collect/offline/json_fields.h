// SPDX-License-Identifier: Apache-2.0
#pragma once

// Small typed readers over simdjson On-Demand values, shared by the object mapper's per-kind
// handlers. Every reader checks the JSON type and reports a mismatch as an Error naming the object
// and the dotted field path; JSON null counts as "not set" everywhere, as the Kubernetes API
// treats it.
//
// These run once per field of every object, so they return bool (true: fine) and leave the Error
// in ObjectContext::error instead of returning a Status: constructing a Status per call costs a
// memset of the whole tl::expected<void, Error> (value-initialisation), which showed up as the
// largest single cost of reading a 150,000-Pod dump.

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace netdoctor::collect::offline {

namespace od = simdjson::ondemand;

/// Names the object being read, for error messages: "<origin>: <Kind> <ns>/<name>: <path>: ...",
/// and holds the first error of a failed read.
struct ObjectContext {
  std::string_view origin;
  std::string_view kind;
  std::string_view ns;
  std::string_view name;
  mutable std::optional<Error> error;

  /// Records "items[17]: Pod default/web-1: spec.hostNetwork: expected a boolean, got string"
  /// and returns false.
  bool Fail(ErrorCode code, std::string_view path, std::string_view what) const;
  bool WrongType(std::string_view path, std::string_view expected, od::json_type got) const;
  bool Simdjson(simdjson::error_code err, std::string_view path) const;
  /// The recorded error as a Status (kInternal if none was recorded).
  Unexpected TakeError() const;
};

std::string_view JsonTypeName(od::json_type t);

/// True when the raw (still escaped) key is exactly `lit`. A fixed-size compare the compiler
/// inlines (raw_json_string's operator== calls memcmp, which showed in profiles). Reading
/// sizeof(lit) bytes is safe: the key lies inside a document simdjson requires to be padded.
template <std::size_t N>
inline bool KeyIs(od::raw_json_string key, const char (&lit)[N]) {
  const char* r = key.raw();
  return r[N - 1] == '"' && __builtin_memcmp(r, lit, N - 1) == 0;
}

/// String value; null gives "" (not set). Views stay valid while the document is alive.
[[nodiscard]] bool ReadString(od::value& v, std::string_view& out, const ObjectContext& c,
                              std::string_view path);
/// Boolean value; null leaves `present` false.
[[nodiscard]] bool ReadBool(od::value& v, bool& out, bool& present, const ObjectContext& c,
                            std::string_view path);
/// Integer value; null leaves `present` false.
[[nodiscard]] bool ReadInt(od::value& v, std::int64_t& out, bool& present, const ObjectContext& c,
                           std::string_view path);
/// Object value; null sets `is_null` (and `out` is not usable).
[[nodiscard]] bool ReadObject(od::value& v, od::object& out, bool& is_null, const ObjectContext& c,
                              std::string_view path);
/// Array value; null sets `is_null`.
[[nodiscard]] bool ReadArray(od::value& v, od::array& out, bool& is_null, const ObjectContext& c,
                             std::string_view path);

/// Calls fn(raw key, value&) -> bool for each field of an object already obtained.
template <class Fn>
[[nodiscard]] bool ForEachFieldOf(od::object& obj, const ObjectContext& c, std::string_view path,
                                  Fn&& fn) {
  for (auto field_result : obj) {
    od::field field;
    if (auto err = std::move(field_result).get(field); err) return c.Simdjson(err, path);
    if (!fn(field.key(), field.value())) return false;
  }
  return true;
}

/// Calls fn(raw_key, value&) -> bool for each field of the object at `v` (null: no calls).
template <class Fn>
[[nodiscard]] bool ForEachField(od::value& v, const ObjectContext& c, std::string_view path,
                                Fn&& fn) {
  od::object obj;
  bool is_null = false;
  if (!ReadObject(v, obj, is_null, c, path)) return false;
  if (is_null) return true;
  return ForEachFieldOf(obj, c, path, std::forward<Fn>(fn));
}

/// Calls fn(value&, index) -> bool for each element of the array at `v` (null: no calls).
template <class Fn>
[[nodiscard]] bool ForEachElement(od::value& v, const ObjectContext& c, std::string_view path,
                                  Fn&& fn) {
  od::array arr;
  bool is_null = false;
  if (!ReadArray(v, arr, is_null, c, path)) return false;
  if (is_null) return true;
  std::size_t index = 0;
  for (auto element_result : arr) {
    od::value element;
    // get() is rvalue-qualified, hence the std::move of a trivially copyable result.
    // NOLINTNEXTLINE(performance-move-const-arg)
    if (auto err = std::move(element_result).get(element); err) return c.Simdjson(err, path);
    if (!fn(element, index)) return false;
    ++index;
  }
  return true;
}

/// Calls fn(string_view) -> bool for each string of an array of strings (null array or null
/// elements: no calls).
template <class Fn>
[[nodiscard]] bool ForEachString(od::value& v, const ObjectContext& c, std::string_view path,
                                 Fn&& fn) {
  return ForEachElement(v, c, path, [&](od::value& e, std::size_t i) -> bool {
    od::json_type t;
    if (auto err = e.type().get(t); err) return c.Simdjson(err, path);
    if (t == od::json_type::null) return true;
    if (t != od::json_type::string) {
      return c.WrongType(std::string(path) + "[" + std::to_string(i) + "]", "a string", t);
    }
    std::string_view s;
    if (auto err = e.get_string().get(s); err) return c.Simdjson(err, path);
    return fn(s);
  });
}

}  // namespace netdoctor::collect::offline

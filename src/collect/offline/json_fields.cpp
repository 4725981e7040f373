// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/json_fields.h"

#include <fmt/format.h>

namespace netdoctor::collect::offline {

bool ObjectContext::Fail(ErrorCode code, std::string_view path, std::string_view what) const {
  if (error) return false;  // keep the first, innermost error
  std::string msg;
  if (!origin.empty()) msg += fmt::format("{}: ", origin);
  if (!kind.empty()) {
    msg += kind;
    if (!name.empty()) {
      msg += ' ';
      if (!ns.empty()) msg += fmt::format("{}/", ns);
      msg += name;
    }
    msg += ": ";
  }
  if (!path.empty()) msg += fmt::format("{}: ", path);
  msg += what;
  error.emplace(code, std::move(msg));
  return false;
}

bool ObjectContext::WrongType(std::string_view path, std::string_view expected,
                              od::json_type got) const {
  return Fail(ErrorCode::kInvalidInput, path,
              fmt::format("expected {}, got {}", expected, JsonTypeName(got)));
}

bool ObjectContext::Simdjson(simdjson::error_code err, std::string_view path) const {
  return Fail(ErrorCode::kParseError, path,
              fmt::format("malformed JSON: {}", simdjson::error_message(err)));
}

Unexpected ObjectContext::TakeError() const {
  if (!error) return MakeError(ErrorCode::kInternal, "object read failed without an error");
  Error e = std::move(*error);
  error.reset();
  return Unexpected(std::move(e));
}

std::string_view JsonTypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "an array";
    case od::json_type::object:
      return "an object";
    case od::json_type::number:
      return "a number";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "an unknown JSON value";
}

namespace {

// The JSON type of `v`, or false when the value is not even a valid start of one.
bool TypeOf(od::value& v, od::json_type& t, const ObjectContext& c, std::string_view path) {
  if (auto err = v.type().get(t); err) return c.Simdjson(err, path);
  return true;
}

}  // namespace

bool ReadString(od::value& v, std::string_view& out, const ObjectContext& c,
                std::string_view path) {
  od::json_type t;
  if (!TypeOf(v, t, c, path)) return false;
  if (t == od::json_type::null) {
    out = {};
    return true;
  }
  if (t != od::json_type::string) return c.WrongType(path, "a string", t);
  if (auto err = v.get_string().get(out); err) return c.Simdjson(err, path);
  return true;
}

bool ReadBool(od::value& v, bool& out, bool& present, const ObjectContext& c,
              std::string_view path) {
  od::json_type t;
  if (!TypeOf(v, t, c, path)) return false;
  present = false;
  if (t == od::json_type::null) return true;
  if (t != od::json_type::boolean) return c.WrongType(path, "a boolean", t);
  if (auto err = v.get_bool().get(out); err) return c.Simdjson(err, path);
  present = true;
  return true;
}

bool ReadInt(od::value& v, std::int64_t& out, bool& present, const ObjectContext& c,
             std::string_view path) {
  od::json_type t;
  if (!TypeOf(v, t, c, path)) return false;
  present = false;
  if (t == od::json_type::null) return true;
  if (t != od::json_type::number) return c.WrongType(path, "an integer", t);
  if (auto err = v.get_int64().get(out); err) {
    return c.Fail(ErrorCode::kInvalidInput, path,
                  fmt::format("expected an integer: {}", simdjson::error_message(err)));
  }
  present = true;
  return true;
}

bool ReadObject(od::value& v, od::object& out, bool& is_null, const ObjectContext& c,
                std::string_view path) {
  od::json_type t;
  if (!TypeOf(v, t, c, path)) return false;
  is_null = t == od::json_type::null;
  if (is_null) return true;
  if (t != od::json_type::object) return c.WrongType(path, "an object", t);
  if (auto err = v.get_object().get(out); err) return c.Simdjson(err, path);
  return true;
}

bool ReadArray(od::value& v, od::array& out, bool& is_null, const ObjectContext& c,
               std::string_view path) {
  od::json_type t;
  if (!TypeOf(v, t, c, path)) return false;
  is_null = t == od::json_type::null;
  if (is_null) return true;
  if (t != od::json_type::array) return c.WrongType(path, "an array", t);
  if (auto err = v.get_array().get(out); err) return c.Simdjson(err, path);
  return true;
}

}  // namespace netdoctor::collect::offline

// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/node_report_facts.h"

#include <algorithm>

#include <fmt/format.h>

#include "facts/facts_json.h"
#include "facts/keys.h"

namespace netdoctor::collect::offline {
namespace {

constexpr std::string_view kPath = "spec.facts";

// The messages are those of facts::ParseFactsJson, so a document reads the same either way.
bool Bad(const ObjectContext& c, std::string_view where, std::string_view key,
         std::string_view what) {
  return c.Fail(ErrorCode::kInvalidInput, kPath,
                key.empty() ? fmt::format("{}: {}", where, what)
                            : fmt::format("{}: {}: {}", where, key, what));
}

bool TypeOf(od::value& v, od::json_type& t, const ObjectContext& c) {
  if (auto err = v.type().get(t); err) return c.Simdjson(err, kPath);
  return true;
}

// A string field (anything else, null included, is `what`).
bool String(od::value& v, std::string& out, const ObjectContext& c, std::string_view where,
            std::string_view key, std::string_view what) {
  od::json_type t{};
  if (!TypeOf(v, t, c)) return false;
  if (t != od::json_type::string) return Bad(c, where, key, what);
  std::string_view s;
  if (auto err = v.get_string().get(s); err) return c.Simdjson(err, kPath);
  out.assign(s);
  return true;
}

bool ReadRef(od::value& v, facts::ObjectRef& r, const ObjectContext& c, std::string_view where,
             std::string_view key) {
  od::json_type t{};
  if (!TypeOf(v, t, c)) return false;
  if (t != od::json_type::object) {
    return Bad(c, where, key, "expected an object with kind/namespace/name");
  }
  od::object obj;
  if (auto err = v.get_object().get(obj); err) return c.Simdjson(err, kPath);
  for (auto field_result : obj) {
    od::field field;
    if (auto err = std::move(field_result).get(field); err) return c.Simdjson(err, kPath);
    std::string_view name;
    if (auto err = field.unescaped_key().get(name); err) return c.Simdjson(err, kPath);
    std::string* dst = name == "kind"        ? &r.kind
                       : name == "namespace" ? &r.namespace_
                       : name == "name"      ? &r.name
                       : name == "detail"    ? &r.detail
                       : name == "node"      ? &r.node
                       : name == "address"   ? &r.address
                                             : nullptr;
    if (!dst) return Bad(c, where, key, fmt::format("unknown object field '{}'", name));
    if (!String(field.value(), *dst, c, where, key,
                fmt::format("field '{}' must be a string", name))) {
      return false;
    }
  }
  if (r.name.empty()) return Bad(c, where, key, "object needs a name");
  return true;
}

// facts::ValueFromJson over an On-Demand value.
bool ReadValue(od::value& v, facts::FactType type, facts::Value& out, const ObjectContext& c,
               std::string_view where, std::string_view key) {
  using facts::FactType;
  od::json_type t{};
  if (!TypeOf(v, t, c)) return false;
  switch (type) {
    case FactType::kBool: {
      bool b = false;
      if (t != od::json_type::boolean || v.get_bool().get(b)) {
        return Bad(c, where, key, "expected true or false");
      }
      out = b;
      return true;
    }
    case FactType::kInt: {
      std::int64_t i = 0;
      if (t != od::json_type::number || v.get_int64().get(i)) {
        return Bad(c, where, key, "expected an integer");
      }
      out = i;
      return true;
    }
    case FactType::kSysctl:
      if (t == od::json_type::number) {
        std::int64_t i = 0;
        if (v.get_int64().get(i)) return Bad(c, where, key, "expected a string");
        out = std::to_string(i);
        return true;
      }
      [[fallthrough]];
    case FactType::kString:
    case FactType::kVersion:
    case FactType::kKernelRelease: {
      std::string s;
      if (!String(v, s, c, where, key, "expected a string")) return false;
      out = std::move(s);
      return true;
    }
    case FactType::kStringList: {
      if (t != od::json_type::array) return Bad(c, where, key, "expected a list of strings");
      od::array arr;
      if (auto err = v.get_array().get(arr); err) return c.Simdjson(err, kPath);
      std::vector<std::string> l;
      for (auto element_result : arr) {
        od::value e;
        // NOLINTNEXTLINE(performance-move-const-arg)
        if (auto err = std::move(element_result).get(e); err) return c.Simdjson(err, kPath);
        if (!String(e, l.emplace_back(), c, where, key, "expected a list of strings")) return false;
      }
      out = std::move(l);
      return true;
    }
    case FactType::kObjectList: {
      if (t != od::json_type::array) return Bad(c, where, key, "expected a list of objects");
      od::array arr;
      if (auto err = v.get_array().get(arr); err) return c.Simdjson(err, kPath);
      std::vector<facts::ObjectRef> l;
      for (auto element_result : arr) {
        od::value e;
        // NOLINTNEXTLINE(performance-move-const-arg)
        if (auto err = std::move(element_result).get(e); err) return c.Simdjson(err, kPath);
        if (!ReadRef(e, l.emplace_back(), c, where, key)) return false;
      }
      out = std::move(l);
      return true;
    }
  }
  return Bad(c, where, key, "unhandled fact type");
}

}  // namespace

const facts::FactSpec* ReportFactsReader::Spec(std::string_view key) {
  if (auto it = specs_.find(key); it != specs_.end()) return it->second;
  const facts::FactSpec* spec = facts::FindFact(key);
  // Only catalogue keys are remembered, so a hostile report cannot grow the table.
  if (spec) specs_.emplace(std::string(key), spec);
  return spec;
}

bool ReportFactsReader::ReadFact(std::string_view key, od::value& v, const ObjectContext& c,
                                 std::string_view where, facts::Fact& f) {
  const facts::FactSpec* spec = Spec(key);
  if (!spec) return Bad(c, where, "", fmt::format("'{}' is not in the fact catalogue", key));
  od::json_type t{};
  if (!TypeOf(v, t, c)) return false;
  if (t != od::json_type::object) {
    return Bad(c, where, key, "expected {\"value\": ...} or {\"unknown\": \"reason\"}");
  }
  od::object obj;
  if (auto err = v.get_object().get(obj); err) return c.Simdjson(err, kPath);
  f.key.assign(key);
  bool has_value = false, has_unknown = false;
  for (auto field_result : obj) {
    od::field field;
    if (auto err = std::move(field_result).get(field); err) return c.Simdjson(err, kPath);
    std::string_view name;
    if (auto err = field.unescaped_key().get(name); err) return c.Simdjson(err, kPath);
    od::value fv = field.value();
    if (name == "value") {
      if (has_value) return Bad(c, where, key, "give exactly one of 'value' and 'unknown'");
      has_value = true;
      facts::Value val;
      if (!ReadValue(fv, spec->type, val, c, where, key)) return false;
      f.value = std::move(val);
    } else if (name == "unknown") {
      if (has_unknown) return Bad(c, where, key, "give exactly one of 'value' and 'unknown'");
      has_unknown = true;
      if (!String(fv, f.unknown_reason, c, where, key, "'unknown' must be a reason string")) {
        return false;
      }
    } else if (name == "source") {
      if (!String(fv, f.source, c, where, key, "'source' must be a string")) return false;
    } else if (name == "origin") {
      std::string o;
      const char* what = "origin must be measured, inferred, overridden or declared";
      if (!String(fv, o, c, where, key, what)) return false;
      auto parsed = facts::ParseOrigin(o);
      if (!parsed) return Bad(c, where, key, what);
      f.origin = *parsed;
    } else if (name == "derived_from") {
      od::json_type dt{};
      if (!TypeOf(fv, dt, c)) return false;
      if (dt != od::json_type::array) return Bad(c, where, key, "derived_from must be a list");
      od::array arr;
      if (auto err = fv.get_array().get(arr); err) return c.Simdjson(err, kPath);
      for (auto element_result : arr) {
        od::value e;
        // NOLINTNEXTLINE(performance-move-const-arg)
        if (auto err = std::move(element_result).get(e); err) return c.Simdjson(err, kPath);
        if (!String(e, f.derived_from.emplace_back(), c, where, key,
                    "derived_from must list strings")) {
          return false;
        }
      }
    } else {
      return Bad(c, where, key, fmt::format("unknown field '{}'", name));
    }
  }
  if (has_value == has_unknown) {
    return Bad(c, where, key, "give exactly one of 'value' and 'unknown'");
  }
  return true;
}

bool ReportFactsReader::ReadNode(od::value& v, const ObjectContext& c, std::string_view where,
                                 const std::vector<std::string_view>& skip,
                                 std::vector<facts::Fact>& out) {
  od::json_type t{};
  if (!TypeOf(v, t, c)) return false;
  if (t != od::json_type::object) return Bad(c, where, "", "expected an object of facts");
  od::object obj;
  if (auto err = v.get_object().get(obj); err) return c.Simdjson(err, kPath);
  for (auto field_result : obj) {
    od::field field;
    if (auto err = std::move(field_result).get(field); err) return c.Simdjson(err, kPath);
    std::string_view key;
    if (auto err = field.unescaped_key().get(key); err) return c.Simdjson(err, kPath);
    if (!facts::keys::IsNodeKey(key)) {
      return Bad(c, where, "",
                 fmt::format("'{}' does not belong here (keys start with {})", key,
                             facts::keys::kNodeScope));
    }
    facts::Fact f;
    if (!ReadFact(key, field.value(), c, where, f)) return false;
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
    out.push_back(std::move(f));
  }
  return true;
}

bool ReportFactsReader::Read(od::value& doc, const ObjectContext& c, std::string_view node,
                             const std::vector<std::string_view>& skip,
                             std::vector<facts::Fact>& out) {
  od::json_type t{};
  if (!TypeOf(doc, t, c)) return false;
  if (t != od::json_type::object) {
    return c.Fail(ErrorCode::kInvalidInput, kPath, "expected a JSON object");
  }
  od::object obj;
  if (auto err = doc.get_object().get(obj); err) return c.Simdjson(err, kPath);
  bool schema_ok = false;
  std::size_t nodes_seen = 0;
  bool matched = false;
  std::string first_name;
  std::vector<facts::Fact> first;  // the first node's facts, used when none is named `node`
  for (auto field_result : obj) {
    od::field field;
    if (auto err = std::move(field_result).get(field); err) return c.Simdjson(err, kPath);
    std::string_view name;
    if (auto err = field.unescaped_key().get(name); err) return c.Simdjson(err, kPath);
    od::value v = field.value();
    if (name == "schema") {
      od::json_type st{};
      std::string_view s;
      if (!TypeOf(v, st, c)) return false;
      schema_ok = st == od::json_type::string && !v.get_string().get(s) && s == facts::kFactsSchema;
      if (!schema_ok) break;
    } else if (name == "nodes") {
      od::json_type nt{};
      if (!TypeOf(v, nt, c)) return false;
      if (nt != od::json_type::object) {
        return c.Fail(ErrorCode::kInvalidInput, kPath,
                      "nodes: expected an object keyed by node name");
      }
      od::object nodes;
      if (auto err = v.get_object().get(nodes); err) return c.Simdjson(err, kPath);
      for (auto node_result : nodes) {
        od::field nf;
        if (auto err = std::move(node_result).get(nf); err) return c.Simdjson(err, kPath);
        std::string_view n;
        if (auto err = nf.unescaped_key().get(n); err) return c.Simdjson(err, kPath);
        ++nodes_seen;
        const std::string where = fmt::format("nodes.{}", n);
        if (n == node && !matched) {
          matched = true;
          out.clear();
          if (!ReadNode(nf.value(), c, where, skip, out)) return false;
        } else if (nodes_seen == 1) {
          first_name = std::string(n);
          if (!ReadNode(nf.value(), c, where, skip, first)) return false;
        } else {
          std::vector<facts::Fact> other;  // checked like the rest of the document, then dropped
          if (!ReadNode(nf.value(), c, where, skip, other)) return false;
        }
      }
    } else if (name == "cluster") {
      // Not used for a NodeReport (cluster facts come from the API objects); its shape is checked.
      od::json_type ct{};
      if (!TypeOf(v, ct, c)) return false;
      if (ct != od::json_type::object) {
        return c.Fail(ErrorCode::kInvalidInput, kPath, "cluster: expected an object of facts");
      }
    } else if (name == "examined") {
      // Which inputs looked at which scope (facts JSON): a NodeReport's node is examined by the
      // agent's own inputs, recorded when the report is merged; the shape is checked here.
      od::json_type et{};
      if (!TypeOf(v, et, c)) return false;
      if (et != od::json_type::object) {
        return c.Fail(ErrorCode::kInvalidInput, kPath, "examined: expected an object");
      }
    } else if (name == "inputs" || name == "incomplete") {
      od::json_type it{};
      if (!TypeOf(v, it, c)) return false;
      if (it != od::json_type::array) {
        return c.Fail(ErrorCode::kInvalidInput, kPath, fmt::format("{}: expected a list", name));
      }
    } else {
      return c.Fail(ErrorCode::kInvalidInput, kPath,
                    fmt::format("unknown top-level field '{}'", name));
    }
  }
  if (!schema_ok) {
    return c.Fail(ErrorCode::kInvalidInput, kPath,
                  fmt::format("schema: expected \"{}\"", facts::kFactsSchema));
  }
  if (matched) return true;
  if (nodes_seen == 1) {
    out = std::move(first);
    return true;
  }
  return c.Fail(ErrorCode::kInvalidInput, "spec.facts.nodes",
                nodes_seen == 0 ? std::string("no node facts")
                                : fmt::format("{} nodes and none named {}", nodes_seen, node));
}

}  // namespace netdoctor::collect::offline

// SPDX-License-Identifier: Apache-2.0
#include "facts/facts_json.h"

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace netdoctor::facts {
namespace {

using nlohmann::json;

Result<ObjectRef> RefFromJson(const json& j) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidInput, "expected an object with kind/namespace/name");
  ObjectRef r;
  auto str = [&](const char* k, std::string& dst) -> Status {
    if (!j.contains(k)) return Ok();
    if (!j[k].is_string()) return MakeError(ErrorCode::kInvalidInput, std::string("field '") + k + "' must be a string");
    dst = j[k].get<std::string>();
    return Ok();
  };
  for (auto [k, dst] : {std::pair<const char*, std::string*>{"kind", &r.kind}, {"namespace", &r.namespace_},
                        {"name", &r.name}, {"detail", &r.detail}, {"node", &r.node}, {"address", &r.address}}) {
    if (auto st = str(k, *dst); !st) return tl::unexpected(st.error());
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    static const char* kKnown[] = {"kind", "namespace", "name", "detail", "node", "address"};
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return it.key() == k; })) {
      return MakeError(ErrorCode::kInvalidInput, "unknown object field '" + it.key() + "'");
    }
  }
  if (r.name.empty()) return MakeError(ErrorCode::kInvalidInput, "object needs a name");
  return r;
}

Result<Fact> FactFromJson(const std::string& key, const json& j) {
  const FactSpec* spec = FindFact(key);
  if (!spec) return MakeError(ErrorCode::kInvalidInput, "'" + key + "' is not in the fact catalogue");
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidInput, key + ": expected {\"value\": ...} or {\"unknown\": \"reason\"}");
  Fact f;
  f.key = key;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const auto& k = it.key();
    if (k != "value" && k != "unknown" && k != "source" && k != "origin" && k != "derived_from") {
      return MakeError(ErrorCode::kInvalidInput, key + ": unknown field '" + k + "'");
    }
  }
  if (j.contains("value") == j.contains("unknown")) {
    return MakeError(ErrorCode::kInvalidInput, key + ": give exactly one of 'value' and 'unknown'");
  }
  if (j.contains("value")) {
    auto v = ValueFromJson(j["value"], spec->type);
    if (!v) return MakeError(ErrorCode::kInvalidInput, key + ": " + v.error().message());
    f.value = std::move(*v);
  } else {
    if (!j["unknown"].is_string()) return MakeError(ErrorCode::kInvalidInput, key + ": 'unknown' must be a reason string");
    f.unknown_reason = j["unknown"].get<std::string>();
  }
  if (j.contains("source")) {
    if (!j["source"].is_string()) return MakeError(ErrorCode::kInvalidInput, key + ": 'source' must be a string");
    f.source = j["source"].get<std::string>();
  }
  if (j.contains("origin")) {
    auto o = j["origin"].is_string() ? ParseOrigin(j["origin"].get<std::string>()) : std::nullopt;
    if (!o) return MakeError(ErrorCode::kInvalidInput, key + ": origin must be measured, inferred, overridden or declared");
    f.origin = *o;
  }
  if (j.contains("derived_from")) {
    if (!j["derived_from"].is_array()) return MakeError(ErrorCode::kInvalidInput, key + ": derived_from must be a list");
    for (const auto& d : j["derived_from"]) {
      if (!d.is_string()) return MakeError(ErrorCode::kInvalidInput, key + ": derived_from must list strings");
      f.derived_from.push_back(d.get<std::string>());
    }
  }
  return f;
}

json FactToJson(const Fact& f) {
  json j = json::object();
  if (f.known()) j["value"] = ValueToJson(*f.value);
  else j["unknown"] = f.unknown_reason;
  if (!f.source.empty()) j["source"] = f.source;
  if (f.origin != Origin::kMeasured) j["origin"] = std::string(OriginName(f.origin));
  if (!f.derived_from.empty()) j["derived_from"] = f.derived_from;
  return j;
}

Status ReadScope(const json& j, const std::string& where, std::string_view scope_prefix, FactSet& out) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidInput, where + ": expected an object of facts");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!std::string_view(it.key()).starts_with(scope_prefix)) {
      return MakeError(ErrorCode::kInvalidInput,
                       where + ": '" + it.key() + "' does not belong here (keys start with " + std::string(scope_prefix) + ")");
    }
    auto f = FactFromJson(it.key(), it.value());
    if (!f) return MakeError(ErrorCode::kInvalidInput, where + ": " + f.error().message());
    out.Set(std::move(*f));
  }
  return Ok();
}

}  // namespace

Result<Value> ValueFromJson(const json& j, FactType type) {
  switch (type) {
    case FactType::kBool:
      if (!j.is_boolean()) return MakeError(ErrorCode::kInvalidInput, "expected true or false");
      return Value{j.get<bool>()};
    case FactType::kInt:
      if (!j.is_number_integer()) return MakeError(ErrorCode::kInvalidInput, "expected an integer");
      return Value{j.get<std::int64_t>()};
    case FactType::kSysctl:
      if (j.is_number_integer()) return Value{std::to_string(j.get<std::int64_t>())};
      [[fallthrough]];
    case FactType::kString:
    case FactType::kVersion:
    case FactType::kKernelRelease:
      if (!j.is_string()) return MakeError(ErrorCode::kInvalidInput, "expected a string");
      return Value{j.get<std::string>()};
    case FactType::kStringList: {
      if (!j.is_array()) return MakeError(ErrorCode::kInvalidInput, "expected a list of strings");
      std::vector<std::string> l;
      for (const auto& e : j) {
        if (!e.is_string()) return MakeError(ErrorCode::kInvalidInput, "expected a list of strings");
        l.push_back(e.get<std::string>());
      }
      return Value{std::move(l)};
    }
    case FactType::kObjectList: {
      if (!j.is_array()) return MakeError(ErrorCode::kInvalidInput, "expected a list of objects");
      std::vector<ObjectRef> l;
      for (const auto& e : j) {
        auto r = RefFromJson(e);
        if (!r) return tl::unexpected(r.error());
        l.push_back(std::move(*r));
      }
      return Value{std::move(l)};
    }
  }
  return MakeError(ErrorCode::kInternal, "unhandled fact type");
}

json ValueToJson(const Value& v) {
  struct V {
    json operator()(bool b) const { return b; }
    json operator()(std::int64_t i) const { return i; }
    json operator()(const std::string& s) const { return s; }
    json operator()(const std::vector<std::string>& l) const { return l; }
    json operator()(const std::vector<ObjectRef>& l) const {
      json a = json::array();
      for (const auto& r : l) {
        json o = json::object();
        if (!r.kind.empty()) o["kind"] = r.kind;
        if (!r.namespace_.empty()) o["namespace"] = r.namespace_;
        o["name"] = r.name;
        if (!r.detail.empty()) o["detail"] = r.detail;
        if (!r.node.empty()) o["node"] = r.node;
        if (!r.address.empty()) o["address"] = r.address;
        a.push_back(std::move(o));
      }
      return a;
    }
  };
  return std::visit(V{}, v);
}

Result<Value> ParseValueText(std::string_view text, FactType type) {
  switch (type) {
    case FactType::kBool:
      if (text == "true") return Value{true};
      if (text == "false") return Value{false};
      return MakeError(ErrorCode::kInvalidInput, "expected true or false, got '" + std::string(text) + "'");
    case FactType::kInt: {
      auto i = core::ParseInt(text);
      if (!i) return MakeError(ErrorCode::kInvalidInput, "expected an integer, got '" + std::string(text) + "'");
      return Value{*i};
    }
    case FactType::kStringList: {
      std::vector<std::string> l;
      if (!text.empty()) {
        for (auto p : core::Split(text, ',')) l.emplace_back(core::Trim(p));
      }
      return Value{std::move(l)};
    }
    case FactType::kObjectList: {
      std::vector<ObjectRef> l;
      if (!text.empty()) {
        for (auto p : core::Split(text, ',')) {
          ObjectRef r;
          auto item = core::Trim(p);
          auto slash = item.find('/');
          if (slash != std::string_view::npos) {
            r.namespace_ = std::string(item.substr(0, slash));
            r.name = std::string(item.substr(slash + 1));
          } else {
            r.name = std::string(item);
          }
          l.push_back(std::move(r));
        }
      }
      return Value{std::move(l)};
    }
    default:
      return Value{std::string(text)};
  }
}

namespace {

// "examined": {"cluster": ["api"], "nodes": {"node-a": ["api", "live"]}} - which inputs looked at
// which scope (Coverage). Documents written before it existed have none; Merge infers it then.
Status ReadProducerList(const json& list, const std::string& where, Producers& out) {
  if (!list.is_array()) return MakeError(ErrorCode::kInvalidInput, where + ": expected a list of input kinds");
  for (const auto& item : list) {
    bool found = false;
    for (Producer p : kAllProducers) {
      if (item.is_string() && item.get<std::string>() == ProducerName(p)) {
        out = out | p;
        found = true;
      }
    }
    if (!found) {
      return MakeError(ErrorCode::kInvalidInput,
                       where + ": " + item.dump() + " is not an input kind (expected one of " +
                           ProducerNames(Producers::FromBits(0xffff)) + ")");
    }
  }
  return Ok();
}

Status ReadCoverage(const json& j, const std::string& where, Coverage& cov) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidInput, where + ": expected an object");
  if (j.contains("cluster")) {
    if (auto st = ReadProducerList(j["cluster"], where + ".cluster", cov.cluster); !st) return st;
  }
  if (j.contains("nodes")) {
    if (!j["nodes"].is_object()) return MakeError(ErrorCode::kInvalidInput, where + ".nodes: expected an object keyed by node name");
    for (auto it = j["nodes"].begin(); it != j["nodes"].end(); ++it) {
      if (auto st = ReadProducerList(it.value(), where + ".nodes." + it.key(), cov.nodes[it.key()]); !st) return st;
    }
  }
  cov.explicit_ = true;
  return Ok();
}

json ProducerList(Producers p) {
  json out = json::array();
  for (Producer f : kAllProducers) {
    if (p.Has(f)) out.push_back(std::string(ProducerName(f)));
  }
  return out;
}

json CoverageToJson(const Snapshot& snap) {
  json nodes = json::object();
  for (const auto& [name, p] : snap.examined.nodes) nodes[name] = ProducerList(p);
  return json{{"cluster", ProducerList(snap.examined.cluster)}, {"nodes", std::move(nodes)}};
}

}  // namespace

Result<Snapshot> ParseFactsJson(std::string_view text, std::string_view file) {
  const std::string f(file);
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return MakeError(ErrorCode::kParseError, f + ": not valid JSON");
  if (!doc.is_object()) return MakeError(ErrorCode::kInvalidInput, f + ": expected a JSON object");
  if (!doc.contains("schema") || doc["schema"] != kFactsSchema) {
    return MakeError(ErrorCode::kInvalidInput,
                     f + ": schema: expected \"" + std::string(kFactsSchema) + "\"");
  }
  Snapshot snap;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const auto& k = it.key();
    if (k != "schema" && k != "cluster" && k != "nodes" && k != "inputs" && k != "incomplete" &&
        k != "examined") {
      return MakeError(ErrorCode::kInvalidInput, f + ": unknown top-level field '" + k + "'");
    }
  }
  if (doc.contains("cluster")) {
    if (auto st = ReadScope(doc["cluster"], f + ": cluster", "cluster.", snap.cluster); !st) return tl::unexpected(st.error());
  }
  if (doc.contains("nodes")) {
    if (!doc["nodes"].is_object()) return MakeError(ErrorCode::kInvalidInput, f + ": nodes: expected an object keyed by node name");
    for (auto it = doc["nodes"].begin(); it != doc["nodes"].end(); ++it) {
      if (auto st = ReadScope(it.value(), f + ": nodes." + it.key(), "node.", snap.nodes[it.key()]); !st) {
        return tl::unexpected(st.error());
      }
    }
  }
  if (doc.contains("inputs")) {
    for (const auto& i : doc["inputs"]) {
      if (!i.is_object()) return MakeError(ErrorCode::kInvalidInput, f + ": inputs: expected objects");
      snap.inputs.push_back({i.value("kind", ""), i.value("where", ""), i.value("summary", "")});
    }
  }
  if (doc.contains("examined")) {
    if (auto st = ReadCoverage(doc["examined"], f + ": examined", snap.examined); !st) {
      return tl::unexpected(st.error());
    }
  }
  if (doc.contains("incomplete")) {
    for (const auto& i : doc["incomplete"]) {
      if (!i.is_string()) return MakeError(ErrorCode::kInvalidInput, f + ": incomplete: expected strings");
      snap.incomplete.push_back(i.get<std::string>());
    }
  }
  return snap;
}

std::string WriteFactsJson(const Snapshot& snap) {
  json doc = json::object();
  doc["schema"] = std::string(kFactsSchema);
  json cluster = json::object();
  for (const auto& [k, f] : snap.cluster.all()) cluster[k] = FactToJson(f);
  doc["cluster"] = std::move(cluster);
  json nodes = json::object();
  for (const auto& [name, set] : snap.nodes) {
    json n = json::object();
    for (const auto& [k, f] : set.all()) n[k] = FactToJson(f);
    nodes[name] = std::move(n);
  }
  doc["nodes"] = std::move(nodes);
  json inputs = json::array();
  for (const auto& i : snap.inputs) inputs.push_back({{"kind", i.kind}, {"where", i.where}, {"summary", i.summary}});
  doc["inputs"] = std::move(inputs);
  doc["incomplete"] = snap.incomplete;
  doc["examined"] = CoverageToJson(snap);
  // replace: a byte that is not UTF-8 must never make the writer throw (last line of defence).
  return doc.dump(2, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace) + "\n";
}

}  // namespace netdoctor::facts

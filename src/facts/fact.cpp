// SPDX-License-Identifier: Apache-2.0
#include "facts/fact.h"

#include <fmt/format.h>

namespace netdoctor::facts {

std::string_view OriginName(Origin o) {
  switch (o) {
    case Origin::kMeasured: return "measured";
    case Origin::kInferred: return "inferred";
    case Origin::kOverridden: return "overridden";
    case Origin::kDeclared: return "declared";
  }
  return "measured";
}

std::optional<Origin> ParseOrigin(std::string_view s) {
  if (s == "measured") return Origin::kMeasured;
  if (s == "inferred") return Origin::kInferred;
  if (s == "overridden") return Origin::kOverridden;
  if (s == "declared") return Origin::kDeclared;
  return std::nullopt;
}

Fact Fact::Known(std::string key, Value v, std::string source, Origin origin) {
  Fact f;
  f.key = std::move(key);
  f.value = std::move(v);
  f.source = std::move(source);
  f.origin = origin;
  return f;
}

Fact Fact::Unknown(std::string key, std::string reason, std::string source) {
  Fact f;
  f.key = std::move(key);
  f.unknown_reason = std::move(reason);
  f.source = std::move(source);
  return f;
}

namespace {
// An address names the thing itself: "192.168.3.187/24 on enp1s0", "default/web-0 (10.0.0.5)".
std::string RefToString(const ObjectRef& r) {
  std::string ref = r.namespace_.empty() ? r.name : r.namespace_ + "/" + r.name;
  if (r.address.empty()) return ref;
  return r.kind == "Interface" ? r.address + " on " + ref : ref + " (" + r.address + ")";
}
}  // namespace

std::string ValueToString(const Value& v) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<std::string>& l) const {
      return "[" + fmt::format("{}", fmt::join(l, ", ")) + "]";
    }
    std::string operator()(const std::vector<ObjectRef>& l) const {
      std::string out = "[";
      for (std::size_t i = 0; i < l.size(); ++i) {
        if (i) out += ", ";
        out += RefToString(l[i]);
      }
      return out + "]";
    }
  };
  return std::visit(Visitor{}, v);
}

void FactSet::Set(Fact fact) {
  auto it = facts_.find(fact.key);
  if (it != facts_.end()) {
    const Fact& old = it->second;
    if (old.known() && !fact.known()) return;
    if (old.known() && old.origin != Origin::kInferred && fact.origin == Origin::kInferred) return;
    if (old.origin == Origin::kOverridden) return;
    it->second = std::move(fact);
    return;
  }
  std::string key = fact.key;
  facts_.emplace(std::move(key), std::move(fact));
}

void FactSet::Override(Fact fact) {
  fact.origin = Origin::kOverridden;
  facts_.insert_or_assign(fact.key, std::move(fact));
}

const Fact* FactSet::Get(std::string_view key) const {
  auto it = facts_.find(key);
  return it == facts_.end() ? nullptr : &it->second;
}

std::optional<std::string> FactSet::GetString(std::string_view key) const {
  const Fact* f = Get(key);
  if (!f || !f->known()) return std::nullopt;
  if (auto* s = std::get_if<std::string>(&*f->value)) return *s;
  return std::nullopt;
}

std::optional<std::int64_t> FactSet::GetInt(std::string_view key) const {
  const Fact* f = Get(key);
  if (!f || !f->known()) return std::nullopt;
  if (auto* i = std::get_if<std::int64_t>(&*f->value)) return *i;
  return std::nullopt;
}

std::optional<bool> FactSet::GetBool(std::string_view key) const {
  const Fact* f = Get(key);
  if (!f || !f->known()) return std::nullopt;
  if (auto* b = std::get_if<bool>(&*f->value)) return *b;
  return std::nullopt;
}

void Snapshot::Merge(Snapshot other) {
  for (auto& [k, f] : other.cluster.all()) cluster.Set(f);
  for (auto& [name, set] : other.nodes) {
    auto& mine = nodes[name];
    for (auto& [k, f] : set.all()) mine.Set(f);
  }
  for (auto& i : other.inputs) inputs.push_back(std::move(i));
  for (auto& i : other.incomplete) incomplete.push_back(std::move(i));
  if (other.node_reports) {
    if (!node_reports) {
      node_reports = std::move(other.node_reports);
    } else {
      node_reports->nodes += other.node_reports->nodes;
      node_reports->reported += other.node_reports->reported;
      node_reports->stale += other.node_reports->stale;
      for (auto& n : other.node_reports->notes) node_reports->notes.push_back(std::move(n));
    }
  }
}

}  // namespace netdoctor::facts

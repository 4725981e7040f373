// SPDX-License-Identifier: Apache-2.0
#include "facts/fact.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <iterator>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace netdoctor::facts {

std::string_view OriginName(Origin o) {
  switch (o) {
    case Origin::kMeasured: return "measured";
    case Origin::kInferred: return "inferred";
    case Origin::kOverridden: return "overridden";
    case Origin::kDeclared: return "declared";
    case Origin::kMissing: return "missing";
  }
  return "measured";
}

std::optional<Origin> ParseOrigin(std::string_view s) {
  if (s == "measured") return Origin::kMeasured;
  if (s == "inferred") return Origin::kInferred;
  if (s == "overridden") return Origin::kOverridden;
  if (s == "declared") return Origin::kDeclared;
  if (s == "missing") return Origin::kMissing;
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

namespace {

// The catalogue's keys in catalog.def order: their ids are their positions.
constexpr std::string_view kCatalogKeys[] = {
#define FACT(id, key, type, scope, producers, description, ...) key,
#define FACT_FAMILY(id, prefix, type, scope, producers, description, ...)
#include "facts/catalog.def"
#undef FACT
#undef FACT_FAMILY
};
constexpr KeyId kCatalogSize = static_cast<KeyId>(std::size(kCatalogKeys));

// Built once, read without a lock.
const std::unordered_map<std::string_view, KeyId>& CatalogIds() {
  static const auto* ids = [] {
    auto* m = new std::unordered_map<std::string_view, KeyId>();
    m->reserve(kCatalogSize * 2);
    for (KeyId i = 0; i < kCatalogSize; ++i) m->emplace(kCatalogKeys[i], i);
    return m;
  }();
  return *ids;
}

// Keys outside the catalogue (family members, keys read from facts files), numbered on first use.
// The deque keeps each name at a stable address for the string_view map keys.
struct ExtraKeys {
  std::mutex mu;
  std::unordered_map<std::string_view, KeyId> ids;
  std::deque<std::string> names;
};
ExtraKeys& Extras() {
  static auto* e = new ExtraKeys();  // never destroyed: ids stay valid during static destruction
  return *e;
}

}  // namespace

KeyId InternKey(std::string_view key) {
  const auto& cat = CatalogIds();
  if (auto it = cat.find(key); it != cat.end()) return it->second;
  ExtraKeys& e = Extras();
  std::lock_guard lock(e.mu);
  if (auto it = e.ids.find(key); it != e.ids.end()) return it->second;
  KeyId id = kCatalogSize + static_cast<KeyId>(e.names.size());
  e.names.emplace_back(key);
  e.ids.emplace(e.names.back(), id);
  return id;
}

std::optional<KeyId> FindKeyId(std::string_view key) {
  const auto& cat = CatalogIds();
  if (auto it = cat.find(key); it != cat.end()) return it->second;
  ExtraKeys& e = Extras();
  std::lock_guard lock(e.mu);
  if (auto it = e.ids.find(key); it != e.ids.end()) return it->second;
  return std::nullopt;
}

FactSet::FactSet(const FactSet& other) : count_(other.count_), index_(other.index_) {
  chunks_.reserve(other.chunks_.size());
  for (std::uint32_t base = 0; base < count_; base += kChunk) {
    auto chunk = std::make_unique<Fact[]>(kChunk);
    for (std::uint32_t i = 0; i < kChunk && base + i < count_; ++i) chunk[i] = other.At(base + i);
    chunks_.push_back(std::move(chunk));
  }
}

FactSet& FactSet::operator=(const FactSet& other) {
  if (this != &other) *this = FactSet(other);
  return *this;
}

FactSet::FactSet(FactSet&& other) noexcept
    : chunks_(std::move(other.chunks_)),
      count_(std::exchange(other.count_, 0)),
      index_(std::move(other.index_)) {
  other.chunks_.clear();
  other.index_.clear();
}

FactSet& FactSet::operator=(FactSet&& other) noexcept {
  if (this != &other) {
    chunks_ = std::move(other.chunks_);
    count_ = std::exchange(other.count_, 0);
    index_ = std::move(other.index_);
    other.chunks_.clear();
    other.index_.clear();
  }
  return *this;
}

Fact* FactSet::Find(KeyId id) const {
  auto it = std::lower_bound(index_.begin(), index_.end(), id,
                             [](const Slot& s, KeyId k) { return s.id < k; });
  return it != index_.end() && it->id == id ? &At(it->pos) : nullptr;
}

const Fact* FactSet::Get(KeyId id) const { return Find(id); }

const Fact* FactSet::Get(std::string_view key) const {
  auto id = FindKeyId(key);
  return id ? Get(*id) : nullptr;
}

void FactSet::Store(KeyId id, Fact fact) {
  auto it = std::lower_bound(index_.begin(), index_.end(), id,
                             [](const Slot& s, KeyId k) { return s.id < k; });
  if (it != index_.end() && it->id == id) {
    At(it->pos) = std::move(fact);
    return;
  }
  // New chunks of kChunk, never a reallocation: callers keep Get() pointers across Set(), and
  // with 5,000 node sets the doubling slack of a growing vector was the largest single holder.
  if (count_ % kChunk == 0) chunks_.push_back(std::make_unique<Fact[]>(kChunk));
  index_.insert(it, Slot{id, count_});
  At(count_) = std::move(fact);
  ++count_;
}

bool FactSet::Accepts(const Fact& old, const Fact& fact) {
  if (old.known() && !fact.known()) return false;
  if (old.known() && old.origin != Origin::kInferred && fact.origin == Origin::kInferred) return false;
  if (old.origin == Origin::kOverridden) return false;
  return true;
}

void FactSet::Set(Fact fact) {
  KeyId id = InternKey(fact.key);
  if (Fact* old = Find(id)) {
    if (Accepts(*old, fact)) *old = std::move(fact);
    return;
  }
  Store(id, std::move(fact));
}

void FactSet::Override(Fact fact) {
  fact.origin = Origin::kOverridden;
  KeyId id = InternKey(fact.key);
  Store(id, std::move(fact));
}

void FactSet::MergeFrom(FactSet&& other) {
  if (count_ == 0) {
    *this = std::move(other);
    return;
  }
  for (std::uint32_t i = 0; i < other.count_; ++i) Set(std::move(other.At(i)));
  other = FactSet();
}

FactSet::Range FactSet::all() const {
  std::vector<const Fact*> sorted;
  sorted.reserve(count_);
  for (std::uint32_t i = 0; i < count_; ++i) sorted.push_back(&At(i));
  std::sort(sorted.begin(), sorted.end(),
            [](const Fact* a, const Fact* b) { return a->key < b->key; });
  return Range(std::move(sorted));
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

Producers ProducerOfInputKind(std::string_view kind) {
  if (kind == "live-host") return Producer::kLive;
  if (kind == "host-root") return Producer::kHostRoot;
  if (kind == "sosreport") return Producer::kSos;
  if (kind == "dump") return Producer::kDump;
  if (kind == "api") return Producer::kApi;
  if (kind == "plan") return Producer::kPlan;
  return {};
}

void Snapshot::Merge(Snapshot other) {
  // Coverage: explicit when the other side says so, else every input of the other side examined
  // each of its nodes, and the Kubernetes-object inputs (and a plan) examined the cluster.
  if (!other.examined.explicit_) {
    Producers from_inputs;
    for (const auto& i : other.inputs) from_inputs = from_inputs | ProducerOfInputKind(i.kind);
    for (const auto& [name, set] : other.nodes) {
      other.examined.nodes[name] = other.examined.Node(name) | from_inputs;
    }
    const Producers cluster_kinds = Producer::kDump | Producer::kApi | Producer::kPlan;
    other.examined.cluster =
        other.examined.cluster | Producers::FromBits(from_inputs.bits() & cluster_kinds.bits());
  }
  examined.cluster = examined.cluster | other.examined.cluster;
  for (const auto& [name, p] : other.examined.nodes) examined.nodes[name] = examined.Node(name) | p;
  // MergeFrom takes a scope this side has nothing of over whole: merging one large input (5,000
  // nodes from the API) into an empty snapshot must not hold two copies of it at once.
  cluster.MergeFrom(std::move(other.cluster));
  for (auto& [name, set] : other.nodes) nodes[name].MergeFrom(std::move(set));
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

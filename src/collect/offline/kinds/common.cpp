// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <tuple>

#include "collect/offline/kinds/kind.h"
#include "core/strings.h"
#include "version/semver.h"

namespace netdoctor::collect::offline::kinds {

std::uint32_t MapperState::NodeIndex(string_view name) {
  auto it = node_index.find(name);
  if (it != node_index.end()) return it->second;
  auto idx = static_cast<std::uint32_t>(nodes.size());
  nodes.emplace_back();
  nodes.back().name = std::string(name);
  node_index.emplace(std::string(name), idx);
  return idx;
}

const KeptConfigMap* MapperState::ConfigMap(string_view ns, string_view name) const {
  for (auto it = config_maps.rbegin(); it != config_maps.rend(); ++it) {
    if (it->name == name && (ns.empty() || it->ns == ns)) return &*it;
  }
  return nullptr;
}

bool StartsWith(string_view s, string_view p) {
  return s.substr(0, p.size()) == p;
}

// simdjson guarantees the raw key is closed by an unescaped quote inside the padded buffer.
string_view RawKeyText(od::raw_json_string key) {
  const char* p = key.raw();
  std::size_t n = 0;
  while (p[n] != '"') n += p[n] == '\\' ? 2 : 1;
  return string_view(p, n);
}

std::string JoinViews(const std::vector<string_view>& v, string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::string Canonical(string_view value, std::initializer_list<string_view> spellings) {
  std::string lower = core::ToLower(value);
  for (auto s : spellings) {
    if (core::ToLower(s) == lower) return std::string(s);
  }
  return std::string(value);
}

bool Newer(string_view a, string_view b) {
  auto pa = version::ParseSemver(a);
  if (!pa) return false;
  auto pb = version::ParseSemver(b);
  if (!pb) return true;
  return version::CompareSemver(*pa, *pb) > 0;
}

// Overlapping inputs (a directory plus a separate `kubectl get` file) must not list an object
// twice.
void SortUnique(std::vector<ObjectRef>& refs) {
  auto key = [](const ObjectRef& r) { return std::tie(r.kind, r.namespace_, r.name); };
  std::stable_sort(refs.begin(), refs.end(),
                   [&](const ObjectRef& a, const ObjectRef& b) { return key(a) < key(b); });
  refs.erase(std::unique(refs.begin(), refs.end(),
                         [&](const ObjectRef& a, const ObjectRef& b) { return key(a) == key(b); }),
             refs.end());
}

Fact Known(std::string_view key, facts::Value v, std::string source, Origin origin) {
  return Fact::Known(std::string(key), std::move(v), std::move(source), origin);
}

Fact Unknown(std::string_view key, std::string reason, std::string source) {
  return Fact::Unknown(std::string(key), std::move(reason), std::move(source));
}

void SetUnknown(facts::FactSet& fs, std::initializer_list<std::string_view> keys,
                const std::string& reason) {
  for (std::string_view key : keys) fs.Set(Unknown(key, reason));
}

}  // namespace netdoctor::collect::offline::kinds

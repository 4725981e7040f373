// SPDX-License-Identifier: Apache-2.0
#include "facts/catalog.h"

#include <string>

namespace netdoctor::facts {
namespace {

constexpr auto kLive = Producer::kLive;
constexpr auto kHostRoot = Producer::kHostRoot;
constexpr auto kSos = Producer::kSos;
constexpr auto kDump = Producer::kDump;
constexpr auto kApi = Producer::kApi;
constexpr auto kDerived = Producer::kDerived;
constexpr auto kPlan = Producer::kPlan;

// The rows of facts/catalog.def; a family's key is its prefix followed by "*".
constexpr FactSpec kFacts[] = {
#define FACT(id, key, type, scope, producers, description) \
  FactSpec{key, FactType::type, FactScope::scope, description, Producers(producers)},
#define FACT_FAMILY(id, prefix, type, scope, producers, description) \
  FactSpec{prefix "*", FactType::type, FactScope::scope, description, Producers(producers)},
#include "facts/catalog.def"
#undef FACT
#undef FACT_FAMILY
};

}  // namespace

std::span<const FactSpec> Catalog() { return kFacts; }

const FactSpec* FindFact(std::string_view key) {
  for (const auto& f : kFacts) {
    if (f.key == key) return &f;
    if (f.key.ends_with(".*")) {
      auto prefix = f.key.substr(0, f.key.size() - 1);  // keeps the dot
      if (key.starts_with(prefix) && key.size() > prefix.size()) return &f;
    }
  }
  return nullptr;
}

std::string_view ProducerName(Producer p) {
  switch (p) {
    case Producer::kLive: return "live";
    case Producer::kHostRoot: return "host-root";
    case Producer::kSos: return "sos";
    case Producer::kDump: return "dump";
    case Producer::kApi: return "api";
    case Producer::kDerived: return "derive";
    case Producer::kPlan: return "plan";
  }
  return "?";
}

std::string ProducerNames(Producers p) {
  std::string out;
  for (Producer f : kAllProducers) {
    if (!p.Has(f)) continue;
    if (!out.empty()) out += ", ";
    out += ProducerName(f);
  }
  return out;
}

std::string_view FactTypeName(FactType t) {
  switch (t) {
    case FactType::kBool: return "bool";
    case FactType::kInt: return "int";
    case FactType::kString: return "string";
    case FactType::kVersion: return "version";
    case FactType::kKernelRelease: return "kernel-release";
    case FactType::kStringList: return "string-list";
    case FactType::kObjectList: return "object-list";
    case FactType::kSysctl: return "sysctl";
  }
  return "string";
}

}  // namespace netdoctor::facts

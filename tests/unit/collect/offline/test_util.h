// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers shared by the collect/offline tests.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "facts/fact.h"

namespace netdoctor::collect::offline::testing {

inline std::string Fixture(const std::string& name) {
  return std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/kubectl/" + name;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Every fact of a snapshot as "scope key = value | origin | source | unknown reason" lines, so
/// two snapshots can be compared whole.
inline std::string SnapshotText(const facts::Snapshot& snap) {
  std::string out;
  auto dump = [&](const std::string& scope, const facts::FactSet& set) {
    for (const auto& [key, f] : set.all()) {
      out += scope + " " + key + " = ";
      if (f.known()) {
        out += facts::ValueToString(*f.value);
        if (auto* refs = std::get_if<std::vector<facts::ObjectRef>>(&*f.value)) {
          for (const auto& r : *refs) {
            out += " {" + r.kind + "|" + r.namespace_ + "|" + r.name + "|" + r.detail + "|" +
                   r.node + "|" + r.address + "}";
          }
        }
      } else {
        out += "UNKNOWN(" + f.unknown_reason + ")";
      }
      out += " | " + std::string(facts::OriginName(f.origin)) + " | " + f.source + "\n";
    }
  };
  dump("cluster", snap.cluster);
  for (const auto& [name, set] : snap.nodes) dump("node[" + name + "]", set);
  return out;
}

inline const facts::Fact& Get(const facts::FactSet& set, const std::string& key) {
  static const facts::Fact kMissing = facts::Fact::Unknown("", "MISSING FROM SNAPSHOT");
  const facts::Fact* f = set.Get(key);
  EXPECT_NE(f, nullptr) << key;
  return f ? *f : kMissing;
}

inline std::vector<std::string> Strings(const facts::Fact& f) {
  if (!f.known()) return {"<unknown: " + f.unknown_reason + ">"};
  if (auto* v = std::get_if<std::vector<std::string>>(&*f.value)) return *v;
  return {"<not a string list>"};
}

inline std::vector<facts::ObjectRef> Refs(const facts::Fact& f) {
  if (!f.known()) return {};
  if (auto* v = std::get_if<std::vector<facts::ObjectRef>>(&*f.value)) return *v;
  return {};
}

/// "kind ns/name" of each ref, for compact expectations.
inline std::vector<std::string> RefNames(const facts::Fact& f) {
  std::vector<std::string> out;
  for (const auto& r : Refs(f)) {
    out.push_back(r.kind + " " + (r.namespace_.empty() ? "" : r.namespace_ + "/") + r.name);
  }
  return out;
}

}  // namespace netdoctor::collect::offline::testing

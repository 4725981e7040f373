// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::offline {

/// One API resource netdoctor reads. The API client lists exactly these (GET only).
struct ResourceKind {
  std::string_view group;     // "" for the core group
  std::string_view version;   // "v1", "v2beta1"
  std::string_view resource;  // plural, as in the URL: "nodes", "spiderippools"
  std::string_view kind;      // "Node", "SpiderIPPool"
  bool namespaced;
  bool optional;  // a CRD that may be absent (skipped cleanly)
};

/// Every resource the knowledge base needs, in the order the API client should list them.
const std::vector<ResourceKind>& NeededResources();

struct MapperOptions {
  /// Where facts come from, used in fact sources ("dump", "api").
  std::string input_kind = "dump";
  /// What was read (paths, server URL), copied into the InputInfo that Finish() adds.
  std::string where;
  /// "Now" for the age of NodeReports (a report older than three intervals is stale); unset:
  /// no report is called stale.
  std::optional<std::chrono::system_clock::time_point> now = std::nullopt;
};

/// Turns Kubernetes objects, one at a time and in any order, into cluster and node facts.
/// Keeps only what the knowledge base needs (bounded memory: no object is retained whole; per Pod
/// only namespace, name, node and IP).
/// Used by the dump reader and the API client alike, so both give identical facts.
class ObjectMapper {
 public:
  explicit ObjectMapper(MapperOptions opts = {});
  ~ObjectMapper();
  ObjectMapper(const ObjectMapper&) = delete;
  ObjectMapper& operator=(const ObjectMapper&) = delete;

  /// One object (never a List). `origin` names where it was read ("cluster.json item 17",
  /// "GET /api/v1/pods page 3"). Objects of kinds the KB does not need are counted and ignored.
  /// Errors: kParseError / kInvalidInput naming `origin` and the field.
  [[nodiscard]] Status Add(simdjson::ondemand::object& obj, std::string_view origin);
  /// Same, for an item of a typed List whose items carry no `kind` of their own (API list
  /// responses, `kubectl cluster-info dump`): `kind_hint` ("Pod" for a PodList) is used when the
  /// object has no `kind` field. An object with neither is an error (kInvalidInput).
  [[nodiscard]] Status Add(simdjson::ondemand::object& obj, std::string_view origin,
                           std::string_view kind_hint);
  /// Same, from JSON text (parsed here).
  [[nodiscard]] Status AddJson(std::string_view json, std::string_view origin);
  [[nodiscard]] Status AddJson(std::string_view json, std::string_view origin,
                               std::string_view kind_hint);

  /// Records that a list of `list_kind` ("PodList", "DaemonSetList") was read, even if it was
  /// empty: facts about that kind are then known (an empty list, a count of zero, "absent").
  /// "List" and kinds not ending in "List" are ignored.
  void NoteListKind(std::string_view list_kind);

  /// Facts of everything added. Facts about kinds that were never seen are unknown, naming the
  /// missing kind ("no kube-system/kube-proxy ConfigMap in the input"). Every catalogue fact
  /// produced by "dump" is present afterwards (known or unknown) in the cluster scope and in each
  /// node scope. Call once; the mapper is empty afterwards.
  facts::Snapshot Finish();

  std::uint64_t objects_seen() const;

 private:
  struct State;
  State* state_;
};

}  // namespace netdoctor::collect::offline

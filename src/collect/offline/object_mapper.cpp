// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/object_mapper.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "collect/offline/json_fields.h"
#include "collect/offline/kinds/kind.h"
#include "core/strings.h"
#include "facts/catalog.h"

namespace netdoctor::collect::offline {

// ---------------------------------------------------------------------------------------------
// The kinds netdoctor reads and the steps that turn them into facts. Each lives in its family's
// file under kinds/; a new kind is a KindEntry there plus a line here.
namespace kinds {
extern const KindEntry kNodeKind;                // nodes.cpp
extern const KindEntry kNamespaceKind;           // services_pods.cpp
extern const KindEntry kServiceKind;             // services_pods.cpp
extern const KindEntry kIngressKind;             // services_pods.cpp
extern const KindEntry kPodKind;                 // services_pods.cpp
extern const KindEntry kDaemonSetKind;           // workloads.cpp
extern const KindEntry kDeploymentKind;          // workloads.cpp
extern const KindEntry kConfigMapKind;           // kube_proxy.cpp
extern const KindEntry kFelixConfigurationKind;  // calico.cpp
extern const KindEntry kIPPoolKind;              // calico.cpp
extern const KindEntry kSpiderIPPoolKind;        // spiderpool.cpp
extern const KindEntry kSpiderSubnetKind;        // spiderpool.cpp
extern const KindEntry kSpiderCoordinatorKind;   // spiderpool.cpp
extern const KindEntry kSpiderMultusConfigKind;  // spiderpool.cpp
extern const KindEntry kNodeReportKind;          // node_reports.cpp

void FinishKubernetesVersion(MapperState& st, facts::Snapshot& snap);   // nodes.cpp
void FinishPodConflicts(MapperState& st, facts::Snapshot& snap);        // services_pods.cpp
void FinishNodes(MapperState& st, facts::Snapshot& snap);               // nodes.cpp
void FinishKubeProxy(MapperState& st, facts::Snapshot& snap);           // kube_proxy.cpp
void FinishServicesAndObjects(MapperState& st, facts::Snapshot& snap);  // services_pods.cpp
void FinishCalico(MapperState& st, facts::Snapshot& snap);              // calico.cpp
void FinishSpiderpool(MapperState& st, facts::Snapshot& snap);          // spiderpool.cpp
void FinishNodeReports(MapperState& st, facts::Snapshot& snap);         // node_reports.cpp
}  // namespace kinds

namespace {

using kinds::KindEntry;
using kinds::Meta;
using std::string_view;

// In the order the API client lists them: small lists first, Pods (the largest) last, so a
// failure shows up before the long transfer.
constexpr const KindEntry* kKinds[] = {
    &kinds::kNodeKind,
    &kinds::kNamespaceKind,
    // All namespaces: spiderpool-conf lives in Spiderpool's install namespace ("spiderpool" in
    // its docs, "kube-system" in older ones).
    &kinds::kConfigMapKind,
    &kinds::kDaemonSetKind,
    &kinds::kDeploymentKind,
    &kinds::kServiceKind,
    &kinds::kIngressKind,
    &kinds::kFelixConfigurationKind,
    &kinds::kIPPoolKind,
    &kinds::kSpiderIPPoolKind,
    &kinds::kSpiderSubnetKind,
    &kinds::kSpiderCoordinatorKind,
    &kinds::kSpiderMultusConfigKind,
    // Written by `netdoctor agent` on each node: that node's facts.
    &kinds::kNodeReportKind,
    &kinds::kPodKind,
};

// In order: the Kubernetes version reads kubelet versions before FinishNodes moves them, and the
// Pod conflicts read the node Pod lists before FinishNodes moves those into facts.
constexpr kinds::FinishStep kFinishSteps[] = {
    kinds::FinishKubernetesVersion, kinds::FinishPodConflicts, kinds::FinishNodes,
    kinds::FinishKubeProxy,         kinds::FinishServicesAndObjects, kinds::FinishCalico,
    kinds::FinishSpiderpool,        kinds::FinishNodeReports,
};

constexpr int kOtherKind = -1;

int KindIndex(string_view kind) {
  static const std::unordered_map<string_view, int> kIndex = [] {
    std::unordered_map<string_view, int> m;
    for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i) {
      m.emplace(kKinds[i]->resource.kind, i);
    }
    return m;
  }();
  auto it = kIndex.find(kind);
  return it == kIndex.end() ? kOtherKind : it->second;
}

}  // namespace

const std::vector<ResourceKind>& NeededResources() {
  static const std::vector<ResourceKind> kResources = [] {
    std::vector<ResourceKind> out;
    for (const KindEntry* k : kKinds) out.push_back(k->resource);
    return out;
  }();
  return kResources;
}

// ---------------------------------------------------------------------------------------------

struct ObjectMapper::State : kinds::MapperState {
  simdjson::ondemand::parser parser;  // for AddJson only
  std::vector<std::unique_ptr<kinds::KindReader>> readers;  // by index in kKinds; null: none

  // Objects come in runs of one kind (Lists): the kind of the previous object is remembered to
  // spare a map lookup per object. `name` views the key inside kind_counts (stable in a map).
  struct LastKind {
    std::string_view name;
    int index = kOtherKind;
    std::uint64_t* count = nullptr;
  } last_kind;

  State() {
    for (const KindEntry* k : kKinds) {
      readers.push_back(k->make_reader ? k->make_reader() : nullptr);
    }
  }

  int CachedKindIndex(std::string_view kind) const {
    return last_kind.count && kind == last_kind.name ? last_kind.index : KindIndex(kind);
  }
  kinds::KindReader* Reader(int index) const {
    return index == kOtherKind ? nullptr : readers[static_cast<std::size_t>(index)].get();
  }

  Status Add(od::object& obj, string_view origin, string_view hint);
  void Count(string_view kind);
  void NoteTerminating(string_view kind, const Meta& m, const kinds::KindReader* reader);
  facts::Snapshot Finish();
};

namespace {

bool ParseLabels(od::value& v, Meta& m, const ObjectContext& c) {
  return ForEachField(v, c, "metadata.labels", [&](od::raw_json_string lk, od::value& lv) -> bool {
    if (KeyIs(lk, "k8s-app")) return ReadString(lv, m.k8s_app, c, "metadata.labels.k8s-app");
    if (KeyIs(lk, "component")) {
      return ReadString(lv, m.component, c, "metadata.labels.component");
    }
    if (KeyIs(lk, "app.kubernetes.io/version")) {
      return ReadString(lv, m.app_version, c, "metadata.labels[app.kubernetes.io/version]");
    }
    if (KeyIs(lk, "app.kubernetes.io/component")) {
      return ReadString(lv, m.app_component, c, "metadata.labels[app.kubernetes.io/component]");
    }
    return true;
  });
}

bool ParseOwnerKinds(od::value& v, Meta& m, const ObjectContext& c) {
  return ForEachElement(v, c, "metadata.ownerReferences", [&](od::value& e, std::size_t) {
    return ForEachField(e, c, "metadata.ownerReferences",
                        [&](od::raw_json_string ok, od::value& ov) -> bool {
                          if (!KeyIs(ok, "kind")) return true;
                          string_view owner;
                          if (!ReadString(ov, owner, c, "metadata.ownerReferences.kind")) {
                            return false;
                          }
                          if (owner == "StatefulSet") m.statefulset_owner = true;
                          return true;
                        });
  });
}

bool ParseMeta(od::value& v, Meta& m, const ObjectContext& c) {
  m.has_metadata = true;
  return ForEachField(v, c, "metadata", [&](od::raw_json_string key, od::value& f) -> bool {
    if (KeyIs(key, "name")) return ReadString(f, m.name, c, "metadata.name");
    if (KeyIs(key, "namespace")) return ReadString(f, m.ns, c, "metadata.namespace");
    if (KeyIs(key, "deletionTimestamp")) {
      return ReadString(f, m.deletion_ts, c, "metadata.deletionTimestamp");
    }
    if (KeyIs(key, "labels")) return ParseLabels(f, m, c);
    if (KeyIs(key, "finalizers")) {
      return ForEachString(f, c, "metadata.finalizers", [&](string_view s) -> bool {
        m.finalizers.push_back(s);
        return true;
      });
    }
    if (KeyIs(key, "ownerReferences")) return ParseOwnerKinds(f, m, c);
    return true;
  });
}

}  // namespace

Status ObjectMapper::State::Add(od::object& obj, string_view origin, string_view hint) {
  ObjectContext c{origin, hint, {}, {}, {}};
  string_view kind = hint;
  int k = kind.empty() ? kOtherKind : CachedKindIndex(kind);
  kinds::KindReader* reader = Reader(k);
  if (reader) reader->Begin();
  bool kind_field_read = false;
  bool metadata_exists = false;
  bool meta_done = false;
  bool spec_done = false;
  bool status_done = false;
  bool data_done = false;
  bool spec_present = false;
  bool deferred = false;
  int pass = 0;
  Meta meta;

  // Fields are handled in document order. kubectl, the API server and jq -S all put `kind`
  // before `metadata` and `metadata` before `spec`/`status`/`data`, so one pass is the rule;
  // for any other order the object is rewound (at most twice) instead of buffered.
  auto visit = [&](od::raw_json_string key, od::value& v) -> bool {
    if (KeyIs(key, "kind")) {
      if (kind_field_read) return true;
      kind_field_read = true;
      string_view own;
      if (!ReadString(v, own, c, "kind")) return false;
      if (own.empty()) return true;
      if (!hint.empty() && own != hint) {
        return c.Fail(ErrorCode::kInvalidInput, "kind",
                      fmt::format("a {} inside a list of {} objects", own, hint));
      }
      kind = own;
      k = CachedKindIndex(kind);
      kinds::KindReader* own_reader = Reader(k);
      if (own_reader && own_reader != reader) own_reader->Begin();
      reader = own_reader;
      c.kind = kind;
      return true;
    }
    if (KeyIs(key, "metadata")) {
      metadata_exists = true;
      if (meta_done) return true;
      if (kind.empty()) {
        deferred = true;
        return true;
      }
      meta_done = true;
      if (!ParseMeta(v, meta, c)) return false;
      c.ns = meta.ns;
      c.name = meta.name;
      return true;
    }
    string_view section;
    bool* done = nullptr;
    if (KeyIs(key, "spec")) {
      section = "spec";
      done = &spec_done;
    } else if (KeyIs(key, "status")) {
      section = "status";
      done = &status_done;
    } else if (KeyIs(key, "data")) {
      section = "data";
      done = &data_done;
    } else {
      return true;
    }
    if (*done) return true;
    if (kind.empty() || (!meta_done && (pass == 0 || metadata_exists))) {
      deferred = true;
      return true;
    }
    *done = true;
    if (section == "spec") spec_present = true;
    return reader ? reader->Section(section, v, meta, c) : true;
  };

  for (pass = 0; pass < 3; ++pass) {
    deferred = false;
    if (pass > 0) {
      bool not_empty = false;
      if (auto err = obj.reset().get(not_empty); err) {
        c.Simdjson(err, "");
        return c.TakeError();
      }
    }
    if (!ForEachFieldOf(obj, c, "", visit)) return c.TakeError();
    if (pass == 0 && kind.empty()) {
      c.Fail(ErrorCode::kInvalidInput, "kind",
             "the object has no kind (and is not an item of a typed List)");
      return c.TakeError();
    }
    if (!deferred) break;
  }

  NoteTerminating(kind, meta, reader);
  if (reader) {
    if (auto st = reader->Commit(*this, kind, meta, spec_present, c); !st) return st;
  }
  Count(kind);
  return Ok();
}

// Terminating objects of any kind: deleted, but held by finalizers.
void ObjectMapper::State::NoteTerminating(string_view kind, const Meta& m,
                                          const kinds::KindReader* reader) {
  if (m.deletion_ts.empty()) return;
  std::vector<string_view> spec_finalizers;
  std::vector<std::string> blockers;
  if (reader) reader->TerminationDetail(spec_finalizers, blockers);
  if (m.finalizers.empty() && spec_finalizers.empty()) return;
  // Which finalizer holds it, where it sits (a Namespace's "kubernetes" is in spec, others in
  // metadata) and what the object's status says blocks it.
  std::string detail = fmt::format("deletionTimestamp={}", m.deletion_ts);
  if (!m.finalizers.empty()) {
    detail += fmt::format(" metadata.finalizers=[{}]", kinds::JoinViews(m.finalizers, ", "));
  }
  if (!spec_finalizers.empty()) {
    detail += fmt::format(" spec.finalizers=[{}]", kinds::JoinViews(spec_finalizers, ", "));
  }
  if (!blockers.empty()) detail += fmt::format("; blocked by: {}", core::Join(blockers, "; "));
  terminating.push_back(facts::ObjectRef{std::string(kind), std::string(m.ns),
                                         std::string(m.name), std::move(detail), "", ""});
}

void ObjectMapper::State::Count(string_view kind) {
  ++objects;
  if (kind != last_kind.name || !last_kind.count) {
    auto it = kind_counts.find(kind);
    if (it == kind_counts.end()) it = kind_counts.emplace(std::string(kind), 0).first;
    last_kind.count = &it->second;
    last_kind.name = it->first;
    last_kind.index = KindIndex(kind);
  }
  ++*last_kind.count;
}

facts::Snapshot ObjectMapper::State::Finish() {
  facts::Snapshot snap;
  for (kinds::FinishStep step : kFinishSteps) step(*this, snap);

  // Safety net: every catalogue fact this producer owns is present, known or not.
  const std::string not_produced = fmt::format("not produced from the {} input", opts.input_kind);
  for (const auto& spec : facts::Catalog()) {
    if (!spec.producers.Has(facts::Producer::kDump) || spec.key.ends_with(".*")) {
      continue;
    }
    if (spec.scope == facts::FactScope::kCluster) {
      if (!snap.cluster.Has(spec.key)) snap.cluster.Set(kinds::Unknown(spec.key, not_produced));
    } else {
      for (auto& [name, fs] : snap.nodes) {
        if (!fs.Has(spec.key)) fs.Set(kinds::Unknown(spec.key, not_produced));
      }
    }
  }

  std::vector<std::string> counts;
  for (const auto& [kind, count] : kind_counts) {
    counts.push_back(fmt::format("{} {}", count, kind));
  }
  snap.inputs.push_back(facts::InputInfo{
      opts.input_kind, opts.where,
      fmt::format("{} objects ({})", objects, counts.empty() ? "none" : core::Join(counts, ", "))});
  return snap;
}

// ---------------------------------------------------------------------------------------------
ObjectMapper::ObjectMapper(MapperOptions opts) : state_(new State) {
  state_->opts = std::move(opts);
}

ObjectMapper::~ObjectMapper() {
  delete state_;
}

Status ObjectMapper::Add(simdjson::ondemand::object& obj, std::string_view origin) {
  return state_->Add(obj, origin, {});
}

Status ObjectMapper::Add(simdjson::ondemand::object& obj, std::string_view origin,
                         std::string_view kind_hint) {
  return state_->Add(obj, origin, kind_hint);
}

Status ObjectMapper::AddJson(std::string_view json, std::string_view origin) {
  return AddJson(json, origin, {});
}

Status ObjectMapper::AddJson(std::string_view json, std::string_view origin,
                             std::string_view kind_hint) {
  ObjectContext c{origin, kind_hint, {}, {}, {}};
  simdjson::padded_string padded(json);
  od::document doc;
  if (auto err = state_->parser.iterate(padded).get(doc); err) {
    c.Simdjson(err, "");
    return c.TakeError();
  }
  od::object obj;
  if (auto err = doc.get_object().get(obj); err) {
    c.Fail(ErrorCode::kInvalidInput, "", "expected a JSON object");
    return c.TakeError();
  }
  return state_->Add(obj, origin, kind_hint);
}

void ObjectMapper::NoteListKind(std::string_view list_kind) {
  if (list_kind.size() <= 4 || !list_kind.ends_with("List")) return;
  auto kind = list_kind.substr(0, list_kind.size() - 4);
  if (state_->kind_counts.find(kind) == state_->kind_counts.end()) {
    state_->kind_counts.emplace(std::string(kind), 0);
  }
}

facts::Snapshot ObjectMapper::Finish() {
  facts::Snapshot snap = state_->Finish();
  MapperOptions opts = std::move(state_->opts);
  delete state_;
  state_ = new State;
  state_->opts = std::move(opts);
  return snap;
}

std::uint64_t ObjectMapper::objects_seen() const {
  return state_->objects;
}

}  // namespace netdoctor::collect::offline

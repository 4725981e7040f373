// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the object mapper shares with its kind families (kinds/*.cpp). Each family file holds the
// API resource rows of its kinds, a reader per kind (what one object contributes) and the finish
// step that turns what was kept into facts. object_mapper.cpp keeps the one list of kinds and of
// finish steps; adding a kind means its family file and that list.

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "collect/offline/json_fields.h"
#include "collect/kubecfg/kube_config_yaml.h"
#include "collect/offline/node_report.h"
#include "collect/offline/object_mapper.h"
#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::offline::kinds {

using facts::Fact;
using kubecfg::KubeProxyConfigValues;
using kubecfg::ParseKubeadmPodSubnets;
using kubecfg::ParseKubeProxyConfig;
using kubecfg::ParseSpiderpoolConf;
using kubecfg::SplitCidrs;
using facts::ObjectRef;
using facts::Origin;
using std::string_view;

/// metadata of the object being added (views into the document, valid during Add only).
struct Meta {
  string_view name, ns, deletion_ts;
  std::vector<string_view> finalizers;
  string_view k8s_app, component, app_version, app_component;
  bool statefulset_owner = false;
  bool has_metadata = false;
};

struct EnvVar {
  std::string name;
  std::string value;
  std::string from;  // "configMapKeyRef calico-config/veth_mtu" when valueFrom is used
};

struct Container {
  std::string name;
  std::string image;
  std::vector<EnvVar> env;  // only the variables workloads.cpp keeps

  const EnvVar* Env(string_view n) const {
    for (const auto& e : env) {
      if (e.name == n) return &e;
    }
    return nullptr;
  }
};

// Roles a workload can play; the mapper keeps the best match for each.
enum class Role { kKubeProxy, kCalicoNode, kSpiderAgent, kSpiderMultus, kSpiderController, kCount };

struct Workload {
  int score = 0;  // 0: not found; 2: expected name; 1: label match only
  std::string kind, ns, name;
  std::string version_label;  // metadata.labels["app.kubernetes.io/version"]
  std::vector<Container> containers;

  bool found() const { return score > 0; }
  std::string Ref() const { return fmt::format("{}/{} {}", ns, name, kind); }
  // The container named `preferred`, else the first one.
  const Container* Main(string_view preferred) const {
    for (const auto& c : containers) {
      if (c.name == preferred) return &c;
    }
    return containers.empty() ? nullptr : &containers.front();
  }
};

/// A ConfigMap kept whole (only the few kube_proxy.cpp names).
struct KeptConfigMap {
  std::string ns, name;
  std::vector<std::pair<std::string, std::string>> data;

  std::optional<string_view> Value(string_view key) const {
    for (const auto& [k, v] : data) {
      if (k == key) return string_view(v);
    }
    return std::nullopt;
  }
};

struct IpPool {
  std::string name, cidr, ipip_mode, vxlan_mode;
  bool disabled = false;
};

struct ImageSeen {
  std::string ref;  // "kube-system/kube-apiserver-m1 Pod container kube-apiserver image"
  std::string image;
};

struct NodeAcc {
  std::string name;
  bool has_node = false;
  std::string kernel, os_image, kubelet, runtime, internal_ip;
  std::vector<std::string> pod_cidrs;
  string_view pod_cidrs_field;  // literal: which field they came from
  std::vector<ObjectRef> pods;
};

struct SvHash {
  using is_transparent = void;
  std::size_t operator()(string_view s) const { return std::hash<string_view>{}(s); }
};

/// What the kind readers keep past Add() and the finish steps read: bounded (no object is
/// retained whole; per Pod only namespace, name, node and IP).
struct MapperState {
  MapperOptions opts;
  std::uint64_t objects = 0;
  std::map<std::string, std::uint64_t, std::less<>> kind_counts;

  // nodes.cpp (Pods add their node's Pod list)
  std::vector<NodeAcc> nodes;
  std::unordered_map<std::string, std::uint32_t, SvHash, std::equal_to<>> node_index;
  std::uint64_t node_objects = 0;

  // services_pods.cpp
  std::uint64_t pods = 0;
  // Running non-hostNetwork Pods, for IP conflicts: a numeric key of the IP (sorts without string
  // compares), the node and the index in that node's Pod list.
  struct RunningPod {
    std::uint32_t ip_key;
    std::uint32_t node;
    std::uint32_t index;
  };
  std::vector<RunningPod> running;
  std::vector<ImageSeen> apiserver_images;
  std::vector<ImageSeen> kube_proxy_pod_images;
  // calico-kube-controllers Pods by "ns/name": restarts and OOMKilled containers.
  std::map<std::string, std::pair<std::int64_t, std::vector<std::string>>> kcc_pods;
  std::set<std::string> statefulset_pods;  // "ns/name" (a set: inputs may overlap)
  std::vector<ObjectRef> external_ips_local, lb_source_ranges, terminating;

  // workloads.cpp
  std::array<Workload, static_cast<std::size_t>(Role::kCount)> workloads;
  // kube_proxy.cpp: the ConfigMaps it keeps, in the order last seen.
  std::vector<KeptConfigMap> config_maps;

  // calico.cpp
  bool felix_default_found = false;
  std::optional<std::string> felix_backend, felix_fdo;
  // iptablesBackend of the per-node FelixConfigurations "node.<node name>", by node name.
  std::map<std::string, std::string> felix_node_backends;
  std::vector<IpPool> ippools;

  // spiderpool.cpp
  std::vector<ObjectRef> empty_multus_configs, namespaced_multus, coordinators;
  std::set<std::string> spider_subnets;

  // node_reports.cpp
  NodeReportMerger node_reports;

  Workload& W(Role r) { return workloads[static_cast<std::size_t>(r)]; }
  const Workload& W(Role r) const { return workloads[static_cast<std::size_t>(r)]; }

  bool Seen(string_view kind) const { return kind_counts.find(kind) != kind_counts.end(); }
  std::uint64_t Count(string_view kind) const {
    auto it = kind_counts.find(kind);
    return it == kind_counts.end() ? 0 : it->second;
  }
  std::string InInput() const {
    if (opts.input_kind == "api") return "from the API server";
    return fmt::format("in the {}", opts.input_kind.empty() ? "input" : opts.input_kind);
  }
  std::uint32_t NodeIndex(string_view name);
  /// The last kept ConfigMap named ns/name (ns empty: any namespace), or null.
  const KeptConfigMap* ConfigMap(string_view ns, string_view name) const;
};

/// Reads the objects of one kind. The mapper owns one reader per kind and calls, per object:
/// Begin(), Section() for each of spec/status/data present, then Commit().
class KindReader {
 public:
  virtual ~KindReader() = default;
  /// A new object starts: forget the previous one.
  virtual void Begin() = 0;
  /// One top-level section ("spec", "status" or "data"). False with the error in `c`.
  virtual bool Section(string_view section, od::value& v, const Meta& m,
                       const ObjectContext& c) = 0;
  /// The object is complete: keep what the finish steps need.
  [[nodiscard]] virtual Status Commit(MapperState& st, string_view kind, const Meta& m,
                                      bool spec_present, const ObjectContext& c) = 0;
  /// For the terminating-objects fact: finalizers in spec (a Namespace's), and what blocks the
  /// deletion as the object's status says it (an unavailable API, content left).
  virtual void TerminationDetail(std::vector<string_view>& /*spec_finalizers*/,
                                 std::vector<std::string>& /*blockers*/) const {}
};

/// A reader whose per-object scratch `S` (views into the object and flags) starts empty at
/// each object.
template <class S>
class ScratchReader : public KindReader {
 public:
  void Begin() override { s_ = S{}; }

 protected:
  S s_;
};

/// One row of the mapper's list of kinds: the API resource and how to read its objects
/// (no reader: listed and counted, nothing kept beyond the terminating-objects fact).
struct KindEntry {
  ResourceKind resource;
  std::unique_ptr<KindReader> (*make_reader)();
};

/// KindEntry::make_reader for a reader type.
template <class T>
std::unique_ptr<KindReader> MakeReader() {
  return std::make_unique<T>();
}

/// A finish step: facts from what was kept.
using FinishStep = void (*)(MapperState& st, facts::Snapshot& snap);

// Helpers shared by the families (kinds/common.cpp).
bool StartsWith(string_view s, string_view p);
/// The text of a key as written (escapes not decoded), for naming it in sources and messages.
string_view RawKeyText(od::raw_json_string key);
std::string JoinViews(const std::vector<string_view>& v, string_view sep);
/// `value` in the first of `spellings` equal to it ignoring case, else unchanged.
std::string Canonical(string_view value, std::initializer_list<string_view> spellings);
/// True when version `a` is newer than `b`; a version that does not parse sorts oldest.
bool Newer(string_view a, string_view b);
/// Sorts by (kind, namespace, name) and drops repeats.
void SortUnique(std::vector<ObjectRef>& refs);
Fact Known(std::string_view key, facts::Value v, std::string source,
           Origin origin = Origin::kMeasured);
Fact Unknown(std::string_view key, std::string reason, std::string source = {});
/// Sets each key unknown with the same reason.
void SetUnknown(facts::FactSet& fs, std::initializer_list<std::string_view> keys,
                const std::string& reason);

}  // namespace netdoctor::collect::offline::kinds

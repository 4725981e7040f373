// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/object_mapper.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "collect/offline/json_fields.h"
#include "collect/offline/kube_config_yaml.h"
#include "core/strings.h"
#include "facts/catalog.h"
#include "version/image_ref.h"
#include "version/semver.h"

namespace netdoctor::collect::offline {

using facts::Fact;
using facts::ObjectRef;
using facts::Origin;
using std::string_view;

const std::vector<ResourceKind>& NeededResources() {
  // Small lists first, Pods (the largest) last, so a failure shows up before the long transfer.
  static const std::vector<ResourceKind> kResources = {
      {"", "v1", "nodes", "Node", false, false},
      {"", "v1", "namespaces", "Namespace", false, false},
      // All namespaces: spiderpool-conf lives in Spiderpool's install namespace ("spiderpool" in
      // its docs, "kube-system" in older ones).
      {"", "v1", "configmaps", "ConfigMap", true, false},
      {"apps", "v1", "daemonsets", "DaemonSet", true, false},
      {"apps", "v1", "deployments", "Deployment", true, false},
      {"", "v1", "services", "Service", true, false},
      {"networking.k8s.io", "v1", "ingresses", "Ingress", true, false},
      {"crd.projectcalico.org", "v1", "felixconfigurations", "FelixConfiguration", false, true},
      {"crd.projectcalico.org", "v1", "ippools", "IPPool", false, true},
      {"spiderpool.spidernet.io", "v2beta1", "spiderippools", "SpiderIPPool", false, true},
      {"spiderpool.spidernet.io", "v2beta1", "spidersubnets", "SpiderSubnet", false, true},
      {"spiderpool.spidernet.io", "v2beta1", "spidercoordinators", "SpiderCoordinator", false,
       true},
      {"spiderpool.spidernet.io", "v2beta1", "spidermultusconfigs", "SpiderMultusConfig", true,
       true},
      {"", "v1", "pods", "Pod", true, false},
  };
  return kResources;
}

namespace {

// ---------------------------------------------------------------------------------------------
// What is kept per object kind. Views point into the simdjson document and live only while one
// object is being added; anything kept past Add() is copied into State.

enum class Kind {
  kOther,
  kNode,
  kPod,
  kService,
  kConfigMap,
  kDaemonSet,
  kDeployment,
  kNamespace,
  kFelixConfiguration,
  kIPPool,
  kSpiderIPPool,
  kSpiderSubnet,
  kSpiderCoordinator,
  kSpiderMultusConfig,
};

Kind KindOf(string_view k) {
  static const std::unordered_map<string_view, Kind> kKinds = {
      {"Node", Kind::kNode},
      {"Pod", Kind::kPod},
      {"Service", Kind::kService},
      {"ConfigMap", Kind::kConfigMap},
      {"DaemonSet", Kind::kDaemonSet},
      {"Deployment", Kind::kDeployment},
      {"Namespace", Kind::kNamespace},
      {"FelixConfiguration", Kind::kFelixConfiguration},
      {"IPPool", Kind::kIPPool},
      {"SpiderIPPool", Kind::kSpiderIPPool},
      {"SpiderSubnet", Kind::kSpiderSubnet},
      {"SpiderCoordinator", Kind::kSpiderCoordinator},
      {"SpiderMultusConfig", Kind::kSpiderMultusConfig},
  };
  auto it = kKinds.find(k);
  return it == kKinds.end() ? Kind::kOther : it->second;
}

struct Meta {
  string_view name, ns, deletion_ts;
  std::vector<string_view> finalizers;
  string_view k8s_app, component, app_version, app_component;
  bool statefulset_owner = false;
  bool has_metadata = false;
};

// Environment variables netdoctor reads from workload containers.
constexpr std::array<string_view, 5> kEnvNames = {
    "FELIX_IPTABLESBACKEND", "FELIX_FEATUREDETECTOVERRIDE", "CALICO_IPV4POOL_IPIP",
    "CALICO_IPV4POOL_VXLAN", "SPIDERPOOL_GC_IP_ENABLED"};

struct EnvVar {
  std::string name;
  std::string value;
  std::string from;  // "configMapKeyRef calico-config/veth_mtu" when valueFrom is used
};

struct Container {
  std::string name;
  std::string image;
  std::vector<EnvVar> env;  // only kEnvNames

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

struct Scratch {
  // Node
  string_view pod_cidr;
  std::vector<string_view> pod_cidrs;
  bool pod_cidrs_set = false;
  string_view internal_ip, kernel, os_image, kubelet, runtime;
  // Pod
  string_view node_name, phase, pod_ip;
  bool host_network = false;
  std::vector<std::pair<string_view, string_view>> containers;  // name, image
  std::int64_t restarts = 0;
  bool oom_killed = false;
  std::vector<std::string> oom_containers;
  // Service
  string_view svc_type, traffic_policy;
  std::vector<string_view> external_ips, lb_ranges;
  // ConfigMap (only the ones netdoctor reads)
  std::vector<std::pair<string_view, string_view>> data;
  // DaemonSet / Deployment (only candidates)
  std::vector<Container> workload_containers;
  // Namespace
  std::vector<string_view> spec_finalizers;
  std::vector<std::string> conditions;
  // FelixConfiguration
  string_view felix_backend, felix_fdo;
  // IPPool
  string_view cidr, ipip_mode, vxlan_mode;
  bool disabled = false;
  // Spiderpool CRs
  std::vector<string_view> multus_names;
  string_view pod_cidr_type, cr_phase;
  bool spec_empty = true;
};

struct KubeadmConfig {
  bool found = false;
  std::vector<std::string> pod_subnets;
  std::string error;
};

struct ProxyConfig {
  bool found = false;
  std::string ref;  // "kube-system/kube-proxy ConfigMap"
  std::string key;  // data key holding the KubeProxyConfiguration
  std::optional<KubeProxyConfigValues> values;
  std::string error;  // why values are missing
};

struct SpiderConf {
  bool found = false;
  std::string ref;
  std::optional<SpiderpoolConfValues> values;
  std::string error;
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

bool StartsWith(string_view s, string_view p) {
  return s.substr(0, p.size()) == p;
}

// The text of a key as written (escapes not decoded), for naming it in sources and messages.
// simdjson guarantees the raw key is closed by an unescaped quote inside the padded buffer.
string_view RawKeyText(od::raw_json_string key) {
  const char* p = key.raw();
  std::size_t n = 0;
  while (p[n] != '"') n += p[n] == '\\' ? 2 : 1;
  return string_view(p, n);
}

bool IsApiServerPod(const Meta& m) {
  return m.ns == "kube-system" &&
         (m.component == "kube-apiserver" || StartsWith(m.name, "kube-apiserver-"));
}
bool IsKubeProxyPod(const Meta& m) {
  return m.ns == "kube-system" && (m.k8s_app == "kube-proxy" || StartsWith(m.name, "kube-proxy-"));
}
bool IsKubeControllersPod(const Meta& m) {
  return m.k8s_app == "calico-kube-controllers" ||
         ((m.ns == "kube-system" || m.ns == "calico-system") &&
          StartsWith(m.name, "calico-kube-controllers-"));
}
bool IsInterestingConfigMap(const Meta& m) {
  if (m.name == "spiderpool-conf") return true;
  return m.ns == "kube-system" &&
         (m.name == "kube-proxy" || m.name == "kube-proxy-config" || m.name == "kubeadm-config");
}

// Which role a DaemonSet/Deployment plays, and how sure the match is (2 by name, 1 by label).
std::pair<Role, int> WorkloadRole(Kind k, const Meta& m) {
  if (k == Kind::kDaemonSet) {
    if (m.name == "kube-proxy" && m.ns == "kube-system") return {Role::kKubeProxy, 2};
    if (m.name == "calico-node" && (m.ns == "kube-system" || m.ns == "calico-system")) {
      return {Role::kCalicoNode, 2};
    }
    if (m.name == "spiderpool-agent") return {Role::kSpiderAgent, 2};
    if (m.name == "spiderpool-multus") return {Role::kSpiderMultus, 2};
    if (m.k8s_app == "kube-proxy") return {Role::kKubeProxy, 1};
    if (m.k8s_app == "calico-node") return {Role::kCalicoNode, 1};
    if (m.app_component == "spiderpool-agent") return {Role::kSpiderAgent, 1};
  } else if (k == Kind::kDeployment) {
    if (m.name == "spiderpool-controller") return {Role::kSpiderController, 2};
    if (m.app_component == "spiderpool-controller") return {Role::kSpiderController, 1};
  }
  return {Role::kCount, 0};
}

// A 32-bit sort key for an IP address: the address itself for dotted IPv4, else an FNV-1a hash
// of the text (equal texts, equal keys; the exact texts are compared afterwards).
std::uint32_t IpKey(string_view ip) {
  std::uint32_t v4 = 0;
  int octets = 0;
  std::uint32_t part = 0;
  int digits = 0;
  bool ok = !ip.empty();
  for (char ch : ip) {
    if (ch >= '0' && ch <= '9' && digits < 3) {
      part = part * 10 + static_cast<std::uint32_t>(ch - '0');
      ++digits;
    } else if (ch == '.' && digits > 0 && octets < 3) {
      v4 = (v4 << 8) | (part & 0xff);
      part = 0;
      digits = 0;
      ++octets;
    } else {
      ok = false;
      break;
    }
  }
  if (ok && octets == 3 && digits > 0 && part < 256) return (v4 << 8) | part;
  std::uint32_t h = 2166136261u;
  for (char ch : ip) h = (h ^ static_cast<unsigned char>(ch)) * 16777619u;
  return h;
}

// True when version `a` is newer than `b`; a version that does not parse sorts oldest.
bool Newer(string_view a, string_view b) {
  auto pa = version::ParseSemver(a);
  if (!pa) return false;
  auto pb = version::ParseSemver(b);
  if (!pb) return true;
  return version::CompareSemver(*pa, *pb) > 0;
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

// Calico's CALICO_IPV4POOL_IPIP / _VXLAN and IPPool ipipMode / vxlanMode values
// (node/pkg/lifecycle/startup/startup.go, api/pkg/apis/projectcalico/v3/ippool.go).
std::optional<bool> EncapOn(string_view mode) {
  std::string m = core::ToLower(core::Trim(mode));
  if (m == "always" || m == "crosssubnet" || m == "cross-subnet") return true;
  if (m.empty() || m == "never" || m == "off" || m == "false") return false;
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct ObjectMapper::State {
  MapperOptions opts;
  std::uint64_t objects = 0;
  std::map<std::string, std::uint64_t, std::less<>> kind_counts;
  simdjson::ondemand::parser parser;  // for AddJson only

  std::vector<NodeAcc> nodes;
  std::unordered_map<std::string, std::uint32_t, SvHash, std::equal_to<>> node_index;
  std::uint64_t node_objects = 0;

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

  std::array<Workload, static_cast<std::size_t>(Role::kCount)> workloads;
  ProxyConfig proxy_config;
  KubeadmConfig kubeadm;
  SpiderConf spider_conf;

  bool felix_default_found = false;
  std::optional<std::string> felix_backend, felix_fdo;
  std::vector<IpPool> ippools;

  std::vector<ObjectRef> empty_multus_configs, namespaced_multus, coordinators;
  std::set<std::string> spider_subnets;

  // Objects come in runs of one kind (Lists): the kind of the previous object is remembered to
  // spare a map lookup per object. `name` views the key inside kind_counts (stable in a map).
  struct LastKind {
    std::string_view name;
    Kind kind = Kind::kOther;
    std::uint64_t* count = nullptr;
  } last_kind;
  Kind CachedKindOf(std::string_view kind) const {
    return last_kind.count && kind == last_kind.name ? last_kind.kind : KindOf(kind);
  }

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

  std::uint32_t NodeIndex(string_view name) {
    auto it = node_index.find(name);
    if (it != node_index.end()) return it->second;
    auto idx = static_cast<std::uint32_t>(nodes.size());
    nodes.emplace_back();
    nodes.back().name = std::string(name);
    node_index.emplace(std::string(name), idx);
    return idx;
  }

  Status Add(od::object& obj, string_view origin, string_view hint);
  bool ParseMeta(od::value& v, Meta& m, const ObjectContext& c);
  bool Section(Kind k, string_view section, od::value& v, const Meta& m, Scratch& s,
               const ObjectContext& c);
  bool ParseContainers(od::value& v, std::vector<Container>& out, const ObjectContext& c,
                       string_view path);
  Status Commit(Kind k, string_view kind, const Meta& m, Scratch& s, bool spec_present,
                const ObjectContext& c);
  facts::Snapshot Finish();

  void FinishNodes(facts::Snapshot& snap);
  void FinishKubernetes(facts::Snapshot& snap);
  void FinishKubeProxy(facts::Snapshot& snap);
  void FinishServicesAndObjects(facts::Snapshot& snap);
  void FinishCalico(facts::Snapshot& snap);
  void FinishSpiderpool(facts::Snapshot& snap);
};

bool ObjectMapper::State::ParseMeta(od::value& v, Meta& m, const ObjectContext& c) {
  m.has_metadata = true;
  return ForEachField(v, c, "metadata", [&](od::raw_json_string key, od::value& f) -> bool {
    if (KeyIs(key, "name")) return ReadString(f, m.name, c, "metadata.name");
    if (KeyIs(key, "namespace")) return ReadString(f, m.ns, c, "metadata.namespace");
    if (KeyIs(key, "deletionTimestamp")) {
      return ReadString(f, m.deletion_ts, c, "metadata.deletionTimestamp");
    }
    if (KeyIs(key, "labels")) {
      return ForEachField(
          f, c, "metadata.labels", [&](od::raw_json_string lk, od::value& lv) -> bool {
            if (KeyIs(lk, "k8s-app")) {
              return ReadString(lv, m.k8s_app, c, "metadata.labels.k8s-app");
            }
            if (KeyIs(lk, "component")) {
              return ReadString(lv, m.component, c, "metadata.labels.component");
            }
            if (KeyIs(lk, "app.kubernetes.io/version")) {
              return ReadString(lv, m.app_version, c, "metadata.labels[app.kubernetes.io/version]");
            }
            if (KeyIs(lk, "app.kubernetes.io/component")) {
              return ReadString(lv, m.app_component, c,
                                "metadata.labels[app.kubernetes.io/component]");
            }
            return true;
          });
    }
    if (KeyIs(key, "finalizers")) {
      return ForEachString(f, c, "metadata.finalizers", [&](string_view s) -> bool {
        m.finalizers.push_back(s);
        return true;
      });
    }
    if (KeyIs(key, "ownerReferences")) {
      return ForEachElement(
          f, c, "metadata.ownerReferences", [&](od::value& e, std::size_t) -> bool {
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
    return true;
  });
}

bool ObjectMapper::State::ParseContainers(od::value& v, std::vector<Container>& out,
                                          const ObjectContext& c, string_view path) {
  return ForEachElement(v, c, path, [&](od::value& e, std::size_t) -> bool {
    Container ct;
    if (!ForEachField(e, c, path, [&](od::raw_json_string k, od::value& f) -> bool {
          string_view sv;
          if (KeyIs(k, "name")) {
            if (!ReadString(f, sv, c, fmt::format("{}.name", path))) return false;
            ct.name = std::string(sv);
          } else if (KeyIs(k, "image")) {
            if (!ReadString(f, sv, c, fmt::format("{}.image", path))) return false;
            ct.image = std::string(sv);
          } else if (KeyIs(k, "env")) {
            std::string env_path = fmt::format("{}.env", path);
            return ForEachElement(f, c, env_path, [&](od::value& ev, std::size_t) -> bool {
              EnvVar var;
              string_view name, value;
              std::string from;
              auto es = ForEachField(ev, c, env_path, [&](od::raw_json_string ek, od::value& evv) {
                if (KeyIs(ek, "name")) return ReadString(evv, name, c, env_path + ".name");
                if (KeyIs(ek, "value")) return ReadString(evv, value, c, env_path + ".value");
                if (KeyIs(ek, "valueFrom")) {
                  // Describe the reference ("configMapKeyRef calico-config/veth_mtu") without
                  // resolving it: the referenced object may not be in the input.
                  return ForEachField(
                      evv, c, env_path + ".valueFrom", [&](od::raw_json_string rk, od::value& rv) {
                        string_view ref_name, ref_key;
                        auto rs = ForEachField(rv, c, env_path + ".valueFrom",
                                               [&](od::raw_json_string fk, od::value& fv) -> bool {
                                                 if (KeyIs(fk, "name")) {
                                                   return ReadString(fv, ref_name, c, env_path);
                                                 }
                                                 if (KeyIs(fk, "key") || KeyIs(fk, "fieldPath")) {
                                                   return ReadString(fv, ref_key, c, env_path);
                                                 }
                                                 return true;
                                               });
                        if (!rs) return false;
                        from = std::string(RawKeyText(rk));
                        if (!ref_name.empty()) from += fmt::format(" {}", ref_name);
                        if (!ref_key.empty()) {
                          from += fmt::format("{}{}", ref_name.empty() ? " " : "/", ref_key);
                        }
                        return true;
                      });
                }
                return true;
              });
              if (!es) return false;
              if (std::find(kEnvNames.begin(), kEnvNames.end(), name) == kEnvNames.end()) {
                return true;
              }
              var.name = std::string(name);
              var.value = std::string(value);
              var.from = std::move(from);
              ct.env.push_back(std::move(var));
              return true;
            });
          }
          return true;
        })) {
      return false;
    }
    out.push_back(std::move(ct));
    return true;
  });
}

bool ObjectMapper::State::Section(Kind k, string_view section, od::value& v, const Meta& m,
                                  Scratch& s, const ObjectContext& c) {
  const bool spec = section == "spec";
  const bool status = section == "status";
  switch (k) {
    case Kind::kNode:
      if (spec) {
        return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
          if (KeyIs(key, "podCIDR")) return ReadString(f, s.pod_cidr, c, "spec.podCIDR");
          if (KeyIs(key, "podCIDRs")) {
            s.pod_cidrs_set = true;
            return ForEachString(f, c, "spec.podCIDRs", [&](string_view cidr) -> bool {
              s.pod_cidrs.push_back(cidr);
              return true;
            });
          }
          return true;
        });
      }
      if (status) {
        return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
          if (KeyIs(key, "addresses")) {
            return ForEachElement(f, c, "status.addresses", [&](od::value& a, std::size_t) {
              string_view type, address;
              if (!ForEachField(a, c, "status.addresses",
                                [&](od::raw_json_string ak, od::value& av) -> bool {
                                  if (KeyIs(ak, "type")) {
                                    return ReadString(av, type, c, "status.addresses.type");
                                  }
                                  if (KeyIs(ak, "address")) {
                                    return ReadString(av, address, c, "status.addresses.address");
                                  }
                                  return true;
                                })) {
                return false;
              }
              if (type == "InternalIP" && s.internal_ip.empty()) s.internal_ip = address;
              return true;
            });
          }
          if (KeyIs(key, "nodeInfo")) {
            return ForEachField(
                f, c, "status.nodeInfo", [&](od::raw_json_string nk, od::value& nv) -> bool {
                  if (KeyIs(nk, "kernelVersion")) {
                    return ReadString(nv, s.kernel, c, "status.nodeInfo.kernelVersion");
                  }
                  if (KeyIs(nk, "osImage")) {
                    return ReadString(nv, s.os_image, c, "status.nodeInfo.osImage");
                  }
                  if (KeyIs(nk, "kubeletVersion")) {
                    return ReadString(nv, s.kubelet, c, "status.nodeInfo.kubeletVersion");
                  }
                  if (KeyIs(nk, "containerRuntimeVersion")) {
                    return ReadString(nv, s.runtime, c, "status.nodeInfo.containerRuntimeVersion");
                  }
                  return true;
                });
          }
          return true;
        });
      }
      return true;

    case Kind::kPod:
      if (spec) {
        const bool want_images = IsApiServerPod(m) || IsKubeProxyPod(m);
        return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
          if (KeyIs(key, "nodeName")) return ReadString(f, s.node_name, c, "spec.nodeName");
          if (KeyIs(key, "hostNetwork")) {
            bool present = false;
            return ReadBool(f, s.host_network, present, c, "spec.hostNetwork");
          }
          if (KeyIs(key, "containers") && want_images) {
            return ForEachElement(f, c, "spec.containers", [&](od::value& e, std::size_t) {
              string_view name, image;
              if (!ForEachField(e, c, "spec.containers",
                                [&](od::raw_json_string ck, od::value& cv) -> bool {
                                  if (KeyIs(ck, "name")) {
                                    return ReadString(cv, name, c, "spec.containers.name");
                                  }
                                  if (KeyIs(ck, "image")) {
                                    return ReadString(cv, image, c, "spec.containers.image");
                                  }
                                  return true;
                                })) {
                return false;
              }
              s.containers.emplace_back(name, image);
              return true;
            });
          }
          return true;
        });
      }
      if (status) {
        const bool want_statuses = IsKubeControllersPod(m);
        return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
          if (KeyIs(key, "phase")) return ReadString(f, s.phase, c, "status.phase");
          if (KeyIs(key, "podIP")) return ReadString(f, s.pod_ip, c, "status.podIP");
          if (KeyIs(key, "containerStatuses") && want_statuses) {
            return ForEachElement(f, c, "status.containerStatuses", [&](od::value& e, std::size_t) {
              string_view name;
              bool oom = false;
              auto terminated_reason = [&](od::value& sv, string_view path) -> bool {
                return ForEachField(sv, c, path, [&](od::raw_json_string tk, od::value& tv) {
                  if (!KeyIs(tk, "terminated")) return true;
                  return ForEachField(tv, c, path, [&](od::raw_json_string rk, od::value& rv) {
                    if (!KeyIs(rk, "reason")) return true;
                    string_view reason;
                    if (!ReadString(rv, reason, c, path)) return false;
                    if (reason == "OOMKilled") oom = true;
                    return true;
                  });
                });
              };
              if (!ForEachField(e, c, "status.containerStatuses",
                                [&](od::raw_json_string ck, od::value& cv) -> bool {
                                  if (KeyIs(ck, "name")) {
                                    return ReadString(cv, name, c, "status.containerStatuses.name");
                                  }
                                  if (KeyIs(ck, "restartCount")) {
                                    std::int64_t n = 0;
                                    bool present = false;
                                    if (!ReadInt(cv, n, present, c,
                                                 "status.containerStatuses.restartCount")) {
                                      return false;
                                    }
                                    s.restarts += n;
                                    return true;
                                  }
                                  if (KeyIs(ck, "lastState")) {
                                    return terminated_reason(cv,
                                                             "status.containerStatuses.lastState");
                                  }
                                  if (KeyIs(ck, "state")) {
                                    return terminated_reason(cv, "status.containerStatuses.state");
                                  }
                                  return true;
                                })) {
                return false;
              }
              if (oom) {
                s.oom_killed = true;
                s.oom_containers.emplace_back(name);
              }
              return true;
            });
          }
          return true;
        });
      }
      return true;

    case Kind::kService:
      if (!spec) return true;
      return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
        if (KeyIs(key, "type")) return ReadString(f, s.svc_type, c, "spec.type");
        if (KeyIs(key, "externalTrafficPolicy")) {
          return ReadString(f, s.traffic_policy, c, "spec.externalTrafficPolicy");
        }
        if (KeyIs(key, "externalIPs")) {
          return ForEachString(f, c, "spec.externalIPs", [&](string_view ip) -> bool {
            s.external_ips.push_back(ip);
            return true;
          });
        }
        if (KeyIs(key, "loadBalancerSourceRanges")) {
          return ForEachString(f, c, "spec.loadBalancerSourceRanges", [&](string_view r) -> bool {
            s.lb_ranges.push_back(r);
            return true;
          });
        }
        return true;
      });

    case Kind::kConfigMap:
      if (section != "data" || !IsInterestingConfigMap(m)) return true;
      return ForEachField(v, c, "data", [&](od::raw_json_string key, od::value& f) -> bool {
        string_view text;
        if (!ReadString(f, text, c, fmt::format("data[{}]", RawKeyText(key)))) return false;
        s.data.emplace_back(RawKeyText(key), text);
        return true;
      });

    case Kind::kDaemonSet:
    case Kind::kDeployment: {
      if (!spec || WorkloadRole(k, m).second == 0) return true;
      return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
        if (!KeyIs(key, "template")) return true;
        return ForEachField(f, c, "spec.template", [&](od::raw_json_string tk, od::value& tv) {
          if (!KeyIs(tk, "spec")) return true;
          return ForEachField(tv, c, "spec.template.spec",
                              [&](od::raw_json_string pk, od::value& pv) -> bool {
                                if (!KeyIs(pk, "containers")) return true;
                                return ParseContainers(pv, s.workload_containers, c,
                                                       "spec.template.spec.containers");
                              });
        });
      });
    }

    case Kind::kNamespace:
      if (spec) {
        return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
          if (!KeyIs(key, "finalizers")) return true;
          // Namespaces carry the "kubernetes" finalizer in spec.finalizers, not in metadata.
          return ForEachString(f, c, "spec.finalizers", [&](string_view fin) -> bool {
            s.spec_finalizers.push_back(fin);
            return true;
          });
        });
      }
      if (status) {
        return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
          if (!KeyIs(key, "conditions")) return true;
          return ForEachElement(f, c, "status.conditions", [&](od::value& e, std::size_t) {
            string_view type, cstatus, reason, message;
            if (!ForEachField(e, c, "status.conditions",
                              [&](od::raw_json_string ck, od::value& cv) -> bool {
                                if (KeyIs(ck, "type")) {
                                  return ReadString(cv, type, c, "status.conditions.type");
                                }
                                if (KeyIs(ck, "status")) {
                                  return ReadString(cv, cstatus, c, "status.conditions.status");
                                }
                                if (KeyIs(ck, "reason")) {
                                  return ReadString(cv, reason, c, "status.conditions.reason");
                                }
                                if (KeyIs(ck, "message")) {
                                  return ReadString(cv, message, c, "status.conditions.message");
                                }
                                return true;
                              })) {
              return false;
            }
            if (cstatus == "True") {
              std::string text(type);
              if (!reason.empty()) text += fmt::format(" ({})", reason);
              if (!message.empty()) text += fmt::format(": {}", message);
              s.conditions.push_back(std::move(text));
            }
            return true;
          });
        });
      }
      return true;

    case Kind::kFelixConfiguration:
      if (!spec || m.name != "default") return true;
      return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
        if (KeyIs(key, "iptablesBackend")) {
          return ReadString(f, s.felix_backend, c, "spec.iptablesBackend");
        }
        if (KeyIs(key, "featureDetectOverride")) {
          return ReadString(f, s.felix_fdo, c, "spec.featureDetectOverride");
        }
        return true;
      });

    case Kind::kIPPool:
      if (!spec) return true;
      return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
        if (KeyIs(key, "cidr")) return ReadString(f, s.cidr, c, "spec.cidr");
        if (KeyIs(key, "ipipMode")) return ReadString(f, s.ipip_mode, c, "spec.ipipMode");
        if (KeyIs(key, "vxlanMode")) return ReadString(f, s.vxlan_mode, c, "spec.vxlanMode");
        if (KeyIs(key, "disabled")) {
          bool present = false;
          return ReadBool(f, s.disabled, present, c, "spec.disabled");
        }
        return true;
      });

    case Kind::kSpiderIPPool:
      if (!spec) return true;
      return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
        if (!KeyIs(key, "multusName")) return true;
        return ForEachString(f, c, "spec.multusName", [&](string_view n) -> bool {
          s.multus_names.push_back(n);
          return true;
        });
      });

    case Kind::kSpiderCoordinator:
      if (spec) {
        return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
          if (KeyIs(key, "podCIDRType")) {
            return ReadString(f, s.pod_cidr_type, c, "spec.podCIDRType");
          }
          return true;
        });
      }
      if (status) {
        return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
          if (KeyIs(key, "phase")) return ReadString(f, s.cr_phase, c, "status.phase");
          return true;
        });
      }
      return true;

    case Kind::kSpiderMultusConfig:
      if (!spec) return true;
      return ForEachField(v, c, "spec", [&](od::raw_json_string, od::value&) -> bool {
        s.spec_empty = false;
        return true;
      });

    case Kind::kSpiderSubnet:
    case Kind::kOther:
      return true;
  }
  return true;
}

Status ObjectMapper::State::Add(od::object& obj, string_view origin, string_view hint) {
  ObjectContext c{origin, hint, {}, {}, {}};
  string_view kind = hint;
  Kind k = kind.empty() ? Kind::kOther : CachedKindOf(kind);
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
  Scratch scratch;

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
      k = CachedKindOf(kind);
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
    return Section(k, section, v, meta, scratch, c);
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

  if (auto st = Commit(k, kind, meta, scratch, spec_present, c); !st) return st;
  ++objects;
  if (kind != last_kind.name || !last_kind.count) {
    auto it = kind_counts.find(kind);
    if (it == kind_counts.end()) it = kind_counts.emplace(std::string(kind), 0).first;
    last_kind.count = &it->second;
    last_kind.name = it->first;
    last_kind.kind = KindOf(kind);
  }
  ++*last_kind.count;
  return Ok();
}

Status ObjectMapper::State::Commit(Kind k, string_view kind, const Meta& m, Scratch& s,
                                   bool spec_present, const ObjectContext& c) {
  // Terminating objects of any kind: deleted, but held by finalizers.
  if (!m.deletion_ts.empty()) {
    std::vector<string_view> finalizers = m.finalizers;
    finalizers.insert(finalizers.end(), s.spec_finalizers.begin(), s.spec_finalizers.end());
    if (!finalizers.empty()) {
      std::string detail = fmt::format("deletionTimestamp={} finalizers=[{}]", m.deletion_ts,
                                       JoinViews(finalizers, ", "));
      if (!s.conditions.empty()) {
        detail += fmt::format(" conditions: {}", core::Join(s.conditions, "; "));
      }
      terminating.push_back(ObjectRef{std::string(kind), std::string(m.ns), std::string(m.name),
                                      std::move(detail), "", ""});
    }
  }

  switch (k) {
    case Kind::kNode: {
      if (m.name.empty()) {
        c.Fail(ErrorCode::kInvalidInput, "metadata.name", "a Node needs a name");
        return c.TakeError();
      }
      NodeAcc& n = nodes[NodeIndex(m.name)];
      if (!n.has_node) ++node_objects;
      n.has_node = true;
      n.kernel = std::string(s.kernel);
      n.os_image = std::string(s.os_image);
      n.kubelet = std::string(s.kubelet);
      n.runtime = std::string(s.runtime);
      n.internal_ip = std::string(s.internal_ip);
      n.pod_cidrs.clear();
      if (s.pod_cidrs_set && !s.pod_cidrs.empty()) {
        for (auto cidr : s.pod_cidrs) n.pod_cidrs.emplace_back(cidr);
        n.pod_cidrs_field = "spec.podCIDRs";
      } else if (!s.pod_cidr.empty()) {
        n.pod_cidrs.emplace_back(s.pod_cidr);
        n.pod_cidrs_field = "spec.podCIDR";
      } else {
        n.pod_cidrs_field = {};
      }
      return Ok();
    }

    case Kind::kPod: {
      ++pods;
      if (m.statefulset_owner) statefulset_pods.insert(fmt::format("{}/{}", m.ns, m.name));
      if (IsKubeControllersPod(m)) {
        auto& entry = kcc_pods[fmt::format("{}/{}", m.ns, m.name)];
        entry.first = s.restarts;
        entry.second = std::move(s.oom_containers);
      }
      auto record_image = [&](std::vector<ImageSeen>& into, string_view container) {
        for (const auto& [name, image] : s.containers) {
          if (name == container && !image.empty()) {
            into.push_back({fmt::format("{}/{} Pod container {} image", m.ns, m.name, name),
                            std::string(image)});
            return;
          }
        }
      };
      if (IsApiServerPod(m)) record_image(apiserver_images, "kube-apiserver");
      if (IsKubeProxyPod(m)) record_image(kube_proxy_pod_images, "kube-proxy");
      if (!s.host_network && !s.node_name.empty() && !s.pod_ip.empty()) {
        std::uint32_t ni = NodeIndex(s.node_name);
        auto& list = nodes[ni].pods;
        list.push_back(ObjectRef{"Pod", std::string(m.ns), std::string(m.name), "",
                                 std::string(s.node_name), std::string(s.pod_ip)});
        if (s.phase == "Running") {
          running.push_back(
              RunningPod{IpKey(s.pod_ip), ni, static_cast<std::uint32_t>(list.size() - 1)});
        }
      }
      return Ok();
    }

    case Kind::kService:
      if (!s.external_ips.empty() && s.traffic_policy == "Local") {
        external_ips_local.push_back(
            ObjectRef{"Service", std::string(m.ns), std::string(m.name),
                      fmt::format("externalIPs=[{}] externalTrafficPolicy=Local",
                                  JoinViews(s.external_ips, ", ")),
                      "", std::string(s.external_ips.front())});
      }
      if (s.svc_type == "LoadBalancer" && !s.lb_ranges.empty()) {
        lb_source_ranges.push_back(
            ObjectRef{"Service", std::string(m.ns), std::string(m.name),
                      fmt::format("type=LoadBalancer loadBalancerSourceRanges=[{}]",
                                  JoinViews(s.lb_ranges, ", ")),
                      "", ""});
      }
      return Ok();

    case Kind::kConfigMap: {
      auto data_value = [&](string_view key) -> std::optional<string_view> {
        for (const auto& [k2, v] : s.data) {
          if (k2 == key) return v;
        }
        return std::nullopt;
      };
      if (m.ns == "kube-system" && m.name == "kubeadm-config") {
        kubeadm = KubeadmConfig{};
        kubeadm.found = true;
        if (auto text = data_value("ClusterConfiguration")) {
          auto subnets = ParseKubeadmPodSubnets(*text);
          if (subnets) {
            kubeadm.pod_subnets = std::move(*subnets);
          } else {
            kubeadm.error = subnets.error().message();
          }
        } else {
          kubeadm.error = "kube-system/kubeadm-config ConfigMap has no data[ClusterConfiguration]";
        }
      }
      if (m.ns == "kube-system" && (m.name == "kube-proxy" || m.name == "kube-proxy-config")) {
        // kubeadm's name wins over other installers' when both exist.
        if (proxy_config.found && m.name == "kube-proxy-config" &&
            proxy_config.ref == "kube-system/kube-proxy ConfigMap") {
          return Ok();
        }
        proxy_config = ProxyConfig{};
        proxy_config.found = true;
        proxy_config.ref = fmt::format("{}/{} ConfigMap", m.ns, m.name);
        if (auto text = data_value("config.conf")) {
          proxy_config.key = "config.conf";
          auto parsed = ParseKubeProxyConfig(*text);
          if (parsed) {
            proxy_config.values = std::move(*parsed);
          } else {
            proxy_config.error =
                fmt::format("{} data[config.conf]: {}", proxy_config.ref, parsed.error().message());
          }
        } else {
          // Other installers use other key names: take the value that is a
          // KubeProxyConfiguration.
          std::vector<string_view> keys;
          for (const auto& [key, value] : s.data) {
            keys.push_back(key);
            auto parsed = ParseKubeProxyConfig(value);
            if (parsed && parsed->kind == "KubeProxyConfiguration") {
              proxy_config.key = std::string(key);
              proxy_config.values = std::move(*parsed);
              break;
            }
          }
          if (!proxy_config.values) {
            proxy_config.error =
                fmt::format("{} has no data key holding a KubeProxyConfiguration (keys: [{}])",
                            proxy_config.ref, JoinViews(keys, ", "));
          }
        }
      }
      if (m.name == "spiderpool-conf") {
        spider_conf = SpiderConf{};
        spider_conf.found = true;
        spider_conf.ref = fmt::format("{}/{} ConfigMap", m.ns, m.name);
        if (auto text = data_value("conf.yml")) {
          auto parsed = ParseSpiderpoolConf(*text);
          if (parsed) {
            spider_conf.values = *parsed;
          } else {
            spider_conf.error =
                fmt::format("{} data[conf.yml]: {}", spider_conf.ref, parsed.error().message());
          }
        } else {
          spider_conf.error = fmt::format("{} has no data[conf.yml]", spider_conf.ref);
        }
      }
      return Ok();
    }

    case Kind::kDaemonSet:
    case Kind::kDeployment: {
      auto [role, score] = WorkloadRole(k, m);
      if (score == 0) return Ok();
      Workload& w = W(role);
      if (score <= w.score) return Ok();
      w.score = score;
      w.kind = std::string(kind);
      w.ns = std::string(m.ns);
      w.name = std::string(m.name);
      w.version_label = std::string(m.app_version);
      w.containers = std::move(s.workload_containers);
      return Ok();
    }

    case Kind::kFelixConfiguration:
      if (m.name == "default") {
        felix_default_found = true;
        felix_backend.reset();
        felix_fdo.reset();
        if (!s.felix_backend.empty()) felix_backend = std::string(s.felix_backend);
        if (!s.felix_fdo.empty()) felix_fdo = std::string(s.felix_fdo);
      }
      return Ok();

    case Kind::kIPPool:
      ippools.push_back(IpPool{std::string(m.name), std::string(s.cidr), std::string(s.ipip_mode),
                               std::string(s.vxlan_mode), s.disabled});
      return Ok();

    case Kind::kSpiderIPPool: {
      std::vector<string_view> namespaced;
      for (auto n : s.multus_names) {
        if (n.find('/') != string_view::npos) namespaced.push_back(n);
      }
      if (!namespaced.empty()) {
        namespaced_multus.push_back(
            ObjectRef{"SpiderIPPool", "", std::string(m.name),
                      fmt::format("multusName=[{}]", JoinViews(s.multus_names, ", ")), "", ""});
      }
      return Ok();
    }

    case Kind::kSpiderSubnet:
      spider_subnets.insert(std::string(m.name));
      return Ok();

    case Kind::kSpiderCoordinator:
      coordinators.push_back(
          ObjectRef{"SpiderCoordinator", "", std::string(m.name),
                    fmt::format("podCIDRType={} phase={}",
                                s.pod_cidr_type.empty() ? "(unset)" : s.pod_cidr_type,
                                s.cr_phase.empty() ? "(unset)" : s.cr_phase),
                    "", ""});
      return Ok();

    case Kind::kSpiderMultusConfig:
      if (!spec_present || s.spec_empty) {
        empty_multus_configs.push_back(
            ObjectRef{"SpiderMultusConfig", std::string(m.ns), std::string(m.name),
                      spec_present ? "spec is empty" : "no spec", "", ""});
      }
      return Ok();

    case Kind::kNamespace:
    case Kind::kOther:
      return Ok();
  }
  return Ok();
}

// ---------------------------------------------------------------------------------------------
// Finish: turn what was kept into facts.

namespace {

// Sorts by (kind, namespace, name) and drops repeats, so overlapping inputs (a directory plus a
// separate `kubectl get` file) do not list an object twice.
void SortUnique(std::vector<ObjectRef>& refs) {
  auto key = [](const ObjectRef& r) { return std::tie(r.kind, r.namespace_, r.name); };
  std::stable_sort(refs.begin(), refs.end(),
                   [&](const ObjectRef& a, const ObjectRef& b) { return key(a) < key(b); });
  refs.erase(std::unique(refs.begin(), refs.end(),
                         [&](const ObjectRef& a, const ObjectRef& b) { return key(a) == key(b); }),
             refs.end());
}

Fact Known(std::string_view key, facts::Value v, std::string source,
           Origin origin = Origin::kMeasured) {
  return Fact::Known(std::string(key), std::move(v), std::move(source), origin);
}
Fact Unknown(std::string_view key, std::string reason, std::string source = {}) {
  return Fact::Unknown(std::string(key), std::move(reason), std::move(source));
}

}  // namespace

void ObjectMapper::State::FinishNodes(facts::Snapshot& snap) {
  const bool nodes_seen = Seen("Node");
  const bool pods_seen = Seen("Pod");

  if (nodes_seen) {
    snap.cluster.Set(Known("cluster.nodes", static_cast<std::int64_t>(node_objects),
                           fmt::format("{} Node objects {}", node_objects, InInput())));
  } else {
    snap.cluster.Set(Unknown("cluster.nodes", fmt::format("no Node objects {}", InInput())));
  }

  // IP conflicts among Running, non-hostNetwork Pods (before the Pod lists move into facts).
  std::vector<ObjectRef> conflicts;
  // Equal IPs have equal keys, so sorting by key brings every possible conflict together; the
  // strings are compared only inside a run of equal keys.
  std::sort(running.begin(), running.end(),
            [](const RunningPod& a, const RunningPod& b) { return a.ip_key < b.ip_key; });
  auto pod_of = [&](const RunningPod& r) -> const ObjectRef& {
    return nodes[r.node].pods[r.index];
  };
  for (std::size_t i = 0; i < running.size();) {
    std::size_t j = i + 1;
    while (j < running.size() && running[j].ip_key == running[i].ip_key) ++j;
    if (j - i > 1) {
      // Within a run, group by the exact address (a key may be shared by different IPv6 texts).
      std::vector<const ObjectRef*> run;
      for (std::size_t g = i; g < j; ++g) run.push_back(&pod_of(running[g]));
      std::stable_sort(run.begin(), run.end(), [](const ObjectRef* a, const ObjectRef* b) {
        return a->address < b->address;
      });
      for (std::size_t a = 0; a < run.size();) {
        std::size_t b = a + 1;
        while (b < run.size() && run[b]->address == run[a]->address) ++b;
        const std::string& ip = run[a]->address;
        std::vector<const ObjectRef*> group(run.begin() + static_cast<std::ptrdiff_t>(a),
                                            run.begin() + static_cast<std::ptrdiff_t>(b));
        std::sort(group.begin(), group.end(), [](const ObjectRef* x, const ObjectRef* y) {
          return std::tie(x->namespace_, x->name) < std::tie(y->namespace_, y->name);
        });
        group.erase(std::unique(group.begin(), group.end(),
                                [](const ObjectRef* x, const ObjectRef* y) {
                                  return x->namespace_ == y->namespace_ && x->name == y->name;
                                }),
                    group.end());
        if (group.size() > 1) {
          for (const ObjectRef* p : group) {
            std::vector<std::string> others;
            for (const ObjectRef* q : group) {
              if (q != p) others.push_back(fmt::format("{}/{}", q->namespace_, q->name));
            }
            ObjectRef r = *p;
            r.detail = fmt::format("shares {} with {}", ip, core::Join(others, ", "));
            conflicts.push_back(std::move(r));
          }
        }
        a = b;
      }
    }
    i = j;
  }
  running.clear();
  running.shrink_to_fit();
  // Trim each node's Pod list to its exact size before the node facts are built: the slack of
  // the growing vectors (up to half of the largest memory user) is then reused by those facts
  // instead of adding to the peak.
  if (pods_seen) {
    for (NodeAcc& n : nodes) {
      SortUnique(n.pods);
      n.pods.shrink_to_fit();
    }
  }
  if (pods_seen) {
    snap.cluster.Set(
        Known("cluster.pods.ip_conflicts", std::move(conflicts),
              fmt::format("status.podIP of the Running non-hostNetwork Pods {}", InInput())));
  } else {
    snap.cluster.Set(Unknown("cluster.pods.ip_conflicts", fmt::format("no Pods {}", InInput())));
  }

  const std::string no_nodes = fmt::format("no Node objects {}", InInput());
  for (NodeAcc& n : nodes) {
    facts::FactSet& fs = snap.nodes[n.name];
    if (n.has_node) {
      const std::string ref = fmt::format("Node {}", n.name);
      fs.Set(Known("node.name", n.name, ref + " metadata.name"));
      auto text_fact = [&](std::string_view key, const std::string& value, std::string_view field) {
        std::string source = fmt::format("{} {}", ref, field);
        if (value.empty()) {
          fs.Set(Unknown(key, fmt::format("{} has no {}", ref, field), std::move(source)));
        } else {
          fs.Set(Known(key, value, std::move(source)));
        }
      };
      text_fact("node.kernel.release", n.kernel, "status.nodeInfo.kernelVersion");
      text_fact("node.os.pretty_name", n.os_image, "status.nodeInfo.osImage");
      text_fact("node.kubelet.version", n.kubelet, "status.nodeInfo.kubeletVersion");
      text_fact("node.internal_ip", n.internal_ip, "status.addresses[type=InternalIP]");
      const std::string rt_source = ref + " status.nodeInfo.containerRuntimeVersion";
      if (auto sep = n.runtime.find("://");
          sep != std::string::npos && sep > 0 && sep + 3 < n.runtime.size()) {
        fs.Set(Known("node.container_runtime.name", n.runtime.substr(0, sep),
                     fmt::format("{} ({})", rt_source, n.runtime)));
        fs.Set(Known("node.container_runtime.version", n.runtime.substr(sep + 3),
                     fmt::format("{} ({})", rt_source, n.runtime)));
      } else {
        std::string why =
            n.runtime.empty()
                ? fmt::format("{} has no status.nodeInfo.containerRuntimeVersion", ref)
                : fmt::format(
                      "{} containerRuntimeVersion '{}' is not "
                      "<runtime>://<version>",
                      ref, n.runtime);
        fs.Set(Unknown("node.container_runtime.name", why, rt_source));
        fs.Set(Unknown("node.container_runtime.version", why, rt_source));
      }
      if (n.pod_cidrs_field.empty()) {
        fs.Set(Known("node.pod_cidrs", std::vector<std::string>{},
                     ref + " spec.podCIDRs (neither podCIDRs nor podCIDR is set)"));
      } else {
        fs.Set(Known("node.pod_cidrs", std::move(n.pod_cidrs),
                     fmt::format("{} {}", ref, n.pod_cidrs_field)));
      }
    } else {
      // Named only by Pods' spec.nodeName.
      fs.Set(Known("node.name", n.name, fmt::format("spec.nodeName of Pods {}", InInput())));
      std::string why = nodes_seen
                            ? fmt::format("no Node {} {} (only Pods name it)", n.name, InInput())
                            : no_nodes;
      for (std::string_view key :
           {"node.kernel.release", "node.os.pretty_name", "node.kubelet.version",
            "node.internal_ip", "node.container_runtime.name", "node.container_runtime.version",
            "node.pod_cidrs"}) {
        fs.Set(Unknown(key, why));
      }
    }
    if (pods_seen) {
      fs.Set(Known("node.pods", std::move(n.pods),
                   fmt::format("non-hostNetwork Pods with spec.nodeName={} and a status.podIP {}",
                               n.name, InInput())));
    } else {
      fs.Set(Unknown("node.pods", fmt::format("no Pods {}", InInput())));
    }
    n.pods = {};
  }
}

void ObjectMapper::State::FinishKubernetes(facts::Snapshot& snap) {
  constexpr std::string_view kKey = "cluster.kubernetes.version";
  // The API server's own image tag, the newest when several control-plane Pods differ.
  const ImageSeen* best = nullptr;
  std::string best_version;
  std::vector<std::string> untagged;
  for (const auto& seen : apiserver_images) {
    auto v = version::VersionFromImage(seen.image);
    if (!v) {
      untagged.push_back(seen.image);
      continue;
    }
    if (!best || Newer(*v, best_version)) {
      best = &seen;
      best_version = *v;
    }
  }
  if (best) {
    std::string source = fmt::format("{} {} tag", best->ref, best->image);
    if (apiserver_images.size() > 1) {
      source += fmt::format(" (newest of {} kube-apiserver Pods)", apiserver_images.size());
    }
    snap.cluster.Set(Known(kKey, best_version, std::move(source)));
    return;
  }
  // Fallback: the newest kubelet. Kubelets may lag the API server by up to three minor versions,
  // so this is an inference, not a measurement.
  std::string newest;
  std::string newest_node;
  for (const auto& n : nodes) {
    if (!n.has_node || n.kubelet.empty()) continue;
    if (newest.empty() || Newer(n.kubelet, newest)) {
      newest = n.kubelet;
      newest_node = n.name;
    }
  }
  if (!newest.empty()) {
    std::string source = fmt::format(
        "newest status.nodeInfo.kubeletVersion of the Nodes {} (Node {}); no kube-apiserver Pod "
        "with a version tag {}",
        InInput(), newest_node, InInput());
    auto f = Known(kKey, newest, std::move(source), Origin::kInferred);
    f.derived_from = {"node.kubelet.version"};
    snap.cluster.Set(std::move(f));
    return;
  }
  std::string why =
      fmt::format("no kube-apiserver Pod and no Node with a kubeletVersion {}", InInput());
  if (!untagged.empty()) {
    why += fmt::format(" (kube-apiserver image {} has no version tag)", untagged.front());
  }
  snap.cluster.Set(Unknown(kKey, std::move(why)));
}

void ObjectMapper::State::FinishKubeProxy(facts::Snapshot& snap) {
  const Workload& ds = W(Role::kKubeProxy);
  const bool ds_seen = Seen("DaemonSet");
  const std::string missing_ds =
      ds_seen ? fmt::format(
                    "no kube-proxy DaemonSet {} (kube-system/kube-proxy or label "
                    "k8s-app=kube-proxy)",
                    InInput())
              : fmt::format("no DaemonSets {}", InInput());

  if (ds.found()) {
    snap.cluster.Set(Known("cluster.kube_proxy.present", true, ds.Ref()));
  } else if (ds_seen) {
    snap.cluster.Set(Known("cluster.kube_proxy.present", false,
                           fmt::format("DaemonSets {}: none is kube-proxy", InInput())));
  } else {
    snap.cluster.Set(Unknown("cluster.kube_proxy.present", missing_ds));
  }

  const Container* ct = ds.found() ? ds.Main("kube-proxy") : nullptr;
  if (ct && !ct->image.empty()) {
    std::string source = fmt::format("{} container {} image", ds.Ref(), ct->name);
    snap.cluster.Set(Known("cluster.kube_proxy.image", ct->image, source));
    if (auto v = version::VersionFromImage(ct->image)) {
      snap.cluster.Set(Known("cluster.kube_proxy.version", *v, source + " tag"));
    } else {
      snap.cluster.Set(Unknown("cluster.kube_proxy.version",
                               fmt::format("image {} has no version tag", ct->image), source));
    }
  } else {
    std::string why = ds.found() ? fmt::format("{} has no container image", ds.Ref()) : missing_ds;
    snap.cluster.Set(Unknown("cluster.kube_proxy.image", why));
    // kube-proxy may run as a static Pod (no DaemonSet): its image still tells the version.
    std::optional<std::string> version;
    const ImageSeen* from = nullptr;
    for (const auto& seen : kube_proxy_pod_images) {
      auto v = version::VersionFromImage(seen.image);
      if (v && (!version || Newer(*v, *version))) {
        version = v;
        from = &seen;
      }
    }
    if (version) {
      snap.cluster.Set(
          Known("cluster.kube_proxy.version", *version,
                fmt::format("{} {} tag (no kube-proxy DaemonSet)", from->ref, from->image)));
    } else {
      snap.cluster.Set(Unknown("cluster.kube_proxy.version", why));
    }
  }

  // KubeProxyConfiguration from the ConfigMap.
  const ProxyConfig& pc = proxy_config;
  std::string cm_missing;
  if (!pc.found) {
    cm_missing = Seen("ConfigMap")
                     ? fmt::format("no kube-system/kube-proxy (or kube-proxy-config) ConfigMap {}",
                                   InInput())
                     : fmt::format("no ConfigMaps {}", InInput());
  } else if (!pc.values) {
    cm_missing = pc.error;
  }
  if (!cm_missing.empty()) {
    for (std::string_view key :
         {"cluster.kube_proxy.mode", "cluster.kube_proxy.node_port_addresses",
          "cluster.kube_proxy.cluster_cidr"}) {
      snap.cluster.Set(Unknown(key, cm_missing));
    }
  } else {
    const KubeProxyConfigValues& v = *pc.values;
    const std::string base = fmt::format("{} data[{}]", pc.ref, pc.key);
    if (v.mode.empty()) {
      snap.cluster.Set(Known("cluster.kube_proxy.mode", std::string("iptables"),
                             base + ".mode is empty: the default on Linux is iptables",
                             Origin::kInferred));
    } else {
      snap.cluster.Set(Known("cluster.kube_proxy.mode", v.mode, base + ".mode"));
    }
    snap.cluster.Set(Known("cluster.kube_proxy.node_port_addresses", v.node_port_addresses,
                           v.node_port_addresses_set
                               ? base + ".nodePortAddresses"
                               : base + ".nodePortAddresses (null: all addresses)"));
    snap.cluster.Set(
        Known("cluster.kube_proxy.cluster_cidr", v.cluster_cidr, base + ".clusterCIDR"));
  }

  // Cluster Pod CIDRs from every place that names them.
  std::vector<std::string> cidrs;
  std::vector<std::string> from;
  auto add = [&](const std::vector<std::string>& list, std::string what) {
    if (list.empty()) return;
    for (const auto& cidr : list) {
      if (std::find(cidrs.begin(), cidrs.end(), cidr) == cidrs.end()) cidrs.push_back(cidr);
    }
    from.push_back(std::move(what));
  };
  if (pc.values) {
    add(SplitCidrs(pc.values->cluster_cidr),
        fmt::format("{} data[{}].clusterCIDR", pc.ref, pc.key));
  }
  add(kubeadm.pod_subnets,
      "kube-system/kubeadm-config ConfigMap data[ClusterConfiguration].networking.podSubnet");
  std::vector<std::string> pool_cidrs;
  for (const auto& p : ippools) {
    if (!p.disabled && !p.cidr.empty()) pool_cidrs.push_back(p.cidr);
  }
  add(pool_cidrs, "Calico IPPool spec.cidr");
  if (!cidrs.empty()) {
    snap.cluster.Set(Known("cluster.pod_cidrs", std::move(cidrs), core::Join(from, "; ")));
  } else {
    snap.cluster.Set(Unknown(
        "cluster.pod_cidrs",
        fmt::format("no Pod CIDR {}: no kube-proxy clusterCIDR, no kubeadm-config podSubnet, no "
                    "enabled Calico IPPool",
                    InInput())));
  }
}

void ObjectMapper::State::FinishServicesAndObjects(facts::Snapshot& snap) {
  if (Seen("Service")) {
    const std::string src = fmt::format("spec of the {} Services {}", Count("Service"), InInput());
    SortUnique(external_ips_local);
    SortUnique(lb_source_ranges);
    snap.cluster.Set(Known("cluster.services.external_ips_local", std::move(external_ips_local),
                           src + " (externalIPs, externalTrafficPolicy)"));
    snap.cluster.Set(Known("cluster.services.lb_source_ranges", std::move(lb_source_ranges),
                           src + " (type, loadBalancerSourceRanges)"));
  } else {
    for (std::string_view key :
         {"cluster.services.external_ips_local", "cluster.services.lb_source_ranges"}) {
      snap.cluster.Set(Unknown(key, fmt::format("no Services {}", InInput())));
    }
  }
  if (objects > 0) {
    SortUnique(terminating);
    std::vector<std::string> kinds;
    for (const auto& [kind, count] : kind_counts) kinds.push_back(kind);
    snap.cluster.Set(Known("cluster.objects.terminating", std::move(terminating),
                           fmt::format("metadata.deletionTimestamp and finalizers of the {} "
                                       "objects {} ({})",
                                       objects, InInput(), core::Join(kinds, ", "))));
  } else {
    snap.cluster.Set(
        Unknown("cluster.objects.terminating", fmt::format("no objects {}", InInput())));
  }
}

void ObjectMapper::State::FinishCalico(facts::Snapshot& snap) {
  const Workload& ds = W(Role::kCalicoNode);
  const bool ds_seen = Seen("DaemonSet");
  const std::string missing =
      ds_seen ? fmt::format("no calico-node DaemonSet {} (kube-system or calico-system)", InInput())
              : fmt::format("no DaemonSets {}", InInput());
  if (ds.found()) {
    snap.cluster.Set(Known("cluster.calico.present", true, ds.Ref()));
  } else if (ds_seen) {
    snap.cluster.Set(Known("cluster.calico.present", false,
                           fmt::format("DaemonSets {}: none is calico-node", InInput())));
  } else {
    snap.cluster.Set(Unknown("cluster.calico.present", missing));
  }

  const Container* ct = ds.found() ? ds.Main("calico-node") : nullptr;
  const std::string ct_ref = ct ? fmt::format("{} container {}", ds.Ref(), ct->name) : "";
  if (ct && !ct->image.empty()) {
    snap.cluster.Set(Known("cluster.calico.image", ct->image, ct_ref + " image"));
    if (auto v = version::VersionFromImage(ct->image)) {
      snap.cluster.Set(Known("cluster.calico.version", *v, ct_ref + " image tag"));
    } else {
      snap.cluster.Set(Unknown("cluster.calico.version",
                               fmt::format("image {} has no version tag", ct->image),
                               ct_ref + " image"));
    }
  } else {
    std::string why = ct ? fmt::format("{} has no image", ct_ref) : missing;
    snap.cluster.Set(Unknown("cluster.calico.image", why));
    snap.cluster.Set(Unknown("cluster.calico.version", why));
  }

  // Felix settings. Felix reads environment variables first, then its config file, then the
  // FelixConfiguration resources (projectcalico/calico reference/felix/configuration.md:
  // "if an environment variable contains a value, it takes top precedence").
  auto felix_setting = [&](std::string_view key, std::string_view env_name,
                           const std::optional<std::string>& resource_value,
                           std::string_view resource_field,
                           std::initializer_list<std::string_view> spellings) {
    if (!ct) {
      snap.cluster.Set(Unknown(key, missing));
      return;
    }
    if (const EnvVar* e = ct->Env(env_name)) {
      if (!e->from.empty()) {
        snap.cluster.Set(Unknown(key,
                                 fmt::format("{} env {} comes from {}, which is not resolved",
                                             ct_ref, env_name, e->from),
                                 fmt::format("{} env {}", ct_ref, env_name)));
        return;
      }
      std::string value = spellings.size() ? Canonical(e->value, spellings) : e->value;
      snap.cluster.Set(Known(key, value, fmt::format("{} env {}", ct_ref, env_name)));
      return;
    }
    if (resource_value) {
      std::string value =
          spellings.size() ? Canonical(*resource_value, spellings) : *resource_value;
      snap.cluster.Set(Known(key, value,
                             fmt::format("FelixConfiguration default spec.{} ({} env has no {})",
                                         resource_field, ct_ref, env_name)));
      return;
    }
    if (felix_default_found) {
      snap.cluster.Set(Known(key, std::string(),
                             fmt::format("not set: {} env has no {} and FelixConfiguration default "
                                         "has no spec.{} (Felix uses its built-in default)",
                                         ct_ref, env_name, resource_field)));
      return;
    }
    snap.cluster.Set(
        Unknown(key,
                fmt::format("{} env has no {} and {} FelixConfiguration named default (list "
                            "felixconfigurations.crd.projectcalico.org)",
                            ct_ref, env_name,
                            Seen("FelixConfiguration") ? "there is no" : "the input has no"),
                fmt::format("{} env {}", ct_ref, env_name)));
  };
  felix_setting("cluster.calico.iptables_backend", "FELIX_IPTABLESBACKEND", felix_backend,
                "iptablesBackend", {"Auto", "Legacy", "NFT"});
  felix_setting("cluster.calico.feature_detect_override", "FELIX_FEATUREDETECTOVERRIDE", felix_fdo,
                "featureDetectOverride", {});

  // Encapsulation: the IP pools decide; the calico-node env only seeds the default pool at first
  // start, so it is an inference used when no pool is in the input.
  std::vector<const IpPool*> pools;
  for (const auto& p : ippools) {
    if (!p.disabled) pools.push_back(&p);
  }
  auto encap = [&](std::string_view key, std::string_view env_name, bool ipip) {
    if (!pools.empty()) {
      bool on = false;
      std::vector<std::string> evidence;
      for (const IpPool* p : pools) {
        const std::string& mode = ipip ? p->ipip_mode : p->vxlan_mode;
        evidence.push_back(fmt::format("{}={}", p->name, mode.empty() ? "Never" : mode));
        if (EncapOn(mode).value_or(false)) on = true;
      }
      snap.cluster.Set(Known(
          key, on,
          fmt::format("IPPool spec.{} of {} enabled pools: {}", ipip ? "ipipMode" : "vxlanMode",
                      pools.size(), core::Join(evidence, ", "))));
      return;
    }
    std::string no_pools = Seen("IPPool") ? "no enabled IPPool" : "no IPPools";
    if (!ct) {
      snap.cluster.Set(Unknown(key, fmt::format("{} and {}", no_pools, missing)));
      return;
    }
    const EnvVar* e = ct->Env(env_name);
    if (!e) {
      snap.cluster.Set(Unknown(
          key, fmt::format("{} {} and {} env has no {}", no_pools, InInput(), ct_ref, env_name)));
      return;
    }
    if (!e->from.empty()) {
      snap.cluster.Set(Unknown(key, fmt::format("{} {} and {} env {} comes from {}", no_pools,
                                                InInput(), ct_ref, env_name, e->from)));
      return;
    }
    auto on = EncapOn(e->value);
    std::string source = fmt::format("{} env {}={} ({} {}; the env seeds the default IP pool)",
                                     ct_ref, env_name, e->value, no_pools, InInput());
    if (!on) {
      snap.cluster.Set(
          Unknown(key, fmt::format("unrecognised {} value '{}'", env_name, e->value), source));
      return;
    }
    snap.cluster.Set(Known(key, *on, std::move(source), Origin::kInferred));
  };
  encap("cluster.calico.ipip", "CALICO_IPV4POOL_IPIP", true);
  encap("cluster.calico.vxlan", "CALICO_IPV4POOL_VXLAN", false);

  // calico-kube-controllers Pods.
  if (!Seen("Pod")) {
    for (std::string_view key : {"cluster.calico.kube_controllers.restarts",
                                 "cluster.calico.kube_controllers.oom_killed"}) {
      snap.cluster.Set(Unknown(key, fmt::format("no Pods {}", InInput())));
    }
  } else if (kcc_pods.empty()) {
    for (std::string_view key : {"cluster.calico.kube_controllers.restarts",
                                 "cluster.calico.kube_controllers.oom_killed"}) {
      snap.cluster.Set(Unknown(key, fmt::format("no calico-kube-controllers Pod {}", InInput())));
    }
  } else {
    std::int64_t restarts = 0;
    std::vector<std::string> names;
    std::vector<std::string> oom;
    for (const auto& [ref, entry] : kcc_pods) {
      restarts += entry.first;
      names.push_back(ref);
      for (const auto& container : entry.second) {
        oom.push_back(fmt::format("{} container {}", ref, container));
      }
    }
    const std::string pods_ref =
        fmt::format("calico-kube-controllers Pods [{}]", core::Join(names, ", "));
    snap.cluster.Set(Known("cluster.calico.kube_controllers.restarts", restarts,
                           pods_ref + " status.containerStatuses[].restartCount (sum)"));
    snap.cluster.Set(Known("cluster.calico.kube_controllers.oom_killed", !oom.empty(),
                           oom.empty()
                               ? pods_ref + " status.containerStatuses[]: no OOMKilled termination"
                               : fmt::format("{} terminated OOMKilled", core::Join(oom, ", "))));
  }
}

void ObjectMapper::State::FinishSpiderpool(facts::Snapshot& snap) {
  const Workload& agent = W(Role::kSpiderAgent);
  const Workload& controller = W(Role::kSpiderController);
  const Workload& multus = W(Role::kSpiderMultus);
  const bool ds_seen = Seen("DaemonSet");
  const bool deploy_seen = Seen("Deployment");

  std::optional<bool> present;
  std::string present_source;
  if (agent.found() || controller.found()) {
    present = true;
    present_source = agent.found() ? agent.Ref() : controller.Ref();
  } else if (ds_seen || deploy_seen) {
    present = false;
    present_source = fmt::format(
        "{} {}: no spiderpool-agent DaemonSet or spiderpool-controller "
        "Deployment",
        ds_seen ? "DaemonSets" : "Deployments", InInput());
  }
  const std::string unknown_presence = fmt::format("no DaemonSets or Deployments {}", InInput());
  if (present) {
    snap.cluster.Set(Known("cluster.spiderpool.present", *present, present_source));
  } else {
    snap.cluster.Set(Unknown("cluster.spiderpool.present", unknown_presence));
  }
  const std::string not_installed =
      present && !*present ? fmt::format("Spiderpool is not installed ({})", present_source) : "";

  // Version: the image tag of the agent or controller, else their app.kubernetes.io/version.
  std::optional<std::string> version;
  std::string version_source;
  for (const Workload* w : {&agent, &controller}) {
    if (!w->found() || version) continue;
    const Container* ct = w->Main(w->name);
    if (ct && !ct->image.empty()) {
      if (auto v = version::VersionFromImage(ct->image)) {
        version = *v;
        version_source = fmt::format("{} container {} image tag", w->Ref(), ct->name);
      }
    }
  }
  for (const Workload* w : {&agent, &controller}) {
    if (!w->found() || version || w->version_label.empty()) continue;
    version = w->version_label;
    version_source = fmt::format("{} metadata.labels[app.kubernetes.io/version]", w->Ref());
  }
  if (version) {
    snap.cluster.Set(Known("cluster.spiderpool.version", *version, version_source));
  } else {
    std::string why = !present                 ? unknown_presence
                      : !not_installed.empty() ? not_installed
                                               : "the spiderpool-agent/controller images have "
                                                 "no version tag and no "
                                                 "app.kubernetes.io/version label";
    snap.cluster.Set(Unknown("cluster.spiderpool.version", why));
  }

  // Multus managed by Spiderpool: the spiderpool-multus DaemonSet exists.
  if (multus.found()) {
    snap.cluster.Set(Known("cluster.spiderpool.multus_enabled", true, multus.Ref()));
  } else if (present && !*present) {
    snap.cluster.Set(Known("cluster.spiderpool.multus_enabled", false, not_installed));
  } else if (present && ds_seen) {
    snap.cluster.Set(Known("cluster.spiderpool.multus_enabled", false,
                           fmt::format("DaemonSets {}: no spiderpool-multus", InInput())));
  } else {
    snap.cluster.Set(
        Unknown("cluster.spiderpool.multus_enabled",
                ds_seen ? unknown_presence : fmt::format("no DaemonSets {}", InInput())));
  }

  // IP GC: spiderpool-controller env SPIDERPOOL_GC_IP_ENABLED (charts/spiderpool/templates/
  // deployment.yaml, value ipam.gc.enabled); the controller defaults it to "true" when unset
  // (cmd/spiderpool-controller/cmd/config.go). It is not a spiderpool-conf key.
  {
    constexpr std::string_view kKey = "cluster.spiderpool.ip_gc_enabled";
    const Container* ct = controller.found() ? controller.Main("spiderpool-controller") : nullptr;
    if (!ct) {
      std::string why = !not_installed.empty() ? not_installed
                        : deploy_seen
                            ? fmt::format("no spiderpool-controller Deployment {}", InInput())
                            : fmt::format("no Deployments {}", InInput());
      snap.cluster.Set(Unknown(kKey, why));
    } else {
      const std::string ref =
          fmt::format("{} container {} env SPIDERPOOL_GC_IP_ENABLED", controller.Ref(), ct->name);
      const EnvVar* e = ct->Env("SPIDERPOOL_GC_IP_ENABLED");
      if (!e) {
        snap.cluster.Set(Known(kKey, true,
                               ref + " is not set: spiderpool-controller defaults it to true",
                               Origin::kInferred));
      } else if (!e->from.empty()) {
        snap.cluster.Set(Unknown(kKey, fmt::format("{} comes from {}", ref, e->from), ref));
      } else {
        std::string v = core::ToLower(core::Trim(e->value));
        if (v == "true" || v == "false") {
          snap.cluster.Set(Known(kKey, v == "true", fmt::format("{}={}", ref, e->value)));
        } else {
          snap.cluster.Set(
              Unknown(kKey, fmt::format("{}='{}' is not true or false", ref, e->value), ref));
        }
      }
    }
  }

  // kubevirt static IP: spiderpool-conf data[conf.yml].enableKubevirtStaticIP.
  {
    constexpr std::string_view kKey = "cluster.spiderpool.kubevirt_static_ip";
    if (!spider_conf.found) {
      std::string why = !not_installed.empty() ? not_installed
                        : Seen("ConfigMap")
                            ? fmt::format("no spiderpool-conf ConfigMap {}", InInput())
                            : fmt::format("no ConfigMaps {}", InInput());
      snap.cluster.Set(Unknown(kKey, why));
    } else if (!spider_conf.values) {
      snap.cluster.Set(Unknown(kKey, spider_conf.error));
    } else if (!spider_conf.values->enable_kubevirt_static_ip) {
      snap.cluster.Set(Unknown(
          kKey, fmt::format("{} data[conf.yml] has no enableKubevirtStaticIP (older Spiderpool)",
                            spider_conf.ref)));
    } else {
      snap.cluster.Set(Known(kKey, *spider_conf.values->enable_kubevirt_static_ip,
                             spider_conf.ref + " data[conf.yml].enableKubevirtStaticIP"));
    }
  }

  // Custom resources: known whenever their kind was listed (possibly empty).
  auto cr_list = [&](std::string_view key, std::string_view kind, std::string_view resource,
                     std::vector<ObjectRef>& refs, std::string_view what) {
    if (Seen(kind)) {
      SortUnique(refs);
      snap.cluster.Set(
          Known(key, std::move(refs),
                fmt::format("{} of the {} {}s {}", what, Count(kind), kind, InInput())));
    } else {
      snap.cluster.Set(Unknown(key, fmt::format("no {}s {} (list {}.spiderpool.spidernet.io)", kind,
                                                InInput(), resource)));
    }
  };
  cr_list("cluster.spiderpool.empty_multus_configs", "SpiderMultusConfig", "spidermultusconfigs",
          empty_multus_configs, "spec");
  cr_list("cluster.spiderpool.ippools_namespaced_multus", "SpiderIPPool", "spiderippools",
          namespaced_multus, "spec.multusName");
  cr_list("cluster.spiderpool.coordinators", "SpiderCoordinator", "spidercoordinators",
          coordinators, "spec.podCIDRType and status.phase");
  if (Seen("SpiderSubnet")) {
    snap.cluster.Set(Known("cluster.spiderpool.subnets",
                           static_cast<std::int64_t>(spider_subnets.size()),
                           fmt::format("SpiderSubnets {}", InInput())));
  } else {
    snap.cluster.Set(
        Unknown("cluster.spiderpool.subnets",
                fmt::format("no SpiderSubnets {} (list spidersubnets.spiderpool.spidernet.io)",
                            InInput())));
  }

  if (Seen("ConfigMap")) {
    bool found = kubeadm.found;
    snap.cluster.Set(
        Known("cluster.spiderpool.kubeadm_config_present", found,
              found ? std::string("kube-system/kubeadm-config ConfigMap")
                    : fmt::format("ConfigMaps {}: no kube-system/kubeadm-config", InInput())));
  } else {
    snap.cluster.Set(Unknown("cluster.spiderpool.kubeadm_config_present",
                             fmt::format("no ConfigMaps {}", InInput())));
  }

  {
    constexpr std::string_view kKey = "cluster.spiderpool.statefulset_pods";
    if (!Seen("Pod")) {
      snap.cluster.Set(Unknown(kKey, fmt::format("no Pods {}", InInput())));
    } else if (!present) {
      snap.cluster.Set(Unknown(kKey, unknown_presence));
    } else if (!*present) {
      snap.cluster.Set(Known(kKey, std::int64_t{0}, not_installed));
    } else {
      snap.cluster.Set(
          Known(kKey, static_cast<std::int64_t>(statefulset_pods.size()),
                fmt::format("Pods {} with an ownerReference of kind StatefulSet", InInput())));
    }
  }
}

facts::Snapshot ObjectMapper::State::Finish() {
  facts::Snapshot snap;
  FinishKubernetes(snap);  // before FinishNodes: reads the kubelet versions
  FinishNodes(snap);
  FinishKubeProxy(snap);
  FinishServicesAndObjects(snap);
  FinishCalico(snap);
  FinishSpiderpool(snap);

  // Safety net: every catalogue fact this producer owns is present, known or not.
  const std::string not_produced = fmt::format("not produced from the {} input", opts.input_kind);
  for (const auto& spec : facts::Catalog()) {
    if (!spec.producers.Has(facts::Producer::kDump) || spec.key.ends_with(".*")) {
      continue;
    }
    if (spec.scope == facts::FactScope::kCluster) {
      if (!snap.cluster.Has(spec.key)) snap.cluster.Set(Unknown(spec.key, not_produced));
    } else {
      for (auto& [name, fs] : snap.nodes) {
        if (!fs.Has(spec.key)) fs.Set(Unknown(spec.key, not_produced));
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

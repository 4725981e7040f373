// SPDX-License-Identifier: Apache-2.0
// Spiderpool: its agent, controller and multus workloads (kept by workloads.cpp), the
// spiderpool-conf ConfigMap (kept by kube_proxy.cpp) and its custom resources.

#include "collect/offline/kinds/kind.h"
#include "core/strings.h"
#include "facts/keys.h"
#include "version/image_ref.h"

namespace netdoctor::collect::offline::kinds {

namespace keys = facts::keys;

namespace {

class SpiderIPPoolReader final : public KindReader {
 public:
  void Begin() override { multus_names_.clear(); }

  bool Section(string_view section, od::value& v, const Meta&,
               const ObjectContext& c) override {
    if (section != "spec") return true;
    return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
      if (!KeyIs(key, "multusName")) return true;
      return ForEachString(f, c, "spec.multusName", [&](string_view n) -> bool {
        multus_names_.push_back(n);
        return true;
      });
    });
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    for (auto n : multus_names_) {
      if (n.find('/') != string_view::npos) {
        st.namespaced_multus.push_back(
            ObjectRef{"SpiderIPPool", "", std::string(m.name),
                      fmt::format("multusName=[{}]", JoinViews(multus_names_, ", ")), "", ""});
        break;
      }
    }
    return Ok();
  }

 private:
  std::vector<string_view> multus_names_;
};

class SpiderSubnetReader final : public KindReader {
 public:
  void Begin() override {}
  bool Section(string_view, od::value&, const Meta&, const ObjectContext&) override {
    return true;
  }
  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    st.spider_subnets.insert(std::string(m.name));
    return Ok();
  }
};

struct SpiderCoordinatorScratch {
  string_view pod_cidr_type, phase;
};

class SpiderCoordinatorReader final : public ScratchReader<SpiderCoordinatorScratch> {
 public:
  bool Section(string_view section, od::value& v, const Meta&,
               const ObjectContext& c) override {
    if (section == "spec") {
      return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
        if (KeyIs(key, "podCIDRType")) {
          return ReadString(f, s_.pod_cidr_type, c, "spec.podCIDRType");
        }
        return true;
      });
    }
    if (section == "status") {
      return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
        if (KeyIs(key, "phase")) return ReadString(f, s_.phase, c, "status.phase");
        return true;
      });
    }
    return true;
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    st.coordinators.push_back(
        ObjectRef{"SpiderCoordinator", "", std::string(m.name),
                  fmt::format("podCIDRType={} phase={}",
                              s_.pod_cidr_type.empty() ? "(unset)" : s_.pod_cidr_type,
                              s_.phase.empty() ? "(unset)" : s_.phase),
                  "", ""});
    return Ok();
  }
};

class SpiderMultusConfigReader final : public KindReader {
 public:
  void Begin() override { spec_empty_ = true; }

  bool Section(string_view section, od::value& v, const Meta&,
               const ObjectContext& c) override {
    if (section != "spec") return true;
    return ForEachField(v, c, "spec", [&](od::raw_json_string, od::value&) -> bool {
      spec_empty_ = false;
      return true;
    });
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool spec_present,
                const ObjectContext&) override {
    if (!spec_present || spec_empty_) {
      st.empty_multus_configs.push_back(
          ObjectRef{"SpiderMultusConfig", std::string(m.ns), std::string(m.name),
                    spec_present ? "spec is empty" : "no spec", "", ""});
    }
    return Ok();
  }

 private:
  bool spec_empty_ = true;
};

// Whether Spiderpool is installed, as the other steps need it.
struct Presence {
  std::optional<bool> present;
  bool from_objects = false;  // known from its custom resources, not from its workloads
  std::string source;
  std::string unknown;        // why presence is unknown
  std::string not_installed;  // set when known absent
};

Presence SpiderPresence(const MapperState& st, facts::Snapshot& snap) {
  const Workload& agent = st.W(Role::kSpiderAgent);
  const Workload& controller = st.W(Role::kSpiderController);
  const bool ds_seen = st.Seen("DaemonSet");
  Presence p;
  // Objects of Spiderpool's own API group exist only where its CRDs are installed: they say it
  // is installed when its workloads are not in the input (another namespace, or not dumped).
  std::vector<std::string> crs;
  for (std::string_view kind : {"SpiderIPPool", "SpiderSubnet", "SpiderCoordinator",
                                "SpiderMultusConfig"}) {
    if (auto n = st.Count(kind)) crs.push_back(fmt::format("{} {}", n, kind));
  }
  if (agent.found() || controller.found()) {
    p.present = true;
    p.source = agent.found() ? agent.Ref() : controller.Ref();
  } else if (!crs.empty()) {
    p.present = true;
    p.from_objects = true;
    p.source = fmt::format(
        "{} {} (spiderpool.spidernet.io custom resources); its spiderpool-agent DaemonSet and "
        "spiderpool-controller Deployment are not {}",
        core::Join(crs, ", "), st.InInput(), st.InInput());
  } else if (ds_seen || st.Seen("Deployment")) {
    p.present = false;
    p.source = fmt::format(
        "{} {}: no spiderpool-agent DaemonSet or spiderpool-controller "
        "Deployment",
        ds_seen ? "DaemonSets" : "Deployments", st.InInput());
  }
  p.unknown = fmt::format("no DaemonSets or Deployments {}", st.InInput());
  if (p.present) {
    snap.cluster.Set(Known(keys::kClusterSpiderpoolPresent, *p.present, p.source,
                           p.from_objects ? Origin::kInferred : Origin::kMeasured));
  } else {
    snap.cluster.Set(Unknown(keys::kClusterSpiderpoolPresent, p.unknown));
  }
  if (p.present && !*p.present) {
    p.not_installed = fmt::format("Spiderpool is not installed ({})", p.source);
  }
  return p;
}

// Version: the image tag of the agent or controller, else their app.kubernetes.io/version.
void SpiderVersion(const MapperState& st, const Presence& p, facts::Snapshot& snap) {
  const Workload& agent = st.W(Role::kSpiderAgent);
  const Workload& controller = st.W(Role::kSpiderController);
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
  // Where it is installed: fix commands address its workloads there.
  for (const Workload* w : {&agent, &controller}) {
    if (!w->found() || w->ns.empty()) continue;
    snap.cluster.Set(Known(keys::kClusterSpiderpoolNamespace, w->ns, w->Ref()));
    break;
  }
  if (version) {
    snap.cluster.Set(Known(keys::kClusterSpiderpoolVersion, *version, version_source));
    return;
  }
  std::string why = !p.present                 ? p.unknown
                    : !p.not_installed.empty() ? p.not_installed
                    : p.from_objects
                        ? fmt::format("the version is read from the spiderpool-agent/controller "
                                      "images, and neither is {}",
                                      st.InInput())
                        : "the spiderpool-agent/controller images have no version tag and no "
                          "app.kubernetes.io/version label";
  snap.cluster.Set(Unknown(keys::kClusterSpiderpoolVersion, why));
}

// Multus managed by Spiderpool: the spiderpool-multus DaemonSet exists.
void MultusEnabled(const MapperState& st, const Presence& p, facts::Snapshot& snap) {
  const Workload& multus = st.W(Role::kSpiderMultus);
  const bool ds_seen = st.Seen("DaemonSet");
  if (multus.found()) {
    snap.cluster.Set(Known(keys::kClusterSpiderpoolMultusEnabled, true, multus.Ref()));
  } else if (p.present && !*p.present) {
    snap.cluster.Set(Known(keys::kClusterSpiderpoolMultusEnabled, false, p.not_installed));
  } else if (p.from_objects) {
    // The input's DaemonSets do not reach Spiderpool's namespace: no spiderpool-multus there
    // says nothing.
    snap.cluster.Set(Unknown(keys::kClusterSpiderpoolMultusEnabled,
                             fmt::format("no Spiderpool DaemonSet {}", st.InInput())));
  } else if (p.present && ds_seen) {
    snap.cluster.Set(Known(keys::kClusterSpiderpoolMultusEnabled, false,
                           fmt::format("DaemonSets {}: no spiderpool-multus", st.InInput())));
  } else {
    snap.cluster.Set(
        Unknown(keys::kClusterSpiderpoolMultusEnabled,
                ds_seen ? p.unknown : fmt::format("no DaemonSets {}", st.InInput())));
  }
}

// IP GC: spiderpool-controller env SPIDERPOOL_GC_IP_ENABLED (charts/spiderpool/templates/
// deployment.yaml, value ipam.gc.enabled); the controller defaults it to "true" when unset
// (cmd/spiderpool-controller/cmd/config.go). It is not a spiderpool-conf key.
void IpGcEnabled(const MapperState& st, const Presence& p, facts::Snapshot& snap) {
  constexpr std::string_view kKey = keys::kClusterSpiderpoolIpGcEnabled;
  const Workload& controller = st.W(Role::kSpiderController);
  const Container* ct = controller.found() ? controller.Main("spiderpool-controller") : nullptr;
  if (!ct) {
    std::string why = !p.not_installed.empty() ? p.not_installed
                      : st.Seen("Deployment")
                          ? fmt::format("no spiderpool-controller Deployment {}", st.InInput())
                          : fmt::format("no Deployments {}", st.InInput());
    snap.cluster.Set(Unknown(kKey, why));
    return;
  }
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

// kubevirt static IP: spiderpool-conf data[conf.yml].enableKubevirtStaticIP.
void KubevirtStaticIp(const MapperState& st, const Presence& p, facts::Snapshot& snap) {
  constexpr std::string_view kKey = keys::kClusterSpiderpoolKubevirtStaticIp;
  const KeptConfigMap* cm = st.ConfigMap("", "spiderpool-conf");
  if (!cm) {
    std::string why = !p.not_installed.empty() ? p.not_installed
                      : st.Seen("ConfigMap")
                          ? fmt::format("no spiderpool-conf ConfigMap {}", st.InInput())
                          : fmt::format("no ConfigMaps {}", st.InInput());
    snap.cluster.Set(Unknown(kKey, why));
    return;
  }
  const std::string ref = fmt::format("{}/{} ConfigMap", cm->ns, cm->name);
  auto text = cm->Value("conf.yml");
  if (!text) {
    snap.cluster.Set(Unknown(kKey, fmt::format("{} has no data[conf.yml]", ref)));
    return;
  }
  auto parsed = ParseSpiderpoolConf(*text);
  if (!parsed) {
    snap.cluster.Set(
        Unknown(kKey, fmt::format("{} data[conf.yml]: {}", ref, parsed.error().message())));
  } else if (!parsed->enable_kubevirt_static_ip) {
    snap.cluster.Set(Unknown(
        kKey,
        fmt::format("{} data[conf.yml] has no enableKubevirtStaticIP (older Spiderpool)", ref)));
  } else {
    snap.cluster.Set(Known(kKey, *parsed->enable_kubevirt_static_ip,
                           ref + " data[conf.yml].enableKubevirtStaticIP"));
  }
}

// Custom resources: known whenever their kind was listed (possibly empty).
void CustomResources(MapperState& st, facts::Snapshot& snap) {
  auto cr_list = [&](std::string_view key, std::string_view kind, std::string_view resource,
                     std::vector<ObjectRef>& refs, std::string_view what) {
    if (st.Seen(kind)) {
      SortUnique(refs);
      snap.cluster.Set(
          Known(key, std::move(refs),
                fmt::format("{} of the {} {}s {}", what, st.Count(kind), kind, st.InInput())));
    } else {
      snap.cluster.Set(Unknown(key, fmt::format("no {}s {} (list {}.spiderpool.spidernet.io)",
                                                kind, st.InInput(), resource)));
    }
  };
  cr_list(keys::kClusterSpiderpoolEmptyMultusConfigs, "SpiderMultusConfig", "spidermultusconfigs",
          st.empty_multus_configs, "spec");
  cr_list(keys::kClusterSpiderpoolIppoolsNamespacedMultus, "SpiderIPPool", "spiderippools",
          st.namespaced_multus, "spec.multusName");
  cr_list(keys::kClusterSpiderpoolCoordinators, "SpiderCoordinator", "spidercoordinators",
          st.coordinators, "spec.podCIDRType and status.phase");
  if (st.Seen("SpiderSubnet")) {
    snap.cluster.Set(Known(keys::kClusterSpiderpoolSubnets,
                           static_cast<std::int64_t>(st.spider_subnets.size()),
                           fmt::format("SpiderSubnets {}", st.InInput())));
  } else {
    snap.cluster.Set(
        Unknown(keys::kClusterSpiderpoolSubnets,
                fmt::format("no SpiderSubnets {} (list spidersubnets.spiderpool.spidernet.io)",
                            st.InInput())));
  }
}

void KubeadmConfigPresent(const MapperState& st, facts::Snapshot& snap) {
  if (st.Seen("ConfigMap")) {
    bool found = st.ConfigMap("kube-system", "kubeadm-config") != nullptr;
    snap.cluster.Set(
        Known(keys::kClusterSpiderpoolKubeadmConfigPresent, found,
              found ? std::string("kube-system/kubeadm-config ConfigMap")
                    : fmt::format("ConfigMaps {}: no kube-system/kubeadm-config", st.InInput())));
  } else {
    snap.cluster.Set(Unknown(keys::kClusterSpiderpoolKubeadmConfigPresent,
                             fmt::format("no ConfigMaps {}", st.InInput())));
  }
}

void StatefulSetPods(const MapperState& st, const Presence& p, facts::Snapshot& snap) {
  constexpr std::string_view kKey = keys::kClusterSpiderpoolStatefulsetPods;
  if (!st.Seen("Pod")) {
    snap.cluster.Set(Unknown(kKey, fmt::format("no Pods {}", st.InInput())));
  } else if (!p.present) {
    snap.cluster.Set(Unknown(kKey, p.unknown));
  } else if (!*p.present) {
    snap.cluster.Set(Known(kKey, std::int64_t{0}, p.not_installed));
  } else {
    snap.cluster.Set(
        Known(kKey, static_cast<std::int64_t>(st.statefulset_pods.size()),
              fmt::format("Pods {} with an ownerReference of kind StatefulSet", st.InInput())));
  }
}

}  // namespace

extern const KindEntry kSpiderIPPoolKind = {
    {"spiderpool.spidernet.io", "v2beta1", "spiderippools", "SpiderIPPool", false, true},
    &MakeReader<SpiderIPPoolReader>};
extern const KindEntry kSpiderSubnetKind = {
    {"spiderpool.spidernet.io", "v2beta1", "spidersubnets", "SpiderSubnet", false, true},
    &MakeReader<SpiderSubnetReader>};
extern const KindEntry kSpiderCoordinatorKind = {
    {"spiderpool.spidernet.io", "v2beta1", "spidercoordinators", "SpiderCoordinator", false,
     true},
    &MakeReader<SpiderCoordinatorReader>};
extern const KindEntry kSpiderMultusConfigKind = {
    {"spiderpool.spidernet.io", "v2beta1", "spidermultusconfigs", "SpiderMultusConfig", true,
     true},
    &MakeReader<SpiderMultusConfigReader>};

void FinishSpiderpool(MapperState& st, facts::Snapshot& snap) {
  const Presence p = SpiderPresence(st, snap);
  SpiderVersion(st, p, snap);
  MultusEnabled(st, p, snap);
  IpGcEnabled(st, p, snap);
  KubevirtStaticIp(st, p, snap);
  CustomResources(st, snap);
  KubeadmConfigPresent(st, snap);
  StatefulSetPods(st, p, snap);
}

}  // namespace netdoctor::collect::offline::kinds

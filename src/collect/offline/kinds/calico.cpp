// SPDX-License-Identifier: Apache-2.0
// Calico: calico-node (kept by workloads.cpp), the default FelixConfiguration, IPPools and the
// calico-kube-controllers Pods (kept by services_pods.cpp).

#include "collect/offline/kinds/kind.h"
#include "core/strings.h"
#include "facts/keys.h"
#include "version/image_ref.h"

namespace netdoctor::collect::offline::kinds {

namespace keys = facts::keys;

namespace {

// Calico's CALICO_IPV4POOL_IPIP / _VXLAN and IPPool ipipMode / vxlanMode values
// (node/pkg/lifecycle/startup/startup.go, api/pkg/apis/projectcalico/v3/ippool.go).
std::optional<bool> EncapOn(string_view mode) {
  std::string m = core::ToLower(core::Trim(mode));
  if (m == "always" || m == "crosssubnet" || m == "cross-subnet") return true;
  if (m.empty() || m == "never" || m == "off" || m == "false") return false;
  return std::nullopt;
}

struct FelixConfigurationScratch {
  string_view backend, fdo;
};

class FelixConfigurationReader final : public ScratchReader<FelixConfigurationScratch> {
 public:
  bool Section(string_view section, od::value& v, const Meta& m,
               const ObjectContext& c) override {
    if (section != "spec" || (m.name != "default" && !m.name.starts_with("node."))) return true;
    return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
      if (KeyIs(key, "iptablesBackend")) {
        return ReadString(f, s_.backend, c, "spec.iptablesBackend");
      }
      if (KeyIs(key, "featureDetectOverride")) {
        return ReadString(f, s_.fdo, c, "spec.featureDetectOverride");
      }
      return true;
    });
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    // Felix reads "node.<name>" on that node before "default" (Felix configuration reference).
    if (m.name.starts_with("node.")) {
      if (!s_.backend.empty()) {
        st.felix_node_backends[std::string(m.name.substr(5))] = std::string(s_.backend);
      }
      return Ok();
    }
    if (m.name != "default") return Ok();
    st.felix_default_found = true;
    st.felix_backend.reset();
    st.felix_fdo.reset();
    if (!s_.backend.empty()) st.felix_backend = std::string(s_.backend);
    if (!s_.fdo.empty()) st.felix_fdo = std::string(s_.fdo);
    return Ok();
  }
};

struct IpPoolScratch {
  string_view cidr, ipip_mode, vxlan_mode;
  bool disabled = false;
};

class IpPoolReader final : public ScratchReader<IpPoolScratch> {
 public:
  bool Section(string_view section, od::value& v, const Meta&,
               const ObjectContext& c) override {
    if (section != "spec") return true;
    return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
      if (KeyIs(key, "cidr")) return ReadString(f, s_.cidr, c, "spec.cidr");
      if (KeyIs(key, "ipipMode")) return ReadString(f, s_.ipip_mode, c, "spec.ipipMode");
      if (KeyIs(key, "vxlanMode")) return ReadString(f, s_.vxlan_mode, c, "spec.vxlanMode");
      if (KeyIs(key, "disabled")) {
        bool present = false;
        return ReadBool(f, s_.disabled, present, c, "spec.disabled");
      }
      return true;
    });
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    st.ippools.push_back(IpPool{std::string(m.name), std::string(s_.cidr),
                                std::string(s_.ipip_mode), std::string(s_.vxlan_mode),
                                s_.disabled});
    return Ok();
  }
};

// What the Calico finish steps share: calico-node's main container and how to name it.
struct CalicoNode {
  const Container* ct = nullptr;
  std::string ct_ref;
  std::string missing;  // why there is no calico-node, when ct is null
};

CalicoNode PresenceAndImage(const MapperState& st, facts::Snapshot& snap) {
  const Workload& ds = st.W(Role::kCalicoNode);
  const bool ds_seen = st.Seen("DaemonSet");
  CalicoNode cn;
  cn.missing = ds_seen ? fmt::format("no calico-node DaemonSet {} (kube-system or calico-system)",
                                     st.InInput())
                       : fmt::format("no DaemonSets {}", st.InInput());
  if (ds.found()) {
    snap.cluster.Set(Known(keys::kClusterCalicoPresent, true, ds.Ref()));
  } else if (ds_seen) {
    snap.cluster.Set(Known(keys::kClusterCalicoPresent, false,
                           fmt::format("DaemonSets {}: none is calico-node", st.InInput())));
  } else {
    snap.cluster.Set(Unknown(keys::kClusterCalicoPresent, cn.missing));
  }
  cn.ct = ds.found() ? ds.Main("calico-node") : nullptr;
  cn.ct_ref = cn.ct ? fmt::format("{} container {}", ds.Ref(), cn.ct->name) : "";
  if (cn.ct && !cn.ct->image.empty()) {
    snap.cluster.Set(Known(keys::kClusterCalicoImage, cn.ct->image, cn.ct_ref + " image"));
    if (auto v = version::VersionFromImage(cn.ct->image)) {
      snap.cluster.Set(Known(keys::kClusterCalicoVersion, *v, cn.ct_ref + " image tag"));
    } else {
      snap.cluster.Set(Unknown(keys::kClusterCalicoVersion,
                               fmt::format("image {} has no version tag", cn.ct->image),
                               cn.ct_ref + " image"));
    }
  } else {
    std::string why = cn.ct ? fmt::format("{} has no image", cn.ct_ref) : cn.missing;
    SetUnknown(snap.cluster, {keys::kClusterCalicoImage, keys::kClusterCalicoVersion}, why);
  }
  return cn;
}

// A Felix setting. Felix reads environment variables first, then its config file, then the
// FelixConfiguration resources (projectcalico/calico reference/felix/configuration.md:
// "if an environment variable contains a value, it takes top precedence").
void FelixSetting(const MapperState& st, const CalicoNode& cn, facts::Snapshot& snap,
                  std::string_view key, std::string_view env_name,
                  const std::optional<std::string>& resource_value,
                  std::string_view resource_field,
                  std::initializer_list<std::string_view> spellings) {
  if (!cn.ct) {
    snap.cluster.Set(Unknown(key, cn.missing));
    return;
  }
  const std::string env_ref = fmt::format("{} env {}", cn.ct_ref, env_name);
  if (const EnvVar* e = cn.ct->Env(env_name)) {
    if (!e->from.empty()) {
      snap.cluster.Set(
          Unknown(key, fmt::format("{} comes from {}, which is not resolved", env_ref, e->from),
                  env_ref));
      return;
    }
    std::string value = spellings.size() ? Canonical(e->value, spellings) : e->value;
    snap.cluster.Set(Known(key, value, env_ref));
    return;
  }
  if (resource_value) {
    std::string value =
        spellings.size() ? Canonical(*resource_value, spellings) : *resource_value;
    snap.cluster.Set(Known(key, value,
                           fmt::format("FelixConfiguration default spec.{} ({} env has no {})",
                                       resource_field, cn.ct_ref, env_name)));
    return;
  }
  if (st.felix_default_found) {
    snap.cluster.Set(Known(key, std::string(),
                           fmt::format("not set: {} env has no {} and FelixConfiguration default "
                                       "has no spec.{} (Felix uses its built-in default)",
                                       cn.ct_ref, env_name, resource_field)));
    return;
  }
  snap.cluster.Set(
      Unknown(key,
              fmt::format("{} env has no {} and {} FelixConfiguration named default (list "
                          "felixconfigurations.crd.projectcalico.org)",
                          cn.ct_ref, env_name,
                          st.Seen("FelixConfiguration") ? "there is no" : "the input has no"),
              env_ref));
}

// Per-node FelixConfiguration "node.<name>" iptablesBackend, on every node of the input: Felix
// reads it before "default", and an env var on calico-node overrides both (Felix configuration
// reference). Empty: nothing per node, the cluster-wide setting applies.
void FelixNodeBackends(const MapperState& st, const CalicoNode& cn, facts::Snapshot& snap) {
  constexpr std::string_view kKey = keys::kNodeCalicoIptablesBackend;
  const bool env = cn.ct && cn.ct->Env("FELIX_IPTABLESBACKEND");
  for (auto& [node, fs] : snap.nodes) {
    auto it = st.felix_node_backends.find(node);
    if (!cn.ct) {
      fs.Set(Unknown(kKey, cn.missing));
    } else if (env) {
      fs.Set(Known(kKey, std::string(),
                   fmt::format("{} env FELIX_IPTABLESBACKEND overrides every FelixConfiguration",
                               cn.ct_ref)));
    } else if (it != st.felix_node_backends.end()) {
      fs.Set(Known(kKey, Canonical(it->second, {"Auto", "Legacy", "NFT"}),
                   fmt::format("FelixConfiguration node.{} spec.iptablesBackend", node)));
    } else if (st.Seen("FelixConfiguration")) {
      fs.Set(Known(kKey, std::string(),
                   fmt::format("no FelixConfiguration node.{} with spec.iptablesBackend {}", node,
                               st.InInput())));
    } else {
      fs.Set(Unknown(kKey, fmt::format("no FelixConfigurations {} (list "
                                       "felixconfigurations.crd.projectcalico.org)",
                                       st.InInput())));
    }
  }
}

// Encapsulation: the IP pools decide; the calico-node env only seeds the default pool at first
// start, so it is an inference used when no pool is in the input.
void Encap(const MapperState& st, const CalicoNode& cn, facts::Snapshot& snap,
           std::string_view key, std::string_view env_name, bool ipip) {
  std::vector<const IpPool*> pools;
  for (const auto& p : st.ippools) {
    if (!p.disabled) pools.push_back(&p);
  }
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
  std::string no_pools = st.Seen("IPPool") ? "no enabled IPPool" : "no IPPools";
  if (!cn.ct) {
    snap.cluster.Set(Unknown(key, fmt::format("{} and {}", no_pools, cn.missing)));
    return;
  }
  const EnvVar* e = cn.ct->Env(env_name);
  if (!e) {
    snap.cluster.Set(Unknown(key, fmt::format("{} {} and {} env has no {}", no_pools,
                                              st.InInput(), cn.ct_ref, env_name)));
    return;
  }
  if (!e->from.empty()) {
    snap.cluster.Set(Unknown(key, fmt::format("{} {} and {} env {} comes from {}", no_pools,
                                              st.InInput(), cn.ct_ref, env_name, e->from)));
    return;
  }
  auto on = EncapOn(e->value);
  std::string source = fmt::format("{} env {}={} ({} {}; the env seeds the default IP pool)",
                                   cn.ct_ref, env_name, e->value, no_pools, st.InInput());
  if (!on) {
    snap.cluster.Set(
        Unknown(key, fmt::format("unrecognised {} value '{}'", env_name, e->value), source));
    return;
  }
  snap.cluster.Set(Known(key, *on, std::move(source), Origin::kInferred));
}

void KubeControllers(const MapperState& st, facts::Snapshot& snap) {
  const std::initializer_list<std::string_view> kKeys = {
      keys::kClusterCalicoKubeControllersRestarts, keys::kClusterCalicoKubeControllersOomKilled};
  if (!st.Seen("Pod")) {
    SetUnknown(snap.cluster, kKeys, fmt::format("no Pods {}", st.InInput()));
    return;
  }
  if (st.kcc_pods.empty()) {
    SetUnknown(snap.cluster, kKeys,
               fmt::format("no calico-kube-controllers Pod {}", st.InInput()));
    return;
  }
  std::int64_t restarts = 0;
  std::vector<std::string> names;
  std::vector<std::string> oom;
  for (const auto& [ref, entry] : st.kcc_pods) {
    restarts += entry.first;
    names.push_back(ref);
    for (const auto& container : entry.second) {
      oom.push_back(fmt::format("{} container {}", ref, container));
    }
  }
  const std::string pods_ref =
      fmt::format("calico-kube-controllers Pods [{}]", core::Join(names, ", "));
  snap.cluster.Set(Known(keys::kClusterCalicoKubeControllersRestarts, restarts,
                         pods_ref + " status.containerStatuses[].restartCount (sum)"));
  snap.cluster.Set(Known(keys::kClusterCalicoKubeControllersOomKilled, !oom.empty(),
                         oom.empty()
                             ? pods_ref + " status.containerStatuses[]: no OOMKilled termination"
                             : fmt::format("{} terminated OOMKilled", core::Join(oom, ", "))));
}

}  // namespace

extern const KindEntry kFelixConfigurationKind = {
    {"crd.projectcalico.org", "v1", "felixconfigurations", "FelixConfiguration", false, true},
    &MakeReader<FelixConfigurationReader>};
extern const KindEntry kIPPoolKind = {
    {"crd.projectcalico.org", "v1", "ippools", "IPPool", false, true}, &MakeReader<IpPoolReader>};

void FinishCalico(MapperState& st, facts::Snapshot& snap) {
  const CalicoNode cn = PresenceAndImage(st, snap);
  FelixSetting(st, cn, snap, keys::kClusterCalicoIptablesBackend, "FELIX_IPTABLESBACKEND",
               st.felix_backend, "iptablesBackend", {"Auto", "Legacy", "NFT"});
  FelixNodeBackends(st, cn, snap);
  FelixSetting(st, cn, snap, keys::kClusterCalicoFeatureDetectOverride,
               "FELIX_FEATUREDETECTOVERRIDE", st.felix_fdo, "featureDetectOverride", {});
  Encap(st, cn, snap, keys::kClusterCalicoIpip, "CALICO_IPV4POOL_IPIP", true);
  Encap(st, cn, snap, keys::kClusterCalicoVxlan, "CALICO_IPV4POOL_VXLAN", false);
  KubeControllers(st, snap);
}

}  // namespace netdoctor::collect::offline::kinds
